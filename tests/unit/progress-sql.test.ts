// progressByTask and progressByProject compute in SQL (rawProgressSql, waivedSql) what the pure rules
// of progress.ts compute for one task or project: the two agree on every task and project of the demo,
// widened with every kind of indicator (higher, lower with and without a baseline, yes/no, without a
// target, baseline equal to target, waived, all of a task's waived, project-level ones).
import { describe, expect, it } from "vitest";
import { seededDb } from "../helpers/db";
import { listIndicators } from "../../app/models/indicators.server";
import { progressByProject, progressByTask } from "../../app/models/progress.server";
import { indicatorsProgress, projectProgress } from "../../app/models/progress";
import { all, column, run } from "../../app/models/sql.server";

describe("progress computed in SQL", () => {
  it("agrees with the pure rules of progress.ts on every task and project", async () => {
    const db = await seededDb();
    const ids = column<number>(db, "SELECT id FROM indicators WHERE archived_at IS NULL AND latest_value IS NOT NULL ORDER BY id");
    const set = (id: number, sql: string) => run(db, `UPDATE indicators SET ${sql} WHERE id = ?`, id);
    set(ids[0]!, "waived_reason = '已豁免'");
    set(ids[1]!, "direction = 'yesno'");
    set(ids[2]!, "direction = 'lower', baseline = latest_value * 3, target = latest_value / 2");
    set(ids[3]!, "direction = 'lower', baseline = NULL, target = latest_value");
    set(ids[4]!, "target = NULL");
    set(ids[5]!, "baseline = target");
    set(ids[6]!, "baseline = latest_value * 2, target = latest_value * 4"); // below the baseline: 0, not negative
    set(ids[7]!, "target = latest_value / 3"); // beyond the target: 100, not more
    set(ids[8]!, "waived_reason = ''"); // an empty reason is no waiver
    // Every indicator of one task waived; one project-level indicator.
    const task = column<number>(db, "SELECT task_id FROM indicators WHERE task_id IS NOT NULL AND archived_at IS NULL GROUP BY task_id HAVING count(*) > 1 LIMIT 1")[0]!;
    run(db, "UPDATE indicators SET waived_reason = '免' WHERE task_id = ?", task);
    run(db, "UPDATE indicators SET task_id = NULL WHERE id = ?", ids[9]!);

    const rows = listIndicators(db);
    const tasks = all<{ id: number; projectId: number; progress: number }>(db, "SELECT id, project_id AS projectId, progress FROM tasks WHERE archived_at IS NULL");
    const byTask = progressByTask(db);
    const expected = new Map(tasks.map((t) => [t.id, indicatorsProgress(rows.filter((i) => i.taskId === t.id)) ?? t.progress]));
    expect(byTask.get(task)).toBe(100);
    expect(new Set(expected.values()).size).toBeGreaterThan(5);
    for (const t of tasks) expect({ task: t.id, progress: byTask.get(t.id) }).toEqual({ task: t.id, progress: expected.get(t.id) });

    const byProject = progressByProject(db);
    for (const pid of column<number>(db, "SELECT id FROM projects")) {
      const want = projectProgress(
        tasks.filter((t) => t.projectId === pid).map((t) => expected.get(t.id)!),
        rows.filter((i) => i.projectId === pid && i.taskId == null),
      );
      expect({ project: pid, progress: byProject.get(pid) }).toEqual({ project: pid, progress: want });
    }
    // Some projects only (a page's window): the same figures, and none of the others.
    const some = column<number>(db, "SELECT id FROM projects ORDER BY code LIMIT 2");
    expect(progressByProject(db, some)).toEqual(new Map(some.map((pid) => [pid, byProject.get(pid)])));
    expect(progressByProject(db, [])).toEqual(new Map());
  });
});
