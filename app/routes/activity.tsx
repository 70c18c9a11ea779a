// 联合体动态 (/activity, ?before=<id> for older pages): the consortium's activity feed, everything the
// reader may read (activity.server.ts applies the boards' and the notices' read rules), with the
// projects he may read as links to their own feeds.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import { consortiumFeed } from "../models/activity.server";
import { canReadBoard, liveBoard, projectBoard } from "../models/boards.server";
import { projectOptions } from "../models/projects.server";
import { feedCursor } from "../models/activity";
import { Feed, FeedLive } from "../components/activity/Feed";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "feeds.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const before = feedCursor(new URL(request.url).searchParams.get("before"));
  const { db } = context;
  return db.transaction(() => ({
    ...liveBoard(db, actor),
    before,
    ...consortiumFeed(db, actor, before),
    projects: projectOptions(db)
      .filter((p) => canReadBoard(actor, projectBoard(p.id)))
      .map((p) => ({ id: p.id, code: p.code, name: p.name })),
  }));
}

export default function Activity() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("feeds.title")}</h1>
          <p className="muted">{t("feeds.subtitle")}</p>
        </div>
        {d.live && d.before == null && <FeedLive boardId={d.boardId} seq={d.seq} />}
      </div>
      {d.projects.length > 0 && (
        <nav className="feed-projects" aria-label={t("feeds.projects")}>
          <span className="muted">{t("feeds.projects")}</span>
          {d.projects.map((p) => (
            <Link key={p.id} to={`/projects/${p.id}/activity`} className="chip" title={p.name}>
              {p.code}
            </Link>
          ))}
        </nav>
      )}
      <Feed lines={d.lines} next={d.next} before={d.before} path="/activity" />
    </>
  );
}
