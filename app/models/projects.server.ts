// Projects as other features need them: the units taking part in each (the lead unit and the
// project_units rows) and the rule that a task's or an indicator's owner comes from those units.
import type { DB } from "../../db/client";
import { DomainError, notFound } from "./errors";
import { all, column, one } from "./sql.server";

export type ProjectOption = { id: number; code: string; name: string; leadUnitId: number; unitIds: number[] };

/** Projects by code (or the one asked for), each with its participating units, the lead unit first. */
export function projectOptions(db: DB, onlyId?: number): ProjectOption[] {
  const rows =
    onlyId == null
      ? all<Omit<ProjectOption, "unitIds">>(db, "SELECT id, code, name, lead_unit_id AS leadUnitId FROM projects ORDER BY code")
      : all<Omit<ProjectOption, "unitIds">>(db, "SELECT id, code, name, lead_unit_id AS leadUnitId FROM projects WHERE id = ?", onlyId);
  const members =
    onlyId == null
      ? all<{ projectId: number; unitId: number }>(db, "SELECT project_id AS projectId, unit_id AS unitId FROM project_units ORDER BY project_id, unit_id")
      : all<{ projectId: number; unitId: number }>(db, "SELECT project_id AS projectId, unit_id AS unitId FROM project_units WHERE project_id = ? ORDER BY unit_id", onlyId);
  return rows.map((p) => ({
    ...p,
    unitIds: [...new Set([p.leadUnitId, ...members.filter((m) => m.projectId === p.id).map((m) => m.unitId)])],
  }));
}

/** The units taking part in a project (lead unit first); "not found" for an unknown project. */
export function projectUnitIds(db: DB, projectId: number): number[] {
  const p = projectOptions(db, projectId)[0];
  if (!p) throw notFound();
  return p.unitIds;
}

/**
 * The owner unit must take part in the project and still be a member (a unit that left or was de-listed
 * takes no new work), and the owner person must belong to that unit.
 */
export function assertOwnership(db: DB, projectId: number, ownerUnitId: number, ownerUserId: number | null | undefined): void {
  if (!projectUnitIds(db, projectId).includes(ownerUnitId)) throw new DomainError("unitNotInProject", 400);
  const leftOn = one<{ leftOn: string | null }>(db, "SELECT left_on AS leftOn FROM member_units WHERE id = ?", ownerUnitId)?.leftOn;
  if (leftOn != null && leftOn <= db.$clock.today()) throw new DomainError("unitHasLeft", 400);
  assertPersonOfUnit(db, ownerUnitId, ownerUserId);
}

/** The owner person (when named) must belong to the owner unit. */
export function assertPersonOfUnit(db: DB, unitId: number, userId: number | null | undefined): void {
  if (userId == null) return;
  const u = one<{ unitId: number | null }>(db, "SELECT unit_id AS unitId FROM users WHERE id = ?", userId);
  if (!u || u.unitId !== unitId) throw new DomainError("ownerNotInUnit", 400);
}


/** The responsible experts (责任专家) of a project. */
export const projectExperts = (db: DB, projectId: number): number[] => column<number>(db, "SELECT user_id FROM project_experts WHERE project_id = ?", projectId);

/** Responsible experts per project id, for pages that show what each expert may decide. */
export function expertsByProject(db: DB): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const r of all<{ p: number; u: number }>(db, "SELECT project_id AS p, user_id AS u FROM project_experts")) (out[r.p] ??= []).push(r.u);
  return out;
}
