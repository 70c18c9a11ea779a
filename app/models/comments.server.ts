// Comments with @mentions on items: tasks, 销号 proposals, check items, rectifications, change requests,
// TRL claims and results. Reading a thread needs the item's read permission (decided by the item's own
// module: `itemOf` only calls it); so does being mentioned (a mention of someone who cannot read the item
// is refused, nothing written, so the item never leaks to him through his inbox), and so does
// downloading a comment's attachment. Each write is one transaction: the comment row, its attachments
// (the evidence store), its audit row, a `comment.upserted` event on the boards the item's own events go
// to (every viewer of the item sees it live) and the inbox rows of the people mentioned or replied to.
import type { DB } from "../../db/client";
import { comments } from "../../db/schema";
import type { Actor, AppContext } from "./context.server";
import type { Grantee } from "./permissions";
import { boardsOf, canReadBoard, projectBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, insert, must, one, placeholders } from "./sql.server";
import { DomainError, forbidden, notFound } from "./errors";
import { assertVersion } from "./guard.server";
import { getTask } from "./tasks.server";
import { granteeOf, grantsOf } from "./people.server";
import { notifyEach, type Told } from "./inbox.server";
import { canReadEvidence, evidenceForDownload, listEvidence, readableEvidence, storeEvidence, type EvidenceRow, type UploadedFile } from "./evidence.server";
import { canReadProposal, getProposal } from "./closeout-reads.server";
import { getCheck, getItem, getRectification, readsProject } from "./check-reads.server";
import { canReadChange, getChangeRequest } from "./change-views.server";
import { canReadTechnology, technologyBase } from "./technologies.server";
import { canReadResults, getResult } from "./results.server";
import { COMMENT_EDIT_MINUTES, COMMENT_SUBJECT, withinEditWindow, type CommentAddInput, type CommentDeleteInput, type CommentEditInput, type CommentEntity, type CommentRow, type MentionCandidate } from "./comments";
import { canReadCreditEvidence } from "./credit.server";
import { CREDIT_SUBJECT } from "./credit";
import { pinyin } from "pinyin-pro";

/**
 * What a comment needs to know of the item it is on: who may read it (the item module's own rule), the
 * boards its events go to, the page it is shown on, how it is named, and its project (attachments).
 */
type Item = { entity: CommentEntity; id: number; canRead: (who: Grantee) => boolean; boards: string[]; href: string; label: string; projectId: number | null };

/** A (live) task as the item of a thread: itemOf's rule, and the search's batched lookup of many. */
function taskItem(task: { id: number; projectId: number; code: string; title: string }): Item {
  const board = projectBoard(task.projectId);
  return { entity: "task", id: task.id, canRead: (who) => canReadBoard(who, board), boards: boardsOf(task.projectId), href: `/tasks/${task.id}`, label: `${task.code} ${task.title}`, projectId: task.projectId };
}

function itemOf(db: DB, entity: CommentEntity, entityId: number): Item {
  const base = { entity, id: entityId };
  switch (entity) {
    case "task": {
      const task = getTask(db, entityId);
      if (task.archivedAt) throw notFound();
      return taskItem(task);
    }
    case "closeout": {
      const p = getProposal(db, entityId);
      return { ...base, canRead: (who) => canReadProposal(who, p), boards: boardsOf(p.projectId), href: `/closeout/${p.roundId}`, label: `${p.taskCode} ${p.taskTitle}`, projectId: p.projectId };
    }
    case "check_item": {
      const item = getItem(db, entityId);
      const check = getCheck(db, item.checkId);
      return { ...base, canRead: (who) => readsProject(who, check.projectId), boards: boardsOf(check.projectId), href: `/checks/${check.id}`, label: item.title, projectId: check.projectId };
    }
    case "rectification": {
      const r = getRectification(db, entityId);
      return { ...base, canRead: (who) => readsProject(who, r.projectId), boards: boardsOf(r.projectId), href: `/checks/${r.checkId}`, label: r.description, projectId: r.projectId };
    }
    case "change": {
      const c = getChangeRequest(db, entityId);
      return { ...base, canRead: (who) => canReadChange(who, c), boards: boardsOf(c.projectId), href: "/changes", label: c.targetLabel, projectId: c.projectId };
    }
    case "trl_claim": {
      const claim = must(one<{ technologyId: number; trl: number }>(db, "SELECT technology_id AS technologyId, trl FROM trl_claims WHERE id = ?", entityId));
      const tech = technologyBase(db, claim.technologyId);
      return { ...base, canRead: (who) => canReadTechnology(who, tech), boards: boardsOf(tech.projectId), href: `/technologies/${tech.id}`, label: `${tech.name} TRL ${claim.trl}`, projectId: tech.projectId };
    }
    case "result": {
      const r = getResult(db, entityId);
      return { ...base, canRead: canReadResults, boards: boardsOf(r.projectId), href: "/results", label: r.title, projectId: r.projectId };
    }
  }
}

/** Refused (403) unless the actor may read the item. */
function assertReads(actor: Actor, item: Item): void {
  if (!item.canRead(actor)) throw new DomainError("forbidden", 403, { entity: item.entity, id: item.id });
}

type Raw = Omit<CommentRow, "mentions" | "attachments"> & { mentions: string };
const SELECT = `SELECT c.id, c.entity, c.entity_id AS entityId, c.parent_id AS parentId, c.author_id AS authorId, u.display_name AS authorName,
    m.short_name AS authorUnit, c.body, c.mentions, c.created_at AS createdAt, c.edited_at AS editedAt, c.deleted_at AS deletedAt, c.version
  FROM comments c JOIN users u ON u.id = c.author_id LEFT JOIN member_units m ON m.id = u.unit_id`;

/** Rows as the thread shows them: mentioned people named, attachments listed (a deleted comment has none). */
function toRows(db: DB, raws: Raw[]): CommentRow[] {
  const ids = [...new Set(raws.flatMap((r) => JSON.parse(r.mentions) as number[]))];
  const names = new Map(ids.length ? all<{ id: number; name: string }>(db, `SELECT id, display_name AS name FROM users WHERE id IN (${placeholders(ids)})`, ...ids).map((u) => [u.id, u.name]) : []);
  const files = listEvidence(db, COMMENT_SUBJECT, raws.filter((r) => !r.deletedAt).map((r) => r.id));
  return raws.map((r) => ({
    ...r,
    mentions: (JSON.parse(r.mentions) as number[]).map((id) => ({ id, name: names.get(id) ?? "" })),
    attachments: r.deletedAt ? [] : (files[r.id] ?? []),
  }));
}

const getComment = (db: DB, id: number): CommentRow => toRows(db, [must(one<Raw>(db, `${SELECT} WHERE c.id = ?`, id))])[0]!;

/** The item's thread, oldest first (replies carry their parent's id), for a reader of the item. */
export function listComments(db: DB, actor: Actor, entity: CommentEntity, entityId: number): CommentRow[] {
  assertReads(actor, itemOf(db, entity, entityId));
  return toRows(db, all<Raw>(db, `${SELECT} WHERE c.entity = ? AND c.entity_id = ? ORDER BY c.id`, entity, entityId));
}

/**
 * The threads of several items of one kind (a page of many: a round's proposals, a check's items), only
 * those of items the actor may read; oldest first.
 */
export function commentsOn(db: DB, actor: Actor, entity: CommentEntity, entityIds: number[]): CommentRow[] {
  const ids = [...new Set(entityIds)];
  const raws: Raw[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    raws.push(...all<Raw>(db, `${SELECT} WHERE c.entity = ? AND c.entity_id IN (${placeholders(chunk)}) ORDER BY c.id`, entity, ...chunk));
  }
  const readable = new Map<number, boolean>();
  const reads = (entityId: number) => {
    if (!readable.has(entityId)) readable.set(entityId, itemOf(db, entity, entityId).canRead(actor));
    return readable.get(entityId)!;
  };
  return toRows(db, raws.filter((r) => reads(r.entityId)));
}

/**
 * The people the composer offers after "@", for a reader of the item: every active user, each with the
 * pinyin of his name (full and initials, for `wjg` -> 王建国) and whether he may read the item (those who
 * may not are shown but cannot be chosen).
 */
export function mentionCandidates(db: DB, actor: Actor, entity: CommentEntity, entityId: number): MentionCandidate[] {
  const item = itemOf(db, entity, entityId);
  assertReads(actor, item);
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
      canRead: item.canRead({ id: p.id, unitId: p.unitId, ...grantsOf(db, p.id) }),
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
  const outsiders = named.filter((p) => !item.canRead(p));
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

/** A new comment (or reply) with its attachments: checked files from the form, kept in the evidence store. */
export function addComment(ctx: AppContext, actor: Actor, input: CommentAddInput, files: UploadedFile[] = []): CommentRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const item = itemOf(db, input.entity, input.entityId);
    assertReads(actor, item);
    // One level of replies: a reply to a reply joins its thread.
    const parent = input.parentId ? one<{ id: number; parentId: number | null; authorId: number }>(db, "SELECT id, parent_id AS parentId, author_id AS authorId FROM comments WHERE id = ? AND entity = ? AND entity_id = ?", input.parentId, item.entity, item.id) : undefined;
    if (input.parentId && !parent) throw notFound();
    const mentioned = resolveMentions(db, item, input.body, input.mentions);
    const id = insert(
      db,
      "INSERT INTO comments (entity, entity_id, parent_id, author_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      item.entity, item.id, parent ? (parent.parentId ?? parent.id) : null, actor.id, input.body, JSON.stringify(mentioned), db.$clock.nowIso(),
    );
    storeEvidence(db, ctx.config, actor, { type: COMMENT_SUBJECT, id, projectId: item.projectId }, files);
    const row = getComment(db, id);
    return { result: row, events: record(db, actor, item, "add", null, row), told: tell(db, actor, item, row, mentioned, parent?.authorId ?? null) };
  });
}

/** Loads the comment for a change by its author: someone else's is forbidden, a deleted one gone, a stale version a conflict. */
function ownComment(db: DB, actor: Actor, id: number, seen: number): { before: CommentRow; item: Item } {
  const before = getComment(db, id);
  const item = itemOf(db, before.entity, before.entityId);
  assertReads(actor, item);
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

/** Soft delete by the author: text and attachments are gone for readers (the audit trail keeps them), replies keep their place. */
export function deleteComment(ctx: AppContext, actor: Actor, input: CommentDeleteInput): CommentRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before, item } = ownComment(db, actor, input.id, input.version);
    updateVersioned(db, comments, before.id, before.version, { body: "", mentions: "[]", deletedAt: db.$clock.nowIso() });
    const after = getComment(db, before.id);
    return { result: after, events: record(db, actor, item, "delete", before, after) };
  });
}

/**
 * Whether someone may download an evidence file: a comment's attachment with the read permission of the
 * item the comment is on (nobody once the comment is deleted), a credit record's file by the credit rule
 * (credit.server.ts), any other file by the evidence store's rule.
 */
function mayDownload(db: DB, actor: Actor, row: EvidenceRow): boolean {
  if (row.subjectType === CREDIT_SUBJECT) return canReadCreditEvidence(db, actor, row.subjectId);
  if (row.subjectType !== COMMENT_SUBJECT) return canReadEvidence(actor, row);
  const c = one<{ entity: CommentEntity; entityId: number; deletedAt: string | null }>(db, "SELECT entity, entity_id AS entityId, deleted_at AS deletedAt FROM comments WHERE id = ?", row.subjectId);
  return c != null && c.deletedAt == null && itemOf(db, c.entity, c.entityId).canRead(actor);
}

type Ctx = Pick<AppContext, "db" | "config">;
/** The row and bytes of an evidence file or attachment, for the download route (403 for a non-reader). */
export const attachmentForDownload = (ctx: Ctx, actor: Actor, id: number) => evidenceForDownload(ctx, actor, id, (row) => mayDownload(ctx.db, actor, row));
/** The row and its file on disk, for the PDF preview (same rule). */
export const readableAttachment = (ctx: Ctx, actor: Actor, id: number) => readableEvidence(ctx, actor, id, (row) => mayDownload(ctx.db, actor, row));

/** The name of the item a thread is on (a task's code and title, a rectification's description …); "" once it is gone. */
export function commentItemLabel(db: DB, entity: CommentEntity, entityId: number): string {
  try {
    return itemOf(db, entity, entityId).label;
  } catch (err) {
    if (err instanceof DomainError) return "";
    throw err;
  }
}

type Located = { entity: CommentEntity; entityId: number };

/**
 * For the search and the feeds: a function telling, for a comment, where it is (its item's page and name)
 * if the actor may read its item, else null (also for a deleted comment). Items are looked up once each.
 * `prefetch`: the comments about to be asked of (the search's hundreds of candidates), loaded a few
 * queries at a time with their tasks instead of one item at a time.
 */
export function commentFinder(db: DB, actor: Actor, prefetch: number[] = []): (commentId: number) => { href: string; title: string } | null {
  const items = new Map<string, Item | null>();
  const located = new Map<number, Located | null>();
  const ids = [...new Set(prefetch)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const id of chunk) located.set(id, null);
    const rows = all<Located & { id: number }>(db, `SELECT id, entity, entity_id AS entityId FROM comments WHERE deleted_at IS NULL AND id IN (${placeholders(chunk)})`, ...chunk);
    for (const r of rows) located.set(r.id, { entity: r.entity, entityId: r.entityId });
    const taskIds = [...new Set(rows.filter((r) => r.entity === "task").map((r) => r.entityId))];
    for (const t of taskIds) items.set(`task:${t}`, null); // archived or gone unless found below
    if (taskIds.length) {
      for (const task of all<{ id: number; projectId: number; code: string; title: string }>(db, `SELECT id, project_id AS projectId, code, title FROM tasks WHERE archived_at IS NULL AND id IN (${placeholders(taskIds)})`, ...taskIds)) {
        const item = taskItem(task);
        items.set(`task:${task.id}`, item.canRead(actor) ? item : null);
      }
    }
  }
  return (commentId) => {
    const c = located.has(commentId)
      ? located.get(commentId)
      : one<Located>(db, "SELECT entity, entity_id AS entityId FROM comments WHERE id = ? AND deleted_at IS NULL", commentId);
    if (!c) return null;
    const key = `${c.entity}:${c.entityId}`;
    if (!items.has(key)) {
      let item: Item | null = null;
      try {
        item = itemOf(db, c.entity, c.entityId);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err; // an item since removed: its comments are not found
      }
      items.set(key, item?.canRead(actor) ? item : null);
    }
    const item = items.get(key);
    return item ? { href: `${item.href}#comment-${commentId}`, title: item.label } : null;
  };
}
