// 下家考核上家 on the server: a task's deliverable requirement (which unit must accept it) and that unit's
// signed acceptances with evidence. Every write is one transaction (row + audit + "deliverable.upserted"
// on the consortium board and the project's board); pending close-out proposals of the task are re-sent
// too, since their eligibility depends on the acceptance. People concerned are notified after commit.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { canReadBoard, commit, getTask } from "./tasks.server";
import { listEvidence, storeEvidence, type UploadedFile } from "./evidence.server";
import { pendingProposalEvents, usersOfUnit } from "./closeout.server";
import {
  acceptanceState,
  type AcceptanceRow,
  type AcceptanceSignInput,
  type DeliverableClearInput,
  type DeliverableRow,
  type DeliverableSetInput,
} from "./acceptance";
import type { TaskRow } from "./tasks";

const DELIVERABLE_SELECT = `
  SELECT d.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle, t.status AS taskStatus, t.project_id AS projectId,
         t.owner_unit_id AS ownerUnitId, ou.short_name AS ownerUnitName, d.deliverable, d.accepting_unit_id AS acceptingUnitId,
         au.short_name AS acceptingUnitName, d.acceptance_kind AS acceptanceKind, d.version
  FROM task_deliverables d
  JOIN tasks t ON t.id = d.task_id
  JOIN member_units ou ON ou.id = t.owner_unit_id
  JOIN member_units au ON au.id = d.accepting_unit_id`;

const ACCEPTANCE_SELECT = `
  SELECT a.id, a.task_id AS taskId, a.unit_id AS unitId, m.short_name AS unitName, a.decision, a.comment,
         a.signed_by AS signedBy, u.display_name AS signerName, a.signed_at AS signedAt
  FROM acceptances a JOIN member_units m ON m.id = a.unit_id JOIN users u ON u.id = a.signed_by`;

/** Every signed decision on these tasks (newest first), with its evidence files. */
export function acceptancesOf(db: DB, taskIds: number[]): Record<number, AcceptanceRow[]> {
  const out: Record<number, AcceptanceRow[]> = {};
  if (taskIds.length === 0) return out;
  const ids = [...new Set(taskIds)];
  const rows = db.$client
    .prepare(`${ACCEPTANCE_SELECT} WHERE a.task_id IN (${ids.map(() => "?").join(",")}) ORDER BY a.id DESC`)
    .all(...ids) as Omit<AcceptanceRow, "evidence">[];
  const files = listEvidence(db, "acceptance", rows.map((r) => r.id));
  for (const r of rows) (out[r.taskId] ??= []).push({ ...r, evidence: files[r.id] ?? [] });
  return out;
}

type RawDeliverable = Omit<DeliverableRow, "id" | "latest" | "state">;

function withState(raw: RawDeliverable[], decisions: Record<number, AcceptanceRow[]>): DeliverableRow[] {
  return raw.map((d) => {
    const mine = decisions[d.taskId] ?? [];
    const { state, latestId } = acceptanceState(d, mine);
    return { ...d, id: d.taskId, state, latest: mine.find((a) => a.id === latestId) ?? null };
  });
}

/** The requirement of one task with its state, or null when the task names no accepting unit. */
export function getDeliverable(db: DB, taskId: number): DeliverableRow | null {
  const raw = db.$client.prepare(`${DELIVERABLE_SELECT} WHERE d.task_id = ?`).get(taskId) as RawDeliverable | undefined;
  return raw ? withState([raw], acceptancesOf(db, [taskId]))[0]! : null;
}

/** Requirements on tasks the actor may read, by task code. */
export function listDeliverables(db: DB, actor: Actor): DeliverableRow[] {
  const raw = (db.$client.prepare(`${DELIVERABLE_SELECT} WHERE t.archived_at IS NULL ORDER BY t.code`).all() as RawDeliverable[]).filter((d) =>
    canReadBoard(actor, projectBoard(d.projectId)),
  );
  return withState(raw, acceptancesOf(db, raw.map((d) => d.taskId)));
}

/** Current member units other than the task's own, for the accepting-unit select. */
export function acceptingUnitOptions(db: DB, task: Pick<TaskRow, "ownerUnitId">): { id: number; shortName: string }[] {
  return db.$client
    .prepare("SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL AND id != ? ORDER BY id")
    .all(task.ownerUnitId) as { id: number; shortName: string }[];
}

const boardsOf = (projectId: number) => [CONSORTIUM_BOARD, projectBoard(projectId)];

function record(db: DB, actor: Actor, action: string, taskId: number, projectId: number, before: unknown, after: DeliverableRow | null): BoardEvent[] {
  appendAudit(db, { userId: actor.id, action: `deliverable.${action}`, entity: "deliverable", entityId: taskId, before, after });
  const by = { id: actor.id, name: actor.displayName };
  const events = after
    ? appendEvents(db, boardsOf(projectId), "deliverable.upserted", { entity: "deliverable", id: taskId, row: after, by, action })
    : appendEvents(db, boardsOf(projectId), "deliverable.removed", { entity: "deliverable", id: taskId, by, action });
  return [...events, ...pendingProposalEvents(db, actor, taskId)];
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
    const unit = db.$client.prepare("SELECT left_on AS leftOn FROM member_units WHERE id = ?").get(input.acceptingUnitId) as { leftOn: string | null } | undefined;
    if (!unit) throw new DomainError("invalid", 400, { acceptingUnitId: input.acceptingUnitId });
    if (unit.leftOn) throw new DomainError("acceptanceUnitInactive", 400);
    const before = getDeliverable(db, task.id);
    if ((before?.version ?? 0) !== input.version) throw new DomainError("conflict", 409, { current: before });
    if (before) {
      db.$client
        .prepare("UPDATE task_deliverables SET deliverable = ?, accepting_unit_id = ?, acceptance_kind = ?, version = version + 1 WHERE task_id = ? AND version = ?")
        .run(input.deliverable, input.acceptingUnitId, input.acceptanceKind, task.id, before.version);
    } else {
      db.$client
        .prepare("INSERT INTO task_deliverables (task_id, deliverable, accepting_unit_id, acceptance_kind, version) VALUES (?, ?, ?, ?, 1)")
        .run(task.id, input.deliverable, input.acceptingUnitId, input.acceptanceKind);
    }
    const after = getDeliverable(db, task.id)!;
    return { result: after, events: record(db, actor, before ? "update" : "set", task.id, task.projectId, before, after) };
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
    db.$client.prepare("DELETE FROM task_deliverables WHERE task_id = ?").run(task.id);
    return { result: null, events: record(db, actor, "clear", task.id, task.projectId, before, null) };
  });
}

/**
 * The accepting unit signs its decision on the deliverable, with evidence files (test reports, trial
 * records). Needs sign:acceptance over the ACCEPTING unit (its lead); the executing unit can never sign
 * its own. Decisions are appended, the newest counts; a rejection carries its reason.
 */
export function signAcceptance(ctx: AppContext, actor: Actor, input: AcceptanceSignInput, files: UploadedFile[] = []): DeliverableRow {
  const { db } = ctx;
  const row = commit(ctx, () => {
    const task = getTask(db, input.taskId);
    const before = getDeliverable(db, task.id);
    if (!before) throw new DomainError("acceptanceNotRequired", 400);
    assertCan(actor, "sign", "acceptance", { unitId: before.acceptingUnitId });
    if (actor.unitId === task.ownerUnitId) throw new DomainError("acceptanceOwnUnit", 403);
    assertTaskOpen(task);
    const { id } = db.$client
      .prepare("INSERT INTO acceptances (task_id, unit_id, decision, comment, signed_by, signed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
      .get(task.id, before.acceptingUnitId, input.decision, input.comment, actor.id, db.$clock.nowIso()) as { id: number };
    if (files.length) storeEvidence(db, ctx.config, actor, { type: "acceptance", id, projectId: task.projectId }, files);
    appendAudit(db, { userId: actor.id, action: "acceptance.sign", entity: "acceptance", entityId: id, after: { ...input, unitId: before.acceptingUnitId } });
    const after = getDeliverable(db, task.id)!;
    return { result: after, events: record(db, actor, "sign", task.id, task.projectId, before, after) };
  });
  const task = getTask(db, row.taskId);
  notify(ctx, [...usersOfUnit(db, row.ownerUnitId, ["unit_lead"]), ...(task.ownerUserId ? [task.ownerUserId] : [])], row);
  return row;
}

function notify(ctx: AppContext, userIds: number[], deliverable: DeliverableRow) {
  const ids = [...new Set(userIds)];
  if (ids.length) ctx.realtime.notifyUsers(ids, { kind: "acceptance", deliverable });
}
