// Users and role assignment. A change of unit, roles or active flag evicts the user's sockets at once,
// so a removed user cannot keep listening to boards; deactivation also ends his sessions.
import * as z from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { users } from "../../db/schema";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { hashPassword } from "./auth.server";
import { DomainError, notFound } from "./errors";
import { CONSORTIUM_ROLES, type Role } from "./permissions";
import { passwordResetSchema, userCreateSchema, userUpdateSchema } from "./users";

export type UserRow = {
  id: number;
  username: string;
  displayName: string;
  unitId: number | null;
  unitName: string | null;
  outsideBodyId: number | null;
  outsideBodyName: string | null;
  title: string;
  email: string;
  phone: string;
  active: boolean;
  roles: Role[];
  version: number;
};

const SELECT = `SELECT u.id, u.username, u.display_name AS displayName, u.unit_id AS unitId, m.short_name AS unitName,
  u.outside_body_id AS outsideBodyId, o.name AS outsideBodyName, u.title, u.email, u.phone, u.active, u.version,
  (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
  FROM users u LEFT JOIN member_units m ON m.id = u.unit_id LEFT JOIN outside_bodies o ON o.id = u.outside_body_id`;

type Raw = Omit<UserRow, "active" | "roles"> & { active: number; roles: string | null };

const toUser = (r: Raw): UserRow => ({ ...r, active: !!r.active, roles: r.roles ? (r.roles.split(",") as Role[]) : [] });

export const listUsers = (db: DB): UserRow[] => all<Raw>(db, `${SELECT} ORDER BY u.active DESC, m.id IS NULL, m.id, u.id`).map(toUser);

export const getUser = (db: DB, id: number): UserRow => toUser(must(one<Raw>(db, `${SELECT} WHERE u.id = ?`, id)));

export const outsideBodyOptions = (db: DB) => all<{ id: number; name: string; kind: string }>(db, "SELECT id, name, kind FROM outside_bodies ORDER BY id");

/** Active users, for owner pickers. */
export const userOptions = (db: DB) =>
  all<{ id: number; displayName: string; unitId: number | null }>(db, "SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 ORDER BY unit_id, id");

export { passwordResetSchema, userCreateSchema, userUpdateSchema };

function assertRefs(db: DB, input: { unitId?: number; outsideBodyId?: number }) {
  if (input.unitId && !exists(db, "SELECT 1 FROM member_units WHERE id = ?", input.unitId)) throw notFound();
  if (input.outsideBodyId && !exists(db, "SELECT 1 FROM outside_bodies WHERE id = ?", input.outsideBodyId)) throw notFound();
}

function setRoles(db: DB, userId: number, roles: Role[]) {
  run(db, "DELETE FROM user_roles WHERE user_id = ?", userId);
  for (const r of new Set(roles)) run(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", userId, r);
}

/**
 * Who grants what: consortium-wide roles (CONSORTIUM_ROLES) are given, taken back, or their holders
 * deactivated only by an admin; the secretariat manages the other roles of members' accounts.
 */
export function assertMayGrant(actor: Actor, before: { roles: Role[]; active: boolean }, after: { roles: Role[]; active: boolean }) {
  if (actor.roles.includes("admin")) return;
  const changed = CONSORTIUM_ROLES.some((r) => before.roles.includes(r) !== after.roles.includes(r));
  const deactivatesHolder = before.active && !after.active && before.roles.some((r) => CONSORTIUM_ROLES.includes(r));
  if (changed || deactivatesHolder) throw new DomainError("roleAdminOnly", 403);
}

export async function createUser(ctx: AppContext, actor: Actor, input: z.infer<typeof userCreateSchema>): Promise<UserRow> {
  assertCan(actor, "create", "user");
  assertMayGrant(actor, { roles: [], active: false }, { roles: input.roles, active: true });
  const passwordHash = await hashPassword(input.password);
  return commit(ctx, () => insertUser(ctx.db, actor, input, { passwordHash, mustChange: false }));
}

export type UserFields = Omit<z.infer<typeof userCreateSchema>, "password">;

/**
 * Inserts and audits a user inside the caller's transaction (the admin's form, or the import with a
 * one-time password the user must replace at his first sign-in, as after an admin's reset).
 */
export function insertUser(db: DB, actor: Actor, input: UserFields, password: { passwordHash: string; mustChange: boolean }): { result: UserRow; events: BoardEvent[] } {
  assertMayGrant(actor, { roles: [], active: false }, { roles: input.roles, active: true });
  if (exists(db, "SELECT 1 FROM users WHERE username = ? COLLATE NOCASE", input.username)) throw new DomainError("usernameTaken", 400);
  assertRefs(db, input);
  const id = insert(
    db,
    `INSERT INTO users (username, display_name, password_hash, unit_id, outside_body_id, title, email, phone, must_change_password, created_at, password_changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, @now, @now)`,
    input.username, input.displayName, password.passwordHash, input.unitId ?? null, input.outsideBodyId ?? null, input.title, input.email, input.phone, password.mustChange ? 1 : 0, { now: db.$clock.nowIso() },
  );
  setRoles(db, id, input.roles);
  const after = getUser(db, id);
  return { result: after, events: recordChange(db, { entity: "user", id, action: "create", by: actor, before: null, after, boards: [] }) };
}

export function updateUser(ctx: AppContext, actor: Actor, input: z.infer<typeof userUpdateSchema>): UserRow {
  assertCan(actor, "update", "user");
  const { db } = ctx;
  const { before, row } = commit(ctx, () => {
    const before = getUser(db, input.id);
    assertVersion(before, input.version, before);
    const { row, events } = writeUser(db, actor, before, input);
    return { result: { before, row }, events };
  });
  if (rightsChanged(before, row)) ctx.realtime.evictUser(row.id);
  return row;
}

/** Whether a user's sockets must be dropped after a change (his unit, roles or active flag). */
export const rightsChanged = (before: UserRow, row: UserRow) =>
  before.unitId !== row.unitId || before.active !== row.active || before.roles.slice().sort().join() !== row.roles.slice().sort().join();

/** Writes a user's fields and roles at the version read, audited as `user.update`, inside the caller's transaction. */
export function writeUser(db: DB, actor: Actor, before: UserRow, input: Omit<z.infer<typeof userUpdateSchema>, "id" | "version">): { row: UserRow; events: BoardEvent[] } {
  assertMayGrant(actor, before, input);
  if (before.id === actor.id && !input.active) throw new DomainError("selfDeactivate", 400);
  assertRefs(db, input);
  updateVersioned(db, users, before.id, before.version, {
    displayName: input.displayName,
    unitId: input.unitId ?? null,
    outsideBodyId: input.outsideBodyId ?? null,
    title: input.title,
    email: input.email,
    phone: input.phone,
    active: input.active,
  });
  setRoles(db, before.id, input.roles);
  const admins = scalar<number>(db, "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'admin' AND u.active = 1")!;
  if (admins === 0) throw new DomainError("lastAdmin", 400);
  if (!input.active) run(db, "DELETE FROM sessions WHERE user_id = ?", before.id);
  const row = getUser(db, before.id);
  return { row, events: recordChange(db, { entity: "user", id: before.id, action: "update", by: actor, before, after: row, boards: [] }) };
}

/**
 * An admin's (or the secretariat's) reset of a forgotten password: the temporary password works once, for
 * choosing a new one (every page leads to /account until then); the user's sessions end at once. Only an
 * admin resets a holder of a consortium-wide role, as only he grants those roles; nobody resets his own.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, input: z.infer<typeof passwordResetSchema>): Promise<void> {
  assertCan(actor, "update", "user");
  if (input.id === actor.id) throw new DomainError("resetSelf", 400);
  const passwordHash = await hashPassword(input.password);
  const { db } = ctx;
  commit(ctx, () => {
    const before = getUser(db, input.id);
    if (!actor.roles.includes("admin") && before.roles.some((r) => CONSORTIUM_ROLES.includes(r))) throw new DomainError("resetAdminOnly", 403);
    assertVersion(before, input.version, before);
    updateVersioned(db, users, before.id, before.version, { passwordHash, passwordChangedAt: db.$clock.nowIso(), mustChangePassword: true });
    run(db, "DELETE FROM sessions WHERE user_id = ?", before.id);
    return { result: undefined, events: recordChange(db, { entity: "password", id: before.id, action: "reset", by: actor, before: null, after: null, boards: [], audit: { entity: "user" } }) };
  });
  ctx.realtime.evictUser(input.id);
}
