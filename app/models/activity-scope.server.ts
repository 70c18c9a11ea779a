// Where an audited change shows in the activity feeds, decided once, when it is written (the write kernel
// calls this in the change's transaction): the project it belongs to, so a project's feed and a reader's
// project filter are one indexed lookup at any size of the trail, and the unit a row is private to. The
// feeds' read rules (activity.server.ts) work on these two columns only.
import type { DB } from "../../db/client";
import { projectOfBoard } from "./boards.server";
import { run, scalar } from "./sql.server";

type Obj = Record<string, unknown>;
const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);

/**
 * Rows only their unit may read (and who reads all of that kind, see activity.server.ts): a 提示/督办
 * issued to a unit, as the notices page shows them. Entity -> the row's field naming the unit.
 */
export const PRIVATE_TO_UNIT: Readonly<Record<string, string>> = { notice: "unitId" };

/** Writes the feed row of audit row `auditId` (a change told to `boards`; `row` is the row after it, or before a removal). */
export function recordActivityScope(db: DB, auditId: number, c: { entity: string; boards: string[]; row: unknown }): void {
  const row = (c.row && typeof c.row === "object" ? c.row : {}) as Obj;
  const board = c.boards.map(projectOfBoard).find((p) => p != null) ?? null;
  // A change told only on the consortium board may still be a project's (a 提示/督办 on one of its tasks).
  const taskId = num(row.taskId);
  const projectId = board ?? num(row.projectId) ?? (taskId != null ? scalar<number>(db, "SELECT project_id FROM tasks WHERE id = ?", taskId) ?? null : null);
  const field = PRIVATE_TO_UNIT[c.entity];
  const unitId = field ? num(row[field]) : null;
  run(db, "INSERT INTO activity_scope (audit_id, project_id, unit_id) VALUES (?, ?, ?)", auditId, projectId, unitId);
}
