// The Excel import's second half, on the main thread: the plan a worker made (import-plan.server.ts)
// committed in ONE transaction through the write kernel, with the same model functions the task dialog
// and the indicator form use (insertTask, applyTaskChange, insertIndicator, reviseIndicator), so every row
// is audited and every board hears of it live. The plan was read from a snapshot: a task or indicator
// that changed since is refused as stale, and the whole import with it.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { commit, recordChange } from "./write.server";
import { all, column, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { applyTaskChange, getTask, insertTask } from "./tasks.server";
import { insertIndicator, reviseIndicator } from "./indicator-writes.server";
import { assertTaskNotFrozen } from "./responsibility-freeze.server";
import { FROZEN_TASK_FIELDS } from "./responsibility";
import { findCycle } from "./task-graph";
import type { ImportPlan, TaskOp } from "./import-plan.server";

export type ImportResult = { tasks: { created: number; updated: number }; indicators: { created: number; updated: number } };

/** Who may open the import at all; each row is then checked against the actor's scope. */
export const mayImport = (actor: Actor) => actor.permissions.some((p) => p.startsWith("create:task:"));

function applyTask(db: DB, actor: Actor, op: TaskOp): { id: number; events: BoardEvent[] } {
  const target = { unitId: op.fields.ownerUnitId, projectId: op.projectId };
  if (op.id == null) {
    assertCan(actor, "create", "task", target);
    const { row, events } = insertTask(db, actor, { projectId: op.projectId, ...op.fields, status: "not_started" }, "import", op.code);
    return { id: row.id, events };
  }
  const current = getTask(db, op.id);
  if (current.version !== op.version || current.archivedAt) throw new DomainError("importStale", 409, { code: op.code });
  assertCan(actor, "update", "task", { unitId: current.ownerUnitId, projectId: current.projectId });
  assertCan(actor, "update", "task", target);
  const fields = op.changes.filter((f) => f !== "predecessors") as (keyof TaskOp["fields"])[];
  assertTaskNotFrozen(db, current, op.fields, fields.filter((f) => (FROZEN_TASK_FIELDS as readonly string[]).includes(f)));
  const patch = Object.fromEntries(fields.map((f) => [f, op.fields[f]]));
  return { id: op.id, events: applyTaskChange(db, actor, op.id, patch, "import").events };
}

/** Replaces a task's predecessors (finish-to-start links), audited as one change of the task's links. */
function setPredecessors(db: DB, actor: Actor, taskId: number, predecessorIds: number[]): void {
  const before = column<number>(db, "SELECT predecessor_id FROM task_dependencies WHERE successor_id = ? ORDER BY predecessor_id", taskId);
  run(db, "DELETE FROM task_dependencies WHERE successor_id = ?", taskId);
  for (const p of predecessorIds) run(db, "INSERT INTO task_dependencies (predecessor_id, successor_id) VALUES (?, ?)", p, taskId);
  recordChange(db, { entity: "task_dependency", id: taskId, action: "import", by: actor, before: { predecessors: before }, after: { predecessors: [...predecessorIds].sort((a, b) => a - b) }, boards: [] });
}

/**
 * Commits a plan without errors: tasks first (so predecessors and indicators can name the new ones), then
 * the links (checked again for cycles over the whole graph), then the indicators. All or nothing.
 */
export function commitImport(ctx: AppContext, actor: Actor, plan: ImportPlan): ImportResult {
  if (!mayImport(actor)) throw new DomainError("forbidden", 403, { action: "import", entity: "task" });
  if (plan.issues.length) throw new DomainError("importHasErrors", 400, { count: plan.issues.length });
  const { db } = ctx;
  return commit(ctx, () => {
    const events: BoardEvent[] = [];
    const idOf = new Map<string, number>(all<{ k: string; id: number }>(db, "SELECT project_id || ':' || code AS k, id FROM tasks WHERE archived_at IS NULL").map((r) => [r.k, r.id]));
    const result: ImportResult = { tasks: { created: 0, updated: 0 }, indicators: { created: 0, updated: 0 } };
    for (const op of plan.tasks) {
      const r = applyTask(db, actor, op);
      idOf.set(op.key, r.id);
      events.push(...r.events);
      result.tasks[op.id == null ? "created" : "updated"]++;
    }
    for (const op of plan.tasks) {
      if (!op.predecessors) continue;
      const ids = op.predecessors.map((k) => idOf.get(k));
      if (ids.some((id) => id == null)) throw new DomainError("importStale", 409, { code: op.code });
      setPredecessors(db, actor, idOf.get(op.key)!, ids as number[]);
    }
    if (plan.tasks.some((o) => o.predecessors)) {
      const edges = all<{ predecessor: number; successor: number }>(db, "SELECT predecessor_id AS predecessor, successor_id AS successor FROM task_dependencies");
      if (findCycle(edges)) throw new DomainError("importStale", 409, { code: "" });
    }
    for (const op of plan.indicators) {
      const taskId = idOf.get(op.taskKey);
      if (taskId == null) throw new DomainError("importStale", 409, { code: op.taskKey });
      const r =
        op.id == null
          ? insertIndicator(db, actor, { projectId: op.projectId, taskId, ...op.fields }, "import")
          : reviseIndicator(db, actor, { id: op.id, version: op.version!, ...op.fields }, "import");
      events.push(...r.events);
      result.indicators[op.id == null ? "created" : "updated"]++;
    }
    return { result, events };
  });
}
