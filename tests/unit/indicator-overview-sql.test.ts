// The indicator overview (indicatorOverview) computes its figures in SQL for the window of projects it
// shows and reads the unit's unmet indicators as a window in SQL: held here to the JavaScript it replaced
// (every live indicator read with isMet, counted per project, filtered and sorted by due date), on the demo
// with edge rows (waived, archived, due today and yesterday, measured on the boundary day, a project with
// no indicators), for readers of every project, an expert's few and a unit member, and on an empty install.
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";
import { actor, migratedDb, seededDb } from "../helpers/db";
import { listIndicators } from "../../app/models/indicators.server";
import { indicatorOverview } from "../../app/models/indicator-pages.server";
import { progressByProject } from "../../app/models/progress.server";
import { canReadBoard, projectBoard } from "../../app/models/boards.server";
import { all, column, run } from "../../app/models/sql.server";

const TODAY = "2026-11-23";

/** The former computation: every project and every live indicator carried into JavaScript. */
function overviewInJs(db: DB, who: Actor) {
  const progress = progressByProject(db);
  const rows = listIndicators(db);
  const projects = all<{ id: number; code: string }>(db, "SELECT id, code FROM projects ORDER BY code")
    .filter((p) => canReadBoard(who, projectBoard(p.id)))
    .map((p) => {
      const mine = rows.filter((i) => i.projectId === p.id);
      return { id: p.id, progress: progress.get(p.id) ?? 0, indicators: mine.length, met: mine.filter((i) => i.met).length, overdue: mine.filter((i) => !i.met && i.dueOn < TODAY).length };
    });
  const readable = new Set(projects.map((p) => p.id));
  const mine = who.unitId == null ? [] : listIndicators(db, { unitId: who.unitId }).filter((i) => !i.met && readable.has(i.projectId)).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return { projects, mine };
}

const ALL = { projects: 100_000, mine: 100_000 };
const figures = (o: ReturnType<typeof indicatorOverview>) => o.projects.map((p) => ({ id: p.id, progress: p.progress, indicators: p.indicators, met: p.met, overdue: p.overdue }));

describe("the indicator overview computed in SQL", () => {
  let db: DB;
  beforeAll(async () => {
    db = await seededDb();
    const ids = column<number>(db, "SELECT id FROM indicators WHERE archived_at IS NULL AND latest_value IS NOT NULL ORDER BY id");
    const set = (id: number, sql: string) => run(db, `UPDATE indicators SET ${sql} WHERE id = ?`, id);
    set(ids[0]!, "waived_reason = '已豁免', due_on = '2026-01-01'"); // waived: met, never overdue
    set(ids[1]!, "archived_at = '2026-11-01T00:00:00.000Z'"); // archived: not counted
    set(ids[2]!, "due_on = '2026-11-23', target = latest_value + 1"); // unmet, due today: not yet overdue
    set(ids[3]!, "due_on = '2026-11-22', target = latest_value + 1"); // unmet, due yesterday: overdue
    set(ids[4]!, "due_on = '2026-11-22', target = latest_value"); // exactly on target: met
    set(ids[5]!, "direction = 'lower', target = latest_value"); // lower, on the boundary: met
    set(ids[6]!, "waived_reason = ''"); // an empty reason is no waiver
    // A value measured today, on the boundary day, that meets its target.
    run(db, "UPDATE indicators SET latest_on = '2026-11-23', target = latest_value WHERE id = ?", ids[7]!);
    // A project with no indicators at all.
    const bare = column<number>(db, "SELECT id FROM projects ORDER BY code DESC LIMIT 1")[0]!;
    run(db, "UPDATE indicators SET archived_at = '2026-11-01T00:00:00.000Z' WHERE project_id = ?", bare);
  });

  for (const username of ["mishu", "zhuanjia2", "liu_yang", "zhuanjia"]) {
    it(`gives ${username} the same projects, figures and unmet indicators as the count over every row`, () => {
      const who = actor(db, username);
      const js = overviewInJs(db, who);
      const sql = indicatorOverview(db, who, TODAY, ALL);
      expect(figures(sql)).toEqual(js.projects);
      expect(sql.projectCount).toBe(js.projects.length);
      expect(sql.mine).toEqual(js.mine);
      expect(sql.mineCount).toBe(js.mine.length);
      // The windows: the first rows of the same lists, the counts still of all.
      const small = indicatorOverview(db, who, TODAY, { projects: 2, mine: 1 });
      expect(figures(small)).toEqual(js.projects.slice(0, 2));
      expect(small.mine).toEqual(js.mine.slice(0, 1));
      expect([small.projectCount, small.mineCount]).toEqual([js.projects.length, js.mine.length]);
    });
  }

  it("the edge rows reach the figures", () => {
    const js = overviewInJs(db, actor(db, "mishu"));
    expect(js.projects.some((p) => p.indicators === 0)).toBe(true);
    expect(js.projects.reduce((s, p) => s + p.overdue, 0)).toBeGreaterThan(0);
    expect(js.mine.length).toBeGreaterThan(1);
  });

  it("is empty on an empty install", () => {
    const empty = migratedDb();
    const admin = { id: 1, username: "admin", displayName: "admin", unitId: null, roles: ["admin"], permissions: [], projectIds: [] } as unknown as Actor;
    expect(indicatorOverview(empty, admin, TODAY)).toEqual({ projects: [], projectCount: 0, mine: [], mineCount: 0 });
  });
});
