// An item's discussion: comments oldest first, each with its replies (one level), @mentions highlighted,
// "已编辑" and deleted placeholders. The author may edit within the window the server enforces and delete
// any time. Rows come from the board (live for every viewer). The comment a link points at
// (#comment-<id>, e.g. from the inbox) is scrolled to and highlighted.
import { useLocation } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { COMMENT_EDIT_MINUTES, withinEditWindow, type CommentEntity, type CommentRow, type MentionCandidate } from "../../models/comments";
import { IntentHidden } from "../form/IntentForm";
import { useFormat, useT, useViewer } from "../../lib/viewer";
import { Composer } from "./Composer";

type Props = {
  entity: CommentEntity;
  entityId: number;
  comments: CommentRow[];
  candidates: MentionCandidate[];
  /** The loader's instant (server clock): whether a comment is still editable is judged from it. */
  now: string;
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

function Comment({ row, props, replies }: { row: CommentRow; props: Props; replies?: CommentRow[] }) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { hash } = useLocation();
  const [mode, setMode] = useState<"view" | "edit" | "reply">("view");
  const del = useFetcher();
  const action = `/tasks/${props.entityId}/comments`;
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

export function CommentThread(props: Props) {
  const t = useT();
  const { hash } = useLocation();
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
    <section className="panel cm-thread" aria-labelledby="cm-title" data-testid="comment-thread">
      <h2 id="cm-title">
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
          action={`/tasks/${props.entityId}/comments`}
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
