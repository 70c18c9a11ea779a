// 考核指标 writes: create / update / archive indicators, record measured values with evidence. Each write
// is ONE transaction through the write kernel: permission and rule checks, the row with a version bump,
// the audit row, an "indicator.upserted" (or ".removed") event on the consortium board and the project
// board, and, for a task's indicator, the task's recomputed progress (progress.server.ts).
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { indicators } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { insert } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { getTask } from "./tasks.server";
import { assertOwnership } from "./projects.server";
import type { TaskRow } from "./tasks";
import { storeEvidence, type UploadedFile } from "./evidence.server";
import { getIndicator, indicatorValue, VALUE_EVIDENCE } from "./indicators.server";
import { syncTaskProgress } from "./progress.server";
import {
  canAmend,
  canRecord,
  formatMeasure,
  indicatorScope,
  isJump,
  JUMP_FACTOR,
  NO,
  rangeProblem,
  YES,
  type CorrectValueInput,
  type ValueKind,
  type WithdrawValueInput,
  type IndicatorArchiveInput,
  type IndicatorCreateInput,
  type IndicatorRow,
  type IndicatorUpdateInput,
  type IndicatorValueRow,
  type RecordValueInput,
} from "./indicators";
import { assertIndicatorNotFrozen } from "./responsibility-freeze.server";
import { FROZEN_INDICATOR_FIELDS } from "./responsibility";

/** Whose indicator it is, for create/update scopes (indicators.ts `indicatorScope`). */
const scopeOf = (task: TaskRow | null, responsibleUnitId: number, projectId: number) => indicatorScope({ responsibleUnitId, projectId }, task?.ownerUnitId ?? null);

/** A task that can still take indicators and values: not archived, not closed out (销号 is final). */
function liveTask(db: DB, taskId: number | null, projectId: number): TaskRow | null {
  if (taskId == null) return null;
  const task = getTask(db, taskId);
  if (task.archivedAt || task.projectId !== projectId) throw notFound();
  if (task.status === "closed") throw new DomainError("indicatorTaskClosed", 409);
  return task;
}

/**
 * How a batch writes many indicators at once: `syncProgress: false` leaves the tasks' progress to the
 * caller, who recomputes each task once after all its indicators (`syncTaskProgress`), not once per row.
 */
export type BatchOptions = { syncProgress?: boolean };

/** The task's recomputed progress (events for it), then the indicator's audit row and event, inside the transaction. */
function record(db: DB, actor: Actor, action: string, before: IndicatorRow | null, id: number, extra: Record<string, unknown> = {}, opts: BatchOptions = {}) {
  const row = getIndicator(db, id);
  const taskIds = opts.syncProgress === false ? [] : [...new Set([before?.taskId, row.taskId].filter((x): x is number => x != null))];
  const synced = taskIds.map((t) => syncTaskProgress(db, actor, t));
  const task = synced.find((s) => s.info.id === row.taskId)?.info ?? null;
  const events = recordChange(db, {
    entity: "indicator",
    id,
    action,
    by: actor,
    before,
    after: row,
    boards: boardsOf(row.projectId),
    removed: row.archivedAt != null,
    payload: { task, ...extra },
  });
  return { row, events: [...synced.flatMap((s) => s.events), ...events] };
}

/** An indicator's stored values from a write's input (a yes/no indicator keeps no unit, baseline or target). */
export const valuesOf = (i: IndicatorCreateInput | IndicatorUpdateInput) => {
  const yesno = i.direction === "yesno";
  return {
    name: i.name,
    unitOfMeasure: yesno ? "" : i.unitOfMeasure,
    baseline: yesno ? null : (i.baseline ?? null),
    target: yesno ? null : (i.target ?? null),
    min: yesno ? null : (i.min ?? null),
    max: yesno ? null : (i.max ?? null),
    direction: i.direction,
    dueOn: i.dueOn,
    responsibleUnitId: i.responsibleUnitId,
    responsibleUserId: i.responsibleUserId ?? null,
  };
};

export function createIndicator(ctx: AppContext, actor: Actor, input: IndicatorCreateInput): IndicatorRow {
  return commit(ctx, () => {
    const r = insertIndicator(ctx.db, actor, input, "create");
    return { result: r.row, events: r.events };
  });
}

/**
 * Creates an indicator inside the caller's transaction (createIndicator, or a batch such as the Excel
 * import that commits many in one): the same rights and rules; returns the row and the events to publish.
 */
export function insertIndicator(db: DB, actor: Actor, input: IndicatorCreateInput, action: string, opts: BatchOptions = {}) {
  const task = liveTask(db, input.taskId ?? null, input.projectId);
  assertCan(actor, "create", "indicator", scopeOf(task, input.responsibleUnitId, input.projectId));
  assertOwnership(db, input.projectId, input.responsibleUnitId, input.responsibleUserId);
  const v = valuesOf(input);
  const id = insert(
    db,
    `INSERT INTO indicators (project_id, task_id, name, unit_of_measure, baseline, target, min, max, direction, due_on, responsible_unit_id, responsible_user_id, updated_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @now, @now)`,
    input.projectId, task?.id ?? null, v.name, v.unitOfMeasure, v.baseline, v.target, v.min, v.max, v.direction, v.dueOn, v.responsibleUnitId, v.responsibleUserId, actor.id, { now: db.$clock.nowIso() },
  );
  return record(db, actor, action, null, id, {}, opts);
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
  return commit(ctx, () => {
    const r = reviseIndicator(ctx.db, actor, input, "update");
    return { result: r.row, events: r.events };
  });
}

/** updateIndicator's rights, freeze and version checks and write, inside the caller's transaction (batches). */
export function reviseIndicator(db: DB, actor: Actor, input: IndicatorUpdateInput, action: string, opts: BatchOptions = {}) {
  const { before, task } = loadForEdit(db, actor, input);
  // Handing a project-level indicator to another unit needs the right over that unit too.
  assertCan(actor, "update", "indicator", scopeOf(task, input.responsibleUnitId, before.projectId));
  // A signed responsibility list freezes target, due date, name and owners: those change by change request.
  const v = valuesOf(input);
  assertIndicatorNotFrozen(db, before, v, FROZEN_INDICATOR_FIELDS.filter((f) => v[f] !== before[f]));
  return writeIndicator(db, actor, before, input, action, opts);
}

/**
 * Writes an indicator's new values inside the caller's transaction, after the caller checked its own
 * rights (updateIndicator; an approved change request adjusting targets or moving a merged task's
 * indicators with `taskId`). Audits as `indicator.<action>` and returns the events to publish.
 */
export function writeIndicator(db: DB, actor: Actor, before: IndicatorRow, input: IndicatorUpdateInput & { taskId?: number }, action: string, opts: BatchOptions = {}) {
  assertOwnership(db, before.projectId, input.responsibleUnitId, input.responsibleUserId);
  if (before.valueCount > 0 && input.direction !== before.direction) throw new DomainError("indicatorDirectionLocked", 409);
  const v = valuesOf(input);
  updateVersioned(db, indicators, before.id, before.version, { ...v, taskId: input.taskId ?? before.taskId, updatedAt: db.$clock.nowIso(), updatedBy: actor.id }, () => getIndicator(db, before.id));
  return record(db, actor, action, before, before.id, {}, opts);
}

/** Archives (never deletes) an indicator; its values and evidence stay. The task's progress is recomputed. */
export function archiveIndicator(ctx: AppContext, actor: Actor, input: IndicatorArchiveInput): IndicatorRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const { before } = loadForEdit(db, actor, input);
    const now = db.$clock.nowIso();
    updateVersioned(db, indicators, before.id, before.version, { archivedAt: now, updatedAt: now, updatedBy: actor.id });
    const r = record(db, actor, "archive", before, before.id);
    return { result: r.row, events: r.events };
  });
}

/** The indicator a value is recorded on, as it stands: live, on a live task, and the actor's right to record on it. */
function loadForValue(db: DB, indicatorId: number) {
  const indicator = getIndicator(db, indicatorId);
  if (indicator.archivedAt) throw notFound();
  const task = liveTask(db, indicator.taskId, indicator.projectId);
  return { indicator, ownerUnitId: task?.ownerUnitId ?? null };
}

/** A value the indicator cannot take: refused (negative count or duration, outside the declared range, not 是/否). */
function assertPossible(indicator: IndicatorRow, value: number) {
  if (indicator.direction === "yesno") {
    if (value !== YES && value !== NO) throw new DomainError("indicatorYesNoValue", 400);
    return;
  }
  const problem = rangeProblem(indicator, value);
  if (problem) throw new DomainError(problem.code, 400, problem.params);
}

/**
 * Appends a value row (recorded, correction or withdrawal) with its evidence, audits it, recomputes the
 * task's progress and returns the events that carry both to every board showing them.
 */
function appendValue(ctx: AppContext, actor: Actor, indicator: IndicatorRow, row: { value: number; measuredOn: string; note: string; kind: ValueKind; correctsId: number | null; reason: string | null }, files: UploadedFile[], action: string) {
  const { db } = ctx;
  const id = insert(
    db,
    "INSERT INTO indicator_values (indicator_id, value, measured_on, note, recorded_by, recorded_at, kind, corrects_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    indicator.id, row.value, row.measuredOn, row.note, actor.id, db.$clock.nowIso(), row.kind, row.correctsId, row.reason,
  );
  storeEvidence(db, ctx.config, actor, { type: VALUE_EVIDENCE, id, projectId: indicator.projectId }, files);
  const value = indicatorValue(db, id);
  // The value is audited on its own; the indicator's record below carries it to the boards.
  recordChange(db, { entity: "indicator", id, action, by: actor, before: null, after: value, boards: [], audit: { entity: "indicator_value" } });
  const r = record(db, actor, action, indicator, indicator.id, { value });
  return { result: { indicator: r.row, value }, events: r.events };
}

/**
 * Appends a measured value with its evidence files (checked by readMultipart) and a note; the task's
 * progress is recomputed and every board showing it updates live. Values are append-only. A value the
 * indicator cannot take is refused; one more than JUMP_FACTOR times away from the latest value needs
 * `confirmJump` (a typo would otherwise move progress everywhere at once).
 */
export function recordValue(ctx: AppContext, actor: Actor, input: RecordValueInput, files: UploadedFile[] = []): { indicator: IndicatorRow; value: IndicatorValueRow } {
  const { db } = ctx;
  const today = ctx.db.$clock.today();
  return commit(ctx, () => {
    const { indicator, ownerUnitId } = loadForValue(db, input.indicatorId);
    if (!canRecord(actor, indicator, ownerUnitId)) throw new DomainError("forbidden", 403, { action: "record", entity: "indicator" });
    if (input.measuredOn > today) throw new DomainError("indicatorMeasuredInFuture", 400);
    assertPossible(indicator, input.value);
    if (indicator.direction !== "yesno" && !input.confirmJump && isJump(indicator.latest, input.value)) {
      throw new DomainError("indicatorJumpUnconfirmed", 400, { value: formatMeasure(input.value), latest: formatMeasure(indicator.latest), factor: JUMP_FACTOR });
    }
    return appendValue(ctx, actor, indicator, { value: input.value, measuredOn: input.measuredOn, note: input.note, kind: "value", correctsId: null, reason: null }, files, "record");
  });
}

/**
 * The value row to correct or withdraw, checked: it exists, counts now (else stale: another correction
 * or withdrawal came first, refused with that row as the current state), and the actor is its recorder
 * or holds `correct:indicator` (canAmend).
 */
function loadForAmend(db: DB, actor: Actor, valueId: number) {
  const target = indicatorValue(db, valueId);
  const { indicator, ownerUnitId } = loadForValue(db, target.indicatorId);
  if (!canAmend(actor, target, indicator, ownerUnitId)) throw new DomainError("forbidden", 403, { action: "correct", entity: "indicator" });
  if (target.amendedBy) throw new DomainError("indicatorValueStale", 409, { current: indicatorValue(db, target.amendedBy.id), by: target.amendedBy.byName });
  if (target.kind === "withdrawal") throw new DomainError("indicatorValueStale", 409, { current: target, by: target.recorderName });
  return { target, indicator };
}

/** Corrects a recorded value: a NEW row with the right value pointing at the wrong one (never an UPDATE); progress follows. */
export function correctValue(ctx: AppContext, actor: Actor, input: CorrectValueInput, files: UploadedFile[] = []): { indicator: IndicatorRow; value: IndicatorValueRow } {
  const { db } = ctx;
  const today = db.$clock.today();
  return commit(ctx, () => {
    const { target, indicator } = loadForAmend(db, actor, input.valueId);
    if (input.measuredOn > today) throw new DomainError("indicatorMeasuredInFuture", 400);
    assertPossible(indicator, input.value);
    return appendValue(ctx, actor, indicator, { value: input.value, measuredOn: input.measuredOn, note: target.note, kind: "correction", correctsId: target.id, reason: input.reason }, files, "correct");
  });
}

/** Withdraws a recorded value: a withdrawal row pointing at it (the value stays in the history, struck through); progress follows. */
export function withdrawValue(ctx: AppContext, actor: Actor, input: WithdrawValueInput): { indicator: IndicatorRow; value: IndicatorValueRow } {
  const { db } = ctx;
  return commit(ctx, () => {
    const { target, indicator } = loadForAmend(db, actor, input.valueId);
    return appendValue(ctx, actor, indicator, { value: target.value, measuredOn: target.measuredOn, note: "", kind: "withdrawal", correctsId: target.id, reason: input.reason }, [], "withdraw");
  });
}
