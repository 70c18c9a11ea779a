// 动态调整 change requests: propose (snapshot of what it changes), withdraw, approve (applied in ONE
// transaction with the request's status change: task/indicator/unit writes, their audit rows and board
// events, published only after commit) and reject (a comment, nothing else changes). Approving a request
// whose `before` no longer matches the rows is refused (changeStale) with what changed meanwhile.
// How the pages show requests: change-views.server.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { changeRequests } from "../../db/schema";
import { boardsOf, CONSORTIUM_BOARD } from "./boards.server";
import { notify } from "./inbox.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { applyTaskChange, getTask, insertTask } from "./tasks.server";
import type { TaskRow } from "./tasks";
import { assertOwnership, assertPersonOfUnit, projectUnitIds } from "./projects.server";
import { insertIndicator } from "./indicator-writes.server";
import { allEdges, codesOf, insertLink } from "./task-dependencies.server";
import { cycleWith } from "./task-graph";
import { assertUniqueName, getUnit, insertUnit, writeUnit } from "./units.server";
import { getIndicator } from "./indicators.server";
import { writeIndicator } from "./indicator-writes.server";
import { currentSnapshot, getChangeRequest, getStored, indicatorIdsOfTask, named, namer, toView, type Stored } from "./change-views.server";
import {
  afterOf,
  approveEntity,
  decisionTarget,
  diffOf,
  proposeEntity,
  RESUMED_STATUS,
  sameSnapshot,
  TASK_CHANGE_ACTIONS,
  type ChangeApproveInput,
  type ChangeDecideInput,
  type ChangeKind,
  type ChangePayload,
  type ChangeProposeInput,
  type ChangeRejectInput,
  type ChangeStatus,
  type ChangeView,
  type PayloadOf,
} from "./change-requests";

// ----------------------------------------------------------------------------------------------- rules

type Scope = { unitId?: number | null; projectId?: number | null };

/**
 * A task that can still take a change: live (not archived) and not closed out; suspension also not yet
 * suspended, and not while a close-out proposal owns it (待销号: decided or withdrawn first).
 */
function changeableTask(db: DB, id: number, kind: ChangeKind): TaskRow {
  const t = getTask(db, id);
  if (t.archivedAt || t.status === "closed" || (kind !== "adjust_task" && t.status === "suspended")) throw new DomainError("changeTaskClosed", 409);
  if (kind !== "adjust_task" && t.status === "pending_closeout") throw new DomainError("changeTaskPendingCloseout", 409);
  return t;
}

/**
 * Checks the proposal against the rows and returns what will be stored: the normalized payload (an
 * adjustment keeps only what differs), its project, target and the scopes the proposer needs.
 */
function prepare(db: DB, input: ChangePayload): { payload: ChangePayload; projectId: number | null; targetId: number | null; scopes: Scope[] } {
  switch (input.kind) {
    case "suspend_task": {
      const t = changeableTask(db, input.taskId, input.kind);
      return { payload: input, projectId: t.projectId, targetId: t.id, scopes: [{ unitId: t.ownerUnitId, projectId: t.projectId }] };
    }
    case "resume_task": {
      const t = getTask(db, input.taskId);
      if (t.archivedAt || t.status !== "suspended") throw new DomainError("changeTaskNotSuspended", 409);
      return { payload: input, projectId: t.projectId, targetId: t.id, scopes: [{ unitId: t.ownerUnitId, projectId: t.projectId }] };
    }
    case "adjust_task": {
      const t = changeableTask(db, input.taskId, input.kind);
      const p = normalizeAdjust(db, t, input);
      return { payload: p, projectId: t.projectId, targetId: t.id, scopes: [{ unitId: t.ownerUnitId, projectId: t.projectId }] };
    }
    case "merge_tasks": {
      const a = changeableTask(db, input.taskId, input.kind);
      const b = changeableTask(db, input.mergeId, input.kind);
      if (a.projectId !== b.projectId) throw new DomainError("mergeOtherProject", 400);
      return {
        payload: input,
        projectId: a.projectId,
        targetId: a.id,
        scopes: [a, b].map((t) => ({ unitId: t.ownerUnitId, projectId: t.projectId })),
      };
    }
    case "add_task":
      assertMemberOwner(db, input.projectId, input.ownerUnitId, input.ownerUserId);
      linksOfNewTask(db, input);
      return { payload: input, projectId: input.projectId, targetId: null, scopes: [{ unitId: input.ownerUnitId, projectId: input.projectId }] };
    case "admit_unit":
      assertUniqueName(db, input.unit.name);
      return { payload: input, projectId: null, targetId: null, scopes: [{}] };
    case "remove_unit": {
      const u = getUnit(db, input.unitId);
      if (u.leftOn) throw new DomainError("unitAlreadyLeft", 409);
      assertNoOpenWork(db, u.id);
      return { payload: input, projectId: null, targetId: u.id, scopes: [{ unitId: u.id }] };
    }
  }
}

/**
 * A new task's owner may be any member unit of the consortium that has not left (one not yet taking part
 * in the project joins it when the request is approved); the owner person belongs to that unit.
 */
function assertMemberOwner(db: DB, projectId: number, unitId: number, userId: number | null | undefined) {
  projectUnitIds(db, projectId); // an unknown project: "not found"
  const unit = getUnit(db, unitId);
  if (unit.leftOn && unit.leftOn <= db.$clock.today()) throw new DomainError("unitAlreadyLeft", 409);
  assertPersonOfUnit(db, unitId, userId);
}

/** Stands for the task a 新增任务 request will create, in the cycle check (task ids start at 1). */
const NEW_TASK = 0;

/** The live task a code names: of the request's project first, else the only one in the consortium. */
function taskByCode(db: DB, projectId: number, code: string): number {
  const rows = all<{ id: number; projectId: number }>(db, "SELECT id, project_id AS projectId FROM tasks WHERE code = ? AND archived_at IS NULL ORDER BY id", code);
  const row = rows.find((r) => r.projectId === projectId) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) throw new DomainError("changeUnknownTask", 400, { code });
  return row.id;
}

/**
 * The new task's predecessor and successor ids from their codes: every code a live task, no closed
 * successor, and no cycle through the new task with the graph as it stands (task-graph.ts).
 */
function linksOfNewTask(db: DB, p: PayloadOf<"add_task">): { predecessors: number[]; successors: number[] } {
  const predecessors = (p.predecessors ?? []).map((c) => taskByCode(db, p.projectId, c));
  const successors = (p.successors ?? []).map((c) => taskByCode(db, p.projectId, c));
  for (const id of successors) if (getTask(db, id).status === "closed") throw new DomainError("linkTaskClosed", 409);
  const added = [...predecessors.map((id) => ({ predecessor: id, successor: NEW_TASK })), ...successors.map((id) => ({ predecessor: NEW_TASK, successor: id }))];
  const cycle = cycleWith(allEdges(db), added);
  if (cycle) {
    const codes = codesOf(db, cycle.filter((id) => id !== NEW_TASK));
    const path = cycle.map((id) => (id === NEW_TASK ? p.title : codes.shift()!));
    throw new DomainError("linkCycle", 409, { path: path.join(" → ") });
  }
  return { predecessors, successors };
}

/** Admits a member unit to the project (project_units), audited; nothing when it already takes part. */
function admitToProject(db: DB, actor: Actor, projectId: number, unitId: number): void {
  const before = projectUnitIds(db, projectId);
  if (before.includes(unitId)) return;
  run(db, "INSERT INTO project_units (project_id, unit_id) VALUES (?, ?)", projectId, unitId);
  const unit = getUnit(db, unitId);
  recordChange(db, { entity: "project_unit", id: projectId, action: "admit", by: actor, before: null, after: { projectId, unitId, unit: unit.name }, boards: [] });
}

/** A unit leaves only once its open tasks and indicators were handed over. */
function assertNoOpenWork(db: DB, unitId: number) {
  const n = scalar<number>(
    db,
    `SELECT (SELECT count(*) FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL AND status IN ('not_started','in_progress','pending_closeout'))
          + (SELECT count(*) FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.responsible_unit_id = ? AND i.archived_at IS NULL
               AND (t.id IS NULL OR (t.archived_at IS NULL AND t.status NOT IN ('closed','suspended'))))`,
    unitId,
    unitId,
  )!;
  if (n > 0) throw new DomainError("unitHasOpenTasks", 409, { n });
}

/** Keeps only the fields that differ from the task now; refuses an adjustment that changes nothing. */
function normalizeAdjust(db: DB, t: TaskRow, input: PayloadOf<"adjust_task">): PayloadOf<"adjust_task"> {
  const out: PayloadOf<"adjust_task"> = { kind: "adjust_task", taskId: t.id };
  for (const f of ["title", "startOn", "dueOn", "ownerUnitId"] as const) if (input[f] !== undefined && input[f] !== t[f]) (out as Record<string, unknown>)[f] = input[f];
  if (input.ownerUserId !== undefined && input.ownerUserId !== t.ownerUserId) out.ownerUserId = input.ownerUserId;
  // A new owner unit without a named person leaves the task without one (as on the board).
  if (out.ownerUnitId !== undefined && out.ownerUserId === undefined && t.ownerUserId != null) out.ownerUserId = null;
  const indicators = [];
  for (const i of input.indicators ?? []) {
    const ind = getIndicator(db, i.id);
    if (ind.taskId !== t.id || ind.archivedAt) throw new DomainError("indicatorNotOfTask", 400);
    const change: { id: number; target?: number; dueOn?: string } = { id: i.id };
    if (i.target !== undefined && i.target !== ind.target && ind.direction !== "yesno") change.target = i.target;
    if (i.dueOn !== undefined && i.dueOn !== ind.dueOn) change.dueOn = i.dueOn;
    if (Object.keys(change).length > 1) indicators.push(change);
  }
  if (indicators.length) out.indicators = indicators;
  if (Object.keys(out).length === 2) throw new DomainError("changeEmpty", 400);
  const start = out.startOn ?? t.startOn;
  const due = out.dueOn ?? t.dueOn;
  if (due < start) throw new DomainError("datesOrder", 400);
  if (out.ownerUnitId !== undefined || out.ownerUserId !== undefined) assertOwnership(db, t.projectId, out.ownerUnitId ?? t.ownerUnitId, out.ownerUserId === undefined ? t.ownerUserId : out.ownerUserId);
  return out;
}

/** The request as stored plus its audit row and its event on the consortium board and its project's. */
function record(db: DB, actor: Actor, action: string, before: ChangeView | null, id: number): { view: ChangeView; events: BoardEvent[] } {
  const view = getChangeRequest(db, id);
  const events = recordChange(db, { entity: "change", id, action, by: actor, before, after: view, boards: boardsOf(view.projectId), audit: { entity: "change_request" } });
  return { view, events };
}

// ---------------------------------------------------------------------------------------------- writes

export function proposeChange(ctx: AppContext, actor: Actor, input: ChangeProposeInput): ChangeView {
  const { db } = ctx;
  const { reason, ...payload } = input;
  return commit(ctx, () => {
    const prepared = prepare(db, payload as ChangePayload);
    for (const scope of prepared.scopes) assertCan(actor, "propose", proposeEntity(payload.kind), scope);
    const duplicate = exists(
      db,
      "SELECT 1 FROM change_requests WHERE status = 'pending' AND kind = ? AND target_id IS ? AND (target_id IS NOT NULL OR payload = ?)",
      payload.kind,
      prepared.targetId,
      JSON.stringify(prepared.payload),
    );
    if (duplicate) throw new DomainError("changeDuplicate", 409);
    const before = currentSnapshot(db, prepared.payload);
    const id = insert(
      db,
      "INSERT INTO change_requests (kind, project_id, target_id, payload, before, reason, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      payload.kind, prepared.projectId, prepared.targetId, JSON.stringify(prepared.payload), JSON.stringify(before), reason, actor.id, db.$clock.nowIso(),
    );
    const r = record(db, actor, "propose", null, id);
    return { result: r.view, events: r.events };
  });
}

/** Loads a pending request at the version the client saw. */
function pendingAt(db: DB, input: { id: number; version: number }): Stored {
  const s = getStored(db, input.id);
  if (s.status !== "pending") throw new DomainError("changeNotPending", 409, { current: toView(db, s) });
  assertVersion(s, input.version, toView(db, s));
  return s;
}

/** The approver's right for the kind (chief scientist: task kinds; council: member kinds), never over his own request. */
function assertMayDecide(actor: Actor, s: Stored) {
  assertCan(actor, "approve", approveEntity(s.kind), decisionTarget(s));
  if (s.requestedBy === actor.id) throw new DomainError("changeSelfApprove", 403);
}

/** The decision on a pending request (pendingAt checked it is pending, at the version the client saw). */
function decide(db: DB, actor: Actor, s: Stored, status: ChangeStatus, comment: string) {
  updateVersioned(db, changeRequests, s.id, s.version, { status, decidedBy: actor.id, decidedAt: db.$clock.nowIso(), decisionComment: comment });
}

export type ApproveHooks = {
  /** Test-only: called after each write of the approval (1 = the request's status), to prove atomicity. */
  afterWrite?: (n: number) => void;
};

/**
 * Approves and applies a request in ONE transaction: the request's status, then every change it asks
 * for (each audited, each with its board events), then the request's own audit row and event. Any
 * failure rolls all of it back; events are published only after commit.
 */
export function approveChange(ctx: AppContext, actor: Actor, input: ChangeApproveInput, hooks: ApproveHooks = {}): ChangeView {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const s = pendingAt(db, input);
    assertMayDecide(actor, s);
    const current = currentSnapshot(db, s.payload);
    if (!sameSnapshot(s.before, current)) throw new DomainError("changeStale", 409, { stale: named(namer(db), diffOf(s.before, current)) });
    const beforeView = toView(db, s);
    let writes = 0;
    const step = () => hooks.afterWrite?.(++writes);
    decide(db, actor, s, "approved", input.comment ?? "");
    step();
    const { events, createdId } = apply(db, actor, s, step);
    if (createdId != null) run(db, "UPDATE change_requests SET target_id = ? WHERE id = ?", createdId, s.id);
    const r = record(db, actor, "approve", beforeView, s.id);
    return { result: r.view, events: [...events, ...r.events], told: tellRequester(db, actor, r.view, "approved") };
  });
  ctx.realtime.notifyUsers([result.requestedBy], { kind: "change", change: result });
  return result;
}

/** The writes an approved request makes, inside the approval's transaction. */
function apply(db: DB, actor: Actor, s: Stored, step: () => void): { events: BoardEvent[]; createdId: number | null } {
  const p = s.payload;
  const events: BoardEvent[] = [];
  const task = (id: number, patch: Parameters<typeof applyTaskChange>[3], action: string) => {
    events.push(...applyTaskChange(db, actor, id, patch, action).events);
    step();
  };
  const indicator = (id: number, patch: { target?: number; dueOn?: string; taskId?: number }, action: string) => {
    const b = getIndicator(db, id);
    const input = { id, version: b.version, name: b.name, unitOfMeasure: b.unitOfMeasure, baseline: b.baseline, target: b.target, min: b.min, max: b.max, direction: b.direction };
    const owners = { dueOn: b.dueOn, responsibleUnitId: b.responsibleUnitId, responsibleUserId: b.responsibleUserId };
    events.push(...writeIndicator(db, actor, b, { ...input, ...owners, ...patch }, action).events);
    step();
  };
  switch (p.kind) {
    case "suspend_task":
      task(p.taskId, { status: "suspended" }, TASK_CHANGE_ACTIONS.suspend_task);
      return { events, createdId: null };
    case "resume_task":
      task(p.taskId, { status: RESUMED_STATUS }, TASK_CHANGE_ACTIONS.resume_task);
      return { events, createdId: null };
    case "adjust_task": {
      const { kind: _k, taskId, indicators, ...fields } = p;
      if (Object.keys(fields).length) task(taskId, fields, TASK_CHANGE_ACTIONS.adjust_task);
      for (const { id, ...patch } of indicators ?? []) indicator(id, patch, TASK_CHANGE_ACTIONS.adjust_task);
      return { events, createdId: null };
    }
    case "merge_tasks": {
      const after = afterOf(p, s.before);
      const a = after[`task:${p.taskId}`]!;
      task(p.taskId, { startOn: String(a.startOn), dueOn: String(a.dueOn) }, TASK_CHANGE_ACTIONS.merge_tasks);
      for (const id of indicatorIdsOfTask(db, p.mergeId)) indicator(id, { taskId: p.taskId }, TASK_CHANGE_ACTIONS.merge_tasks);
      task(p.mergeId, { status: "suspended", archivedAt: db.$clock.nowIso() }, TASK_CHANGE_ACTIONS.merged_into);
      return { events, createdId: null };
    }
    case "add_task": {
      // The task, its indicators and its links in the approval's transaction; a unit not yet taking part
      // in the project joins it first. The links are checked again against the graph as it is now.
      const { kind: _k, indicators = [], predecessors: _p, successors: _s, ...input } = p;
      const links = linksOfNewTask(db, p);
      admitToProject(db, actor, input.projectId, input.ownerUnitId);
      const r = insertTask(db, actor, { ...input, status: "not_started" }, TASK_CHANGE_ACTIONS.add_task, undefined, "first");
      events.push(...r.events);
      step();
      for (const i of indicators) {
        const ind = { ...i, projectId: input.projectId, taskId: r.row.id, responsibleUnitId: input.ownerUnitId, responsibleUserId: input.ownerUserId ?? null };
        events.push(...insertIndicator(db, actor, ind, TASK_CHANGE_ACTIONS.add_task).events);
        step();
      }
      for (const id of links.predecessors) events.push(...insertLink(db, actor, getTask(db, r.row.id), getTask(db, id)));
      for (const id of links.successors) events.push(...insertLink(db, actor, getTask(db, id), getTask(db, r.row.id)));
      return { events, createdId: r.row.id };
    }
    case "admit_unit": {
      const unit = insertUnit(db, actor, p.unit, [CONSORTIUM_BOARD]);
      events.push(...unit.events);
      step();
      return { events, createdId: unit.row.id };
    }
    case "remove_unit": {
      assertNoOpenWork(db, p.unitId);
      const before = getUnit(db, p.unitId);
      events.push(...writeUnit(db, actor, before, { leftOn: p.leftOn }, [CONSORTIUM_BOARD]).events);
      step();
      return { events, createdId: null };
    }
  }
}

/** The requester's inbox row for a decision on his request. */
const tellRequester = (db: DB, actor: Actor, view: ChangeView, decision: "approved" | "rejected") =>
  [notify(db, { userId: view.requestedBy, kind: "change_decided", actorId: actor.id, entity: "change_request", entityId: view.id, href: `/changes#change-${view.id}`, params: { target: view.targetLabel, decision } })];

/** Rejects with a comment; nothing but the request changes. */
export function rejectChange(ctx: AppContext, actor: Actor, input: ChangeRejectInput): ChangeView {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const s = pendingAt(db, input);
    assertMayDecide(actor, s);
    const beforeView = toView(db, s);
    decide(db, actor, s, "rejected", input.comment);
    const r = record(db, actor, "reject", beforeView, s.id);
    return { result: r.view, events: r.events, told: tellRequester(db, actor, r.view, "rejected") };
  });
  ctx.realtime.notifyUsers([result.requestedBy], { kind: "change", change: result });
  return result;
}

/** The requester takes back a pending request. */
export function withdrawChange(ctx: AppContext, actor: Actor, input: ChangeDecideInput): ChangeView {
  const { db } = ctx;
  return commit(ctx, () => {
    const s = pendingAt(db, input);
    if (s.requestedBy !== actor.id) throw new DomainError("changeWithdrawOwn", 403);
    const beforeView = toView(db, s);
    decide(db, actor, s, "withdrawn", "");
    const r = record(db, actor, "withdraw", beforeView, s.id);
    return { result: r.view, events: r.events };
  });
}

