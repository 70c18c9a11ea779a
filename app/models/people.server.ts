// Who is told: active users by unit and role, for the personal notifications features send after commit.
import type { DB } from "../../db/client";
import { column, one, placeholders } from "./sql.server";
import type { Grantee, Role } from "./permissions";

/** Active users of a unit holding one of the roles. */
export const usersOfUnit = (db: DB, unitId: number, roles: readonly string[]): number[] =>
  column<number>(
    db,
    `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE u.unit_id = ? AND u.active = 1 AND r.role IN (${placeholders(roles)}) ORDER BY u.id`,
    unitId,
    ...roles,
  );

/** Active users holding a role, whatever their unit. */
export const usersWithRole = (db: DB, role: string): number[] =>
  column<number>(db, "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ? WHERE u.active = 1 ORDER BY u.id", role);

/** A user's roles and grants as the permission checks read them (the projects he leads or supervises). */
export function grantsOf(db: DB, userId: number): Pick<Grantee, "permissions" | "projectIds"> & { roles: Role[] } {
  return {
    roles: column<Role>(db, "SELECT role FROM user_roles WHERE user_id = ?", userId),
    permissions: column<string>(db, "SELECT DISTINCT p.permission FROM role_permissions p JOIN user_roles r ON r.role = p.role WHERE r.user_id = ?", userId),
    projectIds: column<number>(db, "SELECT id FROM projects WHERE lead_user_id = @id UNION SELECT project_id FROM project_experts WHERE user_id = @id", { id: userId }),
  };
}

/** Another active user as the permission checks see him (who may be told of, or mentioned on, an item); null if inactive or unknown. */
export function granteeOf(db: DB, userId: number): (Grantee & { displayName: string }) | null {
  const u = one<{ id: number; unitId: number | null; displayName: string }>(db, "SELECT id, unit_id AS unitId, display_name AS displayName FROM users WHERE id = ? AND active = 1", userId);
  return u ? { ...u, ...grantsOf(db, userId) } : null;
}
