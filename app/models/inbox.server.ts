// 通知中心: one inbox per person. `notify` is THE way a notification is addressed to someone: it writes one
// inbox row inside the caller's write transaction (so the notification exists exactly when the change it
// tells of committed) and returns a `Told` that `commit` pushes to the person's sockets after the commit,
// with his new unread count. Delivery beyond the app (e-mail, robots) hooks onto this one function.
// Nobody is told of his own act, and inactive accounts are not told.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all, exists, insert, one, run, scalar, type SqlValue } from "./sql.server";
import { notFound } from "./errors";
import type { InboxItem, InboxKind, InboxParams } from "./inbox";

export type NotifyInput = {
  /** Who is told. */
  userId: number;
  kind: InboxKind;
  /** Who caused it (null: the app itself, e.g. a scheduled reminder). */
  actorId: number | null;
  /** The item it is about, and where the link leads. */
  entity: string;
  entityId: number;
  href: string;
  /** Values of the sentence `inbox.text.<kind>` (task code and title, decision …). */
  params: InboxParams;
};

/** A notification written in a transaction, for `commit` to push once it committed. */
export type Told = { userId: number; itemId: number };

/** Writes one inbox row for `userId`; null when he caused it himself or his account is inactive. Call inside a write transaction. */
export function notify(db: DB, n: NotifyInput): Told | null {
  if (n.userId === n.actorId) return null;
  if (!exists(db, "SELECT 1 FROM users WHERE id = ? AND active = 1", n.userId)) return null;
  const itemId = insert(
    db,
    "INSERT INTO inbox_items (user_id, kind, actor_id, entity, entity_id, href, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    n.userId, n.kind, n.actorId, n.entity, n.entityId, n.href, JSON.stringify(n.params), db.$clock.nowIso(),
  );
  return { userId: n.userId, itemId };
}

/** The same notification to several people (each once). */
export function notifyEach(db: DB, userIds: Iterable<number | null | undefined>, n: Omit<NotifyInput, "userId">): Told[] {
  const told: Told[] = [];
  for (const userId of new Set(userIds)) {
    if (userId == null) continue;
    const t = notify(db, { ...n, userId });
    if (t) told.push(t);
  }
  return told;
}

type Raw = { id: number; kind: InboxKind; actorName: string | null; entity: string; entityId: number; href: string; params: string; createdAt: string; readAt: string | null };
const SELECT = `SELECT i.id, i.kind, u.display_name AS actorName, i.entity, i.entity_id AS entityId, i.href, i.params, i.created_at AS createdAt, i.read_at AS readAt
  FROM inbox_items i LEFT JOIN users u ON u.id = i.actor_id`;
const toItem = (r: Raw): InboxItem => ({ ...r, params: JSON.parse(r.params) as InboxParams });

export const inboxItem = (db: DB, itemId: number): InboxItem | undefined => {
  const r = one<Raw>(db, `${SELECT} WHERE i.id = ?`, itemId);
  return r && toItem(r);
};

export const unreadCount = (db: DB, userId: number): number =>
  scalar<number>(db, "SELECT count(*) FROM inbox_items WHERE user_id = ? AND read_at IS NULL", userId) ?? 0;

export const INBOX_PAGE = 100;

/** The person's newest notifications (of one kind, or unread only), newest first. */
export function listInbox(db: DB, actor: Pick<Actor, "id">, opts: { kind?: InboxKind; unread?: boolean } = {}): InboxItem[] {
  const where = ["i.user_id = ?"];
  const args: SqlValue[] = [actor.id];
  if (opts.kind) {
    where.push("i.kind = ?");
    args.push(opts.kind);
  }
  if (opts.unread) where.push("i.read_at IS NULL");
  return all<Raw>(db, `${SELECT} WHERE ${where.join(" AND ")} ORDER BY i.id DESC LIMIT ?`, ...args, INBOX_PAGE).map(toItem);
}

/** Counts per kind, for the filter's labels. */
export const inboxKindCounts = (db: DB, actor: Pick<Actor, "id">) =>
  all<{ kind: InboxKind; n: number; unread: number }>(
    db,
    "SELECT kind, count(*) AS n, sum(read_at IS NULL) AS unread FROM inbox_items WHERE user_id = ? GROUP BY kind",
    actor.id,
  );

// Read marks are the person's own bookkeeping, not a change of the consortium's data: no audit row, no board.

/** Marks one of the actor's own notifications read (someone else's answers "not found"); returns the new unread count. */
export function markRead(db: DB, actor: Pick<Actor, "id">, itemId: number): number {
  if (!exists(db, "SELECT 1 FROM inbox_items WHERE id = ? AND user_id = ?", itemId, actor.id)) throw notFound();
  run(db, "UPDATE inbox_items SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL", db.$clock.nowIso(), itemId, actor.id);
  return unreadCount(db, actor.id);
}

export function markAllRead(db: DB, actor: Pick<Actor, "id">): number {
  run(db, "UPDATE inbox_items SET read_at = ? WHERE user_id = ? AND read_at IS NULL", db.$clock.nowIso(), actor.id);
  return 0;
}
