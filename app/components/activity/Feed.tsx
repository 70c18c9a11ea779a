// An activity feed (a project's or the consortium's): one line per change, its time, its project and the
// sentence, linked to the item; keyset paging by the last line's id (?before=). On its first page it
// follows the board live: any change on it reloads the page, so the newest line appears at the top.
import { Link, useRevalidator } from "@remix-run/react";
import type { FeedLine } from "../../models/activity.server";
import { useBoard } from "../../realtime/use-board";
import { ConnectionBadge } from "../board/ConnectionBadge";
import { useFormat, useT } from "../../lib/viewer";

const NO_ROWS: never[] = [];

/** Reloads the page whenever the board tells of a change (only on the first page, the newest lines). */
export function FeedLive({ boardId, seq }: { boardId: string; seq: number }) {
  const revalidator = useRevalidator();
  const board = useBoard({
    boardId,
    seq,
    rows: NO_ROWS,
    entity: "activity",
    onRemoteChange: () => {
      if (revalidator.state === "idle") revalidator.revalidate();
    },
  });
  return <ConnectionBadge state={board.conn} />;
}

export function Feed({ lines, next, before, path }: { lines: FeedLine[]; next: number | null; before: number | null; path: string }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <section className="panel feed-panel">
      {lines.length === 0 ? (
        <p className="muted">{t("feeds.empty")}</p>
      ) : (
        <ol className="feed" aria-label={t("feeds.listLabel")} data-testid="feed">
          {lines.map((l) => (
            <li key={l.id} data-testid="feed-line" data-audit={l.id}>
              <time dateTime={l.at} className="muted feed-time">{fmt.dateTime(l.at)}</time>
              {l.projectCode && <span className="chip feed-project">{l.projectCode}</span>}
              {l.href ? <Link to={l.href} className="feed-text">{l.sentence}</Link> : <span className="feed-text">{l.sentence}</span>}
            </li>
          ))}
        </ol>
      )}
      {(next != null || before != null) && (
        <nav className="feed-pages" aria-label={t("feeds.pages")}>
          {before != null && <Link to={path} className="btn secondary small">{t("feeds.newest")}</Link>}
          {next != null && (
            <Link to={`${path}?before=${next}`} className="btn secondary small" rel="next" data-testid="feed-older">
              {t("feeds.older")}
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
