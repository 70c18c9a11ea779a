// Task rows and their writes, from route actions and socket handlers alike: permission check, domain
// rules, then ONE transaction through the write kernel (task row + audit row + board events), published
// after commit. The board page's read model is task-board.server.ts, a task's history task-history.server.ts.
import { generateKeyBetween } from "fractional-indexing";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, insert, must, one, scalar, type SqlParam } from "./sql.server";
import { tasks } from "../../db/schema";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { assertOwnership } from "./projects.server";
import { assertTaskNotFrozen } from "./responsibility-freeze.server";
import { taskHasIndicators } from "./indicators.server";
import type { TaskStatus } from "./domain";
import {
  moveRefusal,
  conflictingFields,
  placeOf,
  EDITABLE_FIELDS,
  type TaskCreateInput,
  type TaskMoveInput,
  type TaskRow,
  type TaskUpdateInput,
} from "./tasks";

const TASK_SELECT = `SELECT id, project_id AS projectId, code, title, description, owner_unit_id AS ownerUnitId, owner_user_id AS ownerUserId,
  start_on AS startOn, due_on AS dueOn, status, position, progress, is_key AS isKey, archived_at AS archivedAt, version,
  field_versions AS fieldVersions, updated_at AS updatedAt, updated_by AS updatedBy FROM tasks`;

type Raw = Omit<TaskRow, "isKey" | "fieldVersions" | "status"> & { isKey: number; fieldVersions: string; status: string };

const toTaskRow = (r: Raw): TaskRow => ({
  ...r,
  status: r.status as TaskStatus,
  isKey: r.isKey === 1,
  fieldVersions: JSON.parse(r.fieldVersions) as Record<string, number>,
});

export function getTask(db: DB, id: number): TaskRow {
  return toTaskRow(must(one<Raw>(db, `${TASK_SELECT} WHERE id = ?`, id)));
}

/** Live (not archived) tasks, by position; of one project when given. */
export function liveTasks(db: DB, projectId?: number): TaskRow[] {
  const rows =
    projectId == null
      ? all<Raw>(db, `${TASK_SELECT} WHERE archived_at IS NULL ORDER BY position`)
      : all<Raw>(db, `${TASK_SELECT} WHERE project_id = ? AND archived_at IS NULL ORDER BY position`, projectId);
  return rows.map(toTaskRow);
}

/** Tasks matching a WHERE clause (and its ORDER/LIMIT) the calling model writes out, as rows. */
export function tasksWhere(db: DB, where: string, ...params: SqlParam[]): TaskRow[] {
  return all<Raw>(db, `${TASK_SELECT} WHERE ${where}`, ...params).map(toTaskRow);
}

/** Whose task it is, for scope checks: the owner unit and the project. */
const targetOf = (t: Pick<TaskRow, "ownerUnitId" | "projectId">) => ({ unitId: t.ownerUnitId, projectId: t.projectId });

/** Audit + events for a changed task inside the caller's transaction; an archived task leaves the boards. */
function record(db: DB, actor: Actor, action: string, before: TaskRow | null, after: TaskRow): BoardEvent[] {
  return recordChange(db, { entity: "task", id: after.id, action, by: actor, before, after, boards: boardsOf(after.projectId), removed: after.archivedAt != null, payload: { was: placeOf(before) } });
}

// ---------------------------------------------------------------------------------------------- order

/** Key for the last place in a status column (positions are unique per column across the consortium). */
const lastKey = (db: DB, status: string) => scalar<string>(db, "SELECT position FROM tasks WHERE status = ? ORDER BY position DESC LIMIT 1", status) ?? null;
/** Key of the first place in a status column. */
const firstKey = (db: DB, status: string) => scalar<string>(db, "SELECT position FROM tasks WHERE status = ? ORDER BY position ASC LIMIT 1", status) ?? null;

type Place = { p: string; id: number };

function neighbourKey(db: DB, status: string, position: string, dir: "next" | "prev", excludeId: number): string | null {
  const sql =
    dir === "next"
      ? "SELECT position AS p, id FROM tasks WHERE status = ? AND position > ? ORDER BY position ASC LIMIT 2"
      : "SELECT position AS p, id FROM tasks WHERE status = ? AND position < ? ORDER BY position DESC LIMIT 2";
  return all<Place>(db, sql, status, position).find((x) => x.id !== excludeId)?.p ?? null;
}

/**
 * The fractional key that puts a card below `afterId` (or above `beforeId`) in the target column.
 * Neighbours are looked up across the whole column at write time, inside the transaction, so two
 * concurrent moves to the same spot get distinct keys. A neighbour that has left the column meanwhile
 * falls back to the other hint, then to the column's end: the card still lands, and everyone sees where.
 */
function keyFor(db: DB, movingId: number, status: string, afterId: number | null | undefined, beforeId: number | null | undefined): string {
  const inColumn = (id: number | null | undefined) => {
    if (id == null || id === movingId) return null;
    const r = one<{ p: string; s: string }>(db, "SELECT position AS p, status AS s FROM tasks WHERE id = ?", id);
    return r && r.s === status ? r.p : null;
  };
  if (afterId === null && beforeId === undefined) {
    const first = all<Place>(db, "SELECT position AS p, id FROM tasks WHERE status = ? ORDER BY position ASC LIMIT 2", status).find((x) => x.id !== movingId);
    return generateKeyBetween(null, first?.p ?? null);
  }
  const after = inColumn(afterId);
  if (after !== null) return generateKeyBetween(after, neighbourKey(db, status, after, "next", movingId));
  const before = inColumn(beforeId);
  if (before !== null) return generateKeyBetween(neighbourKey(db, status, before, "prev", movingId), before);
  return generateKeyBetween(lastKey(db, status), null);
}

/** Writes the row at its next version, marking the fields changed at that version. */
function persist(db: DB, actor: Actor, row: TaskRow, changed: string[]): TaskRow {
  const fieldVersions = { ...row.fieldVersions };
  for (const f of changed) fieldVersions[f] = row.version + 1;
  updateVersioned(db, tasks, row.id, row.version, {
    title: row.title,
    description: row.description,
    ownerUnitId: row.ownerUnitId,
    ownerUserId: row.ownerUserId,
    startOn: row.startOn,
    dueOn: row.dueOn,
    status: row.status,
    position: row.position,
    progress: row.progress,
    isKey: row.isKey,
    archivedAt: row.archivedAt,
    fieldVersions: JSON.stringify(fieldVersions),
    updatedAt: db.$clock.nowIso(),
    updatedBy: actor.id,
  });
  return getTask(db, row.id);
}

// ---------------------------------------------------------------------------------------------- writes

export function createTask(ctx: AppContext, actor: Actor, input: TaskCreateInput): TaskRow {
  assertCan(actor, "create", "task", { unitId: input.ownerUnitId, projectId: input.projectId });
  return commit(ctx, () => {
    // A task made by hand goes first in its column, where its maker (and every viewer) sees it arrive.
    const { row, events } = insertTask(ctx.db, actor, input, "create", undefined, "first");
    return { result: row, events };
  });
}

/** The project's next code: its tasks' prefix and the highest `-T<n>` plus one (P3-T07). */
function nextCode(db: DB, projectId: number): string {
  const codes = all<{ code: string }>(db, "SELECT code FROM tasks WHERE project_id = ?", projectId).map((r) => r.code);
  const prefix = codes[0]?.replace(/-T\d+$/, "") ?? `P${projectId}`;
  const n = Math.max(0, ...codes.map((c) => Number(/-T(\d+)$/.exec(c)?.[1] ?? 0))) + 1;
  return `${prefix}-T${String(n).padStart(2, "0")}`;
}

/**
 * Inserts a task inside the caller's transaction (createTask, an approved 新增 change request whose
 * workflow checked its own rights, or the Excel import, which brings each task's code from the sheet);
 * audits it as `task.<action>` and returns the events to publish.
 */
export function insertTask(
  db: DB,
  actor: Actor,
  input: TaskCreateInput,
  action: string,
  code?: string,
  place: "first" | "last" = "last",
): { row: TaskRow; events: BoardEvent[] } {
  assertOwnership(db, input.projectId, input.ownerUnitId, input.ownerUserId);
  const now = db.$clock.nowIso();
  const id = insert(
    db,
    `INSERT INTO tasks (project_id, code, title, description, owner_unit_id, owner_user_id, start_on, due_on, status, position, is_key, updated_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    input.projectId,
    code ?? nextCode(db, input.projectId),
    input.title,
    input.description,
    input.ownerUnitId,
    input.ownerUserId ?? null,
    input.startOn,
    input.dueOn,
    input.status,
    place === "first" ? generateKeyBetween(null, firstKey(db, input.status)) : generateKeyBetween(lastKey(db, input.status), null),
    input.isKey ? 1 : 0,
    actor.id,
    now,
    now,
  );
  const row = getTask(db, id);
  return { row, events: record(db, actor, action, null, row) };
}

/**
 * Edits fields from the drawer. A stale version is fine when nobody else touched the same fields since
 * (their change and ours merge); otherwise the write is refused with the current row and the fields in
 * conflict, so the user sees what changed and decides.
 */
export function updateTask(ctx: AppContext, actor: Actor, input: TaskUpdateInput): TaskRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const current = getTask(db, input.id);
    if (current.archivedAt) throw notFound();
    assertCan(actor, "update", "task", targetOf(current));
    const patch = input.patch as Record<string, unknown>;
    const changed = EDITABLE_FIELDS.filter((f) => f in patch && patch[f] !== undefined && patch[f] !== current[f]);
    if (input.version !== current.version) {
      const fields = conflictingFields(current, input.version, changed);
      if (fields.length) throw new DomainError("conflict", 409, { current, fields });
    }
    if (changed.length === 0) return { result: current, events: [] };
    // A task with indicators has its progress computed from them (progress.server.ts), never typed in.
    if (changed.includes("progress") && taskHasIndicators(db, current.id)) {
      throw new DomainError("progressFromIndicators", 400, { fields: ["progress"] });
    }
    const next: TaskRow = { ...current, ...(Object.fromEntries(changed.map((f) => [f, patch[f]])) as Partial<TaskRow>) };
    if (next.ownerUnitId !== current.ownerUnitId) {
      // Handing a task to another unit needs the right over the receiving unit too.
      assertCan(actor, "update", "task", targetOf(next));
      if (!changed.includes("ownerUserId") && next.ownerUserId != null) next.ownerUserId = null;
    }
    if (next.dueOn < next.startOn) throw new DomainError("datesOrder", 400);
    if (changed.some((f) => f === "ownerUnitId" || f === "ownerUserId")) assertOwnership(db, next.projectId, next.ownerUnitId, next.ownerUserId);
    // A signed responsibility list freezes dates, title and owners: those change through a change request.
    assertTaskNotFrozen(db, current, next, changed);
    const ownerChanged = next.ownerUserId !== current.ownerUserId && !changed.includes("ownerUserId");
    const row = persist(db, actor, next, ownerChanged ? [...changed, "ownerUserId"] : changed);
    return { result: row, events: record(db, actor, "update", current, row) };
  });
}

/** Drag and drop: a new column and/or place. Conflicts only when someone else moved the same card. */
export function moveTask(ctx: AppContext, actor: Actor, input: TaskMoveInput): TaskRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const current = getTask(db, input.id);
    if (current.archivedAt) throw notFound();
    assertCan(actor, "move", "task", targetOf(current));
    // 待销号, 已销号 and 已暂停 belong to their processes (close-out, change requests): never by a move.
    const refusal = moveRefusal(current.status, input.toStatus);
    if (refusal) throw new DomainError(refusal, 400, { status: current.status });
    if (input.version !== current.version) {
      const fields = conflictingFields(current, input.version, ["status", "position"]);
      if (fields.length) throw new DomainError("conflict", 409, { current, fields });
    }
    const position = keyFor(db, current.id, input.toStatus, input.afterId, input.beforeId);
    const changed = ["position", ...(input.toStatus !== current.status ? ["status"] : [])];
    const row = persist(db, actor, { ...current, status: input.toStatus, position }, changed);
    return { result: row, events: record(db, actor, "move", current, row) };
  });
}

export function archiveTask(ctx: AppContext, actor: Actor, input: { id: number; version: number }): TaskRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const current = getTask(db, input.id);
    if (current.archivedAt) throw notFound();
    assertCan(actor, "archive", "task", targetOf(current));
    if (input.version !== current.version) throw new DomainError("conflict", 409, { current, fields: ["archivedAt"] });
    const row = persist(db, actor, { ...current, archivedAt: db.$clock.nowIso() }, ["archivedAt"]);
    return { result: row, events: record(db, actor, "archive", current, row) };
  });
}

/**
 * Bumps a task's version for a change kept beside its row (its predecessors), marking `field` in its field
 * versions, and sends the boards its new row; audited by the caller's own record of the change.
 */
export function bumpTask(db: DB, actor: Actor, current: TaskRow, field: string): { row: TaskRow; events: BoardEvent[] } {
  const row = persist(db, actor, current, [field]);
  return {
    row,
    events: recordChange(db, { entity: "task", id: row.id, action: field, by: actor, before: current, after: row, boards: boardsOf(row.projectId), audit: false, payload: { was: placeOf(current) } }),
  };
}

/**
 * Changes a task on behalf of another workflow that has already checked its own rules and rights
 * (销号 approval sets status "closed", an approved change request suspends, re-dates or re-owns a task).
 * Runs inside the caller's transaction; returns the row and the board events to publish after commit.
 * A status change takes the first place in the new column: the board sends each column's first page,
 * so a card a workflow just moved (a 销号 approval, a resumed task) is in view on every board at once.
 */
export function applyTaskChange(
  db: DB,
  actor: Actor,
  taskId: number,
  patch: Partial<Pick<TaskRow, "status" | "startOn" | "dueOn" | "ownerUnitId" | "ownerUserId" | "title" | "description" | "progress" | "isKey" | "archivedAt">>,
  action: string,
): { row: TaskRow; events: BoardEvent[] } {
  const current = getTask(db, taskId);
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((f) => patch[f] !== undefined && patch[f] !== current[f]);
  if (changed.length === 0) return { row: current, events: [] };
  const next: TaskRow = { ...current, ...patch };
  if (next.dueOn < next.startOn) throw new DomainError("datesOrder", 400);
  if (changed.includes("ownerUnitId") || changed.includes("ownerUserId")) assertOwnership(db, next.projectId, next.ownerUnitId, next.ownerUserId);
  const fields: string[] = [...changed];
  if (changed.includes("status")) {
    next.position = generateKeyBetween(null, firstKey(db, next.status));
    fields.push("position");
  }
  const row = persist(db, actor, next, fields);
  return { row, events: record(db, actor, action, current, row) };
}
