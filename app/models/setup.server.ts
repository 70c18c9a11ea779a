// First run: an install without a consortium or without an active administrator is "pending". The server
// prints a one-time link carrying a random token; the setup page creates the consortium and the first
// admin with it, once. The admin:create script (server/scripts/admin-create.ts) does the same headless.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DB } from "../../db/client";
import type { AppContext } from "./context.server";
import { commit, recordChange, type By } from "./write.server";
import { exists, insert, run } from "./sql.server";
import { createSession, hashPassword } from "./auth.server";
import { getConsortium } from "./consortium.server";
import { getUser } from "./users.server";
import { DomainError } from "./errors";
import { setupConsortiumSchema, type SetupConsortium, type SetupInput } from "./setup";

export { setupAdminSchema, setupSchema } from "./setup";

const hasConsortium = (db: DB) => exists(db, "SELECT 1 FROM consortium");
const hasAdmin = (db: DB) => exists(db, "SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'admin' AND u.active = 1");

/** Whether the install still needs its first run: no consortium, or nobody who can administer it. */
export const setupPending = (db: DB): boolean => !hasConsortium(db) || !hasAdmin(db);

/** What the setup page asks for: the consortium only while there is none. */
export const setupNeeds = (db: DB) => ({ consortium: !hasConsortium(db) });

export const newSetupToken = (): string => randomBytes(24).toString("base64url");

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The token of the link printed at start, compared in constant time; none once setup is done. */
export function setupTokenValid(ctx: Pick<AppContext, "config">, token: string | null | undefined): boolean {
  const expected = ctx.config.setupToken;
  return !!expected && typeof token === "string" && timingSafeEqual(digest(expected), digest(token));
}

/** The consortium row, inside the caller's transaction (the setup page, admin:create, the demo seed). */
export function insertConsortium(db: DB, by: By, c: SetupConsortium): void {
  const id = insert(
    db,
    `INSERT INTO consortium (name, short_name, field, district, province, founded_on, goal_start_year, goal_years, time_zone, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.name, c.shortName, c.field, c.district, c.province, c.foundedOn, c.goalStartYear, c.goalYears, c.timeZone, db.$clock.nowIso(),
  );
  recordChange(db, { entity: "consortium", id, action: "create", by, before: null, after: getConsortium(db), boards: [] });
}

type AdminInput = { username: string; displayName: string; passwordHash: string; mustChangePassword: boolean };

/** An administrator account, inside the caller's transaction; `by` null: the operator's console. */
export function insertAdmin(db: DB, input: AdminInput, by: "self" | null): number {
  if (exists(db, "SELECT 1 FROM users WHERE username = ? COLLATE NOCASE", input.username)) throw new DomainError("usernameTaken", 400);
  const now = db.$clock.nowIso();
  const id = insert(
    db,
    `INSERT INTO users (username, display_name, password_hash, must_change_password, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)`,
    input.username, input.displayName, input.passwordHash, input.mustChangePassword ? 1 : 0, now, now,
  );
  run(db, "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')", id);
  const after = getUser(db, id);
  recordChange(db, { entity: "user", id, action: "create", by: by === "self" ? after : null, before: null, after, boards: [] });
  return id;
}

/**
 * The setup page's write: checks the printed token, then in one transaction creates the consortium (when
 * there is none) and the first admin. Refused once setup is done (the link is dead); nothing is written
 * on refusal. Returns the new admin's session: the page signs him in.
 */
export async function completeSetup(ctx: AppContext, input: SetupInput, ip: string): Promise<{ userId: number; sessionId: string }> {
  if (!setupTokenValid(ctx, input.token)) throw new DomainError(setupPending(ctx.db) ? "setupTokenInvalid" : "setupDone", 403);
  const passwordHash = await hashPassword(input.password);
  const { db } = ctx;
  const done = commit(ctx, () => {
    if (!setupPending(db)) throw new DomainError("setupDone", 403);
    // The consortium part is checked here too: the page asks for it only while there is none.
    const consortium = hasConsortium(db) ? null : setupConsortiumSchema.safeParse(input);
    if (consortium && !consortium.success) throw new DomainError("setupConsortiumMissing", 400);
    const id = insertAdmin(db, { username: input.username, displayName: input.displayName, passwordHash, mustChangePassword: false }, "self");
    if (consortium?.success) insertConsortium(db, getUser(db, id), consortium.data);
    return { result: { userId: id, sessionId: createSession(db, id, ip).id }, events: [] };
  });
  ctx.config.setupToken = undefined;
  db.$clock.setTimeZone(getConsortium(db).timeZone);
  return done;
}

/**
 * The admin:create script: an administrator with a one-time password he must change at his first sign-in,
 * and the consortium too when the install has none (then `consortium` is required). Works on any install:
 * also the way back in when every admin forgot his password.
 */
export async function createAdminAccount(
  ctx: AppContext,
  input: { username: string; displayName: string; password: string; consortium?: SetupConsortium },
): Promise<number> {
  const { db } = ctx;
  if (!hasConsortium(db) && !input.consortium) throw new DomainError("setupConsortiumMissing", 400);
  const passwordHash = await hashPassword(input.password);
  const userId = commit(ctx, () => {
    const id = insertAdmin(db, { username: input.username, displayName: input.displayName, passwordHash, mustChangePassword: true }, null);
    if (!hasConsortium(db) && input.consortium) insertConsortium(db, null, input.consortium);
    return { result: id, events: [] };
  });
  if (!setupPending(db)) ctx.config.setupToken = undefined;
  return userId;
}
