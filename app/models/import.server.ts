// The Excel import's second half: the plan a worker made (import-plan.server.ts) committed in ONE bulk
// transaction through the write kernel, with the same model functions the task dialog and the indicator
// form use (insertTask, applyTaskChange, insertIndicator, reviseIndicator), so every row is audited; each
// board touched gets one reload event instead of an event per row. The server runs it in a worker thread
// on its own connection (`confirmImport`, server/jobs/handlers.ts) and publishes on the main thread. The plan was read from a snapshot: a task or indicator that changed since is refused as stale,
// and the whole import with it.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { commit, recordChange, transact, type Bulk, type ToPublish, type Written } from "./write.server";
import { boardsOf } from "./boards.server";
import { syncTaskProgress } from "./progress.server";
import { all, column, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { applyTaskChange, getTask, insertTask } from "./tasks.server";
import { insertIndicator, reviseIndicator } from "./indicator-writes.server";
import { getIndicator } from "./indicators.server";

const declaredRange = (db: DB, id: number) => {
  const { min, max } = getIndicator(db, id);
  return { min, max };
};
import { assertTaskNotFrozen } from "./responsibility-freeze.server";
import { FROZEN_TASK_FIELDS } from "./responsibility";
import { findCycle } from "./task-graph";
import { planImport, type ImportInput, type ImportPlan, type TaskOp } from "./import-plan.server";
import { previewOf, type ImportPreview } from "./import-view";
import { deliverInbox, type DeliveryConfig } from "./outbox.server";
import type { Told } from "./inbox.server";

export type ImportResult = { tasks: { created: number; updated: number }; indicators: { created: number; updated: number } };

/** Who may open the import at all; each row is then checked against the actor's scope. */
export const mayImport = (actor: Actor) => actor.permissions.some((p) => p.startsWith("create:task:"));

function applyTask(db: DB, actor: Actor, op: TaskOp): number {
  const target = { unitId: op.fields.ownerUnitId, projectId: op.projectId };
  if (op.id == null) {
    assertCan(actor, "create", "task", target);
    return insertTask(db, actor, { projectId: op.projectId, ...op.fields, status: "not_started" }, "import", op.code).row.id;
  }
  const current = getTask(db, op.id);
  if (current.version !== op.version || current.archivedAt) throw new DomainError("importStale", 409, { code: op.code });
  assertCan(actor, "update", "task", { unitId: current.ownerUnitId, projectId: current.projectId });
  assertCan(actor, "update", "task", target);
  const fields = op.changes.filter((f) => f !== "predecessors") as (keyof TaskOp["fields"])[];
  assertTaskNotFrozen(db, current, op.fields, fields.filter((f) => (FROZEN_TASK_FIELDS as readonly string[]).includes(f)));
  const patch = Object.fromEntries(fields.map((f) => [f, op.fields[f]]));
  applyTaskChange(db, actor, op.id, patch, "import");
  return op.id;
}

/** Replaces a task's predecessors (finish-to-start links), audited as one change of the task's links; its boards (the battle map) reload. */
function setPredecessors(db: DB, actor: Actor, task: { id: number; projectId: number }, predecessorIds: number[]): void {
  const before = column<number>(db, "SELECT predecessor_id FROM task_dependencies WHERE successor_id = ? ORDER BY predecessor_id", task.id);
  run(db, "DELETE FROM task_dependencies WHERE successor_id = ?", task.id);
  for (const p of predecessorIds) run(db, "INSERT INTO task_dependencies (predecessor_id, successor_id) VALUES (?, ?)", p, task.id);
  recordChange(db, { entity: "task_dependency", id: task.id, action: "import", by: actor, before: { predecessors: before }, after: { predecessors: [...predecessorIds].sort((a, b) => a - b) }, boards: boardsOf(task.projectId) });
}

/**
 * The import's writes, inside the caller's bulk transaction (`commit` or `transact` with `IMPORT_BULK`):
 * tasks first (so predecessors and indicators can name the new ones), then the links (checked again for
 * cycles over the whole graph), then the indicators, then each touched task's progress once. All or nothing.
 */
function writeImport(db: DB, actor: Actor, plan: ImportPlan): Written<ImportResult> {
  if (!mayImport(actor)) throw new DomainError("forbidden", 403, { action: "import", entity: "task" });
  if (plan.issues.length) throw new DomainError("importHasErrors", 400, { count: plan.issues.length });
  const idOf = new Map<string, number>(all<{ k: string; id: number }>(db, "SELECT project_id || ':' || code AS k, id FROM tasks WHERE archived_at IS NULL").map((r) => [r.k, r.id]));
  const result: ImportResult = { tasks: { created: 0, updated: 0 }, indicators: { created: 0, updated: 0 } };
  for (const op of plan.tasks) {
    idOf.set(op.key, applyTask(db, actor, op));
    result.tasks[op.id == null ? "created" : "updated"]++;
  }
  for (const op of plan.tasks) {
    if (!op.predecessors) continue;
    const ids = op.predecessors.map((k) => idOf.get(k));
    if (ids.some((id) => id == null)) throw new DomainError("importStale", 409, { code: op.code });
    setPredecessors(db, actor, { id: idOf.get(op.key)!, projectId: op.projectId }, ids as number[]);
  }
  if (plan.tasks.some((o) => o.predecessors)) {
    const edges = all<{ predecessor: number; successor: number }>(db, "SELECT predecessor_id AS predecessor, successor_id AS successor FROM task_dependencies");
    if (findCycle(edges)) throw new DomainError("importStale", 409, { code: "" });
  }
  const touched = new Set<number>();
  for (const op of plan.indicators) {
    const taskId = idOf.get(op.taskKey);
    if (taskId == null) throw new DomainError("importStale", 409, { code: op.taskKey });
    const batch = { syncProgress: false };
    const { row } =
      op.id == null
        ? insertIndicator(db, actor, { projectId: op.projectId, taskId, ...op.fields }, "import", batch)
        : // The sheet has no range columns: an updated indicator keeps its declared min/max.
          reviseIndicator(db, actor, { id: op.id, version: op.version!, ...op.fields, ...declaredRange(db, op.id) }, "import", batch);
    if (row.taskId != null) touched.add(row.taskId);
    result.indicators[op.id == null ? "created" : "updated"]++;
  }
  for (const taskId of touched) syncTaskProgress(db, actor, taskId);
  // A bulk write: the boards hear of it as one reload each (transact), not thousands of row events.
  return { result, events: [] };
}

const importBulk = (actor: Actor): Bulk => ({ by: actor, action: "import" });

/** Commits a plan without errors on this thread (tests, scripts): the write and its publishing. */
export function commitImport(ctx: AppContext, actor: Actor, plan: ImportPlan): ImportResult {
  return commit(ctx, () => writeImport(ctx.db, actor, plan), { bulk: importBulk(actor) });
}

export type ConfirmInput = ImportInput & { digest: string | undefined; delivery: DeliveryConfig };
export type ConfirmOutput = { preview: ImportPreview; committed: ({ result: ImportResult } & ToPublish) | null };

/**
 * The confirm, in a worker thread on its own read-write connection (server/jobs/handlers.ts): the file is
 * planned again first (reads, before BEGIN, so the write lock is held only for the writes), and committed
 * only if the plan is still the one the user previewed. The transaction goes through the write kernel
 * (`transact`), the outbox rows with it; the main thread publishes what it returns (`publish`).
 */
export async function confirmImport(db: DB, input: ConfirmInput, beforeWrite: () => Promise<void>): Promise<ConfirmOutput> {
  const plan = await planImport(db, input);
  const preview = previewOf(plan);
  if (plan.digest !== input.digest || plan.issues.length) return { preview, committed: null };
  await beforeWrite(); // the main thread now holds its own writes until this transaction ends
  const ctx = { db, deliver: (told: Told[]) => deliverInbox({ db, config: input.delivery }, told) };
  return { preview, committed: transact(ctx, () => writeImport(db, input.actor, plan), { bulk: importBulk(input.actor) }) };
}
