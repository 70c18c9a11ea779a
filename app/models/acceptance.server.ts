// 下家考核上家 writes: naming the unit that must accept a task's deliverable, and that unit's signed
// decisions with evidence. Every write is one transaction through the write kernel (row + audit +
// "deliverable.upserted" on the consortium board and the project's board); pending close-out proposals
// of the task are re-sent too, since their eligibility depends on the acceptance. People concerned are
// notified after commit. Reads: deliverables.server.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { acceptanceDelegations, taskDeliverables } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { notifyEach } from "./inbox.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { exists, insert, one, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { can } from "./permissions";
import { DomainError } from "./errors";
import { getTask } from "./tasks.server";
import { storeEvidence, type UploadedFile } from "./evidence.server";
import { usersOfUnit } from "./people.server";
import { getDeliverable } from "./deliverables.server";
import { pendingProposalEvents } from "./closeout.server";
import type { AcceptanceDelegateInput, AcceptanceSignInput, DeliverableClearInput, DeliverableRow, DeliverableSetInput } from "./acceptance";
import type { TaskRow } from "./tasks";

/** Audit + the requirement's event (removed when cleared), then the task's pending proposals again. */
function record(db: DB, actor: Actor, action: string, task: TaskRow, before: DeliverableRow | null, after: DeliverableRow | null): BoardEvent[] {
  const events = recordChange(db, { entity: "deliverable", id: task.id, action, by: actor, before, after, boards: boardsOf(task.projectId) });
  return [...events, ...pendingProposalEvents(db, actor, task.id)];
}

function assertTaskOpen(task: TaskRow) {
  if (task.status === "closed" || task.archivedAt) throw new DomainError("closeoutTaskClosed", 400);
}

/**
 * Names (or changes) the unit that must accept a task's deliverable. Needs update:task over the task;
 * the accepting unit is a current member other than the executing unit. Version 0 creates.
 */
export function setDeliverable(ctx: AppContext, actor: Actor, input: DeliverableSetInput): DeliverableRow {
  const { db } = ctx;
  const row = commit(ctx, () => {
    const task = getTask(db, input.taskId);
    assertCan(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId });
    assertTaskOpen(task);
    if (input.acceptingUnitId === task.ownerUnitId) throw new DomainError("acceptanceOwnUnit", 400);
    const unit = one<{ leftOn: string | null }>(db, "SELECT left_on AS leftOn FROM member_units WHERE id = ?", input.acceptingUnitId);
    if (!unit) throw new DomainError("invalid", 400, { acceptingUnitId: input.acceptingUnitId });
    if (unit.leftOn) throw new DomainError("acceptanceUnitInactive", 400);
    const before = getDeliverable(db, task.id);
    if ((before?.version ?? 0) !== input.version) throw new DomainError("conflict", 409, { current: before });
    const values = { deliverable: input.deliverable, acceptingUnitId: input.acceptingUnitId, acceptanceKind: input.acceptanceKind };
    if (before) updateVersioned(db, taskDeliverables, task.id, before.version, values, () => before);
    // A delegate signs for one unit: another accepting unit starts without one.
    if (before && before.acceptingUnitId !== values.acceptingUnitId) run(db, "DELETE FROM acceptance_delegations WHERE task_id = ?", task.id);
    else run(db, "INSERT INTO task_deliverables (task_id, deliverable, accepting_unit_id, acceptance_kind, version) VALUES (?, ?, ?, ?, 1)", task.id, values.deliverable, values.acceptingUnitId, values.acceptanceKind);
    const after = getDeliverable(db, task.id)!;
    const told = notifyEach(db, usersOfUnit(db, after.acceptingUnitId, ["unit_lead"]), {
      kind: "acceptance_requested",
      actorId: actor.id,
      entity: "deliverable",
      entityId: task.id,
      href: "/acceptance",
      params: { task: `${task.code} ${task.title}`, deliverable: after.deliverable },
    });
    return { result: after, events: record(db, actor, before ? "update" : "set", task, before, after), told };
  });
  notify(ctx, usersOfUnit(db, row.acceptingUnitId, ["unit_lead"]), row);
  return row;
}

/** Removes the requirement (the signed decisions stay in the record). */
export function clearDeliverable(ctx: AppContext, actor: Actor, input: DeliverableClearInput): void {
  const { db } = ctx;
  commit(ctx, () => {
    const task = getTask(db, input.taskId);
    assertCan(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId });
    assertTaskOpen(task);
    const before = getDeliverable(db, task.id);
    if (!before) throw new DomainError("acceptanceNotRequired", 400);
    if (before.version !== input.version) throw new DomainError("conflict", 409, { current: before });
    run(db, "DELETE FROM acceptance_delegations WHERE task_id = ?", task.id);
    run(db, "DELETE FROM task_deliverables WHERE task_id = ?", task.id);
    return { result: null, events: record(db, actor, "clear", task, before, null) };
  });
}

/**
 * The accepting unit's lead (sign:acceptance over that unit) names one active person of his unit to sign
 * for it on this deliverable, or withdraws the delegation (no userId). Versioned like any row: 0 when
 * there is none yet.
 */
export function delegateAcceptance(ctx: AppContext, actor: Actor, input: AcceptanceDelegateInput): DeliverableRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const task = getTask(db, input.taskId);
    const before = getDeliverable(db, task.id);
    if (!before) throw new DomainError("acceptanceNotRequired", 400);
    assertCan(actor, "delegate", "acceptance", { unitId: before.acceptingUnitId });
    assertTaskOpen(task);
    if ((before.delegate?.version ?? 0) !== input.version) throw new DomainError("conflict", 409, { current: before });
    if (input.userId == null) {
      if (!before.delegate) throw new DomainError("conflict", 409, { current: before });
      run(db, "DELETE FROM acceptance_delegations WHERE task_id = ?", task.id);
    } else {
      const ofUnit = exists(db, "SELECT 1 FROM users WHERE id = ? AND unit_id = ? AND active = 1", input.userId, before.acceptingUnitId);
      if (!ofUnit || input.userId === actor.id) throw new DomainError("acceptanceDelegateUnit", 400, { unit: before.acceptingUnitName });
      const values = { userId: input.userId, delegatedBy: actor.id, delegatedAt: db.$clock.nowIso() };
      if (before.delegate) updateVersioned(db, acceptanceDelegations, task.id, before.delegate.version, values, () => before);
      else run(db, "INSERT INTO acceptance_delegations (task_id, user_id, delegated_by, delegated_at, version) VALUES (?, ?, ?, ?, 1)", task.id, values.userId, values.delegatedBy, values.delegatedAt);
    }
    const after = getDeliverable(db, task.id)!;
    return { result: after, events: record(db, actor, input.userId == null ? "undelegate" : "delegate", task, before, after) };
  });
}

/**
 * Who answers for the accepting unit on this deliverable: its lead (sign:acceptance over the unit), or the
 * person he delegated for it (then returned as `delegatedBy`, kept on the signed decision). Else refused.
 */
function assertAnswers(actor: Actor, d: DeliverableRow): { delegatedBy: number | null } {
  if (can(actor, "sign", "acceptance", { unitId: d.acceptingUnitId })) return { delegatedBy: null };
  if (d.delegate && d.delegate.userId === actor.id && actor.unitId === d.acceptingUnitId) return { delegatedBy: d.delegate.delegatedBy };
  throw new DomainError("acceptanceNotAnswerable", 403, { unit: d.acceptingUnitName });
}

/**
 * The accepting unit signs its decision on the deliverable, with evidence files (test reports, trial
 * records): its lead, or the person he delegated for this deliverable (assertAnswers); the executing unit
 * can never sign its own. Decisions are appended, the newest counts; a rejection carries its reason.
 */
export function signAcceptance(ctx: AppContext, actor: Actor, input: AcceptanceSignInput, files: UploadedFile[] = []): DeliverableRow {
  const { db } = ctx;
  const row = commit(ctx, () => {
    const task = getTask(db, input.taskId);
    const before = getDeliverable(db, task.id);
    if (!before) throw new DomainError("acceptanceNotRequired", 400);
    const { delegatedBy } = assertAnswers(actor, before);
    if (actor.unitId === task.ownerUnitId) throw new DomainError("acceptanceOwnUnit", 403);
    assertTaskOpen(task);
    const id = insert(
      db,
      "INSERT INTO acceptances (task_id, unit_id, decision, comment, signed_by, signed_at, delegated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
      task.id, before.acceptingUnitId, input.decision, input.comment, actor.id, db.$clock.nowIso(), delegatedBy,
    );
    if (files.length) storeEvidence(db, ctx.config, actor, { type: "acceptance", id, projectId: task.projectId }, files);
    recordChange(db, { entity: "acceptance", id, action: "sign", by: actor, before: null, after: { ...input, unitId: before.acceptingUnitId, delegatedBy }, boards: [] });
    const after = getDeliverable(db, task.id)!;
    return { result: after, events: record(db, actor, "sign", task, before, after) };
  });
  const task = getTask(db, row.taskId);
  notify(ctx, [...usersOfUnit(db, row.ownerUnitId, ["unit_lead"]), ...(task.ownerUserId ? [task.ownerUserId] : [])], row);
  return row;
}

function notify(ctx: AppContext, userIds: number[], deliverable: DeliverableRow) {
  const ids = [...new Set(userIds)];
  if (ids.length) ctx.realtime.notifyUsers(ids, { kind: "acceptance", deliverable });
}
