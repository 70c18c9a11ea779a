// Task predecessors (finish-to-start, table task_dependencies) as the UI and the server share them: the
// live row a board follows per successor, and 压茬推进's rule (the board's cards show it, so no zod here:
// the add/remove writes' schema is tasks.ts's linkSchema). The graph itself (cycles, successors) is
// task-graph.ts.
import type { TaskStatus } from "./domain";

/**
 * One successor's predecessors, as the boards and the battle map follow them live (entity `taskLinks`,
 * keyed by the successor's id). `predecessorsClosed`: it has predecessors and all of them are 已销号.
 */
export type TaskLinksRow = { id: number; predecessorIds: number[]; predecessorsClosed: boolean };

/** The field of a task's `fieldVersions` that link edits bump: two people editing links conflict, an edit of the title does not. */
export const LINKS_FIELD = "predecessors";

/**
 * 压茬推进: a task not started yet whose predecessors are all closed may start now (可启动). Derived from the
 * graph and the statuses, never stored: closing the last predecessor makes it so in the same instant.
 */
export const isReady = (task: { status: TaskStatus }, links: Pick<TaskLinksRow, "predecessorsClosed"> | undefined): boolean =>
  task.status === "not_started" && !!links?.predecessorsClosed;

/** A linked task as the dialog lists it. */
export type LinkedTask = {
  id: number;
  code: string;
  title: string;
  status: TaskStatus;
  projectId: number;
  ownerUnitName: string;
};

/** What the task dialog's 前置/后续任务 section shows. */
export type TaskLinksView = {
  task: { id: number; version: number; status: TaskStatus; projectId: number };
  predecessors: LinkedTask[];
  successors: LinkedTask[];
  ready: boolean;
  /** Whether the viewer may add and remove this task's predecessors. */
  canEdit: boolean;
};

/** One choice of the predecessor picker. */
export type LinkCandidate = LinkedTask & { sameProject: boolean };

type Link = { predecessorId: number; successorId: number };

/** The links rows of a set of edges (the battle map starts its live table from its dependency list). */
export function linkRowsOf(edges: readonly Link[]): TaskLinksRow[] {
  const by = new Map<number, number[]>();
  for (const e of edges) {
    const list = by.get(e.successorId);
    if (list) list.push(e.predecessorId);
    else by.set(e.successorId, [e.predecessorId]);
  }
  return [...by].map(([id, predecessorIds]) => ({ id, predecessorIds, predecessorsClosed: false }));
}

/** The edges of live links rows. */
export const edgesOf = (rows: Iterable<Pick<TaskLinksRow, "id" | "predecessorIds">>): Link[] =>
  [...rows].flatMap((r) => r.predecessorIds.map((p) => ({ predecessorId: p, successorId: r.id })));

/**
 * 可启动 tasks among `tasks`, from the edges and the tasks' live statuses (the battle map holds every task
 * of the consortium live, so it needs no server flag). A predecessor not among the tasks (archived) does not hold a task back.
 */
export function readyIds(tasks: readonly { id: number; status: TaskStatus }[], edges: readonly Link[]): Set<number> {
  const status = new Map(tasks.map((t) => [t.id, t.status]));
  const open = new Map<number, boolean>();
  for (const e of edges) {
    const s = status.get(e.predecessorId);
    if (s === undefined) continue;
    open.set(e.successorId, (open.get(e.successorId) ?? false) || s !== "closed");
  }
  const out = new Set<number>();
  for (const [id, anyOpen] of open) if (!anyOpen && status.get(id) === "not_started") out.add(id);
  return out;
}
