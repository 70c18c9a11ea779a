// 动态调整 change requests: propose (snapshot of what it changes), withdraw, approve (applied in ONE
// transaction with the request's status change: task/indicator/unit writes, their audit rows and board
// events, published only after commit) and reject (a comment, nothing else changes). Approving a request
// whose `before` no longer matches the rows is refused (changeStale) with what changed meanwhile.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { assertCan, assertVersion } from "./guard.server";
import { can } from "./permissions";
import { DomainError, notFound } from "./errors";
import { applyTaskChange, assertOwnership, commit, getTask, insertTask } from "./tasks.server";
import type { TaskRow } from "./tasks";
import { assertUniqueName, getUnit, insertUnit, unitOptions } from "./units.server";
import { userOptions } from "./users.server";
import { getIndicator, writeIndicator } from "./indicators.server";
import {
  afterOf,
  approveEntity,
  decisionTarget,
  diffOf,
  NAMED_FIELDS,
  proposeEntity,
  sameSnapshot,
  TASK_CHANGE_ACTIONS,
  type ChangeApproveInput,
  type ChangeDecideInput,
  type ChangeKind,
  type ChangeListFilter,
  type ChangePayload,
  type ChangeProposeInput,
  type ChangeRecord,
  type ChangeRejectInput,
  type ChangeStatus,
  type ChangeView,
  type DiffRow,
  type PayloadOf,
  type Snapshot,
} from "./change-requests";

type Stored = ChangeRecord & { payload: ChangePayload; before: Snapshot };

const SELECT = `SELECT c.id, c.kind, c.project_id AS projectId, p.code AS projectCode, c.target_id AS targetId, c.payload, c.before,
    c.reason, c.status, c.requested_by AS requestedBy, ru.display_name AS requesterName, c.requested_at AS requestedAt,
    c.decided_by AS decidedBy, du.display_name AS deciderName, c.decided_at AS decidedAt, c.decision_comment AS decisionComment, c.version
  FROM change_requests c
  LEFT JOIN projects p ON p.id = c.project_id
  JOIN users ru ON ru.id = c.requested_by
  LEFT JOIN users du ON du.id = c.decided_by`;

const parse = (r: Omit<Stored, "payload" | "before"> & { payload: string; before: string }): Stored => ({
  ...r,
  payload: JSON.parse(r.payload) as ChangePayload,
  before: (JSON.parse(r.before) ?? {}) as Snapshot,
});

function getStored(db: DB, id: number): Stored {
  const r = db.$client.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Parameters<typeof parse>[0] | undefined;
  if (!r) throw notFound();
  return parse(r);
}

// ------------------------------------------------------------------------------------------- snapshots

/** A task as a request may touch it: archived tasks included (so a request on one is seen as stale). */
function taskState(db: DB, id: number): TaskRow & { archived: boolean } {
  const t = getTask(db, id);
  return { ...t, archived: t.archivedAt != null };
}

const pick = <T extends Record<string, unknown>>(row: T, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));

/** The current values of everything the request changes (stored at proposal, compared at approval). */
export function currentSnapshot(db: DB, p: ChangePayload): Snapshot {
  switch (p.kind) {
    case "suspend_task": {
      const t = taskState(db, p.taskId);
      return { [`task:${t.id}`]: { status: t.status, archived: t.archived } };
    }
    case "adjust_task": {
      const t = taskState(db, p.taskId);
      const fields = (["title", "startOn", "dueOn", "ownerUnitId", "ownerUserId"] as const).filter((f) => p[f] !== undefined);
      const out: Snapshot = { [`task:${t.id}`]: { ...pick(t, fields), archived: t.archived } };
      for (const i of p.indicators ?? []) {
        const ind = getIndicator(db, i.id);
        out[`indicator:${i.id}`] = { ...pick(ind, Object.keys(i).filter((k) => k !== "id")), taskId: ind.taskId };
      }
      return out;
    }
    case "merge_tasks": {
      const a = taskState(db, p.taskId);
      const b = taskState(db, p.mergeId);
      const out: Snapshot = {
        [`task:${a.id}`]: { startOn: a.startOn, dueOn: a.dueOn, archived: a.archived },
        [`task:${b.id}`]: { startOn: b.startOn, dueOn: b.dueOn, status: b.status, archived: b.archived, mergedInto: null },
      };
      for (const i of indicatorIdsOfTask(db, b.id)) out[`indicator:${i}`] = { taskId: b.id };
      return out;
    }
    case "add_task":
    case "admit_unit":
      return {};
    case "remove_unit": {
      const u = getUnit(db, p.unitId);
      return { [`unit:${u.id}`]: { leftOn: u.leftOn } };
    }
  }
}

const indicatorIdsOfTask = (db: DB, taskId: number) =>
  (db.$client.prepare("SELECT id FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id").all(taskId) as { id: number }[]).map((r) => r.id);

// ------------------------------------------------------------------------------------------------ views

/** Id -> name lookups for display, cached per call. */
function namer(db: DB) {
  const cache = new Map<string, string>();
  const q = (sql: string) => db.$client.prepare(sql);
  const get = (kind: string, id: number, sql: string) => {
    const k = `${kind}:${id}`;
    if (!cache.has(k)) cache.set(k, ((q(sql).get(id) as { n: string } | undefined)?.n ?? `#${id}`));
    return cache.get(k)!;
  };
  return {
    unit: (id: number) => get("unit", id, "SELECT short_name AS n FROM member_units WHERE id = ?"),
    unitFull: (id: number) => get("unitFull", id, "SELECT name AS n FROM member_units WHERE id = ?"),
    user: (id: number) => get("user", id, "SELECT display_name AS n FROM users WHERE id = ?"),
    project: (id: number) => get("project", id, "SELECT code AS n FROM projects WHERE id = ?"),
    taskCode: (id: number) => get("taskCode", id, "SELECT code AS n FROM tasks WHERE id = ?"),
    task: (id: number) => get("task", id, "SELECT code || ' ' || title AS n FROM tasks WHERE id = ?"),
    indicator: (id: number) =>
      get("indicator", id, "SELECT name || CASE WHEN unit_of_measure != '' THEN '（' || unit_of_measure || '）' ELSE '' END AS n FROM indicators WHERE id = ?"),
  };
}
type Namer = ReturnType<typeof namer>;

function displayValue(names: Namer, field: string, v: unknown): unknown {
  if (v == null || !(NAMED_FIELDS as readonly string[]).includes(field)) return v;
  const id = Number(v);
  if (field === "ownerUnitId") return names.unit(id);
  if (field === "ownerUserId") return names.user(id);
  if (field === "projectId") return names.project(id);
  return names.taskCode(id); // taskId, mergedInto
}

const named = (names: Namer, rows: DiffRow[]) => rows.map((r) => ({ ...r, from: displayValue(names, r.field, r.from), to: displayValue(names, r.field, r.to) }));

function subjectLabel(names: Namer, subject: string, p: ChangePayload): string {
  const [kind, rawId] = subject.split(":");
  if (rawId === "new") return p.kind === "admit_unit" ? p.unit.name : p.kind === "add_task" ? p.title : "";
  const id = Number(rawId);
  if (kind === "task") return names.task(id);
  if (kind === "indicator") return names.indicator(id);
  return names.unitFull(id);
}

function touched(db: DB, s: Stored): { taskIds: number[]; unitIds: number[] } {
  const p = s.payload;
  const taskIds =
    p.kind === "merge_tasks" ? [p.taskId, p.mergeId] : p.kind === "suspend_task" || p.kind === "adjust_task" ? [p.taskId] : p.kind === "add_task" && s.targetId ? [s.targetId] : [];
  const unitIds = new Set<number>();
  for (const id of taskIds) {
    const r = db.$client.prepare("SELECT owner_unit_id AS u FROM tasks WHERE id = ?").get(id) as { u: number } | undefined;
    if (r) unitIds.add(r.u);
  }
  for (const snap of Object.values(s.before)) if (typeof snap.ownerUnitId === "number") unitIds.add(snap.ownerUnitId);
  if (p.kind === "adjust_task" || p.kind === "add_task") if (p.ownerUnitId) unitIds.add(p.ownerUnitId);
  if (p.kind === "remove_unit") unitIds.add(p.unitId);
  if (p.kind === "admit_unit" && s.targetId) unitIds.add(s.targetId);
  return { taskIds, unitIds: [...unitIds] };
}

function toView(db: DB, s: Stored, names = namer(db)): ChangeView {
  const after = afterOf(s.payload, s.before);
  const subjects = Object.fromEntries([...new Set([...Object.keys(s.before), ...Object.keys(after)])].map((k) => [k, subjectLabel(names, k, s.payload)]));
  let stale: DiffRow[] = [];
  if (s.status === "pending") {
    try {
      stale = named(names, diffOf(s.before, currentSnapshot(db, s.payload)));
    } catch {
      stale = []; // the subject is gone altogether; approving reports it
    }
  }
  const firstSubject = Object.keys(subjects)[0];
  const { payload: _p, before: _b, ...record } = s;
  return {
    ...record,
    targetLabel: firstSubject ? subjects[firstSubject]! : "",
    ...touched(db, s),
    subjects,
    diff: named(names, diffOf(s.before, after)),
    stale,
  };
}

export const getChangeRequest = (db: DB, id: number): ChangeView => toView(db, getStored(db, id));

/** Requests the actor may read (consortium readers: all; experts: their projects'), newest first. */
export function listChangeRequests(db: DB, actor: Actor, f: ChangeListFilter = {}): ChangeView[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.status === "pending") where.push("c.status = 'pending'");
  if (f.status === "decided") where.push("c.status != 'pending'");
  if (f.kind) {
    where.push("c.kind = ?");
    args.push(f.kind);
  }
  if (f.projectId) {
    where.push("c.project_id = ?");
    args.push(f.projectId);
  }
  if (!can(actor, "read", "board", {})) {
    where.push("c.project_id IN (SELECT value FROM json_each(?))");
    args.push(JSON.stringify(actor.projectIds));
  }
  const sql = `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY c.status != 'pending', c.id DESC`;
  const names = namer(db);
  const views = (db.$client.prepare(sql).all(...args) as Parameters<typeof parse>[0][]).map((r) => toView(db, parse(r), names));
  return f.taskId ? views.filter((v) => v.taskIds.includes(f.taskId!)) : views;
}

/** Approved requests touching a unit's items, decided since a moment (the list's signature). */
export function approvedChangesFor(db: DB, actor: Actor, unitId: number, since: string): ChangeView[] {
  return listChangeRequests(db, actor, { status: "decided" }).filter((v) => v.status === "approved" && (v.decidedAt ?? "") >= since && v.unitIds.includes(unitId));
}

// ----------------------------------------------------------------------------------------------- rules

type Scope = { unitId?: number | null; projectId?: number | null };

/** A task that can still take a change: live (not archived) and not closed out; suspension also not yet suspended. */
function changeableTask(db: DB, id: number, kind: ChangeKind): TaskRow {
  const t = getTask(db, id);
  if (t.archivedAt || t.status === "closed" || (kind !== "adjust_task" && t.status === "suspended")) throw new DomainError("changeTaskClosed", 409);
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
      assertOwnership(db, input.projectId, input.ownerUnitId, input.ownerUserId);
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

/** A unit leaves only once its open tasks and indicators were handed over. */
function assertNoOpenWork(db: DB, unitId: number) {
  const { n } = db.$client
    .prepare(
      `SELECT (SELECT count(*) FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL AND status IN ('not_started','in_progress','pending_closeout'))
            + (SELECT count(*) FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.responsible_unit_id = ? AND i.archived_at IS NULL
                 AND (t.id IS NULL OR (t.archived_at IS NULL AND t.status NOT IN ('closed','suspended')))) AS n`,
    )
    .get(unitId, unitId) as { n: number };
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
  appendAudit(db, { userId: actor.id, action: `change.${action}`, entity: "change_request", entityId: id, before, after: view });
  const boards = [CONSORTIUM_BOARD, ...(view.projectId ? [projectBoard(view.projectId)] : [])];
  const events = appendEvents(db, boards, "change.upserted", { entity: "change", id, row: view, by: { id: actor.id, name: actor.displayName }, action });
  return { view, events };
}

// ---------------------------------------------------------------------------------------------- writes

export function proposeChange(ctx: AppContext, actor: Actor, input: ChangeProposeInput): ChangeView {
  const { db } = ctx;
  const { reason, ...payload } = input;
  return commit(ctx, () => {
    const prepared = prepare(db, payload as ChangePayload);
    for (const scope of prepared.scopes) assertCan(actor, "propose", proposeEntity(payload.kind), scope);
    const duplicate = db.$client
      .prepare("SELECT id FROM change_requests WHERE status = 'pending' AND kind = ? AND target_id IS ? AND (target_id IS NOT NULL OR payload = ?)")
      .get(payload.kind, prepared.targetId, JSON.stringify(prepared.payload));
    if (duplicate) throw new DomainError("changeDuplicate", 409);
    const before = currentSnapshot(db, prepared.payload);
    const { id } = db.$client
      .prepare(
        `INSERT INTO change_requests (kind, project_id, target_id, payload, before, reason, requested_by, requested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(payload.kind, prepared.projectId, prepared.targetId, JSON.stringify(prepared.payload), JSON.stringify(before), reason, actor.id, db.$clock.nowIso()) as {
      id: number;
    };
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

function decide(db: DB, actor: Actor, s: Stored, status: ChangeStatus, comment: string, targetId = s.targetId) {
  const r = db.$client
    .prepare(
      `UPDATE change_requests SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?, target_id = ?, version = version + 1
       WHERE id = ? AND version = ? AND status = 'pending'`,
    )
    .run(status, actor.id, db.$clock.nowIso(), comment, targetId, s.id, s.version);
  if (r.changes !== 1) throw new DomainError("conflict", 409);
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
    if (createdId != null) db.$client.prepare("UPDATE change_requests SET target_id = ? WHERE id = ?").run(createdId, s.id);
    const r = record(db, actor, "approve", beforeView, s.id);
    return { result: r.view, events: [...events, ...r.events] };
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
    const input = { id, version: b.version, name: b.name, unitOfMeasure: b.unitOfMeasure, baseline: b.baseline, target: b.target, direction: b.direction };
    const owners = { dueOn: b.dueOn, responsibleUnitId: b.responsibleUnitId, responsibleUserId: b.responsibleUserId };
    events.push(...writeIndicator(db, actor, b, { ...input, ...owners, ...patch }, action).events);
    step();
  };
  switch (p.kind) {
    case "suspend_task":
      task(p.taskId, { status: "suspended" }, TASK_CHANGE_ACTIONS.suspend_task);
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
      const { kind: _k, ...input } = p;
      const r = insertTask(db, actor, { ...input, status: "not_started" }, TASK_CHANGE_ACTIONS.add_task);
      events.push(...r.events);
      step();
      return { events, createdId: r.row.id };
    }
    case "admit_unit": {
      const unit = insertUnit(db, actor, p.unit);
      events.push(...appendEvents(db, [CONSORTIUM_BOARD], "unit.upserted", { entity: "unit", id: unit.id, row: unit, by: { id: actor.id, name: actor.displayName } }));
      step();
      return { events, createdId: unit.id };
    }
    case "remove_unit": {
      assertNoOpenWork(db, p.unitId);
      const before = getUnit(db, p.unitId);
      db.$client.prepare("UPDATE member_units SET left_on = ?, version = version + 1, updated_at = ? WHERE id = ?").run(p.leftOn, db.$clock.nowIso(), p.unitId);
      const unit = getUnit(db, p.unitId);
      appendAudit(db, { userId: actor.id, action: "unit.update", entity: "unit", entityId: unit.id, before, after: unit });
      events.push(...appendEvents(db, [CONSORTIUM_BOARD], "unit.upserted", { entity: "unit", id: unit.id, row: unit, by: { id: actor.id, name: actor.displayName } }));
      step();
      return { events, createdId: null };
    }
  }
}

/** Rejects with a comment; nothing but the request changes. */
export function rejectChange(ctx: AppContext, actor: Actor, input: ChangeRejectInput): ChangeView {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const s = pendingAt(db, input);
    assertMayDecide(actor, s);
    const beforeView = toView(db, s);
    decide(db, actor, s, "rejected", input.comment);
    const r = record(db, actor, "reject", beforeView, s.id);
    return { result: r.view, events: r.events };
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

// --------------------------------------------------------------------------------------- form choices

export type ProposeTask = Pick<TaskRow, "id" | "code" | "title" | "projectId" | "ownerUnitId" | "ownerUserId" | "startOn" | "dueOn" | "status"> & {
  indicators: { id: number; name: string; unitOfMeasure: string; target: number | null; direction: string; dueOn: string }[];
};
export type ProposeOptions = {
  kinds: ChangeKind[];
  tasks: ProposeTask[];
  /** unitIds: the project's units (owners a task may be handed to); addUnitIds: those the actor may add a task for. */
  projects: { id: number; code: string; name: string; unitIds: number[]; addUnitIds: number[] }[];
  units: { id: number; shortName: string; active: boolean }[];
  people: { id: number; displayName: string; unitId: number | null }[];
};

/** What the propose form offers the actor: the kinds he may propose and the tasks/projects he may propose for. */
export function proposeOptions(db: DB, actor: Actor): ProposeOptions {
  const c = db.$client;
  const members = c.prepare("SELECT project_id AS p, unit_id AS u FROM project_units ORDER BY project_id, unit_id").all() as { p: number; u: number }[];
  const projects = (c.prepare("SELECT id, code, name, lead_unit_id AS lead FROM projects ORDER BY code").all() as { id: number; code: string; name: string; lead: number }[]).map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    unitIds: [...new Set([p.lead, ...members.filter((m) => m.p === p.id).map((m) => m.u)])],
  }));
  const mayPropose = (unitId: number, projectId: number) => can(actor, "propose", "change", { unitId, projectId });
  const tasks = (
    c
      .prepare(
        `SELECT id, code, title, project_id AS projectId, owner_unit_id AS ownerUnitId, owner_user_id AS ownerUserId, start_on AS startOn, due_on AS dueOn, status
         FROM tasks WHERE archived_at IS NULL AND status != 'closed' ORDER BY code`,
      )
      .all() as Omit<ProposeTask, "indicators">[]
  ).filter((t) => mayPropose(t.ownerUnitId, t.projectId));
  const indicators = c
    .prepare(
      `SELECT id, task_id AS taskId, name, unit_of_measure AS unitOfMeasure, target, direction, due_on AS dueOn FROM indicators
       WHERE archived_at IS NULL AND task_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(tasks.map((t) => t.id))) as (ProposeTask["indicators"][number] & { taskId: number })[];
  const kinds: ChangeKind[] = [];
  if (tasks.length) kinds.push("adjust_task", "suspend_task", "merge_tasks");
  const withAdd = projects.map((p) => ({ ...p, addUnitIds: p.unitIds.filter((u) => mayPropose(u, p.id)) }));
  if (withAdd.some((p) => p.addUnitIds.length)) kinds.push("add_task");
  if (can(actor, "propose", "member", {})) kinds.push("admit_unit", "remove_unit");
  return {
    kinds,
    tasks: tasks.map((t) => ({ ...t, indicators: indicators.filter((i) => i.taskId === t.id).map(({ taskId: _t, ...i }) => i) })),
    projects: withAdd,
    units: unitOptions(db).map(({ id, shortName, active }) => ({ id, shortName, active })),
    people: userOptions(db),
  };
}
