// Progress as every feature reads it. A task with live indicators has its progress computed from them
// (progress.ts), never typed in; the computed value is also written to tasks.progress in the same
// transaction as the indicator write (a cache kept exact by every write that changes indicators), so
// everything that reads a task row (board cards, battle map, RAG status, key-task table) shows it and
// boards receive it live as an ordinary "task.upserted" event. updateTask refuses a typed-in progress
// for such a task (progressFromIndicators).
import type { DB } from "../../db/client";
import type { Actor, BoardEvent } from "./context.server";
import { applyTaskChange, getTask } from "./tasks.server";
import { indicatorsProgress } from "./progress";
import { all } from "./sql.server";
import type { TaskProgressInfo } from "./indicators";
import { latestValueSql, rawProgressSql, waivedSql } from "./indicators.server";

type ProgressInput = { taskId: number | null; projectId: number; baseline: number | null; target: number | null; direction: string; waivedReason: string | null; archivedAt: null; latest: number | null };

const PROGRESS_SELECT = `SELECT i.task_id AS taskId, i.project_id AS projectId, i.baseline, i.target, i.direction, i.waived_reason AS waivedReason, NULL AS archivedAt,
    ${latestValueSql("value")} AS latest
  FROM indicators i WHERE i.archived_at IS NULL`;

/** A task's live indicators with their latest values (what the progress maths needs). */
const inputsOfTask = (db: DB, taskId: number) => all<ProgressInput>(db, `${PROGRESS_SELECT} AND i.task_id = ?`, taskId);

// Every task's and project's progress in one query each, grouped in SQL (20,000 tasks and 40,000
// indicators are not carried into JavaScript): the set-wise twins of indicatorsProgress and
// projectProgress (progress.ts), held to the same answers by tests/unit/progress-sql.test.ts.
// `projects`: an SQL condition on a project id column (`project_id` of tasks and indicators) narrowing
// both to some projects; empty for every project.
const taskProgressSql = (projects: (column: string) => string = () => "") => `SELECT t.id, t.project_id AS projectId, coalesce(x.progress, t.progress) AS progress
  FROM tasks t LEFT JOIN (
    SELECT i.task_id, CASE WHEN sum(${waivedSql}) = count(*) THEN 100
      ELSE round(sum(CASE WHEN ${waivedSql} THEN 0 ELSE ${rawProgressSql()} END) / (count(*) - sum(${waivedSql}))) END AS progress
    FROM indicators i WHERE i.archived_at IS NULL AND i.task_id IS NOT NULL ${projects("i.project_id")} GROUP BY i.task_id
  ) x ON x.task_id = t.id
  WHERE t.archived_at IS NULL ${projects("t.project_id")}`;

/**
 * Effective progress of every non-archived task: computed from its indicators when it has any,
 * otherwise its recorded percentage. The one function the battle map, key-task table, reports and
 * close-out read.
 */
export function progressByTask(db: DB): Map<number, number> {
  return new Map(all<{ id: number; progress: number }>(db, taskProgressSql()).map((t) => [t.id, t.progress]));
}

/**
 * Project progress (progress.ts: mean over its tasks and its project-level indicators) per project id:
 * of every project, or of `projectIds` only (a page's window of projects reads only theirs).
 */
export function progressByProject(db: DB, projectIds?: readonly number[]): Map<number, number> {
  const only = (column: string) => (projectIds ? `AND ${column} IN (SELECT value FROM json_each(:ids))` : "");
  const rows = all<{ id: number; progress: number }>(
    db,
    `WITH tp AS (${taskProgressSql(only)}),
     ts AS (SELECT projectId, sum(max(0, min(100, progress))) AS s, count(*) AS n FROM tp GROUP BY projectId),
     lv AS (SELECT i.project_id, count(*) AS live, sum(CASE WHEN ${waivedSql} THEN 0 ELSE ${rawProgressSql()} END) AS s, sum(NOT ${waivedSql}) AS n
            FROM indicators i WHERE i.archived_at IS NULL AND i.task_id IS NULL ${only("i.project_id")} GROUP BY i.project_id)
     SELECT p.id, CASE WHEN coalesce(ts.n, 0) + coalesce(lv.n, 0) = 0 THEN (CASE WHEN coalesce(lv.live, 0) > 0 THEN 100 ELSE 0 END)
       ELSE round((coalesce(ts.s, 0) + coalesce(lv.s, 0)) * 1.0 / (coalesce(ts.n, 0) + coalesce(lv.n, 0))) END AS progress
     FROM projects p LEFT JOIN ts ON ts.projectId = p.id LEFT JOIN lv ON lv.project_id = p.id WHERE 1 ${only("p.id")}`,
    ...(projectIds ? [{ ids: JSON.stringify(projectIds) }] : []),
  );
  return new Map(rows.map((r) => [r.id, r.progress]));
}

/**
 * Writes a task's computed progress to its row (inside the caller's transaction) when it has live
 * indicators; returns the board events to publish. Call it from any write that changes a task's
 * indicators or their values or waivers (close-out waivers, change requests moving indicators).
 */
export function syncTaskProgress(db: DB, actor: Actor, taskId: number): { info: TaskProgressInfo; events: BoardEvent[] } {
  const list = inputsOfTask(db, taskId);
  const task = getTask(db, taskId);
  const computed = indicatorsProgress(list);
  const info = { id: taskId, progress: computed ?? task.progress, indicatorCount: list.length };
  if (computed == null || task.archivedAt) return { info, events: [] };
  return { info, events: applyTaskChange(db, actor, taskId, { progress: computed }, "update").events };
}
