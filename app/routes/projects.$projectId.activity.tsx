// 项目动态 (/projects/:projectId/activity, ?before=<id> for older pages): one project's activity feed, for
// readers of its board; live on the project board.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useCan, useT } from "../lib/viewer";
import { projectFeed } from "../models/activity.server";
import { liveBoard, projectBoard } from "../models/boards.server";
import { feedCursor } from "../models/activity";
import { Feed, FeedLive } from "../components/activity/Feed";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "feeds.nav", data ? `${data.project.code} ${data.project.name}` : undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const projectId = Number(params.projectId);
  if (!Number.isInteger(projectId) || projectId <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  const before = feedCursor(new URL(request.url).searchParams.get("before"));
  const { db } = context;
  return db.transaction(() => ({ ...orErrorPage(actor, () => projectFeed(db, actor, projectId, before)), ...liveBoard(db, actor, projectBoard(projectId)), before }));
}

export default function ProjectActivity() {
  const t = useT();
  const { can } = useCan();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("feeds.projectTitle", { code: d.project.code })}</h1>
          <p className="muted">{t("feeds.projectSubtitle", { name: d.project.name })}</p>
        </div>
        <div className="ck-links">
          {d.live && d.before == null && <FeedLive boardId={d.boardId} seq={d.seq} />}
          <Link to={`/projects/${d.project.id}/board`} className="btn secondary small">{t("board.title")}</Link>
          {can("read", "board") && <Link to="/activity" className="btn secondary small">{t("feeds.consortiumLink")}</Link>}
        </div>
      </div>
      <Feed lines={d.lines} next={d.next} before={d.before} path={`/projects/${d.project.id}/activity`} />
    </>
  );
}
