// Sign-in, sessions and the signed-in actor. Sessions live in the database so they can be revoked
// (password change, user removal) and so a socket can be authenticated from the same cookie.
import { lazyRequire } from "../lib/lazy-require.server";
import { randomBytes, randomInt } from "node:crypto";
import { addDays } from "date-fns";
import type { DB } from "../../db/client";
import { DomainError, notFound } from "./errors";
import type { Actor, AppContext } from "./context.server";
import { resolveLocale, type Locale } from "../i18n/catalog";
import { users } from "../../db/schema";
import { commit, recordChange, updateVersioned } from "./write.server";
import { one, run, scalar } from "./sql.server";
import { auditFailure, reserveAttempt, settleSuccess, type Bucket } from "./throttle.server";
import { bucketKey } from "./throttle";
import { grantsOf } from "./people.server";

export const SESSION_DAYS = 7;

// argon2id (algorithm 2; the enum is a const enum that isolatedModules cannot import).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const argon2 = lazyRequire<typeof import("@node-rs/argon2")>("@node-rs/argon2");

export const hashPassword = (password: string) => argon2().hash(password, ARGON);
/** The same hash on the calling thread: for scripts and tests only (the server hashes off its event loop). */
export const hashPasswordSync = (password: string) => argon2().hashSync(password, ARGON);

/** Letters and digits nobody misreads when a password is passed on by phone or on paper (no 0/O, 1/l/I). */
const READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A one-time password (12 characters, ~70 bits) for a new account, to be replaced at the first sign-in. */
export const temporaryPassword = () => Array.from({ length: 12 }, () => READABLE[randomInt(READABLE.length)]).join("");

// A hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

/** A print session lives as long as one print may take (print.server.ts gives up after 2 minutes), then expires if it was not ended. */
export const PRINT_SESSION_MS = 120_000;
export type SessionPurpose = "web" | "print";

/**
 * A new session. "print" sessions are minted by the server for its own print browser: they read pages
 * with the user's rights but never write (formTokenValid) nor open sockets, and expire within a minute.
 */
export function createSession(db: DB, userId: number, ip: string, purpose: SessionPurpose = "web"): { id: string; csrfToken: string } {
  const id = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = db.$clock.now();
  const expires = purpose === "print" ? new Date(now.getTime() + PRINT_SESSION_MS) : addDays(now, SESSION_DAYS);
  run(
    db,
    "INSERT INTO sessions (id, user_id, csrf_token, expires_at, ip, created_at, purpose) VALUES (?, ?, ?, ?, ?, ?, ?)",
    id, userId, csrfToken, expires.toISOString(), ip, db.$clock.nowIso(), purpose,
  );
  return { id, csrfToken };
}

/** Whether a submitted form's CSRF token lets this actor write: his session's token, and not a print session. */
export const formTokenValid = (actor: Pick<Actor, "csrfToken" | "purpose">, token: FormDataEntryValue | null) => actor.purpose === "web" && token === actor.csrfToken;

/** A browser that signed in as this account before (the signed device cookie): the owner's way in. */
export type KnownDevice = { account: string; id: string };

/**
 * Checks the password, throttled (throttle.ts): a browser the account signed in with before counts only
 * against its own bucket, so nobody else's failures lock the owner out there; any other attempt counts
 * against the account from this address (locks), this address (locks) and the account (only slows).
 * On success returns a fresh session (a new id every time: session rotation), ends the previous one if
 * given, and the device id for the browser to keep. Failures are audited.
 */
export async function login(
  db: DB,
  input: { username: string; password: string; ip: string; previousSessionId?: string | null; knownDevice?: KnownDevice | null },
): Promise<{ sessionId: string; userId: number; locale: Locale; deviceId: string }> {
  const account = input.username.toLowerCase();
  const device = input.knownDevice?.account === account ? input.knownDevice.id : null;
  const buckets: Bucket[] = device
    ? [{ kind: "device", key: bucketKey("device", account, device) }]
    : [
        { kind: "pair", key: bucketKey("pair", account, input.ip) },
        { kind: "address", key: bucketKey("address", input.ip) },
        { kind: "account", key: bucketKey("account", account) },
      ];
  const reservation = reserveAttempt(db, buckets);

  const user = one<{ id: number; displayName: string; password_hash: string; active: number; locale: string }>(
    db,
    "SELECT id, display_name AS displayName, password_hash, active, locale FROM users WHERE username = ? COLLATE NOCASE",
    input.username,
  );
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const ok = await argon2().verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);

  if (!user || !ok || !user.active) {
    auditFailure(db, { userId: user?.id ?? null, action: "login.failed", entity: "login", entityId: account, ip: input.ip, r: reservation, extra: { knownBrowser: device != null } });
    throw new DomainError("loginFailed", 400);
  }
  return db.transaction(() => {
    settleSuccess(db, reservation);
    if (input.previousSessionId) run(db, "DELETE FROM sessions WHERE id = ?", input.previousSessionId);
    const session = createSession(db, user.id, input.ip);
    recordChange(db, { entity: "session", id: user.id, action: "login", by: user, before: null, after: { ip: input.ip }, boards: [], audit: { action: "login" } });
    return { sessionId: session.id, userId: user.id, locale: resolveLocale(user.locale), deviceId: device ?? randomBytes(18).toString("base64url") };
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
  purpose: SessionPurpose;
  must_change_password: number;
};

/** The signed-in actor for a session id, or null for an unknown, expired or deactivated one. */
export function actorForSession(db: DB, sessionId: string | null | undefined): Actor | null {
  if (!sessionId || typeof sessionId !== "string" || sessionId.length > 100) return null;
  const row = one<ActorRow>(
    db,
    `SELECT u.id, u.username, u.display_name, u.unit_id, m.short_name AS unit_name, u.locale, s.csrf_token, s.expires_at, s.purpose, u.must_change_password
     FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE s.id = ? AND u.active = 1`,
    sessionId,
  );
  if (!row || new Date(row.expires_at) <= db.$clock.now()) return null;
  return loadActor(db, row, sessionId);
}

/**
 * A person acting without a browser (the demo seed writes as each demo person, through the same model
 * functions as his pages): his rights exactly as a session would load them, no session, no form token.
 */
export function actorOfUser(db: DB, userId: number): Actor {
  const row = one<Omit<ActorRow, "csrf_token" | "expires_at" | "purpose">>(
    db,
    `SELECT u.id, u.username, u.display_name, u.unit_id, m.short_name AS unit_name, u.locale, u.must_change_password
     FROM users u LEFT JOIN member_units m ON m.id = u.unit_id WHERE u.id = ? AND u.active = 1`,
    userId,
  );
  if (!row) throw notFound();
  return loadActor(db, { ...row, csrf_token: "", expires_at: "", purpose: "web" }, "");
}

function loadActor(db: DB, row: ActorRow, sessionId: string): Actor {
  const { roles, permissions, projectIds } = grantsOf(db, row.id);
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
    purpose: row.purpose,
    mustChangePassword: !!row.must_change_password,
  };
}

/** Changes the password and ends every session of the user; returns a fresh session for this browser. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<{ sessionId: string }> {
  const { db } = ctx;
  // Throttled like sign-in, per account and address: a stolen or unattended session cannot guess freely.
  const reservation = reserveAttempt(db, [{ kind: "password", key: bucketKey("password", actor.username.toLowerCase(), input.ip) }], "passwordThrottled");
  const hashed = scalar<string>(db, "SELECT password_hash FROM users WHERE id = ?", actor.id)!;
  if (!(await argon2().verify(hashed, input.currentPassword).catch(() => false))) {
    auditFailure(db, { userId: actor.id, action: "password.failed", entity: "user", entityId: actor.id, ip: input.ip, r: reservation });
    throw new DomainError("wrongPassword", 400);
  }
  const newHash = await hashPassword(input.newPassword);
  const session = commit(ctx, () => {
    settleSuccess(db, reservation);
    const version = scalar<number>(db, "SELECT version FROM users WHERE id = ?", actor.id)!;
    updateVersioned(db, users, actor.id, version, { passwordHash: newHash, passwordChangedAt: db.$clock.nowIso(), mustChangePassword: false });
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
