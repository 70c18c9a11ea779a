// Milestone nodes in the database: the rows with the tasks feeding them, and saving a deadline planned
// backwards on the battle map. The write is one transaction (row + audit + "milestone.upserted" on the
// consortium board and the project's board), published after commit, so every open map moves the node.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { milestones } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, must, one, placeholders, run } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { canRedate, withinProject, type MilestoneDueInput, type MilestoneRow, type MilestoneStatusInput, type MilestoneTasksInput } from "./milestones";

type Raw = Omit<MilestoneRow, "taskIds"> & { taskIds: string | null };

// group_concat keeps it to one statement per read, so the map's loader never runs a query per node.
/** The column `taskIds` of a node `m` (its feeding tasks, comma-separated); `withTaskIds` makes it a list. */
export const TASK_IDS_COLUMN = "(SELECT group_concat(mt.task_id) FROM milestone_tasks mt WHERE mt.milestone_id = m.id) AS taskIds";
export const withTaskIds = <T extends { taskIds: string | null }>({ taskIds, ...m }: T): Omit<T, "taskIds"> & { taskIds: number[] } => ({
  ...m,
  taskIds: taskIds ? taskIds.split(",").map(Number) : [],
});

const SELECT = `
  SELECT m.id, m.project_id AS projectId, m.name, m.due_on AS dueOn, m.status, m.version, ${TASK_IDS_COLUMN}
  FROM milestones m`;

const toRow = (raw: Raw): MilestoneRow => withTaskIds(raw);

export const getMilestone = (db: DB, id: number): MilestoneRow => toRow(must(one<Raw>(db, `${SELECT} WHERE m.id = ?`, id)));

/** Every milestone (or those of the given projects), by due date. */
export function listMilestones(db: DB, projectIds: number[] | null = null): MilestoneRow[] {
  if (projectIds && projectIds.length === 0) return [];
  const where = projectIds ? `WHERE m.project_id IN (${placeholders(projectIds)})` : "";
  return all<Raw>(db, `${SELECT} ${where} ORDER BY m.due_on, m.id`, ...(projectIds ?? [])).map(toRow);
}

/**
 * Saves a milestone's deadline (倒排工期 made binding). Project leads for their own projects, the chief
 * scientist and the secretariat for any (`update:milestone`). Only a pending node, within its project's
 * term; the version must be the one the client saw. The same date again changes nothing.
 */
export function updateMilestoneDue(ctx: AppContext, actor: Actor, input: MilestoneDueInput): MilestoneRow {
  const { db } = ctx;
  const seen = getMilestone(db, input.id);
  assertCan(actor, "update", "milestone", { projectId: seen.projectId });
  return commit(ctx, () => {
    const before = getMilestone(db, input.id);
    assertVersion(before, input.version, before);
    if (!canRedate(before)) throw new DomainError("milestoneNotPending", 409, { current: before });
    const project = must(one<{ startOn: string; endOn: string }>(db, "SELECT start_on AS startOn, end_on AS endOn FROM projects WHERE id = ?", before.projectId));
    if (!withinProject(input.dueOn, project)) throw new DomainError("milestoneOutsideProject", 400, { start: project.startOn, end: project.endOn });
    if (input.dueOn === before.dueOn) return { result: before, events: [] };
    updateVersioned(db, milestones, before.id, before.version, { dueOn: input.dueOn });
    const after = getMilestone(db, before.id);
    return { result: after, events: recordChange(db, { entity: "milestone", id: after.id, action: "updateDue", by: actor, before, after, boards: boardsOf(after.projectId) }) };
  });
}

/** The node as it stands, for a write by whoever may edit the project's milestones, at the version he saw. */
function loadForEdit(db: DB, actor: Actor, input: { id: number; version: number }): MilestoneRow {
  const before = getMilestone(db, input.id);
  assertCan(actor, "update", "milestone", { projectId: before.projectId });
  assertVersion(before, input.version, before);
  return before;
}

/**
 * Records a node's outcome (达成 / 未达成), or sets it back to pending: a node is judged on or after its
 * day, never before it. Same rights as its dates (`update:milestone`); versioned, audited, live.
 */
export function setMilestoneStatus(ctx: AppContext, actor: Actor, input: MilestoneStatusInput): MilestoneRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = loadForEdit(db, actor, input);
    if (input.status !== "pending" && before.dueOn > db.$clock.today()) throw new DomainError("milestoneNotDue", 409, { current: before, due: before.dueOn });
    if (input.status === before.status) return { result: before, events: [] };
    updateVersioned(db, milestones, before.id, before.version, { status: input.status });
    const after = getMilestone(db, before.id);
    return { result: after, events: recordChange(db, { entity: "milestone", id: after.id, action: "status", by: actor, before, after, boards: boardsOf(after.projectId) }) };
  });
}

/**
 * Sets the tasks feeding a node (the set replaces the old one): live tasks of the node's project, due on
 * or before it. Same rights as its dates; versioned, audited, live (the map draws the links from it).
 */
export function setMilestoneTasks(ctx: AppContext, actor: Actor, input: MilestoneTasksInput): MilestoneRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = loadForEdit(db, actor, input);
    const taskIds = [...new Set(input.taskIds)].sort((a, b) => a - b);
    const fitting = taskIds.length
      ? column<number>(db, `SELECT id FROM tasks WHERE id IN (${placeholders(taskIds)}) AND project_id = ? AND archived_at IS NULL AND due_on <= ?`, ...taskIds, before.projectId, before.dueOn)
      : [];
    if (fitting.length !== taskIds.length) throw new DomainError("milestoneTaskOutside", 400, { due: before.dueOn });
    if (taskIds.join() === [...before.taskIds].sort((a, b) => a - b).join()) return { result: before, events: [] };
    run(db, "DELETE FROM milestone_tasks WHERE milestone_id = ?", before.id);
    for (const taskId of taskIds) run(db, "INSERT INTO milestone_tasks (milestone_id, task_id) VALUES (?, ?)", before.id, taskId);
    updateVersioned(db, milestones, before.id, before.version, {});
    const after = getMilestone(db, before.id);
    return { result: after, events: recordChange(db, { entity: "milestone", id: after.id, action: "tasks", by: actor, before, after, boards: boardsOf(after.projectId) }) };
  });
}
