// Append-only, hash-chained audit trail. Each row's hash covers the previous row's hash and the row's
// own content, so editing or removing any row (bypassing the triggers) breaks every later link.
import { createHash } from "node:crypto";
import type { DB } from "../../db/client";

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

/** Call inside the write's transaction so the audit row commits (or rolls back) with the change. */
export function appendAudit(db: DB, e: AuditEntry): void {
  const c = db.$client;
  const last = c.prepare("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    at: db.$clock.nowIso(),
    user_id: e.userId,
    action: e.action,
    entity: e.entity,
    entity_id: String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  };
  c.prepare(
    `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @user_id, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: prevHash, hash: digest(prevHash, row) });
}

export type ChainReport = { ok: boolean; rows: number; firstBadId: number | null };

/** Walks the whole chain. */
export function verifyAuditChain(db: DB): ChainReport {
  let prev = GENESIS;
  let rows = 0;
  for (const r of db.$client.prepare("SELECT * FROM audit_log ORDER BY id").iterate() as Iterable<Row>) {
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

const toRecord = (r: Row & { user_name: string | null }): AuditListRow => ({
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
  const rows = db.$client
    .prepare(`${LIST_SELECT} WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?`)
    .all(entity, String(entityId), limit) as (Row & { user_name: string | null })[];
  return rows.map(toRecord);
}

/** The newest entries of the whole trail (admin audit page), newest first. */
export function recentAudit(db: DB, limit = 100): AuditListRow[] {
  const rows = db.$client.prepare(`${LIST_SELECT} ORDER BY a.id DESC LIMIT ?`).all(limit) as (Row & { user_name: string | null })[];
  return rows.map(toRecord);
}
