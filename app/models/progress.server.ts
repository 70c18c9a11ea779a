// Progress as every feature reads it. A task with live indicators has its progress computed from them
// (progress.ts), never typed in; the computed value is also written to tasks.progress in the same
// transaction as the indicator write (a cache kept exact by every write that changes indicators), so
// everything that reads a task row (board cards, battle map, RAG status, key-task table) shows it and
// boards receive it live as an ordinary "task.upserted" event. updateTask refuses a typed-in progress
// for such a task (progressFromIndicators).
import type { DB } from "../../db/client";
import type { Actor, BoardEvent } from "./context.server";
import { applyTaskChange, getTask } from "./tasks.server";
import { indicatorsProgress, projectProgress } from "./progress";
import { all, column } from "./sql.server";
import type { TaskProgressInfo } from "./indicators";
import { latestValueSql } from "./indicators.server";

type ProgressInput = { taskId: number | null; projectId: number; baseline: number | null; target: number | null; direction: string; waivedReason: string | null; archivedAt: null; latest: number | null };

const PROGRESS_SELECT = `SELECT i.task_id AS taskId, i.project_id AS projectId, i.baseline, i.target, i.direction, i.waived_reason AS waivedReason, NULL AS archivedAt,
    ${latestValueSql("value")} AS latest
  FROM indicators i WHERE i.archived_at IS NULL`;

/** Live indicators with their latest values, in one query (what the progress maths needs). */
const taskLevelInputs = (db: DB) => all<ProgressInput>(db, `${PROGRESS_SELECT} AND i.task_id IS NOT NULL`);
const projectLevelInputs = (db: DB) => all<ProgressInput>(db, `${PROGRESS_SELECT} AND i.task_id IS NULL`);
const inputsOfTask = (db: DB, taskId: number) => all<ProgressInput>(db, `${PROGRESS_SELECT} AND i.task_id = ?`, taskId);

function groupByTask(list: ProgressInput[]): Map<number, ProgressInput[]> {
  const m = new Map<number, ProgressInput[]>();
  for (const i of list) {
    if (i.taskId == null) continue;
    const held = m.get(i.taskId);
    if (held) held.push(i);
    else m.set(i.taskId, [i]);
  }
  return m;
}

/**
 * Effective progress of every non-archived task: computed from its indicators when it has any,
 * otherwise its recorded percentage. The one function the battle map, key-task table, reports and
 * close-out read.
 */
export function progressByTask(db: DB): Map<number, number> {
  const byTask = groupByTask(taskLevelInputs(db));
  const tasks = all<{ id: number; progress: number }>(db, "SELECT id, progress FROM tasks WHERE archived_at IS NULL");
  return new Map(tasks.map((t) => [t.id, indicatorsProgress(byTask.get(t.id) ?? []) ?? t.progress]));
}

/** Project progress (progress.ts: mean over its tasks and its project-level indicators) per project id. */
export function progressByProject(db: DB): Map<number, number> {
  const tasks = progressByTask(db);
  // Grouped once by project (not a scan of every task per project: 200 projects × 20,000 tasks).
  const byProject = new Map<number, number[]>();
  for (const t of all<{ id: number; projectId: number }>(db, "SELECT id, project_id AS projectId FROM tasks WHERE archived_at IS NULL")) {
    const list = byProject.get(t.projectId);
    if (list) list.push(tasks.get(t.id) ?? 0);
    else byProject.set(t.projectId, [tasks.get(t.id) ?? 0]);
  }
  const levels = new Map<number, ProgressInput[]>();
  for (const i of projectLevelInputs(db)) levels.set(i.projectId, [...(levels.get(i.projectId) ?? []), i]);
  return new Map(column<number>(db, "SELECT id FROM projects").map((pid) => [pid, projectProgress(byProject.get(pid) ?? [], levels.get(pid) ?? [])]));
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
