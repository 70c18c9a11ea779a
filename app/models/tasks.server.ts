// Every task write goes through here, from route actions and socket handlers alike: permission check,
// domain rules, then ONE synchronous transaction (task row + audit row + board events), and only after
// commit the events are published to the boards' rooms.
import { and, asc, desc, eq, gt, isNull, lt } from "drizzle-orm";
import { generateKeyBetween } from "fractional-indexing";
import type { DB } from "../../db/client";
import { projects, projectUnits, tasks, users, memberUnits } from "../../db/schema";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit, historyOf } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, currentSeq, projectBoard } from "./board-events.server";
import { assertCan } from "./guard.server";
import { can } from "./permissions";
import { DomainError, notFound } from "./errors";
import { assertTaskNotFrozen } from "./responsibility.server";
import type { TaskStatus } from "./domain";
import {
  moveRefusal,
  conflictingFields,
  EDITABLE_FIELDS,
  type TaskCreateInput,
  type TaskMoveInput,
  type TaskRow,
  type TaskUpdateInput,
} from "./tasks";

type Raw = typeof tasks.$inferSelect;

function toRow(r: Raw): TaskRow {
  return {
    id: r.id,
    projectId: r.projectId,
    code: r.code,
    title: r.title,
    description: r.description,
    ownerUnitId: r.ownerUnitId,
    ownerUserId: r.ownerUserId,
    startOn: r.startOn,
    dueOn: r.dueOn,
    status: r.status as TaskStatus,
    position: r.position,
    progress: r.progress,
    isKey: r.isKey,
    archivedAt: r.archivedAt,
    version: r.version,
    fieldVersions: JSON.parse(r.fieldVersions) as Record<string, number>,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

export function getTask(db: DB, id: number): TaskRow {
  const r = db.select().from(tasks).where(eq(tasks.id, id)).get();
  if (!r) throw notFound();
  return toRow(r);
}

/** Whose task it is, for scope checks: the owner unit and the project. */
const targetOf = (t: Pick<TaskRow, "ownerUnitId" | "projectId">) => ({ unitId: t.ownerUnitId, projectId: t.projectId });

// ---------------------------------------------------------------------------------------------- boards

export type BoardRef = { kind: "consortium" } | { kind: "project"; projectId: number };

export function parseBoardId(boardId: string): BoardRef | null {
  if (boardId === CONSORTIUM_BOARD) return { kind: "consortium" };
  const m = /^project:(\d{1,9})$/.exec(boardId);
  return m ? { kind: "project", projectId: Number(m[1]) } : null;
}

/** Consortium board: anyone with consortium-wide read. Project board: read in some scope covering it. */
export function canReadBoard(actor: Actor, boardId: string): boolean {
  const ref = parseBoardId(boardId);
  if (!ref) return false;
  if (ref.kind === "consortium") return can(actor, "read", "board", {});
  return can(actor, "read", "board", { projectId: ref.projectId });
}

export function assertCanReadBoard(actor: Actor, boardId: string): BoardRef {
  const ref = parseBoardId(boardId);
  if (!ref) throw notFound();
  if (!canReadBoard(actor, boardId)) throw new DomainError("forbidden", 403, { boardId });
  return ref;
}

/** A project board exists only for an existing project (joining "project:99999" is refused). */
export function assertBoardExists(db: DB, ref: BoardRef): void {
  if (ref.kind === "project" && !db.select({ id: projects.id }).from(projects).where(eq(projects.id, ref.projectId)).get()) throw notFound();
}

export type ProjectOption = { id: number; code: string; name: string; leadUnitId: number; unitIds: number[] };
export type PersonOption = { id: number; displayName: string; unitId: number | null };
export type UnitOption = { id: number; shortName: string; name: string };

/** Number of live indicators per task id; tasks without indicators are absent (re-exported by indicators.server.ts). */
export function indicatorCountsByTask(db: DB): Record<number, number> {
  const rows = db.$client
    .prepare("SELECT task_id AS t, count(*) AS n FROM indicators WHERE archived_at IS NULL AND task_id IS NOT NULL GROUP BY task_id")
    .all() as { t: number; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

export type BoardData = {
  boardId: string;
  seq: number;
  title: string;
  tasks: TaskRow[];
  projects: ProjectOption[];
  units: UnitOption[];
  people: PersonOption[];
  /** Live indicator count per task id (absent: no indicators, progress is the recorded percentage). */
  indicatorCounts: Record<number, number>;
};

function projectOptions(db: DB, onlyId?: number): ProjectOption[] {
  const rows = db
    .select({ id: projects.id, code: projects.code, name: projects.name, leadUnitId: projects.leadUnitId })
    .from(projects)
    .where(onlyId ? eq(projects.id, onlyId) : undefined)
    .orderBy(asc(projects.code))
    .all();
  const members = db.select().from(projectUnits).all();
  return rows.map((p) => ({
    ...p,
    unitIds: [...new Set([p.leadUnitId, ...members.filter((m) => m.projectId === p.id).map((m) => m.unitId)])],
  }));
}

/** Everything a board page needs, read in one transaction so `seq` matches the rows exactly. */
export function boardData(db: DB, actor: Actor, boardId: string): BoardData {
  const ref = assertCanReadBoard(actor, boardId);
  return db.transaction(() => {
    const seq = currentSeq(db, boardId);
    const where =
      ref.kind === "project" ? and(eq(tasks.projectId, ref.projectId), isNull(tasks.archivedAt)) : isNull(tasks.archivedAt);
    const rows = db.select().from(tasks).where(where).orderBy(asc(tasks.position)).all().map(toRow);
    const projectList = projectOptions(db, ref.kind === "project" ? ref.projectId : undefined);
    if (ref.kind === "project" && projectList.length === 0) throw notFound();
    const units = db
      .select({ id: memberUnits.id, shortName: memberUnits.shortName, name: memberUnits.name })
      .from(memberUnits)
      .where(isNull(memberUnits.leftOn))
      .orderBy(asc(memberUnits.id))
      .all();
    const people = db
      .select({ id: users.id, displayName: users.displayName, unitId: users.unitId })
      .from(users)
      .where(eq(users.active, true))
      .orderBy(asc(users.id))
      .all();
    const title = ref.kind === "project" ? `${projectList[0]!.code} ${projectList[0]!.name}` : "";
    return { boardId, seq, title, tasks: rows, projects: projectList, units, people, indicatorCounts: indicatorCountsByTask(db) };
  });
}

// ---------------------------------------------------------------------------------------------- rules

function projectOf(db: DB, projectId: number): ProjectOption {
  const p = projectOptions(db, projectId)[0];
  if (!p) throw notFound();
  return p;
}

/** The owner unit must take part in the project, and the owner person must belong to that unit. */
export function assertOwnership(db: DB, projectId: number, ownerUnitId: number, ownerUserId: number | null | undefined) {
  if (!projectOf(db, projectId).unitIds.includes(ownerUnitId)) throw new DomainError("unitNotInProject", 400);
  if (ownerUserId != null) {
    const u = db.select({ unitId: users.unitId }).from(users).where(eq(users.id, ownerUserId)).get();
    if (!u || u.unitId !== ownerUnitId) throw new DomainError("ownerNotInUnit", 400);
  }
}

const boardsOf = (t: Pick<TaskRow, "projectId">) => [CONSORTIUM_BOARD, projectBoard(t.projectId)];

/** Writes audit + events for a changed task inside the caller's transaction. */
function record(db: DB, actor: Actor, action: string, before: TaskRow | null, after: TaskRow): BoardEvent[] {
  appendAudit(db, { userId: actor.id, action: `task.${action}`, entity: "task", entityId: after.id, before, after });
  const type = after.archivedAt ? "task.removed" : "task.upserted";
  return appendEvents(db, boardsOf(after), type, { entity: "task", id: after.id, row: after, by: { id: actor.id, name: actor.displayName }, action });
}

/** Key for the last place in a status column (positions are unique per column across the consortium). */
function lastKey(db: DB, status: string): string | null {
  const r = db.select({ p: tasks.position }).from(tasks).where(eq(tasks.status, status)).orderBy(desc(tasks.position)).limit(1).get();
  return r?.p ?? null;
}

function neighbourKey(db: DB, status: string, position: string, dir: "next" | "prev", excludeId: number): string | null {
  const r = db
    .select({ p: tasks.position, id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.status, status), dir === "next" ? gt(tasks.position, position) : lt(tasks.position, position)))
    .orderBy(dir === "next" ? asc(tasks.position) : desc(tasks.position))
    .limit(2)
    .all()
    .find((x) => x.id !== excludeId);
  return r?.p ?? null;
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
    const r = db.select({ p: tasks.position, s: tasks.status }).from(tasks).where(eq(tasks.id, id)).get();
    return r && r.s === status ? r.p : null;
  };
  if (afterId === null && beforeId === undefined) {
    const first = db.select({ p: tasks.position, id: tasks.id }).from(tasks).where(eq(tasks.status, status)).orderBy(asc(tasks.position)).limit(2).all().find((x) => x.id !== movingId);
    return generateKeyBetween(null, first?.p ?? null);
  }
  const after = inColumn(afterId);
  if (after !== null) return generateKeyBetween(after, neighbourKey(db, status, after, "next", movingId));
  const before = inColumn(beforeId);
  if (before !== null) return generateKeyBetween(neighbourKey(db, status, before, "prev", movingId), before);
  return generateKeyBetween(lastKey(db, status), null);
}

function persist(db: DB, actor: Actor, row: TaskRow, changed: string[]): TaskRow {
  const version = row.version + 1;
  const fieldVersions = { ...row.fieldVersions };
  for (const f of changed) fieldVersions[f] = version;
  const updatedAt = db.$clock.nowIso();
  db.update(tasks)
    .set({
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
      version,
      fieldVersions: JSON.stringify(fieldVersions),
      updatedAt,
      updatedBy: actor.id,
    })
    .where(and(eq(tasks.id, row.id), eq(tasks.version, row.version)))
    .run();
  return getTask(db, row.id);
}

/** Runs a write transaction that returns board events, then publishes them once committed. */
export function commit<R>(ctx: AppContext, fn: () => { result: R; events: BoardEvent[] }): R {
  const { result, events } = ctx.db.transaction(fn);
  ctx.realtime.publish(events);
  return result;
}

// ---------------------------------------------------------------------------------------------- writes

export function createTask(ctx: AppContext, actor: Actor, input: TaskCreateInput): TaskRow {
  assertCan(actor, "create", "task", { unitId: input.ownerUnitId, projectId: input.projectId });
  return commit(ctx, () => {
    const { row, events } = insertTask(ctx.db, actor, input, "create");
    return { result: row, events };
  });
}

/**
 * Inserts a task inside the caller's transaction (createTask, or an approved 新增 change request whose
 * workflow checked its own rights); audits it as `task.<action>` and returns the events to publish.
 */
export function insertTask(db: DB, actor: Actor, input: TaskCreateInput, action: string): { row: TaskRow; events: BoardEvent[] } {
  assertOwnership(db, input.projectId, input.ownerUnitId, input.ownerUserId);
  const existing = db.select({ code: tasks.code }).from(tasks).where(eq(tasks.projectId, input.projectId)).all();
  const prefix = existing[0]?.code.replace(/-T\d+$/, "") ?? `P${input.projectId}`;
  const n = Math.max(0, ...existing.map((e) => Number(/-T(\d+)$/.exec(e.code)?.[1] ?? 0))) + 1;
  const { id } = db
    .insert(tasks)
    .values({
      projectId: input.projectId,
      code: `${prefix}-T${String(n).padStart(2, "0")}`,
      title: input.title,
      description: input.description,
      ownerUnitId: input.ownerUnitId,
      ownerUserId: input.ownerUserId ?? null,
      startOn: input.startOn,
      dueOn: input.dueOn,
      status: input.status,
      position: generateKeyBetween(lastKey(db, input.status), null),
      isKey: input.isKey,
      updatedBy: actor.id,
      createdAt: db.$clock.nowIso(),
      updatedAt: db.$clock.nowIso(),
    })
    .returning({ id: tasks.id })
    .get();
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
    // A task with indicators has its progress computed from them (indicators.server.ts), never typed in.
    if (changed.includes("progress") && db.$client.prepare("SELECT 1 FROM indicators WHERE task_id = ? AND archived_at IS NULL").get(current.id)) {
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
 * Changes a task on behalf of another workflow that has already checked its own rules and rights
 * (销号 approval sets status "closed", an approved change request suspends, re-dates or re-owns a task).
 * Runs inside the caller's transaction; returns the row and the board events to publish after commit.
 * A status change takes the last place in the new column.
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
    next.position = generateKeyBetween(lastKey(db, next.status), null);
    fields.push("position");
  }
  const row = persist(db, actor, next, fields);
  return { row, events: record(db, actor, action, current, row) };
}

// ---------------------------------------------------------------------------------------------- history

export type TaskChange = { id: number; at: string; by: string | null; action: string; fields: { field: string; from: unknown; to: unknown }[] };

/** A task's history from the audit trail (newest first): who changed which fields from what to what. */
export function taskHistory(db: DB, actor: Actor, taskId: number): TaskChange[] {
  const task = getTask(db, taskId);
  assertCanReadBoard(actor, projectBoard(task.projectId));
  return historyOf(db, "task", taskId).map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as Record<string, unknown>;
    const fields = [...EDITABLE_FIELDS, "status", "archivedAt"]
      .filter((f) => r.before != null && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
      .map((f) => ({ field: f, from: before[f], to: after[f] }));
    return { id: r.id, at: r.at, by: r.userName, action: r.action, fields };
  });
}
