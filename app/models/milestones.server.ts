// Milestone nodes in the database: the rows with the tasks feeding them, and saving a deadline planned
// backwards on the battle map. The write is one transaction (row + audit + "milestone.upserted" on the
// consortium board and the project's board), published after commit, so every open map moves the node.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { milestones } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, must, one, placeholders } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { canRedate, withinProject, type MilestoneDueInput, type MilestoneRow } from "./milestones";

type Raw = Omit<MilestoneRow, "taskIds"> & { taskIds: string | null };

// group_concat keeps it to one statement per read, so the map's loader never runs a query per node.
const SELECT = `
  SELECT m.id, m.project_id AS projectId, m.name, m.due_on AS dueOn, m.status, m.version,
         (SELECT group_concat(mt.task_id) FROM milestone_tasks mt WHERE mt.milestone_id = m.id) AS taskIds
  FROM milestones m`;

const toRow = ({ taskIds, ...m }: Raw): MilestoneRow => ({ ...m, taskIds: taskIds ? taskIds.split(",").map(Number) : [] });

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
