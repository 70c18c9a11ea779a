// 动态调整 change requests as the pages show them: each request with its subjects named, the diff it
// asks for and, while pending, what changed meanwhile (stale); the snapshot a request stores at proposal
// and compares at approval; the propose form's choices. Writes: change-requests.server.ts.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all, column, must, one, scalar, type SqlValue } from "./sql.server";
import { can, type Grantee } from "./permissions";
import { getTask } from "./tasks.server";
import type { TaskRow } from "./tasks";
import { getUnit, unitOptions } from "./units.server";
import { userOptions } from "./users.server";
import { getIndicator } from "./indicators.server";
import { projectOptions } from "./projects.server";
import {
  afterOf,
  diffOf,
  NAMED_FIELDS,
  type ChangeKind,
  type ChangeListFilter,
  type ChangePayload,
  type ChangeRecord,
  type ChangeView,
  type DiffRow,
  type Snapshot,
} from "./change-requests";

export type Stored = ChangeRecord & { payload: ChangePayload; before: Snapshot };

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

export const getStored = (db: DB, id: number): Stored => parse(must(one<Parameters<typeof parse>[0]>(db, `${SELECT} WHERE c.id = ?`, id)));

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
    case "suspend_task":
    case "resume_task": {
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

export const indicatorIdsOfTask = (db: DB, taskId: number) => column<number>(db, "SELECT id FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id", taskId);

// ------------------------------------------------------------------------------------------------ views

/** Id -> name lookups for display, cached per call. */
export function namer(db: DB) {
  const cache = new Map<string, string>();
  const get = (kind: string, id: number, sql: string) => {
    const k = `${kind}:${id}`;
    if (!cache.has(k)) cache.set(k, scalar<string>(db, sql, id) ?? `#${id}`);
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

export const named = (names: Namer, rows: DiffRow[]) => rows.map((r) => ({ ...r, from: displayValue(names, r.field, r.from), to: displayValue(names, r.field, r.to) }));

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
    p.kind === "merge_tasks" ? [p.taskId, p.mergeId] : p.kind === "suspend_task" || p.kind === "resume_task" || p.kind === "adjust_task" ? [p.taskId] : p.kind === "add_task" && s.targetId ? [s.targetId] : [];
  const unitIds = new Set<number>();
  for (const id of taskIds) {
    const unitId = scalar<number>(db, "SELECT owner_unit_id FROM tasks WHERE id = ?", id);
    if (unitId != null) unitIds.add(unitId);
  }
  for (const snap of Object.values(s.before)) if (typeof snap.ownerUnitId === "number") unitIds.add(snap.ownerUnitId);
  if (p.kind === "adjust_task" || p.kind === "add_task") if (p.ownerUnitId) unitIds.add(p.ownerUnitId);
  if (p.kind === "remove_unit") unitIds.add(p.unitId);
  if (p.kind === "admit_unit" && s.targetId) unitIds.add(s.targetId);
  return { taskIds, unitIds: [...unitIds] };
}

export function toView(db: DB, s: Stored, names = namer(db)): ChangeView {
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

/** Who may read a request: a reader of the whole consortium board, else one of his projects' (the list's filter below). */
export const canReadChange = (who: Grantee, c: { projectId: number | null }) => can(who, "read", "board", {}) || (c.projectId != null && who.projectIds.includes(c.projectId));

/** Requests the actor may read (consortium readers: all; experts: their projects'), newest first. */
export function listChangeRequests(db: DB, actor: Actor, f: ChangeListFilter = {}): ChangeView[] {
  const where: string[] = [];
  const args: SqlValue[] = [];
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
  const views = all<Parameters<typeof parse>[0]>(db, sql, ...args).map((r) => toView(db, parse(r), names));
  return f.taskId ? views.filter((v) => v.taskIds.includes(f.taskId!)) : views;
}

/** Approved requests touching a unit's items, decided since a moment (the list's signature). */
export function approvedChangesFor(db: DB, actor: Actor, unitId: number, since: string): ChangeView[] {
  return listChangeRequests(db, actor, { status: "decided" }).filter((v) => v.status === "approved" && (v.decidedAt ?? "") >= since && v.unitIds.includes(unitId));
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
  const projects = projectOptions(db).map(({ id, code, name, unitIds }) => ({ id, code, name, unitIds }));
  const mayPropose = (unitId: number, projectId: number) => can(actor, "propose", "change", { unitId, projectId });
  const tasks = all<Omit<ProposeTask, "indicators">>(
    db,
    `SELECT id, code, title, project_id AS projectId, owner_unit_id AS ownerUnitId, owner_user_id AS ownerUserId, start_on AS startOn, due_on AS dueOn, status
     FROM tasks WHERE archived_at IS NULL AND status != 'closed' ORDER BY code`,
  ).filter((t) => mayPropose(t.ownerUnitId, t.projectId));
  const indicators = all<ProposeTask["indicators"][number] & { taskId: number }>(
    db,
    `SELECT id, task_id AS taskId, name, unit_of_measure AS unitOfMeasure, target, direction, due_on AS dueOn FROM indicators
     WHERE archived_at IS NULL AND task_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    JSON.stringify(tasks.map((t) => t.id)),
  );
  const kinds: ChangeKind[] = [];
  if (tasks.length) kinds.push("adjust_task", "suspend_task", "merge_tasks");
  if (tasks.some((t) => t.status === "suspended")) kinds.push("resume_task");
  // A new task's owner may be any member unit that has not left: one outside the project joins it on approval.
  const members = unitOptions(db).filter((u) => u.active);
  const withAdd = projects.map((p) => ({ ...p, addUnitIds: members.map((u) => u.id).filter((u) => mayPropose(u, p.id)) }));
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
