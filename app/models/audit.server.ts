// Append-only, hash-chained audit trail. Each row's hash covers the previous row's hash and the row's
// own content, so editing or removing any row (bypassing the triggers) breaks every later link.
import { createHash } from "node:crypto";
import type { DB } from "../../db/client";
import { all, each, insert, one, type SqlValue } from "./sql.server";

export type AuditEntry = {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
};

type Row = {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
};

const GENESIS = "0".repeat(64);

function digest(prevHash: string, r: Omit<Row, "id" | "prev_hash" | "hash">): string {
  const canonical = JSON.stringify([r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after]);
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}

/**
 * Call inside the write's transaction so the audit row commits (or rolls back) with the change. Models
 * record through the write kernel (write.server.ts `recordChange`), never here directly.
 */
export function appendAudit(db: DB, e: AuditEntry): number {
  const prevHash = one<{ hash: string }>(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")?.hash ?? GENESIS;
  const row = {
    at: db.$clock.nowIso(),
    user_id: e.userId,
    action: e.action,
    entity: e.entity,
    entity_id: String(e.entityId),
    // No row before (a creation) or after (a removal) is stored as NULL, whichever way the caller said it.
    before: e.before == null ? null : JSON.stringify(e.before),
    after: e.after == null ? null : JSON.stringify(e.after),
  };
  return insert(
    db,
    `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @user_id, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
    { ...row, prev_hash: prevHash, hash: digest(prevHash, row) },
  );
}

export type ChainReport = { ok: boolean; rows: number; firstBadId: number | null };

/** Walks the whole chain. */
export function verifyAuditChain(db: DB): ChainReport {
  let prev = GENESIS;
  let rows = 0;
  for (const r of each<Row>(db, "SELECT * FROM audit_log ORDER BY id")) {
    rows++;
    if (r.prev_hash !== prev || digest(prev, r) !== r.hash) return { ok: false, rows, firstBadId: r.id };
    prev = r.hash;
  }
  return { ok: true, rows, firstBadId: null };
}

export type AuditRecord = {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

const LIST_SELECT = `SELECT a.id, a.at, a.user_id, u.display_name AS user_name, a.action, a.entity, a.entity_id, a.before, a.after
  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`;

export type AuditListRow = AuditRecord & { entity: string; entityId: string };

type ListRow = Row & { user_name: string | null };

const toRecord = (r: ListRow): AuditListRow => ({
  id: r.id,
  at: r.at,
  userId: r.user_id,
  userName: r.user_name,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before ? JSON.parse(r.before) : null,
  after: r.after ? JSON.parse(r.after) : null,
});

/** History of one entity, newest first. */
export function historyOf(db: DB, entity: string, entityId: string | number, limit = 100): AuditListRow[] {
  return all<ListRow>(db, `${LIST_SELECT} WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?`, entity, String(entityId), limit).map(toRecord);
}

/**
 * A page of the activity feeds: audit rows indexed by activity_scope that match `where` (over `s`, the
 * scope row), older than `before` (an audit id; null: the newest), newest first. Keyset paging: the
 * cursor is an id, so a page costs the same at any depth of the trail.
 */
export function scopedAudit(db: DB, where: string, args: SqlValue[], before: number | null, limit: number): (AuditListRow & { projectId: number | null })[] {
  return all<ListRow & { project_id: number | null }>(
    db,
    `SELECT a.id, a.at, a.user_id, u.display_name AS user_name, a.action, a.entity, a.entity_id, a.before, a.after, s.project_id
     FROM activity_scope s JOIN audit_log a ON a.id = s.audit_id LEFT JOIN users u ON u.id = a.user_id
     WHERE s.audit_id < ? AND ${where} ORDER BY s.audit_id DESC LIMIT ?`,
    before ?? Number.MAX_SAFE_INTEGER, ...args, limit,
  ).map((r) => ({ ...toRecord(r), projectId: r.project_id }));
}

/** The newest entries of the whole trail (admin audit page), newest first. */
export function recentAudit(db: DB, limit = 100): AuditListRow[] {
  return all<ListRow>(db, `${LIST_SELECT} ORDER BY a.id DESC LIMIT ?`, limit).map(toRecord);
}
