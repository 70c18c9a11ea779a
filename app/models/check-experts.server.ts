// Who may check a project: every active expert with the reason he may not (conflict of interest first),
// and the reviewer rule applied at each review and signature (a task may have moved to his unit since).
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { all, exists, must, one } from "./sql.server";
import { translate } from "../i18n/catalog";
import { executingUnitIds } from "./check-reads.server";
import { coiConflict, expertRefusal, type CheckRow, type ExpertRefusal } from "./checks";

export type ExpertOption = { id: number; name: string; unitId: number | null; unitName: string | null; refusal: ExpertRefusal | null };

/** Every active expert with the reason he cannot check the project (conflict of interest first), or null. */
export function expertOptions(db: DB, projectId: number): ExpertOption[] {
  const project = must(one<{ leadUserId: number | null }>(db, "SELECT lead_user_id AS leadUserId FROM projects WHERE id = ?", projectId));
  const executing = executingUnitIds(db, projectId);
  const rows = all<{ id: number; name: string; unitId: number | null; unitName: string | null; responsible: number }>(
    db,
    `SELECT u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName,
            EXISTS (SELECT 1 FROM project_experts pe WHERE pe.project_id = ? AND pe.user_id = u.id) AS responsible
     FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'expert' LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE u.active = 1 ORDER BY u.id`,
    projectId,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitId: r.unitId,
    unitName: r.unitName,
    refusal: expertRefusal({ ...r, isExpert: true, responsible: !!r.responsible }, executing, project.leadUserId),
  }));
}

/** Refuses an expert who may not check the project, with the reason as the error (`options`: expertOptions of the project, read once by the caller). */
export function assertEligibleExpert(db: DB, projectId: number, userId: number, options: ExpertOption[] = expertOptions(db, projectId)): void {
  const user = one<{ id: number; name: string; unitId: number | null; unitName: string | null }>(
    db,
    `SELECT u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName FROM users u LEFT JOIN member_units m ON m.id = u.unit_id WHERE u.id = ? AND u.active = 1`,
    userId,
  );
  if (!user) throw notFound();
  const option = options.find((o) => o.id === userId);
  const refusal = option ? option.refusal : "not_expert";
  if (refusal === "executing_unit") throw new DomainError("checkCoiUnit", 403, { name: user.name, unit: user.unitName ?? "" });
  if (refusal === "project_lead") throw new DomainError("checkCoiLead", 403, { name: user.name });
  if (refusal === "not_expert") throw new DomainError("checkNotExpert", 400, { name: user.name });
  if (refusal === "not_responsible") throw new DomainError("checkExpertNotResponsible", 400, { name: user.name });
}

/**
 * Only an assigned expert reviews and signs, with the grant for the project (sign:check own-project), and
 * the conflict-of-interest rule is checked again now (a task may have moved to his unit since).
 */
export function assertReviewer(db: DB, actor: Actor, check: CheckRow): void {
  assertCan(actor, "sign", "check", { projectId: check.projectId });
  if (!exists(db, "SELECT 1 FROM check_experts WHERE check_id = ? AND user_id = ?", check.id, actor.id)) throw new DomainError("checkNotAssigned", 403);
  const coi = coiConflict(actor, executingUnitIds(db, check.projectId), check.leadUserId);
  if (coi === "executing_unit") throw new DomainError("checkCoiUnit", 403, { name: actor.displayName, unit: actor.unitName ?? "" });
  if (coi === "project_lead") throw new DomainError("checkCoiLead", 403, { name: actor.displayName });
}

/** Null when the actor may review and sign the check, else why not (in his language). */
export function reviewRefusal(db: DB, actor: Actor, check: CheckRow): string | null {
  try {
    assertReviewer(db, actor, check);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return translate(actor.locale, `errors.${err.code}`, err.details as Record<string, string | number>);
    throw err;
  }
}
