// What the milestone section of a project shows, on the admin's project page and on the project's own
// milestone page (/projects/:id/milestones, where its lead manages them): the nodes, the tasks feeding
// each, and, for the one node whose links are being chosen, the tasks that may feed it.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all, placeholders } from "./sql.server";
import { can } from "./permissions";
import { DomainError } from "./errors";
import { canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { getProject, projectMilestones, type MilestoneAdminRow } from "./project-setup.server";

export type MilestoneTask = { id: number; code: string; title: string; dueOn: string; status: string };

export type MilestoneSection = {
  projectId: number;
  milestones: MilestoneAdminRow[];
  /** The linked tasks of every node, by id (archived ones included: a link outlives nothing, but history reads it). */
  tasks: Record<number, MilestoneTask>;
  /** The node whose feeding tasks are being chosen (`?link=<id>`), and the live tasks of the project due by it. */
  linking: number | null;
  candidates: MilestoneTask[];
  mayEdit: boolean;
  today: string;
  /** The date the add form starts with: today within the term, else the term's end. */
  defaultDue: string;
};

const TASK_COLUMNS = "id, code, title, due_on AS dueOn, status";

export function milestoneSection(db: DB, actor: Actor, project: { id: number; startOn: string; endOn: string }, linking: number | null): MilestoneSection {
  const milestones = projectMilestones(db, project.id);
  const mayEdit = can(actor, "update", "milestone", { projectId: project.id });
  const linkedIds = [...new Set(milestones.flatMap((m) => m.taskIds))];
  const tasks = Object.fromEntries(
    (linkedIds.length ? all<MilestoneTask>(db, `SELECT ${TASK_COLUMNS} FROM tasks WHERE id IN (${placeholders(linkedIds)})`, ...linkedIds) : []).map((t) => [t.id, t]),
  );
  const node = mayEdit && linking != null ? milestones.find((m) => m.id === linking) : undefined;
  const candidates = node
    ? all<MilestoneTask>(db, `SELECT ${TASK_COLUMNS} FROM tasks WHERE project_id = ? AND archived_at IS NULL AND due_on <= ? ORDER BY due_on, code, id`, project.id, node.dueOn)
    : [];
  const today = db.$clock.today();
  return {
    projectId: project.id,
    milestones,
    tasks,
    linking: node?.id ?? null,
    candidates,
    mayEdit,
    today,
    defaultDue: today > project.startOn && today < project.endOn ? today : project.endOn,
  };
}

export type ProjectMilestonesPage = LiveBoard & {
  project: { id: number; code: string; name: string; startOn: string; endOn: string };
  section: MilestoneSection;
};

/** The project's milestone page: whoever reads the project's board reads it; its lead (update:milestone) edits. */
export function projectMilestonesPage(db: DB, actor: Actor, projectId: number, linking: number | null): ProjectMilestonesPage {
  const { id, code, name, startOn, endOn } = getProject(db, projectId);
  if (!canReadBoard(actor, projectBoard(id))) throw new DomainError("forbidden", 403);
  return { project: { id, code, name, startOn, endOn }, section: milestoneSection(db, actor, { id, startOn, endOn }, linking), ...liveBoard(db, actor, projectBoard(id)) };
}
