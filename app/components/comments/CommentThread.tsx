// An item's discussion (any of COMMENT_ENTITIES): comments oldest first, each with its replies (one level), @mentions highlighted,
// "已编辑" and deleted placeholders. The author may edit within the window the server enforces and delete
// any time. Rows come from the board (live for every viewer). The comment a link points at
// (#comment-<id>, e.g. from the inbox) is scrolled to and highlighted. Attachments show with previews.
// A page of many items (a round's proposals, a check's items) shows each thread folded
// (CommentDisclosure), which fetches the mention candidates from /comments when first opened.
import { useLocation } from "@remix-run/react";
import { useEffect, useId, useMemo, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { COMMENT_EDIT_MINUTES, withinEditWindow, type CommentEntity, type CommentRow, type MentionCandidate, type ThreadContext } from "../../models/comments";
import type { Row } from "../../realtime/protocol";
import { Attachments } from "./Attachments";
import { IntentHidden } from "../form/IntentForm";
import { useFormat, useT, useViewer } from "../../lib/viewer";
import { Composer } from "./Composer";

type Props = {
  entity: CommentEntity;
  entityId: number;
  comments: CommentRow[];
  /** The people "@" offers; fetched from /comments when the page did not load them. */
  candidates?: MentionCandidate[];
  /** The loader's instant (server clock): whether a comment is still editable is judged from it. */
  now?: string;
  /** Whether the viewer may post (the page is live). */
  canPost: boolean;
};

/** The body with each "@name" of a mentioned person marked. */
function Body({ row }: { row: CommentRow }) {
  const names = row.mentions.map((m) => `@${m.name}`).filter((n) => n.length > 1);
  if (!names.length) return <>{row.body}</>;
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const parts = row.body.split(new RegExp(`(${escaped.join("|")})`, "g"));
  return <>{parts.map((part, i) => (names.includes(part) ? <mark key={i} className="cm-at">{part}</mark> : part))}</>;
}

const ACTION = "/comments";
/** Until the server's instant is known nothing counts as editable. */
const NOT_YET = "1970-01-01T00:00:00.000Z";
type Ready = Props & { candidates: MentionCandidate[]; now: string };

/** What a card hands its folded thread: the item's comments and whether the viewer may post. */
export type ItemThread = { comments: CommentRow[]; canPost: boolean };

/** The comments of one item among the rows a board carries (every item's comments of that board). */
export function commentsFor(rows: Record<number, Row> | undefined, entity: CommentEntity, entityId: number): CommentRow[] {
  return Object.values(rows ?? {}).filter((c): c is CommentRow => (c as CommentRow).entity === entity && (c as CommentRow).entityId === entityId);
}

function Comment({ row, props, replies }: { row: CommentRow; props: Ready; replies?: CommentRow[] }) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { hash } = useLocation();
  const [mode, setMode] = useState<"view" | "edit" | "reply">("view");
  const del = useFetcher();
  const action = ACTION;
  const mine = row.authorId === viewer.id && !row.deletedAt;
  const editable = mine && withinEditWindow(row.createdAt, Date.parse(props.now));
  const target = hash === `#comment-${row.id}`;
  return (
    <li className={`cm-item${target ? " cm-target" : ""}`} id={`comment-${row.id}`} data-testid="comment" data-comment={row.id}>
      <div className="cm-head">
        <span className="avatar small" aria-hidden>
          {row.authorName.slice(-2)}
        </span>
        <strong>{row.authorName}</strong>
        {row.authorUnit && <span className="muted small">{row.authorUnit}</span>}
        <span className="muted small">
          {fmt.dateTime(row.createdAt)}
          {row.editedAt && !row.deletedAt && ` · ${t("comments.edited")}`}
        </span>
      </div>
      {mode === "edit" ? (
        <Composer
          action={action}
          intent="edit"
          values={{ id: row.id, version: row.version }}
          candidates={props.candidates}
          initial={row.body}
          initialMentions={row.mentions.map((m) => m.id)}
          placeholder={t("comments.placeholder")}
          submitLabel={t("comments.save")}
          onDone={() => setMode("view")}
          onCancel={() => setMode("view")}
          autoFocus
        />
      ) : (
        <p className={`cm-body${row.deletedAt ? " muted" : ""}`}>{row.deletedAt ? t("comments.deleted") : <Body row={row} />}</p>
      )}
      <Attachments files={row.attachments ?? []} />
      {mode !== "edit" && !row.deletedAt && props.canPost && (
        <div className="cm-actions">
          {row.parentId == null && (
            <button type="button" className="link-btn" onClick={() => setMode(mode === "reply" ? "view" : "reply")}>
              {t("comments.reply")}
            </button>
          )}
          {editable && (
            <button type="button" className="link-btn" onClick={() => setMode("edit")}>
              {t("comments.edit")}
            </button>
          )}
          {mine && (
            <del.Form method="post" action={action} onSubmit={(e) => !confirm(t("comments.confirmDelete")) && e.preventDefault()}>
              <IntentHidden intent="delete" values={{ id: row.id, version: row.version }} />
              <button type="submit" className="link-btn danger">
                {t("comments.delete")}
              </button>
            </del.Form>
          )}
        </div>
      )}
      {(replies?.length || mode === "reply") && (
        <ul className="cm-replies">
          {replies?.map((r) => <Comment key={r.id} row={r} props={props} />)}
          {mode === "reply" && (
            <li>
              <Composer
                action={action}
                intent="add"
                values={{ entity: props.entity, entityId: props.entityId, parentId: row.id }}
                candidates={props.candidates}
                placeholder={t("comments.replyPlaceholder", { name: row.authorName })}
                submitLabel={t("comments.reply")}
                onDone={() => setMode("view")}
                onCancel={() => setMode("view")}
                autoFocus
              />
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

export function CommentThread(given: Props) {
  const t = useT();
  const { hash } = useLocation();
  const titleId = useId();
  const load = useFetcher<ThreadContext>();
  const lazy = given.candidates === undefined || given.now === undefined;
  useEffect(() => {
    if (lazy && load.state === "idle" && !load.data) load.load(`${ACTION}?entity=${given.entity}&entityId=${given.entityId}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lazy, given.entity, given.entityId]);
  const props: Ready = { ...given, candidates: given.candidates ?? load.data?.candidates ?? [], now: given.now ?? load.data?.now ?? NOT_YET };
  const { top, replies } = useMemo(() => {
    const sorted = [...props.comments].sort((a, b) => a.id - b.id);
    const replies = new Map<number, CommentRow[]>();
    for (const c of sorted) if (c.parentId != null) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
    return { top: sorted.filter((c) => c.parentId == null), replies };
  }, [props.comments]);
  const live = props.comments.filter((c) => !c.deletedAt).length;
  // Opened from a link to one comment: bring it into view once it is there.
  useEffect(() => {
    if (hash.startsWith("#comment-")) document.getElementById(hash.slice(1))?.scrollIntoView({ block: "center" });
  }, [hash, props.comments.length]);
  return (
    <section className="panel cm-thread" aria-labelledby={titleId} data-testid="comment-thread" data-entity={props.entity} data-entity-id={props.entityId}>
      <h2 id={titleId}>
        {t("comments.title")} <span className="muted small">{t("comments.count", { n: live })}</span>
      </h2>
      {top.length === 0 ? (
        <p className="muted">{t("comments.empty")}</p>
      ) : (
        <ul className="cm-list">
          {top.map((c) => (
            <Comment key={c.id} row={c} props={props} replies={replies.get(c.id)} />
          ))}
        </ul>
      )}
      {props.canPost && (
        <Composer
          action={ACTION}
          intent="add"
          values={{ entity: props.entity, entityId: props.entityId }}
          candidates={props.candidates}
          placeholder={t("comments.placeholder")}
          submitLabel={t("comments.submit")}
        />
      )}
      <p className="muted small">{t("comments.editHint", { minutes: COMMENT_EDIT_MINUTES })}</p>
    </section>
  );
}

/**
 * One item's thread folded under "讨论 n" on a page of many items; open when a link points at one of its
 * comments. Its "@" candidates are fetched when it is first opened.
 */
export function CommentDisclosure(props: Omit<Props, "candidates" | "now">) {
  const t = useT();
  const { hash } = useLocation();
  const targeted = props.comments.some((c) => hash === `#comment-${c.id}`);
  const [open, setOpen] = useState(targeted);
  useEffect(() => {
    if (targeted) setOpen(true);
  }, [targeted]);
  const n = props.comments.filter((c) => !c.deletedAt).length;
  return (
    <details className="cm-fold" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="comment-fold">
      <summary>
        {t("comments.title")}
        {n > 0 && <span className="badge">{n}</span>}
      </summary>
      {open && <CommentThread {...props} />}
    </details>
  );
}
