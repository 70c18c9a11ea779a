// Task predecessors (finish-to-start) and 压茬推进. Adding or removing a predecessor is a change of the
// successor: the right to edit the successor, its version bumped (field `predecessors`, so two people
// editing the same task's links conflict while an edit of its title still merges), one transaction with
// the link row, the audit row, the successor's new row and its `taskLinks` row on the boards. Refused
// with nothing written: an unknown or archived task, a predecessor the actor may not read, the task
// itself, a closed successor, a link that exists (or does not), a cycle (task-graph.ts).
//
// A signed responsibility list does not freeze predecessors: the list states dates, targets and owners
// (FROZEN_TASK_FIELDS), not the order of work.
//
// 压茬推进: `handOver` runs inside the 销号 approval's transaction: each successor's live row tells the
// boards whether all its predecessors are closed now, and a successor that became 可启动 is told to its
// owner and its unit's leads through the inbox.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { boardsOf, canReadBoard, projectBoard } from "./boards.server";
import { commit, recordChange } from "./write.server";
import { all, exists, one, placeholders, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { bumpTask, getTask } from "./tasks.server";
import { conflictingFields, type LinkInput, type TaskRow } from "./tasks";
import { cycleWith, type Edge } from "./task-graph";
import { notifyEach, type Told } from "./inbox.server";
import { usersOfUnit } from "./people.server";
import { can } from "./permissions";
import { isReady, LINKS_FIELD, type LinkCandidate, type LinkedTask, type TaskLinksRow, type TaskLinksView } from "./task-dependencies";

// ------------------------------------------------------------------------------------------ reads

type LinkRaw = { successorId: number; predecessorId: number; closed: number };

const LINKS_SQL = `SELECT d.successor_id AS successorId, d.predecessor_id AS predecessorId, p.status = 'closed' AS closed
  FROM task_dependencies d JOIN tasks p ON p.id = d.predecessor_id WHERE p.archived_at IS NULL`;

function toRows(raw: LinkRaw[]): TaskLinksRow[] {
  const by = new Map<number, TaskLinksRow>();
  for (const r of raw) {
    let row = by.get(r.successorId);
    if (!row) by.set(r.successorId, (row = { id: r.successorId, predecessorIds: [], predecessorsClosed: true }));
    row.predecessorIds.push(r.predecessorId);
    if (r.closed !== 1) row.predecessorsClosed = false;
  }
  return [...by.values()];
}

/** The live `taskLinks` row of one task (no predecessors: an empty list, not closed). */
export function linksRow(db: DB, taskId: number): TaskLinksRow {
  return toRows(all<LinkRaw>(db, `${LINKS_SQL} AND d.successor_id = ? ORDER BY d.predecessor_id`, taskId))[0] ?? { id: taskId, predecessorIds: [], predecessorsClosed: false };
}

/** The `taskLinks` rows a board starts from: every successor's, or those of one project's tasks. */
export function linkRows(db: DB, projectId?: number): TaskLinksRow[] {
  return projectId == null
    ? toRows(all<LinkRaw>(db, `${LINKS_SQL} ORDER BY d.successor_id, d.predecessor_id`))
    : toRows(all<LinkRaw>(db, `${LINKS_SQL} AND d.successor_id IN (SELECT id FROM tasks WHERE project_id = ?) ORDER BY d.successor_id, d.predecessor_id`, projectId));
}

const LINKED_SELECT = `SELECT t.id, t.code, t.title, t.status, t.project_id AS projectId, u.short_name AS ownerUnitName
  FROM tasks t JOIN member_units u ON u.id = t.owner_unit_id`;

const readable = (actor: Actor) => (t: { projectId: number }) => canReadBoard(actor, projectBoard(t.projectId));

/** A task and the project board it is read on, or "not found" (an archived task is gone for links). */
function liveTask(db: DB, id: number): TaskRow {
  const task = one<{ id: number }>(db, "SELECT id FROM tasks WHERE id = ? AND archived_at IS NULL", id);
  if (!task) throw notFound();
  return getTask(db, id);
}

/** The task dialog's 前置/后续任务: linked tasks the viewer may read, whether it is 可启动, whether he may edit. */
export function taskLinksView(db: DB, actor: Actor, taskId: number): TaskLinksView {
  const task = liveTask(db, taskId);
  if (!readable(actor)(task)) throw new DomainError("forbidden", 403);
  const predecessors = all<LinkedTask>(db, `${LINKED_SELECT} JOIN task_dependencies d ON d.predecessor_id = t.id WHERE d.successor_id = ? AND t.archived_at IS NULL ORDER BY t.code`, taskId);
  const successors = all<LinkedTask>(db, `${LINKED_SELECT} JOIN task_dependencies d ON d.successor_id = t.id WHERE d.predecessor_id = ? AND t.archived_at IS NULL ORDER BY t.code`, taskId);
  return {
    task: { id: task.id, version: task.version, status: task.status, projectId: task.projectId },
    predecessors: predecessors.filter(readable(actor)),
    successors: successors.filter(readable(actor)),
    ready: isReady(task, linksRow(db, taskId)),
    canEdit: mayEditLinks(actor, task),
  };
}

const mayEditLinks = (actor: Actor, task: TaskRow) => task.status !== "closed" && can(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId });

export const PICKER_LIMIT = 30;

/**
 * The predecessor picker's choices for a task: live tasks the actor may read whose code or title holds
 * `query`, the task's own project first, without the task itself and its present predecessors.
 */
export function linkCandidates(db: DB, actor: Actor, taskId: number, query: string): LinkCandidate[] {
  const task = liveTask(db, taskId);
  if (!readable(actor)(task)) throw new DomainError("forbidden", 403);
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = all<LinkedTask & { sameProject: number }>(
    db,
    `SELECT t.id, t.code, t.title, t.status, t.project_id AS projectId, u.short_name AS ownerUnitName, t.project_id = @project AS sameProject
     FROM tasks t JOIN member_units u ON u.id = t.owner_unit_id
     WHERE t.archived_at IS NULL AND t.id != @task
       AND t.id NOT IN (SELECT predecessor_id FROM task_dependencies WHERE successor_id = @task)
       AND (t.code LIKE @like ESCAPE '\\' OR t.title LIKE @like ESCAPE '\\')
     ORDER BY sameProject DESC, t.code LIMIT 400`,
    { project: task.projectId, task: taskId, like },
  );
  return rows
    .filter(readable(actor))
    .slice(0, PICKER_LIMIT)
    .map((r) => ({ ...r, sameProject: r.sameProject === 1 }));
}

// ------------------------------------------------------------------------------------------ writes

/** The edges of the whole graph, for the cycle check (a few thousand pairs: one scan). */
export const allEdges = (db: DB): Edge<number>[] => all<Edge<number>>(db, "SELECT predecessor_id AS predecessor, successor_id AS successor FROM task_dependencies");

/** The successor, checked for an edit of its links at the version the client saw. */
function successorFor(db: DB, actor: Actor, input: LinkInput): TaskRow {
  const task = liveTask(db, input.taskId);
  assertCan(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId });
  if (task.status === "closed") throw new DomainError("linkTaskClosed", 409);
  if (input.version !== task.version && conflictingFields(task, input.version, [LINKS_FIELD]).length) {
    throw new DomainError("conflict", 409, { current: task, fields: [LINKS_FIELD] });
  }
  return task;
}

const label = (t: Pick<TaskRow, "code" | "title">) => `${t.code} ${t.title}`;

/** The audit row's facts and the boards' new rows for a changed link, inside the caller's transaction. */
function recordLink(db: DB, actor: Actor, action: "add" | "remove", successor: TaskRow, predecessor: TaskRow): BoardEvent[] {
  const fact = { code: successor.code, title: successor.title, predecessorId: predecessor.id, predecessor: label(predecessor) };
  const bumped = bumpTask(db, actor, successor, LINKS_FIELD);
  const links = recordChange(db, {
    entity: "taskLinks",
    id: successor.id,
    action,
    by: actor,
    before: action === "add" ? null : fact,
    after: linksRow(db, successor.id),
    boards: boardsOf(successor.projectId),
    audit: { entity: "task_dependency", action: `task_dependency.${action}`, before: action === "add" ? null : fact, after: action === "add" ? fact : null },
  });
  return [...bumped.events, ...links];
}

export function addPredecessor(ctx: AppContext, actor: Actor, input: LinkInput): TaskLinksRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const successor = successorFor(db, actor, input);
    const predecessor = liveTask(db, input.predecessorId);
    // A task the actor cannot read is as unknown to him as one that does not exist.
    if (!readable(actor)(predecessor)) throw notFound();
    const events = insertLink(db, actor, successor, predecessor);
    return { result: linksRow(db, successor.id), events };
  });
}

/**
 * Adds the link inside the caller's transaction (the task dialog, or an approved 新增任务 request whose
 * approval is the right to do it), refused with nothing written: the task itself, a closed successor, a
 * link that exists, a cycle. Returns the successor's and its links' events.
 */
export function insertLink(db: DB, actor: Actor, successor: TaskRow, predecessor: TaskRow): BoardEvent[] {
  if (predecessor.id === successor.id) throw new DomainError("linkSelf", 400);
  if (successor.status === "closed") throw new DomainError("linkTaskClosed", 409);
  if (exists(db, "SELECT 1 FROM task_dependencies WHERE predecessor_id = ? AND successor_id = ?", predecessor.id, successor.id)) {
    throw new DomainError("linkExists", 409, { task: label(predecessor) });
  }
  const cycle = cycleWith(allEdges(db), [{ predecessor: predecessor.id, successor: successor.id }]);
  if (cycle) throw new DomainError("linkCycle", 409, { path: codesOf(db, startAt(cycle, successor.id)).join(" → ") });
  run(db, "INSERT INTO task_dependencies (predecessor_id, successor_id) VALUES (?, ?)", predecessor.id, successor.id);
  return recordLink(db, actor, "add", successor, predecessor);
}

export function removePredecessor(ctx: AppContext, actor: Actor, input: LinkInput): TaskLinksRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const successor = successorFor(db, actor, input);
    const predecessor = one<{ id: number }>(db, "SELECT id FROM tasks WHERE id = ?", input.predecessorId);
    if (!predecessor || !exists(db, "SELECT 1 FROM task_dependencies WHERE predecessor_id = ? AND successor_id = ?", predecessor.id, successor.id)) {
      throw new DomainError("linkMissing", 404);
    }
    run(db, "DELETE FROM task_dependencies WHERE predecessor_id = ? AND successor_id = ?", predecessor.id, successor.id);
    const events = recordLink(db, actor, "remove", successor, getTask(db, predecessor.id));
    return { result: linksRow(db, successor.id), events };
  });
}

/** The cycle told from the task being edited (it is on it: the existing graph had none): S → … → P → S. */
function startAt(cycle: number[], id: number): number[] {
  const ring = cycle.slice(0, -1);
  const i = Math.max(0, ring.indexOf(id));
  const from = [...ring.slice(i), ...ring.slice(0, i)];
  return [...from, from[0]!];
}

export function codesOf(db: DB, ids: number[]): string[] {
  const codes = new Map(all<{ id: number; code: string }>(db, `SELECT id, code FROM tasks WHERE id IN (${placeholders(ids)})`, ...ids).map((r) => [r.id, r.code]));
  return ids.map((id) => codes.get(id) ?? String(id));
}

// ------------------------------------------------------------------------------------------ 压茬推进

/**
 * After `closedTaskId` was closed out, inside the approval's transaction: each successor's live row goes
 * to its boards (audited by the approval itself), and each successor now 可启动 is told to its owner and
 * its unit's leads.
 */
export function handOver(db: DB, actor: Actor, closedTaskId: number): { events: BoardEvent[]; told: Told[] } {
  const closed = getTask(db, closedTaskId);
  const successors = all<{ id: number }>(
    db,
    "SELECT t.id FROM task_dependencies d JOIN tasks t ON t.id = d.successor_id WHERE d.predecessor_id = ? AND t.archived_at IS NULL ORDER BY t.id",
    closedTaskId,
  );
  const events: BoardEvent[] = [];
  const told: Told[] = [];
  for (const { id } of successors) {
    const task = getTask(db, id);
    const links = linksRow(db, id);
    events.push(...recordChange(db, { entity: "taskLinks", id, action: "handOver", by: actor, before: null, after: links, boards: boardsOf(task.projectId), audit: false }));
    if (!isReady(task, links)) continue;
    const people = [task.ownerUserId, ...usersOfUnit(db, task.ownerUnitId, ["unit_lead"])];
    told.push(
      ...notifyEach(db, people, {
        kind: "successor_ready",
        actorId: actor.id,
        entity: "task",
        entityId: id,
        href: `/tasks/${id}`,
        params: { task: label(task), predecessor: label(closed) },
      }),
    );
  }
  return { events, told };
}
