// Comments with @mentions on items. Reading a thread needs the item's read permission; so does being
// mentioned (a mention of someone who cannot read the item is refused, nothing written, so the item never
// leaks to him through his inbox). Each write is one transaction: the comment row, its audit row, a
// `comment.upserted` event on the item's boards (every viewer of the item sees it live) and the inbox rows
// of the people mentioned or replied to.
import type { DB } from "../../db/client";
import { comments } from "../../db/schema";
import type { Actor, AppContext } from "./context.server";
import { assertCanReadBoard, boardsOf, canReadBoard, projectBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, insert, must, one, placeholders } from "./sql.server";
import { DomainError, forbidden } from "./errors";
import { assertVersion } from "./guard.server";
import { getTask } from "./tasks.server";
import { granteeOf, grantsOf } from "./people.server";
import { notifyEach, type Told } from "./inbox.server";
import { COMMENT_EDIT_MINUTES, withinEditWindow, type CommentAddInput, type CommentDeleteInput, type CommentEditInput, type CommentEntity, type CommentRow, type MentionCandidate } from "./comments";
import { pinyin } from "pinyin-pro";

/** What a comment needs to know of the item it is on: who may read it, where it is told, how it is named. */
type Item = { entity: CommentEntity; id: number; readBoard: string; boards: string[]; href: string; label: string };

function itemOf(db: DB, entity: CommentEntity, entityId: number): Item {
  switch (entity) {
    case "task": {
      const task = getTask(db, entityId);
      if (task.archivedAt) throw new DomainError("notFound", 404);
      return { entity, id: task.id, readBoard: projectBoard(task.projectId), boards: boardsOf(task.projectId), href: `/tasks/${task.id}`, label: `${task.code} ${task.title}` };
    }
  }
}

type Raw = Omit<CommentRow, "mentions"> & { mentions: string };
const SELECT = `SELECT c.id, c.entity, c.entity_id AS entityId, c.parent_id AS parentId, c.author_id AS authorId, u.display_name AS authorName,
    m.short_name AS authorUnit, c.body, c.mentions, c.created_at AS createdAt, c.edited_at AS editedAt, c.deleted_at AS deletedAt, c.version
  FROM comments c JOIN users u ON u.id = c.author_id LEFT JOIN member_units m ON m.id = u.unit_id`;

function toRow(db: DB, r: Raw): CommentRow {
  const ids = JSON.parse(r.mentions) as number[];
  const names = new Map(ids.length ? all<{ id: number; name: string }>(db, `SELECT id, display_name AS name FROM users WHERE id IN (${placeholders(ids)})`, ...ids).map((u) => [u.id, u.name]) : []);
  return { ...r, mentions: ids.map((id) => ({ id, name: names.get(id) ?? "" })) };
}

const getComment = (db: DB, id: number): CommentRow => toRow(db, must(one<Raw>(db, `${SELECT} WHERE c.id = ?`, id)));

/** The item's thread, oldest first (replies carry their parent's id), for a reader of the item. */
export function listComments(db: DB, actor: Actor, entity: CommentEntity, entityId: number): CommentRow[] {
  const item = itemOf(db, entity, entityId);
  assertCanReadBoard(actor, item.readBoard);
  return all<Raw>(db, `${SELECT} WHERE c.entity = ? AND c.entity_id = ? ORDER BY c.id`, entity, entityId).map((r) => toRow(db, r));
}

/**
 * The people the composer offers after "@": every active user, each with the pinyin of his name (full and
 * initials, for `wjg` -> 王建国) and whether he may read the item (those who may not are shown but cannot be chosen).
 */
export function mentionCandidates(db: DB, entity: CommentEntity, entityId: number): MentionCandidate[] {
  const item = itemOf(db, entity, entityId);
  const people = all<{ id: number; name: string; unitId: number | null; unitName: string | null }>(
    db,
    "SELECT u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName FROM users u LEFT JOIN member_units m ON m.id = u.unit_id WHERE u.active = 1 ORDER BY u.id",
  );
  return people.map((p) => {
    const syllables = pinyin(p.name, { toneType: "none", type: "array", surname: "head" });
    return {
      id: p.id,
      name: p.name,
      unitName: p.unitName,
      pinyin: syllables.join("").toLowerCase(),
      initials: syllables.map((s) => s[0] ?? "").join("").toLowerCase(),
      canRead: canReadBoard({ id: p.id, unitId: p.unitId, ...grantsOf(db, p.id) }, item.readBoard),
    };
  });
}

/**
 * The mentioned people who are still named in the text ("@王建国"), each checked: an unknown or inactive
 * account is refused as invalid, someone who cannot read the item with `mentionNotReader` naming him.
 */
function resolveMentions(db: DB, item: Item, body: string, ids: number[]): number[] {
  const people = ids.map((id) => {
    const g = granteeOf(db, id);
    if (!g) throw new DomainError("invalid", 400, { mentions: id });
    return g;
  });
  const named = people.filter((p) => body.includes(`@${p.displayName}`));
  const outsiders = named.filter((p) => !canReadBoard(p, item.readBoard));
  if (outsiders.length) throw new DomainError("mentionNotReader", 400, { names: outsiders.map((p) => p.displayName).join("、"), ids: outsiders.map((p) => p.id).join(",") });
  return named.map((p) => p.id);
}

const excerpt = (body: string) => (body.length > 60 ? `${body.slice(0, 59)}…` : body);

/** Inbox rows for a comment: mentioned people, then the author of the comment replied to (once each). */
function tell(db: DB, actor: Actor, item: Item, row: CommentRow, mentioned: number[], replyTo: number | null): Told[] {
  const base = { actorId: actor.id, entity: "comment", entityId: row.id, href: `${item.href}#comment-${row.id}`, params: { item: item.label, excerpt: excerpt(row.body) } };
  const told = notifyEach(db, mentioned, { ...base, kind: "mention" });
  if (replyTo != null && !mentioned.includes(replyTo)) told.push(...notifyEach(db, [replyTo], { ...base, kind: "reply" }));
  return told;
}

function record(db: DB, actor: Actor, item: Item, action: string, before: CommentRow | null, after: CommentRow) {
  return recordChange(db, { entity: "comment", id: after.id, action, by: actor, before, after, boards: item.boards });
}

export function addComment(ctx: AppContext, actor: Actor, input: CommentAddInput): CommentRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const item = itemOf(db, input.entity, input.entityId);
    assertCanReadBoard(actor, item.readBoard);
    // One level of replies: a reply to a reply joins its thread.
    const parent = input.parentId ? one<{ id: number; parentId: number | null; authorId: number }>(db, "SELECT id, parent_id AS parentId, author_id AS authorId FROM comments WHERE id = ? AND entity = ? AND entity_id = ?", input.parentId, item.entity, item.id) : undefined;
    if (input.parentId && !parent) throw new DomainError("notFound", 404);
    const mentioned = resolveMentions(db, item, input.body, input.mentions);
    const id = insert(
      db,
      "INSERT INTO comments (entity, entity_id, parent_id, author_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      item.entity, item.id, parent ? (parent.parentId ?? parent.id) : null, actor.id, input.body, JSON.stringify(mentioned), db.$clock.nowIso(),
    );
    const row = getComment(db, id);
    return { result: row, events: record(db, actor, item, "add", null, row), told: tell(db, actor, item, row, mentioned, parent?.authorId ?? null) };
  });
}

/** Loads the comment for a change by its author: someone else's is forbidden, a deleted one gone, a stale version a conflict. */
function ownComment(db: DB, actor: Actor, id: number, seen: number): { before: CommentRow; item: Item } {
  const before = getComment(db, id);
  const item = itemOf(db, before.entity, before.entityId);
  assertCanReadBoard(actor, item.readBoard);
  if (before.authorId !== actor.id) throw forbidden();
  if (before.deletedAt) throw new DomainError("commentDeleted", 409, { current: before });
  assertVersion(before, seen, before);
  return { before, item };
}

/** The author changes his comment within the edit window; people newly mentioned are told. */
export function editComment(ctx: AppContext, actor: Actor, input: CommentEditInput): CommentRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before, item } = ownComment(db, actor, input.id, input.version);
    if (!withinEditWindow(before.createdAt, db.$clock.now().getTime())) throw new DomainError("commentEditWindow", 409, { current: before, minutes: COMMENT_EDIT_MINUTES });
    const mentioned = resolveMentions(db, item, input.body, input.mentions);
    updateVersioned(db, comments, before.id, before.version, { body: input.body, mentions: JSON.stringify(mentioned), editedAt: db.$clock.nowIso() });
    const after = getComment(db, before.id);
    const already = new Set(before.mentions.map((m) => m.id));
    return { result: after, events: record(db, actor, item, "edit", before, after), told: tell(db, actor, item, after, mentioned.filter((u) => !already.has(u)), null) };
  });
}

/** Soft delete by the author: the text is gone for readers (the audit trail keeps it), replies keep their place. */
export function deleteComment(ctx: AppContext, actor: Actor, input: CommentDeleteInput): CommentRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before, item } = ownComment(db, actor, input.id, input.version);
    updateVersioned(db, comments, before.id, before.version, { body: "", mentions: "[]", deletedAt: db.$clock.nowIso() });
    const after = getComment(db, before.id);
    return { result: after, events: record(db, actor, item, "delete", before, after) };
  });
}
