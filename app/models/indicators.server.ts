// 考核指标: create / update / archive indicators, record measured values with evidence, and the progress
// every other feature reads. Each write is ONE transaction: permission and rule checks, the row with a
// version bump, the audit row, an "indicator.upserted" (or ".removed") event on the consortium board and
// the project board, and, for a task's indicator, the task's recomputed progress.
//
// Progress of a task with indicators is computed (progress.ts), never typed in. The computed value is
// also written to tasks.progress in the same transaction (a cache kept exact by every write here), so
// everything that reads a task row (board cards, battle map, RAG status, key-task table) shows it and
// boards receive it live as an ordinary "task.upserted" event. updateTask refuses a typed-in progress
// for such a task (progressFromIndicators).
//
// Stable API for other features (battle map, key-task table, reports, close-out, checks, changes):
//   getIndicator, listIndicators, taskIndicators, projectIndicators, indicatorValues,
//   progressByTask, progressByProject, syncTaskProgress (indicatorCountsByTask: tasks.server.ts),
//   createIndicator, updateIndicator (the single update path: freeze checks go there), archiveIndicator,
//   recordValue.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, currentSeq, projectBoard } from "./board-events.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { applyTaskChange, assertCanReadBoard, assertOwnership, canReadBoard, commit, getTask } from "./tasks.server";
import type { TaskRow } from "./tasks";
import { listEvidence, storeEvidence, type UploadedFile } from "./evidence.server";
import { indicatorProgress, indicatorsProgress, isMet, projectProgress, type Direction } from "./progress";
import {
  canRecord,
  indicatorScope,
  NO,
  YES,
  type IndicatorArchiveInput,
  type IndicatorCreateInput,
  type IndicatorRow,
  type IndicatorUpdateInput,
  type IndicatorValueRow,
  type RecordValueInput,
  type TaskProgressInfo,
} from "./indicators";
import { assertIndicatorNotFrozen } from "./responsibility.server";
import { FROZEN_INDICATOR_FIELDS } from "./responsibility";

/** Subject type of evidence attached to a measured value. */
export const VALUE_EVIDENCE = "indicator_value";

const SELECT = `
  SELECT i.id, i.project_id AS projectId, p.code AS projectCode, i.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle,
         i.name, i.unit_of_measure AS unitOfMeasure, i.baseline, i.target, i.direction, i.due_on AS dueOn,
         i.responsible_unit_id AS responsibleUnitId, m.short_name AS responsibleUnitName,
         i.responsible_user_id AS responsibleUserId, u.display_name AS responsibleUserName,
         i.waived_reason AS waivedReason, i.archived_at AS archivedAt, i.version, i.updated_at AS updatedAt,
         (SELECT v.value FROM indicator_values v WHERE v.indicator_id = i.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latest,
         (SELECT v.measured_on FROM indicator_values v WHERE v.indicator_id = i.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latestOn,
         (SELECT count(*) FROM indicator_values v WHERE v.indicator_id = i.id) AS valueCount
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
  JOIN member_units m ON m.id = i.responsible_unit_id
  LEFT JOIN tasks t ON t.id = i.task_id
  LEFT JOIN users u ON u.id = i.responsible_user_id`;

type Raw = Omit<IndicatorRow, "progress" | "met" | "direction"> & { direction: string };

const withProgress = (r: Raw): IndicatorRow => ({ ...r, direction: r.direction as Direction, progress: indicatorProgress(r), met: isMet(r) });

export function getIndicator(db: DB, id: number): IndicatorRow {
  const r = db.$client.prepare(`${SELECT} WHERE i.id = ?`).get(id) as Raw | undefined;
  if (!r) throw notFound();
  return withProgress(r);
}

export type IndicatorFilter = { projectId?: number; taskId?: number; taskIds?: number[]; unitId?: number; projectLevelOnly?: boolean; includeArchived?: boolean };

/** Indicators ordered by project, task code (project-level first), due date. */
export function listIndicators(db: DB, f: IndicatorFilter = {}): IndicatorRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (!f.includeArchived) where.push("i.archived_at IS NULL");
  const and = (sql: string, arg: unknown) => {
    where.push(sql);
    args.push(arg);
  };
  if (f.projectId != null) and("i.project_id = ?", f.projectId);
  if (f.taskId != null) and("i.task_id = ?", f.taskId);
  if (f.taskIds) and("i.task_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.taskIds));
  if (f.unitId != null) and("i.responsible_unit_id = ?", f.unitId);
  if (f.projectLevelOnly) where.push("i.task_id IS NULL");
  const sql = `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY p.code, t.code IS NOT NULL, t.code, i.due_on, i.id`;
  return (db.$client.prepare(sql).all(...args) as Raw[]).map(withProgress);
}

/** A task's live indicators. */
export const taskIndicators = (db: DB, taskId: number) => listIndicators(db, { taskId });
/** All live indicators of a project: its own (taskId null) and its tasks'. */
export const projectIndicators = (db: DB, projectId: number) => listIndicators(db, { projectId });

/** Measured values per indicator id, newest first, each with its evidence files. */
export function indicatorValues(db: DB, indicatorIds: number[]): Record<number, IndicatorValueRow[]> {
  const rows = db.$client
    .prepare(
      `SELECT v.id, v.indicator_id AS indicatorId, v.value, v.measured_on AS measuredOn, v.note, v.recorded_by AS recordedBy,
              u.display_name AS recorderName, v.recorded_at AS recordedAt
       FROM indicator_values v JOIN users u ON u.id = v.recorded_by
       WHERE v.indicator_id IN (SELECT value FROM json_each(?)) ORDER BY v.measured_on DESC, v.id DESC`,
    )
    .all(JSON.stringify(indicatorIds)) as Omit<IndicatorValueRow, "evidence">[];
  const evidence = listEvidence(db, VALUE_EVIDENCE, rows.map((r) => r.id));
  const out: Record<number, IndicatorValueRow[]> = {};
  for (const r of rows) (out[r.indicatorId] ??= []).push({ ...r, evidence: evidence[r.id] ?? [] });
  return out;
}

// ------------------------------------------------------------------------------------------- progress

type ProgressInput = { taskId: number | null; projectId: number; baseline: number | null; target: number | null; direction: string; waivedReason: string | null; archivedAt: null; latest: number | null };

/** Live indicators with their latest values, in one query (what the progress maths needs). */
function progressInputs(db: DB, where = "", ...args: unknown[]): ProgressInput[] {
  return db.$client
    .prepare(
      `SELECT i.task_id AS taskId, i.project_id AS projectId, i.baseline, i.target, i.direction, i.waived_reason AS waivedReason, NULL AS archivedAt,
              (SELECT v.value FROM indicator_values v WHERE v.indicator_id = i.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latest
       FROM indicators i WHERE i.archived_at IS NULL ${where}`,
    )
    .all(...args) as ProgressInput[];
}

function groupByTask(list: ProgressInput[]): Map<number, ProgressInput[]> {
  const m = new Map<number, ProgressInput[]>();
  for (const i of list) if (i.taskId != null) m.set(i.taskId, [...(m.get(i.taskId) ?? []), i]);
  return m;
}

/**
 * Effective progress of every non-archived task: computed from its indicators when it has any,
 * otherwise its recorded percentage. The one function the battle map, key-task table, reports and
 * close-out read.
 */
export function progressByTask(db: DB): Map<number, number> {
  const byTask = groupByTask(progressInputs(db, "AND i.task_id IS NOT NULL"));
  const tasks = db.$client.prepare("SELECT id, progress FROM tasks WHERE archived_at IS NULL").all() as { id: number; progress: number }[];
  return new Map(tasks.map((t) => [t.id, indicatorsProgress(byTask.get(t.id) ?? []) ?? t.progress]));
}

/** Project progress (progress.ts: mean over its tasks and its project-level indicators) per project id. */
export function progressByProject(db: DB): Map<number, number> {
  const tasks = progressByTask(db);
  const taskProject = db.$client.prepare("SELECT id, project_id AS projectId FROM tasks WHERE archived_at IS NULL").all() as { id: number; projectId: number }[];
  const projectLevel = progressInputs(db, "AND i.task_id IS NULL");
  const ids = (db.$client.prepare("SELECT id FROM projects").all() as { id: number }[]).map((p) => p.id);
  return new Map(
    ids.map((pid) => [
      pid,
      projectProgress(
        taskProject.filter((t) => t.projectId === pid).map((t) => tasks.get(t.id) ?? 0),
        projectLevel.filter((i) => i.projectId === pid),
      ),
    ]),
  );
}

/**
 * Writes a task's computed progress to its row (inside the caller's transaction) when it has live
 * indicators; returns the board events to publish. Call it from any write that changes a task's
 * indicators or their values or waivers (close-out waivers, change requests moving indicators).
 */
export function syncTaskProgress(db: DB, actor: Actor, taskId: number): { info: TaskProgressInfo; events: BoardEvent[] } {
  const list = progressInputs(db, "AND i.task_id = ?", taskId);
  const task = getTask(db, taskId);
  const computed = indicatorsProgress(list);
  const info = { id: taskId, progress: computed ?? task.progress, indicatorCount: list.length };
  if (computed == null || task.archivedAt) return { info, events: [] };
  return { info, events: applyTaskChange(db, actor, taskId, { progress: computed }, "update").events };
}

// ------------------------------------------------------------------------------------------- writes

const boardsOf = (projectId: number) => [CONSORTIUM_BOARD, projectBoard(projectId)];

/** Whose indicator it is, for create/update scopes (indicators.ts `indicatorScope`). */
const scopeOf = (task: TaskRow | null, responsibleUnitId: number, projectId: number) => indicatorScope({ responsibleUnitId, projectId }, task?.ownerUnitId ?? null);

function projectUnitIds(db: DB, projectId: number): number[] {
  const p = db.$client.prepare("SELECT lead_unit_id AS lead FROM projects WHERE id = ?").get(projectId) as { lead: number } | undefined;
  if (!p) throw notFound();
  const members = db.$client.prepare("SELECT unit_id AS u FROM project_units WHERE project_id = ?").all(projectId) as { u: number }[];
  return [p.lead, ...members.map((m) => m.u)];
}

/** A task that can still take indicators and values: not archived, not closed out (销号 is final). */
function liveTask(db: DB, taskId: number | null, projectId: number): TaskRow | null {
  if (taskId == null) return null;
  const task = getTask(db, taskId);
  if (task.archivedAt || task.projectId !== projectId) throw notFound();
  if (task.status === "closed") throw new DomainError("indicatorTaskClosed", 409);
  return task;
}

/** Audit + indicator event + the task's recomputed progress (events for both), inside the transaction. */
function record(db: DB, actor: Actor, action: string, before: IndicatorRow | null, id: number, extra: Record<string, unknown> = {}) {
  const row = getIndicator(db, id);
  appendAudit(db, { userId: actor.id, action: `indicator.${action}`, entity: "indicator", entityId: id, before, after: row });
  const taskIds = [...new Set([before?.taskId, row.taskId].filter((x): x is number => x != null))];
  const synced = taskIds.map((t) => syncTaskProgress(db, actor, t));
  const task = synced.find((s) => s.info.id === row.taskId)?.info ?? null;
  const type = row.archivedAt ? "indicator.removed" : "indicator.upserted";
  const events = appendEvents(db, boardsOf(row.projectId), type, { entity: "indicator", id, row, by: { id: actor.id, name: actor.displayName }, action, task, ...extra });
  return { row, events: [...synced.flatMap((s) => s.events), ...events] };
}

const valuesOf = (i: IndicatorCreateInput | IndicatorUpdateInput) => {
  const yesno = i.direction === "yesno";
  return {
    name: i.name,
    unitOfMeasure: yesno ? "" : i.unitOfMeasure,
    baseline: yesno ? null : (i.baseline ?? null),
    target: yesno ? null : (i.target ?? null),
    direction: i.direction,
    dueOn: i.dueOn,
    responsibleUnitId: i.responsibleUnitId,
    responsibleUserId: i.responsibleUserId ?? null,
  };
};

export function createIndicator(ctx: AppContext, actor: Actor, input: IndicatorCreateInput): IndicatorRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const task = liveTask(db, input.taskId ?? null, input.projectId);
    assertCan(actor, "create", "indicator", scopeOf(task, input.responsibleUnitId, input.projectId));
    assertOwnership(db, input.projectId, input.responsibleUnitId, input.responsibleUserId);
    const v = valuesOf(input);
    const { id } = db.$client
      .prepare(
        `INSERT INTO indicators (project_id, task_id, name, unit_of_measure, baseline, target, direction, due_on, responsible_unit_id, responsible_user_id, updated_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @now, @now) RETURNING id`,
      )
      .get(input.projectId, task?.id ?? null, v.name, v.unitOfMeasure, v.baseline, v.target, v.direction, v.dueOn, v.responsibleUnitId, v.responsibleUserId, actor.id, { now: db.$clock.nowIso() }) as { id: number };
    const r = record(db, actor, "create", null, id);
    return { result: r.row, events: r.events };
  });
}

/** The indicator as it stands, for an edit: live, on a live task, in the actor's scope, at the version he saw. */
function loadForEdit(db: DB, actor: Actor, input: { id: number; version: number }) {
  const before = getIndicator(db, input.id);
  if (before.archivedAt) throw notFound();
  const task = liveTask(db, before.taskId, before.projectId);
  assertCan(actor, "update", "indicator", scopeOf(task, before.responsibleUnitId, before.projectId));
  assertVersion(before, input.version, before);
  return { before, task };
}

/**
 * The ONE update path of an indicator (the responsibility-list freeze check belongs here). Whole-row
 * optimistic versioning: a stale version is refused with the current row.
 */
export function updateIndicator(ctx: AppContext, actor: Actor, input: IndicatorUpdateInput): IndicatorRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before, task } = loadForEdit(db, actor, input);
    // Handing a project-level indicator to another unit needs the right over that unit too.
    assertCan(actor, "update", "indicator", scopeOf(task, input.responsibleUnitId, before.projectId));
    // A signed responsibility list freezes target, due date, name and owners: those change by change request.
    const v = valuesOf(input);
    assertIndicatorNotFrozen(db, before, v, FROZEN_INDICATOR_FIELDS.filter((f) => v[f] !== before[f]));
    const r = writeIndicator(db, actor, before, input, "update");
    return { result: r.row, events: r.events };
  });
}

/**
 * Writes an indicator's new values inside the caller's transaction, after the caller checked its own
 * rights (updateIndicator; an approved change request adjusting targets or moving a merged task's
 * indicators with `taskId`). Audits as `indicator.<action>` and returns the events to publish.
 */
export function writeIndicator(db: DB, actor: Actor, before: IndicatorRow, input: IndicatorUpdateInput & { taskId?: number }, action: string) {
  assertOwnership(db, before.projectId, input.responsibleUnitId, input.responsibleUserId);
  if (before.valueCount > 0 && input.direction !== before.direction) throw new DomainError("indicatorDirectionLocked", 409);
  const v = valuesOf(input);
  const changed = db.$client
    .prepare(
      `UPDATE indicators SET name = ?, unit_of_measure = ?, baseline = ?, target = ?, direction = ?, due_on = ?, responsible_unit_id = ?,
              responsible_user_id = ?, task_id = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
    )
    .run(v.name, v.unitOfMeasure, v.baseline, v.target, v.direction, v.dueOn, v.responsibleUnitId, v.responsibleUserId, input.taskId ?? before.taskId, db.$clock.nowIso(), actor.id, before.id, before.version);
  if (changed.changes !== 1) throw new DomainError("conflict", 409, { current: getIndicator(db, before.id) });
  return record(db, actor, action, before, before.id);
}

/** Archives (never deletes) an indicator; its values and evidence stay. The task's progress is recomputed. */
export function archiveIndicator(ctx: AppContext, actor: Actor, input: IndicatorArchiveInput): IndicatorRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before } = loadForEdit(db, actor, input);
    db.$client
      .prepare("UPDATE indicators SET archived_at = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?")
      .run(db.$clock.nowIso(), db.$clock.nowIso(), actor.id, before.id);
    const r = record(db, actor, "archive", before, before.id);
    return { result: r.row, events: r.events };
  });
}

/**
 * Appends a measured value with its evidence files (checked by readMultipart) and a note; the task's
 * progress is recomputed and every board showing it updates live. Values are append-only.
 */
export function recordValue(ctx: AppContext, actor: Actor, input: RecordValueInput, files: UploadedFile[] = []): { indicator: IndicatorRow; value: IndicatorValueRow } {
  const { db } = ctx;
  const today = ctx.db.$clock.today();
  return commit(ctx, () => {
    const before = getIndicator(db, input.indicatorId);
    if (before.archivedAt) throw notFound();
    const task = liveTask(db, before.taskId, before.projectId);
    if (!canRecord(actor, before, task?.ownerUnitId ?? null)) throw new DomainError("forbidden", 403, { action: "record", entity: "indicator" });
    if (input.measuredOn > today) throw new DomainError("indicatorMeasuredInFuture", 400);
    if (before.direction === "yesno" && input.value !== YES && input.value !== NO) throw new DomainError("indicatorYesNoValue", 400);
    const { id } = db.$client
      .prepare("INSERT INTO indicator_values (indicator_id, value, measured_on, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
      .get(before.id, input.value, input.measuredOn, input.note, actor.id, db.$clock.nowIso()) as { id: number };
    storeEvidence(db, ctx.config, actor, { type: VALUE_EVIDENCE, id, projectId: before.projectId }, files);
    const value = indicatorValues(db, [before.id])[before.id]!.find((v) => v.id === id)!;
    appendAudit(db, { userId: actor.id, action: "indicator.record", entity: "indicator_value", entityId: id, after: value });
    const r = record(db, actor, "record", before, before.id, { value });
    return { result: { indicator: r.row, value }, events: r.events };
  });
}

// ------------------------------------------------------------------------------------------- pages

export type UnitChoice = { id: number; shortName: string };
export type PersonChoice = { id: number; displayName: string; unitId: number | null };
export type ProjectHead = { id: number; code: string; name: string; leadUnitId: number; leadUnitName: string; endOn: string };

const PROJECT_HEAD = `SELECT p.id, p.code, p.name, p.lead_unit_id AS leadUnitId, m.short_name AS leadUnitName, p.end_on AS endOn
  FROM projects p JOIN member_units m ON m.id = p.lead_unit_id`;

function projectHead(db: DB, projectId: number): ProjectHead {
  const p = db.$client.prepare(`${PROJECT_HEAD} WHERE p.id = ?`).get(projectId) as ProjectHead | undefined;
  if (!p) throw notFound();
  return p;
}

/** Units taking part in the project and their active people: the choices of the responsible fields. */
function choices(db: DB, projectId: number): { units: UnitChoice[]; people: PersonChoice[] } {
  const ids = JSON.stringify([...new Set(projectUnitIds(db, projectId))]);
  const units = db.$client.prepare("SELECT id, short_name AS shortName FROM member_units WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id").all(ids) as UnitChoice[];
  const people = db.$client
    .prepare("SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 AND unit_id IN (SELECT value FROM json_each(?)) ORDER BY id")
    .all(ids) as PersonChoice[];
  return { units, people };
}

export type TaskHead = TaskRow & { ownerUnitName: string; ownerUserName: string | null };

function taskHead(db: DB, taskId: number): TaskHead {
  const task = getTask(db, taskId);
  const names = db.$client
    .prepare("SELECT m.short_name AS unit, u.display_name AS user FROM member_units m LEFT JOIN users u ON u.id = ? WHERE m.id = ?")
    .get(task.ownerUserId, task.ownerUnitId) as { unit: string; user: string | null };
  return { ...task, ownerUnitName: names.unit, ownerUserName: names.user };
}

/** The task page: the task, its indicators with their values and evidence, the form choices, the board seq. */
export function taskIndicatorPage(db: DB, actor: Actor, taskId: number) {
  return db.transaction(() => {
    const task = taskHead(db, taskId);
    if (task.archivedAt) throw notFound();
    assertCanReadBoard(actor, projectBoard(task.projectId));
    const boardId = projectBoard(task.projectId);
    const indicators = taskIndicators(db, taskId);
    return {
      boardId,
      seq: currentSeq(db, boardId),
      task,
      project: projectHead(db, task.projectId),
      indicators,
      values: indicatorValues(db, indicators.map((i) => i.id)),
      ...choices(db, task.projectId),
    };
  });
}

export type ProjectTaskLine = Pick<TaskHead, "id" | "code" | "title" | "status" | "dueOn" | "progress" | "ownerUnitId" | "ownerUnitName" | "ownerUserName">;

/** The project page: its tasks (recorded progress for those without indicators), every live indicator, values of the project-level ones. */
export function projectIndicatorPage(db: DB, actor: Actor, projectId: number) {
  return db.transaction(() => {
    const boardId = projectBoard(projectId);
    assertCanReadBoard(actor, boardId);
    const project = projectHead(db, projectId);
    const tasks = db.$client
      .prepare(
        `SELECT t.id, t.code, t.title, t.status, t.due_on AS dueOn, t.progress, t.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName, u.display_name AS ownerUserName
         FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id LEFT JOIN users u ON u.id = t.owner_user_id
         WHERE t.project_id = ? AND t.archived_at IS NULL ORDER BY t.code`,
      )
      .all(projectId) as ProjectTaskLine[];
    const indicators = projectIndicators(db, projectId);
    const projectLevel = indicators.filter((i) => i.taskId == null);
    return {
      boardId,
      seq: currentSeq(db, boardId),
      project,
      tasks,
      indicators,
      values: indicatorValues(db, projectLevel.map((i) => i.id)),
      ...choices(db, projectId),
    };
  });
}

export type ProjectSummary = ProjectHead & { progress: number; indicators: number; met: number; overdue: number };

/** The overview: every project the actor may read, with its progress and indicator counts; the actor's unit's unmet indicators. */
export function indicatorOverview(db: DB, actor: Actor, today: string): { projects: ProjectSummary[]; mine: IndicatorRow[] } {
  const progress = progressByProject(db);
  const all = listIndicators(db);
  const heads = db.$client.prepare(`${PROJECT_HEAD} ORDER BY p.code`).all() as ProjectHead[];
  const projects = heads
    .filter((head) => canReadBoard(actor, projectBoard(head.id)))
    .map((head) => {
      const list = all.filter((i) => i.projectId === head.id);
      return {
        ...head,
        progress: progress.get(head.id) ?? 0,
        indicators: list.length,
        met: list.filter((i) => i.met).length,
        overdue: list.filter((i) => !i.met && i.dueOn < today).length,
      };
    });
  const readable = new Set(projects.map((p) => p.id));
  const mine = actor.unitId == null ? [] : all.filter((i) => i.responsibleUnitId === actor.unitId && !i.met && readable.has(i.projectId)).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return { projects, mine };
}
