// /projects/:projectId/milestones: the project's milestone nodes (里程碑节点) and the tasks feeding each,
// for everyone who reads the project's board; its lead, the chief scientist and the secretariat add and
// edit nodes, record their outcome (节点状态) and choose their tasks here, with the admin page's forms
// and actions. Live: a node changed elsewhere reloads the page's data.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useT } from "../lib/viewer";
import { answerMilestone, MILESTONE_INTENTS } from "../actions/milestones.server";
import { projectMilestonesPage } from "../models/milestone-section.server";
import type { MilestoneRow } from "../models/milestones";
import { can } from "../models/permissions";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { MilestoneSection } from "../components/milestones/MilestoneSection";

/** The page keeps no rows of its own (it reloads on events): one stable empty list for the board hook. */
const NO_ROWS: MilestoneRow[] = [];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "milestonePage.link", data ? `${data.project.code} ${data.project.name}` : undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.projectId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  const linking = Number(new URL(request.url).searchParams.get("link")) || null;
  const page = orErrorPage(actor, () => projectMilestonesPage(context.db, actor, id, linking));
  return { ...page, adminLink: can(actor, "read", "admin") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, MILESTONE_INTENTS);
  if (post.refused) return post.refused;
  return answerMilestone(context, post, params.projectId);
}

export default function ProjectMilestones() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  const revalidator = useRevalidator();
  const { project } = d;
  // The section shows more than the event's row (expected results, task titles): reload on any node change.
  const onRemoteChange = useCallback(
    (ev: { payload: { entity: string } }) => {
      if (ev.payload.entity === "milestone") revalidator.revalidate();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const belongs = useCallback((m: MilestoneRow) => m.projectId === project.id, [project.id]);
  const board = useBoard<MilestoneRow>({ boardId: d.boardId, seq: d.seq, rows: NO_ROWS, entity: "milestone", belongs, onRemoteChange });
  return (
    <div className="ms-page">
      <div className="page-head">
        <h1>{t("milestonePage.pageTitle", { project: `${project.code} ${project.name}` })}</h1>
        <span className="spacer" />
        <span className="ck-links">
          <Link to={`/projects/${project.id}/board`}>{t("milestonePage.backToBoard")}</Link>
          {d.adminLink && <Link to={`/admin/projects/${project.id}`}>{t("milestonePage.adminPage")}</Link>}
        </span>
        <ConnectionBadge state={board.conn} />
      </div>
      <p className="muted">{d.section.mayEdit ? t("milestonePage.intro") : t("milestonePage.readOnly")}</p>
      <MilestoneSection section={d.section} last={last} />
    </div>
  );
}
