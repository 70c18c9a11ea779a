// Sign-in, sessions and the signed-in actor. Sessions live in the database so they can be revoked
// (password change, user removal) and so a socket can be authenticated from the same cookie.
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import { addMinutes, addDays } from "date-fns";
import type { DB } from "../../db/client";
import { DomainError } from "./errors";
import type { Actor, AppContext } from "./context.server";
import type { Role } from "./permissions";
import { resolveLocale, type Locale } from "../i18n/catalog";
import { users } from "../../db/schema";
import { commit, recordChange, updateVersioned } from "./write.server";
import { column, one, run, scalar } from "./sql.server";

export const SESSION_DAYS = 7;
export const THROTTLE = {
  windowMinutes: 15,
  lockMinutes: 15,
  maxPerAccount: 5,
  maxPerAddress: 20,
};

// argon2id (algorithm 2; the enum is a const enum that isolatedModules cannot import).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON);

// A hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

type ThrottleRow = { key: string; failures: number; window_start: string; locked_until: string | null };

const throttleRow = (db: DB, key: string) => one<ThrottleRow>(db, "SELECT * FROM login_throttle WHERE key = ?", key);

/** Minutes left on a lock of this account or address, or 0. */
function lockedMinutes(db: DB, keys: string[], now: Date): number {
  let max = 0;
  for (const key of keys) {
    const row = throttleRow(db, key);
    if (row?.locked_until && new Date(row.locked_until) > now) {
      max = Math.max(max, Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 60000));
    }
  }
  return max;
}

function recordFailure(db: DB, key: string, limit: number, now: Date) {
  const row = throttleRow(db, key);
  const windowOpen = row && addMinutes(new Date(row.window_start), THROTTLE.windowMinutes) > now;
  const failures = windowOpen ? row!.failures + 1 : 1;
  const lockedUntil = failures >= limit ? addMinutes(now, THROTTLE.lockMinutes).toISOString() : null;
  run(
    db,
    `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (@key, @failures, @ws, @lu)
     ON CONFLICT(key) DO UPDATE SET failures = @failures, window_start = @ws, locked_until = @lu`,
    { key, failures, ws: windowOpen ? row!.window_start : now.toISOString(), lu: lockedUntil },
  );
}

export function createSession(db: DB, userId: number, ip: string): { id: string; csrfToken: string } {
  const id = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  run(
    db,
    "INSERT INTO sessions (id, user_id, csrf_token, expires_at, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    id, userId, csrfToken, addDays(db.$clock.now(), SESSION_DAYS).toISOString(), ip, db.$clock.nowIso(),
  );
  return { id, csrfToken };
}

/**
 * Checks the password with per-account and per-address throttling. On success returns a fresh
 * session (a new id every time: session rotation) and ends the previous one if given.
 */
export async function login(
  db: DB,
  input: { username: string; password: string; ip: string; previousSessionId?: string | null },
): Promise<{ sessionId: string; userId: number }> {
  const now = db.$clock.now();
  const accountKey = `user:${input.username.toLowerCase()}`;
  const addressKey = `ip:${input.ip}`;
  const wait = lockedMinutes(db, [accountKey, addressKey], now);
  if (wait > 0) throw new DomainError("throttled", 429, { minutes: wait });

  const user = one<{ id: number; displayName: string; password_hash: string; active: number }>(
    db,
    "SELECT id, display_name AS displayName, password_hash, active FROM users WHERE username = ? COLLATE NOCASE",
    input.username,
  );
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);

  if (!user || !ok || !user.active) {
    db.transaction(() => {
      recordFailure(db, accountKey, THROTTLE.maxPerAccount, now);
      recordFailure(db, addressKey, THROTTLE.maxPerAddress, now);
    });
    throw new DomainError("loginFailed", 400);
  }
  return db.transaction(() => {
    run(db, "DELETE FROM login_throttle WHERE key = ?", accountKey);
    if (input.previousSessionId) run(db, "DELETE FROM sessions WHERE id = ?", input.previousSessionId);
    const session = createSession(db, user.id, input.ip);
    recordChange(db, { entity: "session", id: user.id, action: "login", by: user, before: null, after: { ip: input.ip }, boards: [], audit: { action: "login" } });
    return { sessionId: session.id, userId: user.id };
  });
}

export function logout(db: DB, sessionId: string) {
  run(db, "DELETE FROM sessions WHERE id = ?", sessionId);
}

type ActorRow = {
  id: number;
  username: string;
  display_name: string;
  unit_id: number | null;
  unit_name: string | null;
  locale: string;
  csrf_token: string;
  expires_at: string;
};

/** The signed-in actor for a session id, or null for an unknown, expired or deactivated one. */
export function actorForSession(db: DB, sessionId: string | null | undefined): Actor | null {
  if (!sessionId || typeof sessionId !== "string" || sessionId.length > 100) return null;
  const row = one<ActorRow>(
    db,
    `SELECT u.id, u.username, u.display_name, u.unit_id, m.short_name AS unit_name, u.locale, s.csrf_token, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE s.id = ? AND u.active = 1`,
    sessionId,
  );
  if (!row || new Date(row.expires_at) <= db.$clock.now()) return null;
  return loadActor(db, row, sessionId);
}

function loadActor(db: DB, row: ActorRow, sessionId: string): Actor {
  const roles = column<Role>(db, "SELECT role FROM user_roles WHERE user_id = ?", row.id);
  const permissions = column<string>(db, "SELECT DISTINCT p.permission FROM role_permissions p JOIN user_roles r ON r.role = p.role WHERE r.user_id = ?", row.id);
  const projectIds = column<number>(db, "SELECT id FROM projects WHERE lead_user_id = @id UNION SELECT project_id FROM project_experts WHERE user_id = @id", { id: row.id });
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    locale: resolveLocale(row.locale),
    roles,
    permissions,
    projectIds,
    sessionId,
    csrfToken: row.csrf_token,
  };
}

/** Changes the password and ends every session of the user; returns a fresh session for this browser. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<{ sessionId: string }> {
  const { db } = ctx;
  const hashed = scalar<string>(db, "SELECT password_hash FROM users WHERE id = ?", actor.id)!;
  if (!(await verify(hashed, input.currentPassword).catch(() => false))) {
    throw new DomainError("wrongPassword", 400);
  }
  const newHash = await hashPassword(input.newPassword);
  const session = commit(ctx, () => {
    const version = scalar<number>(db, "SELECT version FROM users WHERE id = ?", actor.id)!;
    updateVersioned(db, users, actor.id, version, { passwordHash: newHash, passwordChangedAt: db.$clock.nowIso() });
    run(db, "DELETE FROM sessions WHERE user_id = ?", actor.id);
    const events = recordChange(db, { entity: "password", id: actor.id, action: "change", by: actor, before: null, after: null, boards: [], audit: { entity: "user" } });
    return { result: createSession(db, actor.id, input.ip), events };
  });
  ctx.realtime.evictUser(actor.id);
  return { sessionId: session.id };
}

/** Switches the user's interface language; every session of the user follows on its next request. */
export function setLocale(ctx: AppContext, actor: Actor, locale: Locale): void {
  const { db } = ctx;
  commit(ctx, () => {
    const row = one<{ locale: string; version: number }>(db, "SELECT locale, version FROM users WHERE id = ?", actor.id);
    if (!row) throw new DomainError("notFound", 404);
    if (row.locale === locale) return { result: undefined, events: [] };
    updateVersioned(db, users, actor.id, row.version, { locale });
    return { result: undefined, events: recordChange(db, { entity: "locale", id: actor.id, action: "change", by: actor, before: { locale: row.locale }, after: { locale }, boards: [], audit: { entity: "user" } }) };
  });
}

export function purgeExpiredSessions(db: DB) {
  run(db, "DELETE FROM sessions WHERE expires_at <= ?", db.$clock.nowIso());
}
