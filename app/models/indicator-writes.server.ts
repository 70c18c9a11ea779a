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
import { getIndicator, indicatorValues, VALUE_EVIDENCE } from "./indicators.server";
import { syncTaskProgress } from "./progress.server";
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
    `INSERT INTO indicators (project_id, task_id, name, unit_of_measure, baseline, target, direction, due_on, responsible_unit_id, responsible_user_id, updated_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @now, @now)`,
    input.projectId, task?.id ?? null, v.name, v.unitOfMeasure, v.baseline, v.target, v.direction, v.dueOn, v.responsibleUnitId, v.responsibleUserId, actor.id, { now: db.$clock.nowIso() },
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
    const id = insert(
      db,
      "INSERT INTO indicator_values (indicator_id, value, measured_on, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
      before.id, input.value, input.measuredOn, input.note, actor.id, db.$clock.nowIso(),
    );
    storeEvidence(db, ctx.config, actor, { type: VALUE_EVIDENCE, id, projectId: before.projectId }, files);
    const value = indicatorValues(db, [before.id])[before.id]!.find((v) => v.id === id)!;
    // The value is audited on its own; the indicator's record below carries it to the boards.
    recordChange(db, { entity: "indicator", id, action: "record", by: actor, before: null, after: value, boards: [], audit: { entity: "indicator_value" } });
    const r = record(db, actor, "record", before, before.id, { value });
    return { result: { indicator: r.row, value }, events: r.events };
  });
}
