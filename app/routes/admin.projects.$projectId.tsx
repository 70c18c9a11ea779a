// /admin/projects/:projectId: edit a project (versioned) and its milestone nodes (the section the
// project's own milestone page shows too, with the same forms and actions).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { answerMilestone, isMilestoneIntent, MILESTONE_INTENTS } from "../actions/milestones.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { orErrorPage } from "../lib/http.server";
import { getProject, projectFormChoices, projectUpdateSchema, updateProject } from "../models/project-setup.server";
import { milestoneSection } from "../models/milestone-section.server";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import { SavedAlert } from "../components/admin/FormAlert";
import { ProjectForm } from "../components/admin/ProjectForm";
import { MilestoneSection } from "../components/milestones/MilestoneSection";
import { replyFor } from "../components/form/IntentForm";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  const project = orErrorPage(actor, () => getProject(db, Number(params.projectId)));
  const linking = Number(new URL(request.url).searchParams.get("link")) || null;
  return {
    project,
    section: milestoneSection(db, actor, project, linking),
    choices: projectFormChoices(db),
    today: db.$clock.today(),
    canUpdate: can(actor, "update", "project", { projectId: project.id }),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["project", ...MILESTONE_INTENTS]);
  if (post.refused) return post.refused;
  const { actor, intent, form, run } = post;
  if (isMilestoneIntent(intent)) return answerMilestone(context, { ...post, intent }, params.projectId);
  form.set("id", params.projectId ?? ""); // the record is the one in the URL
  return run(projectUpdateSchema, (v) => redirect(`/admin/projects/${updateProject(context, actor, v).id}?saved=1`));
}

export default function EditProject() {
  const { project, section, choices, today, canUpdate } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const note = params.get("created") ? t("projectSetup.created", { code: project.code }) : params.get("saved") ? t("projectSetup.saved", { code: project.code }) : null;
  return (
    <>
      <SavedAlert text={note} />
      <section className="panel" aria-labelledby="project-h">
        <div className="page-head">
          <h2 id="project-h">
            {t("projectSetup.editProject")} <small>{project.code}</small>
          </h2>
          <span className="ck-links">
            <Link to={`/projects/${project.id}/milestones`}>{t("milestonePage.link")}</Link>
            <Link to={`/projects/${project.id}/board`} className="btn secondary">
              {t("projectSetup.openBoard")}
            </Link>
          </span>
        </div>
        {canUpdate ? (
          <ProjectForm key={project.version} project={project} choices={choices} reply={replyFor(reply, "project")} today={today} />
        ) : (
          <p>
            {project.code} {project.name}
          </p>
        )}
      </section>
      <MilestoneSection section={section} last={reply} />
    </>
  );
}
