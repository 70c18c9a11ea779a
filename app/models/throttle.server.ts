// Throttle buckets in the database (login_throttle), on the app clock. An attempt is counted as a failure
// in all its buckets BEFORE the secret is verified, in one synchronous transaction (reserveAttempt): the
// argon2 verification is asynchronous, so a check made before it and a count made after it let parallel
// guesses all pass the check. A right secret gives the attempt back (settleSuccess).
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { commit, recordChange } from "./write.server";
import { all, one, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import type { ErrorCode } from "../i18n/catalog";
import { lockMsAfter, parseBucketKey, THROTTLE_POLICIES, waitMinutes, type BucketKind } from "./throttle";

export type Bucket = { kind: BucketKind; key: string };
/** What an attempt counted, and the locks its failure set (for the audit row). */
export type Reservation = { buckets: Bucket[]; locks: { key: string; until: string }[] };

type Row = { key: string; failures: number; window_start: string; locked_until: string | null };

const rowOf = (db: DB, key: string) => one<Row>(db, "SELECT * FROM login_throttle WHERE key = ?", key);

function write(db: DB, key: string, failures: number, windowStart: string, lockedUntil: string | null) {
  run(
    db,
    `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
    key, failures, windowStart, lockedUntil,
  );
}

/**
 * Refuses (429, `code` with the minutes to wait, nothing counted) when a bucket is locked; otherwise
 * counts the attempt in every bucket and locks those that reach their limit, and returns the reservation.
 */
export function reserveAttempt(db: DB, buckets: Bucket[], code: ErrorCode = "throttled"): Reservation {
  return db.transaction(() => {
    const now = db.$clock.now().getTime();
    const rows = buckets.map((b) => ({ b, row: rowOf(db, b.key) }));
    const wait = Math.max(0, ...rows.map(({ row }) => (row?.locked_until ? Date.parse(row.locked_until) - now : 0)));
    if (wait > 0) throw new DomainError(code, 429, { minutes: waitMinutes(wait) });
    const locks: Reservation["locks"] = [];
    for (const { b, row } of rows) {
      const policy = THROTTLE_POLICIES[b.kind];
      const open = row != null && now - Date.parse(row.window_start) < policy.windowMs;
      const failures = open ? row.failures + 1 : 1;
      const lock = lockMsAfter(failures, policy);
      const until = lock ? new Date(now + lock).toISOString() : null;
      write(db, b.key, failures, open ? row.window_start : db.$clock.nowIso(), until);
      if (until) locks.push({ key: b.key, until });
    }
    return { buckets, locks };
  });
}

/**
 * The secret was right (inside the caller's transaction): this account's own buckets (pair, device,
 * password) start over; the shared ones (address, account) get this attempt back.
 */
export function settleSuccess(db: DB, r: Reservation): void {
  for (const b of r.buckets) {
    const row = rowOf(db, b.key);
    if (!row) continue;
    if (b.kind === "pair" || b.kind === "device" || b.kind === "password" || row.failures <= 1) {
      run(db, "DELETE FROM login_throttle WHERE key = ?", b.key);
      continue;
    }
    const failures = row.failures - 1;
    write(db, b.key, failures, row.window_start, lockMsAfter(failures, THROTTLE_POLICIES[b.kind]) ? row.locked_until : null);
  }
}

/** The audit row of a failed secret check (inside its own transaction). */
export function auditFailure(db: DB, entry: { userId: number | null; action: string; entity: string; entityId: string | number; ip: string; r: Reservation; extra?: Record<string, unknown> }) {
  // Only the audit trail hears of it (no board), so the person is named by id alone.
  db.transaction(() =>
    recordChange(db, {
      entity: entry.entity,
      id: entry.entityId,
      action: "failed",
      by: entry.userId == null ? null : { id: entry.userId, displayName: "" },
      before: null,
      after: { ip: entry.ip, ...entry.extra, ...(entry.r.locks.length ? { locks: entry.r.locks } : {}) },
      boards: [],
      audit: { action: entry.action },
    }),
  );
}

/** Old rows whose window has passed and which lock nothing any more (hourly, with the session purge). */
export function purgeStaleThrottles(db: DB): void {
  const now = db.$clock.now().getTime();
  for (const row of all<Row>(db, "SELECT * FROM login_throttle")) {
    const kind = parseBucketKey(row.key)?.kind;
    const windowMs = kind ? THROTTLE_POLICIES[kind].windowMs : 0;
    const locked = row.locked_until != null && Date.parse(row.locked_until) > now;
    if (!locked && now - Date.parse(row.window_start) >= windowMs) run(db, "DELETE FROM login_throttle WHERE key = ?", row.key);
  }
}

export type ThrottleView = { key: string; kind: BucketKind; account: string | null; address: string | null; failures: number; lockedUntil: string };

/** The limits in force now (locked or slowed buckets), the longest first: what the admin may lift. */
export function listThrottles(db: DB, actor: Actor): ThrottleView[] {
  assertCan(actor, "clear", "throttle");
  const rows = all<Row>(db, "SELECT * FROM login_throttle WHERE locked_until > ? ORDER BY locked_until DESC, key", db.$clock.nowIso());
  return rows.flatMap((row) => {
    const parsed = parseBucketKey(row.key);
    return parsed ? [{ key: row.key, ...parsed, failures: row.failures, lockedUntil: row.locked_until! }] : [];
  });
}

/** The admin lifts a bucket (an owner locked out at a shared address, a whole office behind one NAT). */
export function clearThrottle(ctx: AppContext, actor: Actor, key: string): void {
  assertCan(actor, "clear", "throttle");
  const { db } = ctx;
  commit(ctx, () => {
    const row = rowOf(db, key);
    if (!row) throw notFound();
    run(db, "DELETE FROM login_throttle WHERE key = ?", key);
    return { result: undefined, events: recordChange(db, { entity: "throttle", id: key, action: "clear", by: actor, before: row, after: null, boards: [] }) };
  });
}
