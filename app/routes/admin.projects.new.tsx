// /admin/projects/new: a project (任务书) with its group, lead unit and lead, term, participants and experts.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { requirePermission } from "../lib/http.server";
import { createProject, projectFormChoices, projectSchema } from "../models/project-setup.server";
import { useT } from "../lib/viewer";
import { ProjectForm } from "../components/admin/ProjectForm";
import { EmptyState } from "../components/ui/EmptyState";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "create", "project");
  return { choices: projectFormChoices(context.db), today: context.db.$clock.today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["project"], { defaultIntent: "project" });
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(projectSchema, (v) => redirect(`/admin/projects/${createProject(context, actor, v).id}?created=1`));
}

export default function NewProject() {
  const { choices, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  const missing = choices.units.length === 0 ? "units" : choices.groups.length === 0 ? "groups" : null;
  return (
    <section className="panel" aria-labelledby="project-h">
      <h2 id="project-h">{t("projectSetup.newProject")}</h2>
      {missing === "units" ? (
        <EmptyState title={t("projectSetup.emptyUnitsTitle")} body={t("projectSetup.needUnits")} action={{ to: "/admin/units/new", label: t("projectSetup.addUnit") }} />
      ) : missing === "groups" ? (
        <EmptyState title={t("projectSetup.groups")} body={t("projectSetup.noGroups")} action={{ to: "/admin/projects", label: t("projectSetup.addGroup") }} />
      ) : (
        <ProjectForm choices={choices} reply={reply} today={today} />
      )}
    </section>
  );
}
