// What the indicator pages show: a task's indicators with values and evidence, a project's, and the
// overview of every readable project. Each page reads in one transaction with its board snapshot.
import { listComments, mentionCandidates } from "./comments.server";
import { taskAttachments } from "./task-attachments.server";
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { assertCanReadBoard, canReadBoard, liveBoard, projectBoard } from "./boards.server";
import { all, must, one } from "./sql.server";
import { notFound } from "./errors";
import { getTask } from "./tasks.server";
import type { TaskRow } from "./tasks";
import { projectUnitIds } from "./projects.server";
import { countIndicators, indicatorValues, listIndicators, metSql, projectIndicators, taskIndicators } from "./indicators.server";
import { progressByProject } from "./progress.server";
import { INDICATOR_MINE_PAGE, INDICATOR_PROJECT_PAGE, type IndicatorRow } from "./indicators";

export type UnitChoice = { id: number; shortName: string };
export type PersonChoice = { id: number; displayName: string; unitId: number | null };
export type ProjectHead = { id: number; code: string; name: string; leadUnitId: number; leadUnitName: string; endOn: string };

const PROJECT_HEAD = `SELECT p.id, p.code, p.name, p.lead_unit_id AS leadUnitId, m.short_name AS leadUnitName, p.end_on AS endOn
  FROM projects p JOIN member_units m ON m.id = p.lead_unit_id`;

const projectHead = (db: DB, projectId: number): ProjectHead => must(one<ProjectHead>(db, `${PROJECT_HEAD} WHERE p.id = ?`, projectId));

/** Units taking part in the project and their active people: the choices of the responsible fields. */
function choices(db: DB, projectId: number): { units: UnitChoice[]; people: PersonChoice[] } {
  const ids = JSON.stringify([...new Set(projectUnitIds(db, projectId))]);
  const units = all<UnitChoice>(db, "SELECT id, short_name AS shortName FROM member_units WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", ids);
  const people = all<PersonChoice>(db, "SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 AND unit_id IN (SELECT value FROM json_each(?)) ORDER BY id", ids);
  return { units, people };
}

export type TaskHead = TaskRow & { ownerUnitName: string; ownerUserName: string | null };

function taskHead(db: DB, taskId: number): TaskHead {
  const task = getTask(db, taskId);
  const names = one<{ unit: string; user: string | null }>(db, "SELECT m.short_name AS unit, u.display_name AS user FROM member_units m LEFT JOIN users u ON u.id = ? WHERE m.id = ?", task.ownerUserId, task.ownerUnitId)!;
  return { ...task, ownerUnitName: names.unit, ownerUserName: names.user };
}

/** The task page: the task, its indicators with their values and evidence, the form choices, the board snapshot. */
export function taskIndicatorPage(db: DB, actor: Actor, taskId: number) {
  return db.transaction(() => {
    const task = taskHead(db, taskId);
    if (task.archivedAt) throw notFound();
    const boardId = projectBoard(task.projectId);
    assertCanReadBoard(actor, boardId);
    const indicators = taskIndicators(db, taskId);
    return {
      ...liveBoard(db, actor, boardId),
      task,
      project: projectHead(db, task.projectId),
      indicators,
      values: indicatorValues(db, indicators.map((i) => i.id)),
      ...choices(db, task.projectId),
      comments: listComments(db, actor, "task", taskId),
      attachments: taskAttachments(db, taskId),
      mentionCandidates: mentionCandidates(db, actor, "task", taskId),
    };
  });
}

export type ProjectTaskLine = Pick<TaskHead, "id" | "code" | "title" | "status" | "dueOn" | "progress" | "ownerUnitId" | "ownerUnitName" | "ownerUserName">;

/** The project page: its tasks (recorded progress for those without indicators), every live indicator, values of the project-level ones. */
export function projectIndicatorPage(db: DB, actor: Actor, projectId: number) {
  return db.transaction(() => {
    const boardId = projectBoard(projectId);
    assertCanReadBoard(actor, boardId);
    const project = projectHead(db, projectId);
    const tasks = all<ProjectTaskLine>(
      db,
      `SELECT t.id, t.code, t.title, t.status, t.due_on AS dueOn, t.progress, t.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName, u.display_name AS ownerUserName
       FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id LEFT JOIN users u ON u.id = t.owner_user_id
       WHERE t.project_id = ? AND t.archived_at IS NULL ORDER BY t.code`,
      projectId,
    );
    const indicators = projectIndicators(db, projectId);
    const projectLevel = indicators.filter((i) => i.taskId == null);
    return {
      ...liveBoard(db, actor, boardId),
      project,
      tasks,
      indicators,
      values: indicatorValues(db, projectLevel.map((i) => i.id)),
      ...choices(db, projectId),
    };
  });
}

export type ProjectSummary = ProjectHead & { progress: number; indicators: number; met: number; overdue: number };

/** The overview's windows: how many projects and how many of the unit's unmet indicators it shows. */
export type OverviewWindow = { projects: number; mine: number };

export type IndicatorOverview = {
  /** The first `windows.projects` projects the actor may read (by code), of `projectCount`. */
  projects: ProjectSummary[];
  projectCount: number;
  /** The actor's unit's unmet indicators in the readable projects, by due date: the first `windows.mine`, of `mineCount`. */
  mine: IndicatorRow[];
  mineCount: number;
};

/**
 * The overview: the projects the actor may read, with their progress and indicator counts, and the
 * actor's unit's unmet indicators; each list a window, its figures computed in SQL for the rows shown.
 */
export function indicatorOverview(db: DB, actor: Actor, today: string, windows: OverviewWindow = { projects: INDICATOR_PROJECT_PAGE, mine: INDICATOR_MINE_PAGE }): IndicatorOverview {
  const readable = all<ProjectHead>(db, `${PROJECT_HEAD} ORDER BY p.code`).filter((head) => canReadBoard(actor, projectBoard(head.id)));
  const shown = readable.slice(0, windows.projects);
  const ids = JSON.stringify(shown.map((p) => p.id));
  const progress = progressByProject(db, shown.map((p) => p.id));
  // Counted in SQL per project: 40,000 indicators are not carried into JavaScript to be counted.
  const counts = new Map(
    all<{ projectId: number; indicators: number; met: number; overdue: number }>(
      db,
      // Judged on each indicator's stored latest value (latestValueSql): no lookup among the values.
      `SELECT i.project_id AS projectId, count(*) AS indicators, sum(${metSql()}) AS met, sum(${metSql()} = 0 AND i.due_on < ?) AS overdue
       FROM indicators i WHERE i.archived_at IS NULL AND i.project_id IN (SELECT value FROM json_each(?)) GROUP BY i.project_id`,
      today,
      ids,
    ).map((c) => [c.projectId, c]),
  );
  const projects = shown.map((head) => {
    const c = counts.get(head.id);
    return { ...head, progress: progress.get(head.id) ?? 0, indicators: c?.indicators ?? 0, met: c?.met ?? 0, overdue: c?.overdue ?? 0 };
  });
  const mineFilter = actor.unitId == null ? null : { unitId: actor.unitId, projectIds: readable.map((p) => p.id), unmet: true };
  return {
    projects,
    projectCount: readable.length,
    mine: mineFilter ? listIndicators(db, mineFilter, { order: "dueOn", limit: windows.mine }) : [],
    mineCount: mineFilter ? countIndicators(db, mineFilter) : 0,
  };
}
