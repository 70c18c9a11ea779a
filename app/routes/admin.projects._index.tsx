// /admin/projects: the project groups (added and edited inline) and the projects, each with how much
// hangs on it (units, experts, tasks, milestones); 新建项目 leads to the project form.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { createGroup, groupSchema, groupUpdateSchema, listGroups, listProjectsForAdmin, updateGroup } from "../models/project-setup.server";
import { can, canSome } from "../models/permissions";
import { memberUnitCount } from "../models/units.server";
import { useT } from "../lib/viewer";
import { SavedAlert } from "../components/admin/FormAlert";
import { GroupForm } from "../components/admin/GroupForm";
import { EmptyState } from "../components/ui/EmptyState";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  return {
    groups: listGroups(db),
    projects: listProjectsForAdmin(db),
    units: memberUnitCount(db),
    canCreateGroup: can(actor, "create", "projectgroup"),
    canUpdateGroup: can(actor, "update", "projectgroup"),
    canCreateProject: can(actor, "create", "project"),
    canImportTasks: canSome(actor, "import", "task"),
    canCreateUnit: can(actor, "create", "unit"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["group", "groupUpdate"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "group":
      return run(groupSchema, (v) => createGroup(context, actor, v));
    case "groupUpdate":
      return run(groupUpdateSchema, (v) => updateGroup(context, actor, v), { keepValues: true });
  }
}

export default function AdminProjects() {
  const { groups, projects, units, canCreateGroup, canUpdateGroup, canCreateProject, canCreateUnit, canImportTasks } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const replyFor = (intent: string, id?: number) => (reply?.intent === intent && (id == null || reply.target === id) ? reply : undefined);
  const saved = reply?.done && (reply.intent === "group" || reply.intent === "groupUpdate");
  const created = projects.find((p) => String(p.id) === params.get("created"));
  return (
    <>
      <SavedAlert text={saved ? t("projectSetup.groupSaved") : created ? t("projectSetup.created", { code: created.code }) : null} />
      <section className="panel" aria-labelledby="groups-h">
        <h2 id="groups-h">{t("projectSetup.groups")}</h2>
        <p className="muted">{t("projectSetup.groupsHint")}</p>
        {groups.length === 0 ? (
          <p className="empty">{t("projectSetup.noGroups")}</p>
        ) : (
          <ul className="group-list">
            {groups.map((g) => (
              <li key={g.id} data-testid="group-row">
                {canUpdateGroup ? (
                  <details open={!!replyFor("groupUpdate", g.id)?.formError || undefined}>
                    <summary>
                      <strong>{g.code}</strong> {g.name} <span className="muted">· {g.projects}</span>
                    </summary>
                    <GroupForm key={g.version} group={g} reply={replyFor("groupUpdate", g.id)} />
                  </details>
                ) : (
                  <span>
                    <strong>{g.code}</strong> {g.name}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {canCreateGroup && <GroupForm key={groups.length} reply={replyFor("group")} />}
      </section>
      <section className="panel" aria-labelledby="projects-h">
        <div className="page-head">
          <h2 id="projects-h">{t("projectSetup.projects")}</h2>
          {canCreateProject && groups.length > 0 && units > 0 && (
            <Link to="/admin/projects/new" className="btn">
              + {t("projectSetup.newProject")}
            </Link>
          )}
          {projects.length > 0 && canImportTasks && (
            <Link to="/import" className="btn secondary">
              {t("import.nav")}
            </Link>
          )}
        </div>
        {projects.length === 0 ? (
          units === 0 ? (
            <EmptyState title={t("projectSetup.noProjects")} body={t("projectSetup.needUnits")} action={canCreateUnit ? { to: "/admin/units/new", label: t("projectSetup.addUnit") } : undefined} />
          ) : (
            <EmptyState title={t("projectSetup.noProjects")} body={groups.length === 0 ? t("projectSetup.needGroup") : t("projectSetup.emptyBoardBody")} />
          )
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{t("projectSetup.code")}</th>
                  <th>{t("projectSetup.name")}</th>
                  <th>{t("projectSetup.group")}</th>
                  <th>{t("projectSetup.leadUnit")}</th>
                  <th>{t("projectSetup.leadUser")}</th>
                  <th>{t("projectSetup.term")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {projects.map((p) => (
                  <tr key={p.id} data-testid="project-row">
                    <td>
                      <Link to={`/admin/projects/${p.id}`}>{p.code}</Link>
                    </td>
                    <td>{p.name}</td>
                    <td>{p.groupName}</td>
                    <td>{p.leadUnit}</td>
                    <td>{p.leadUser ?? "—"}</td>
                    <td className="nowrap">
                      {p.startOn} – {p.endOn}
                    </td>
                    <td className="muted">{t("projectSetup.counts", { units: p.units, experts: p.experts, tasks: p.tasks, milestones: p.milestones })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
