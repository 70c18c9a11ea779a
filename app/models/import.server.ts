// The Excel import's second half: the plan a worker made (import-plan.server.ts) committed in ONE bulk
// transaction through the write kernel, with the same model functions the task dialog and the indicator
// form use (insertTask, applyTaskChange, insertIndicator, reviseIndicator), so every row is audited; each
// board touched gets one reload event instead of an event per row. The server runs it in a worker thread
// on its own connection (`confirmImport`, server/jobs/handlers.ts) and publishes on the main thread. The plan was read from a snapshot: a task or indicator that changed since is refused as stale,
// and the whole import with it.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { commit, publish, recordChange, transact, type Bulk, type ToPublish, type Written } from "./write.server";
import { boardsOf } from "./boards.server";
import { syncTaskProgress } from "./progress.server";
import { all, column, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { applyTaskChange, getTask, insertTask } from "./tasks.server";
import { assertUniqueName, getUnit, insertUnit, unitColumns, writeUnit } from "./units.server";
import { getUser, insertUser, rightsChanged, writeUser } from "./users.server";
import { hashPassword, hashPasswordSync, temporaryPassword } from "./auth.server";
import { canSome } from "./permissions";
import { IMPORT_SHEETS, SHEET_PERMISSION, type ImportSheet } from "./import-sheet";
import { insertIndicator, reviseIndicator } from "./indicator-writes.server";
import { getIndicator } from "./indicators.server";

const declaredRange = (db: DB, id: number) => {
  const { min, max } = getIndicator(db, id);
  return { min, max };
};
import { assertTaskNotFrozen } from "./responsibility-freeze.server";
import { FROZEN_TASK_FIELDS } from "./responsibility";
import { findCycle } from "./task-graph";
import { planImport, type ImportInput, type ImportPlan, type IndicatorOp, type TaskOp } from "./import-plan.server";
import { previewOf, type ImportPreview } from "./import-view";
import { deliverInbox, type DeliveryConfig } from "./outbox.server";
import type { Told } from "./inbox.server";

type Counts = { created: number; updated: number };
/** A new user's one-time password, shown once to the importer and stored only as a hash. */
export type InitialPassword = { username: string; displayName: string; password: string };
export type ImportResult = { units: Counts; users: Counts & { passwords: InitialPassword[] }; tasks: Counts; indicators: Counts };

/** The sheets a person may import (`import:<entity>` grants, permissions.ts): units and users the admin's, tasks and indicators the secretariat's and project leads'. */
export const importableSheets = (actor: Actor): ImportSheet[] => IMPORT_SHEETS.filter((k) => canSome(actor, "import", SHEET_PERMISSION[k]));

/** Who may open the import at all; each row is then checked against the actor's scope. */
export const mayImport = (actor: Actor) => importableSheets(actor).length > 0;

/** Hashes of the new users' one-time passwords, by username (made before the write transaction: hashing is slow). */
export type Secrets = Map<string, { password: string; hash: string }>;

async function secretsFor(plan: ImportPlan): Promise<Secrets> {
  const out: Secrets = new Map();
  for (const op of plan.users.filter((o) => o.id == null)) {
    const password = temporaryPassword();
    out.set(op.fields.username, { password, hash: await hashPassword(password) });
  }
  return out;
}

/** Ids of what this import creates, for the rows that name them by placeholder (import-plan.server.ts `newUnitRef`). */
type Refs = Map<number, number>;
const resolve = (refs: Refs, id: number | null | undefined, code: string): number | null => {
  if (id == null || id > 0) return id ?? null;
  const real = refs.get(id);
  if (real == null) throw new DomainError("importStale", 409, { code });
  return real;
};

/** Units first (users and tasks name them); an update only at the version the plan read. */
function applyUnits(db: DB, actor: Actor, plan: ImportPlan, refs: Refs, result: ImportResult) {
  for (const op of plan.units) {
    assertCan(actor, "import", "unit");
    if (op.id == null) {
      assertCan(actor, "create", "unit");
      refs.set(op.ref, insertUnit(db, actor, op.fields, []).row.id);
      result.units.created++;
      continue;
    }
    assertCan(actor, "update", "unit");
    const before = getUnit(db, op.id);
    if (before.version !== op.version) throw new DomainError("importStale", 409, { code: before.name });
    assertUniqueName(db, op.fields.name, op.id);
    writeUnit(db, actor, before, unitColumns(op.fields), []);
    result.units.updated++;
  }
}

/** Users next: a new one gets his one-time password and must choose his own at the first sign-in (as after a reset). */
function applyUsers(db: DB, actor: Actor, plan: ImportPlan, refs: Refs, secrets: Secrets, result: ImportResult): number[] {
  const evict: number[] = [];
  for (const op of plan.users) {
    assertCan(actor, "import", "user");
    const fields = { ...op.fields, unitId: resolve(refs, op.fields.unitId, op.fields.username) ?? undefined };
    if (op.id == null) {
      assertCan(actor, "create", "user");
      const secret = secrets.get(op.fields.username);
      if (!secret) throw new DomainError("importStale", 409, { code: op.fields.username });
      const { result: row } = insertUser(db, actor, fields, { passwordHash: secret.hash, mustChange: true });
      refs.set(op.ref, row.id);
      result.users.passwords.push({ username: row.username, displayName: row.displayName, password: secret.password });
      result.users.created++;
      continue;
    }
    assertCan(actor, "update", "user");
    const before = getUser(db, op.id);
    if (before.version !== op.version) throw new DomainError("importStale", 409, { code: before.username });
    const { row } = writeUser(db, actor, before, { ...fields, active: before.active });
    if (rightsChanged(before, row)) evict.push(row.id);
    result.users.updated++;
  }
  return evict;
}

/** A task or indicator row with the ids of the units and people this import created. */
const resolvedTask = (refs: Refs, op: TaskOp): TaskOp => ({ ...op, fields: { ...op.fields, ownerUnitId: resolve(refs, op.fields.ownerUnitId, op.code)!, ownerUserId: resolve(refs, op.fields.ownerUserId, op.code) } });
const resolvedIndicator = (refs: Refs, op: IndicatorOp): IndicatorOp["fields"] => ({ ...op.fields, responsibleUnitId: resolve(refs, op.fields.responsibleUnitId, op.taskKey)!, responsibleUserId: resolve(refs, op.fields.responsibleUserId, op.taskKey) });

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
function writeImport(db: DB, actor: Actor, plan: ImportPlan, secrets: Secrets): Written<{ result: ImportResult; evict: number[] }> {
  if (!mayImport(actor)) throw new DomainError("forbidden", 403, { action: "import", entity: "task" });
  if (plan.issues.length) throw new DomainError("importHasErrors", 400, { count: plan.issues.length });
  // Each project's rows need the import right on that project (a project lead imports his own lists).
  for (const projectId of new Set([...plan.tasks, ...plan.indicators].map((o) => o.projectId))) assertCan(actor, "import", "task", { projectId });
  const result: ImportResult = { units: { created: 0, updated: 0 }, users: { created: 0, updated: 0, passwords: [] }, tasks: { created: 0, updated: 0 }, indicators: { created: 0, updated: 0 } };
  const refs: Refs = new Map();
  applyUnits(db, actor, plan, refs, result);
  const evict = applyUsers(db, actor, plan, refs, secrets, result);
  const idOf = new Map<string, number>(all<{ k: string; id: number }>(db, "SELECT project_id || ':' || code AS k, id FROM tasks WHERE archived_at IS NULL").map((r) => [r.k, r.id]));
  for (const op of plan.tasks) {
    idOf.set(op.key, applyTask(db, actor, resolvedTask(refs, op)));
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
    const fields = resolvedIndicator(refs, op);
    const { row } =
      op.id == null
        ? insertIndicator(db, actor, { projectId: op.projectId, taskId, ...fields }, "import", batch)
        : // The sheet has no range columns: an updated indicator keeps its declared min/max.
          reviseIndicator(db, actor, { id: op.id, version: op.version!, ...fields, ...declaredRange(db, op.id) }, "import", batch);
    if (row.taskId != null) touched.add(row.taskId);
    result.indicators[op.id == null ? "created" : "updated"]++;
  }
  for (const taskId of touched) syncTaskProgress(db, actor, taskId);
  // A bulk write: the boards hear of it as one reload each (transact), not thousands of row events.
  return { result: { result, evict }, events: [] };
}

const importBulk = (actor: Actor): Bulk => ({ by: actor, action: "import" });

/**
 * Commits a plan without errors on this thread (tests, scripts): the write, its publishing and the sockets
 * of users whose rights changed dropped. New users' passwords are hashed here, synchronously.
 */
export function commitImport(ctx: AppContext, actor: Actor, plan: ImportPlan): ImportResult {
  const secrets: Secrets = new Map(plan.users.filter((o) => o.id == null).map((o) => {
    const password = temporaryPassword();
    return [o.fields.username, { password, hash: hashPasswordSync(password) }];
  }));
  const { result, evict } = commit(ctx, () => writeImport(ctx.db, actor, plan, secrets), { bulk: importBulk(actor) });
  for (const id of evict) ctx.realtime.evictUser(id);
  return result;
}

/** On the main thread, after a worker's confirm committed: the events to their boards, changed users' sockets dropped. */
export function finishImport(ctx: Pick<AppContext, "db" | "realtime">, committed: Committed): ImportResult {
  publish(ctx, committed);
  for (const id of committed.evict) ctx.realtime.evictUser(id);
  return committed.result;
}

export type ConfirmInput = ImportInput & { digest: string | undefined; delivery: DeliveryConfig };
type Committed = { result: ImportResult; evict: number[] } & ToPublish;
export type ConfirmOutput = { preview: ImportPreview; committed: Committed | null };

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
  const secrets = await secretsFor(plan);
  await beforeWrite(); // the main thread now holds its own writes until this transaction ends
  const ctx = { db, deliver: (told: Told[]) => deliverInbox({ db, config: input.delivery }, told) };
  const { result, events, told } = transact(ctx, () => writeImport(db, input.actor, plan, secrets), { bulk: importBulk(input.actor) });
  return { preview, committed: { ...result, events, told } };
}
