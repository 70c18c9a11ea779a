// The dashboards' per-unit task counts are counted in SQL (statusByUnit, dashboard.server.ts) and shown
// as a window of units: held here to the JavaScript count over every task row they replaced, on the demo
// with edge rows (archived, suspended, 待销号, closed, a unit whose only task is archived) and on an empty
// install, for the whole consortium and for an outside expert's projects.
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { actor, migratedDb, seededDb } from "../helpers/db";
import { countBy } from "../../app/models/dashboard";
import { chiefDashboard, dashboardData, secretariatDashboard, statusByUnit, type UnitCounts } from "../../app/models/dashboard.server";
import { TASK_STATUSES, type TaskStatus } from "../../app/models/domain";

const TODAY = "2026-11-23";

/** The former computation: every live task read into JavaScript, grouped by owner unit in unit order. */
function statusByUnitInJs(db: DB, scope: Set<number> | null): UnitCounts<TaskStatus>[] {
  const tasks = (
    db.$client.prepare("SELECT project_id AS projectId, owner_unit_id AS unitId, status FROM tasks WHERE archived_at IS NULL ORDER BY id").all() as {
      projectId: number;
      unitId: number;
      status: TaskStatus;
    }[]
  ).filter((t) => scope == null || scope.has(t.projectId));
  const units = db.$client.prepare("SELECT id, short_name AS shortName FROM member_units ORDER BY id").all() as { id: number; shortName: string }[];
  return units
    .map((u) => {
      const mine = tasks.filter((t) => t.unitId === u.id);
      return { unitId: u.id, shortName: u.shortName, counts: countBy(mine, (t) => t.status, TASK_STATUSES), total: mine.length };
    })
    .filter((u) => u.total > 0);
}

const pendingInJs = (db: DB) =>
  (db.$client.prepare("SELECT status FROM tasks WHERE archived_at IS NULL").all() as { status: string }[]).filter((t) => t.status === "pending_closeout").length;

describe("tasks per unit and status, counted in SQL", () => {
  let db: DB;
  beforeAll(async () => {
    db = await seededDb();
    const ids = (db.$client.prepare("SELECT id FROM tasks ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const set = db.$client.prepare("UPDATE tasks SET status = ?, position = position || ? WHERE id = ?");
    // Edge rows: statuses the demo has few of, an archived task of each kind, and a unit whose one task is archived.
    set.run("suspended", "s", ids[1]);
    set.run("pending_closeout", "p", ids[2]);
    set.run("pending_closeout", "q", ids[3]);
    set.run("closed", "c", ids[4]);
    db.$client.prepare("UPDATE tasks SET archived_at = '2026-11-20T02:00:00.000Z' WHERE id IN (?, ?)").run(ids[3], ids[5]);
    const lone = db.$client.prepare("SELECT id FROM member_units m WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.owner_unit_id = m.id) ORDER BY id").get() as { id: number };
    db.$client.prepare("UPDATE tasks SET owner_unit_id = ?, archived_at = '2026-11-20T02:00:00.000Z' WHERE id = ?").run(lone.id, ids[6]);
  });

  it("gives the same units, counts and totals as the count over every row", () => {
    const all = statusByUnitInJs(db, null);
    expect(all.length).toBeGreaterThan(3);
    expect(all.some((u) => u.counts.suspended > 0) && all.some((u) => u.counts.pending_closeout > 0) && all.some((u) => u.counts.closed > 0)).toBe(true);
    expect(statusByUnit(db, null, 1000)).toEqual({ rows: all, units: all.length });
    // The window: the first units in unit order, the number of units with tasks still counting all.
    expect(statusByUnit(db, null, 3)).toEqual({ rows: all.slice(0, 3), units: all.length });
  });

  it("counts only the projects an outside expert follows", () => {
    const expert = actor(db, "zhuanjia2");
    const scope = new Set(expert.projectIds);
    const js = statusByUnitInJs(db, scope);
    expect(js.reduce((s, u) => s + u.total, 0)).toBeLessThan(statusByUnitInJs(db, null).reduce((s, u) => s + u.total, 0));
    expect(statusByUnit(db, scope, 1000)).toEqual({ rows: js, units: js.length });
    const chief = dashboardData(db, expert, TODAY, "chief", 1000).chief!;
    expect(chief.statusByUnit).toEqual(js);
    expect(chief.ragByUnit.map((u) => [u.unitId, u.total])).toEqual(js.map((u) => [u.unitId, u.total]));
  });

  it("the dashboards carry the window and the number of units beyond it", () => {
    const all = statusByUnitInJs(db, null);
    const s = secretariatDashboard(db, actor(db, "mishu"), TODAY, 2);
    expect(s.statusByUnit).toEqual(all.slice(0, 2));
    expect(s.unitsWithTasks).toBe(all.length);
    const filing = secretariatDashboard(db, actor(db, "mishu"), TODAY, 1000).filing;
    expect(s.filing.units).toEqual(filing.units.slice(0, 2));
    expect([s.filing.unitCount, s.filing.counts]).toEqual([filing.units.length, filing.counts]);
    expect(s.pendingCloseoutTasks).toBe(pendingInJs(db));
    expect(s.pendingCloseoutTasks).toBeGreaterThan(0);
    const c = chiefDashboard(db, actor(db, "shouxi"), TODAY, 2);
    expect(c.statusByUnit).toEqual(all.slice(0, 2));
    expect(c.ragByUnit.map((u) => u.unitId)).toEqual(all.slice(0, 2).map((u) => u.unitId));
    expect(c.unitsWithTasks).toBe(all.length);
    expect(dashboardData(db, actor(db, "mishu"), TODAY, null).secretariat!.statusByUnit).toEqual(all.slice(0, 20));
  });

  it("is empty on an empty install", () => {
    const empty = migratedDb();
    expect(statusByUnit(empty, null, 20)).toEqual({ rows: [], units: 0 });
    expect(statusByUnit(empty, new Set([1]), 20)).toEqual({ rows: [], units: 0 });
    expect(pendingInJs(empty)).toBe(0);
  });
});
