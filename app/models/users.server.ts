// Users and role assignment. A change of unit, roles or active flag evicts the user's sockets at once,
// so a removed user cannot keep listening to boards; deactivation also ends his sessions.
import { z } from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { assertCan, assertVersion } from "./guard.server";
import { appendAudit } from "./audit.server";
import { hashPassword } from "./auth.server";
import { DomainError, notFound } from "./errors";
import { CONSORTIUM_ROLES, type Role } from "./permissions";
import { userCreateSchema, userUpdateSchema } from "./users";

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

const toUser = (r: Record<string, unknown>): UserRow =>
  ({ ...r, active: !!r.active, roles: r.roles ? String(r.roles).split(",") : [] }) as UserRow;

export function listUsers(db: DB): UserRow[] {
  return (db.$client.prepare(`${SELECT} ORDER BY u.active DESC, m.id IS NULL, m.id, u.id`).all() as Record<string, unknown>[]).map(toUser);
}

export function getUser(db: DB, id: number): UserRow {
  const row = db.$client.prepare(`${SELECT} WHERE u.id = ?`).get(id) as Record<string, unknown> | undefined;
  if (!row) throw notFound();
  return toUser(row);
}

export function outsideBodyOptions(db: DB) {
  return db.$client.prepare("SELECT id, name, kind FROM outside_bodies ORDER BY id").all() as { id: number; name: string; kind: string }[];
}

/** Users of a unit (or all), for owner pickers. */
export function userOptions(db: DB): { id: number; displayName: string; unitId: number | null }[] {
  return db.$client
    .prepare("SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 ORDER BY unit_id, id")
    .all() as { id: number; displayName: string; unitId: number | null }[];
}

export { userCreateSchema, userUpdateSchema };

function assertRefs(db: DB, input: { unitId?: number; outsideBodyId?: number }) {
  if (input.unitId && !db.$client.prepare("SELECT 1 FROM member_units WHERE id = ?").get(input.unitId)) throw notFound();
  if (input.outsideBodyId && !db.$client.prepare("SELECT 1 FROM outside_bodies WHERE id = ?").get(input.outsideBodyId)) throw notFound();
}

function setRoles(db: DB, userId: number, roles: Role[]) {
  db.$client.prepare("DELETE FROM user_roles WHERE user_id = ?").run(userId);
  const ins = db.$client.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
  for (const r of new Set(roles)) ins.run(userId, r);
}

/**
 * Who grants what: consortium-wide roles (CONSORTIUM_ROLES) are given, taken back, or their holders
 * deactivated only by an admin; the secretariat manages the other roles of members' accounts.
 */
function assertMayGrant(actor: Actor, before: { roles: Role[]; active: boolean }, after: { roles: Role[]; active: boolean }) {
  if (actor.roles.includes("admin")) return;
  const changed = CONSORTIUM_ROLES.some((r) => before.roles.includes(r) !== after.roles.includes(r));
  const deactivatesHolder = before.active && !after.active && before.roles.some((r) => CONSORTIUM_ROLES.includes(r));
  if (changed || deactivatesHolder) throw new DomainError("roleAdminOnly", 403);
}

export async function createUser(ctx: AppContext, actor: Actor, input: z.infer<typeof userCreateSchema>): Promise<UserRow> {
  assertCan(actor, "create", "user");
  assertMayGrant(actor, { roles: [], active: false }, { roles: input.roles, active: true });
  const passwordHash = await hashPassword(input.password);
  const { db } = ctx;
  return db.transaction(() => {
    if (db.$client.prepare("SELECT 1 FROM users WHERE username = ? COLLATE NOCASE").get(input.username)) {
      throw new DomainError("usernameTaken", 400);
    }
    assertRefs(db, input);
    const { lastInsertRowid } = db.$client
      .prepare(
        `INSERT INTO users (username, display_name, password_hash, unit_id, outside_body_id, title, email, phone, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, @now, @now)`,
      )
      .run(input.username, input.displayName, passwordHash, input.unitId ?? null, input.outsideBodyId ?? null, input.title, input.email, input.phone, { now: db.$clock.nowIso() });
    const id = Number(lastInsertRowid);
    setRoles(db, id, input.roles);
    const after = getUser(db, id);
    appendAudit(db, { userId: actor.id, action: "user.create", entity: "user", entityId: id, after });
    return after;
  });
}

export function updateUser(ctx: AppContext, actor: Actor, input: z.infer<typeof userUpdateSchema>): UserRow {
  assertCan(actor, "update", "user");
  const { db } = ctx;
  const after = db.transaction(() => {
    const before = getUser(db, input.id);
    assertVersion(before, input.version, before);
    assertMayGrant(actor, before, input);
    if (input.id === actor.id && !input.active) throw new DomainError("selfDeactivate", 400);
    assertRefs(db, input);
    db.$client
      .prepare(
        `UPDATE users SET display_name=?, unit_id=?, outside_body_id=?, title=?, email=?, phone=?, active=?, version = version + 1 WHERE id = ?`,
      )
      .run(input.displayName, input.unitId ?? null, input.outsideBodyId ?? null, input.title, input.email, input.phone, input.active ? 1 : 0, input.id);
    setRoles(db, input.id, input.roles);
    const admins = db.$client
      .prepare("SELECT count(*) AS n FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'admin' AND u.active = 1")
      .get() as { n: number };
    if (admins.n === 0) throw new DomainError("lastAdmin", 400);
    if (!input.active) db.$client.prepare("DELETE FROM sessions WHERE user_id = ?").run(input.id);
    const row = getUser(db, input.id);
    appendAudit(db, { userId: actor.id, action: "user.update", entity: "user", entityId: input.id, before, after: row });
    return { before, row };
  });
  const { before, row } = after;
  const rightsChanged =
    before.unitId !== row.unitId || before.active !== row.active || before.roles.slice().sort().join() !== row.roles.slice().sort().join();
  if (rightsChanged) ctx.realtime.evictUser(row.id);
  return row;
}
