// /admin/projects/:projectId: edit a project (versioned) and its milestone nodes.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { orErrorPage } from "../lib/http.server";
import {
  createMilestone,
  getProject,
  milestoneSchema,
  milestoneUpdateSchema,
  projectFormChoices,
  projectMilestones,
  projectUpdateSchema,
  updateMilestone,
  updateProject,
} from "../models/project-setup.server";
import { can } from "../models/permissions";
import { setMilestoneStatus } from "../models/milestones.server";
import { milestoneStatusSchema } from "../models/milestones";
import { useT } from "../lib/viewer";
import { SavedAlert } from "../components/admin/FormAlert";
import { ProjectForm } from "../components/admin/ProjectForm";
import { MilestoneForm } from "../components/admin/MilestoneForm";
import { MilestoneStatusForm } from "../components/admin/MilestoneStatusForm";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  const project = orErrorPage(actor, () => getProject(db, Number(params.projectId)));
  return {
    project,
    milestones: projectMilestones(db, project.id),
    choices: projectFormChoices(db),
    today: db.$clock.today(),
    canUpdate: can(actor, "update", "project", { projectId: project.id }),
    canMilestones: can(actor, "update", "milestone", { projectId: project.id }),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["project", "milestone", "milestoneUpdate", "milestoneStatus"]);
  if (post.refused) return post.refused;
  const { actor, intent, form, run } = post;
  switch (intent) {
    case "project":
      form.set("id", params.projectId ?? ""); // the record is the one in the URL
      return run(projectUpdateSchema, (v) => redirect(`/admin/projects/${updateProject(context, actor, v).id}?saved=1`));
    case "milestone":
      form.set("projectId", params.projectId ?? "");
      return run(milestoneSchema, (v) => createMilestone(context, actor, v));
    case "milestoneUpdate":
      return run(milestoneUpdateSchema, (v) => updateMilestone(context, actor, v), { keepValues: true });
    case "milestoneStatus":
      return run(milestoneStatusSchema, (v) => setMilestoneStatus(context, actor, v));
  }
}

export default function EditProject() {
  const { project, milestones, choices, today, canUpdate, canMilestones } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const replyFor = (intent: string, id?: number) => (reply?.intent === intent && (id == null || reply.target === id) ? reply : undefined);
  const note = params.get("created") ? t("projectSetup.created", { code: project.code }) : params.get("saved") ? t("projectSetup.saved", { code: project.code }) : null;
  const milestoneSaved = reply?.done && (reply.intent === "milestone" || reply.intent === "milestoneUpdate" || reply.intent === "milestoneStatus");
  const defaultDue = today > project.startOn && today < project.endOn ? today : project.endOn;
  return (
    <>
      <SavedAlert text={note} />
      <section className="panel" aria-labelledby="project-h">
        <div className="page-head">
          <h2 id="project-h">
            {t("projectSetup.editProject")} <small>{project.code}</small>
          </h2>
          <Link to={`/projects/${project.id}/board`} className="btn secondary">
            {t("projectSetup.openBoard")}
          </Link>
        </div>
        {canUpdate ? (
          <ProjectForm key={project.version} project={project} choices={choices} reply={replyFor("project")} today={today} />
        ) : (
          <p>
            {project.code} {project.name}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="milestones-h">
        <h2 id="milestones-h">{t("projectSetup.milestones")}</h2>
        <p className="muted">{t("projectSetup.milestonesHint")}</p>
        {milestoneSaved && (
          <div className="alert ok" role="status">
            {t("projectSetup.milestoneSaved")}
          </div>
        )}
        {milestones.length === 0 ? (
          <p className="empty">{t("projectSetup.noMilestones")}</p>
        ) : (
          <ul className="milestone-list">
            {milestones.map((m) => (
              <li key={m.id} data-testid="milestone-row">
                <details open={!!(replyFor("milestoneUpdate", m.id) ?? replyFor("milestoneStatus", m.id))?.formError || undefined}>
                  <summary>
                    <strong>{m.name}</strong>
                    <span className="nowrap">{m.dueOn}</span>
                    <span className="muted">{t(`battleMap.milestoneStatus.${m.status}` as never)}</span>
                    {m.expectedResults && <span className="muted">{m.expectedResults}</span>}
                  </summary>
                  {canMilestones && <MilestoneForm key={m.version} projectId={project.id} milestone={m} reply={replyFor("milestoneUpdate", m.id)} defaultDue={m.dueOn} />}
                  {canMilestones && m.dueOn <= today && <MilestoneStatusForm key={`s${m.version}`} milestone={m} reply={replyFor("milestoneStatus", m.id)} />}
                </details>
              </li>
            ))}
          </ul>
        )}
        {canMilestones && <MilestoneForm key={milestones.length} projectId={project.id} reply={replyFor("milestone")} defaultDue={defaultDue} />}
      </section>
    </>
  );
}
