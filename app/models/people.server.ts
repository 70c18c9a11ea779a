// Who is told: active users by unit and role, for the personal notifications features send after commit.
import type { DB } from "../../db/client";
import { column, placeholders } from "./sql.server";

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
