// The status colours (RAG) the chief's dashboard and front page count are counted in SQL (ragSql,
// rag.server.ts; ragByUnit and the milestones due soon, dashboard.server.ts). Held here to ragOf (rag.ts):
// the expression on every combination of dates either side of today, progress and settings around each
// threshold; the dashboard's figures to the JavaScript count over every task row they replaced, on the demo
// with edge rows (thresholds, suspended, closed, archived, a milestone without tasks, one whose feeders are
// all archived), for the chief scientist, the council, an outside expert, and on an empty install.
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { actor, migratedDb, seededDb } from "../helpers/db";
import { RAG_EDGES } from "../helpers/rag-edges";
import { ragOf, RAGS, type Rag, type RagSettings, type RagTask } from "../../app/models/rag";
import { ragParams, ragSql } from "../../app/models/rag.server";
import { countBy, dueBucket, worstRag, zeroCounts } from "../../app/models/dashboard";
import { chiefDashboard, dashboardData, ragByUnit } from "../../app/models/dashboard.server";
import { myWork } from "../../app/models/my-work.server";
import { getSettings } from "../../app/models/consortium.server";
import type { Actor } from "../../app/models/context.server";

const TODAY = "2026-11-23"; // the pinned clock's date (tests/helpers/clock.ts)
const day = (offset: number, from = TODAY) => {
  const [y, m, d] = from.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
};
const DEFAULTS: RagSettings = { ragYellowLag: 10, ragRedLag: 30, ragYellowDays: 7, ragRedDays: 15 };

describe("ragSql", () => {
  it("gives ragOf's colour on every combination of dates, progress, status and thresholds around the boundaries", () => {
    const db = migratedDb();
    const offsets = [-40, -17, -16, -15, -14, -11, -9, -8, -7, -6, -3, -1, 0, 1, 2, 3, 7, 9, 10, 40];
    const rowsOn = (today: string): RagTask[] => {
      const dates = offsets.map((o) => day(o, today));
      return dates.flatMap((startOn) =>
        dates.flatMap((dueOn) =>
          [0, 9, 10, 19, 20, 23, 24, 30, 39, 40, 45, 60, 69, 70, 71, 89, 90, 100].flatMap((progress) =>
            (["not_started", "in_progress", "pending_closeout", "closed", "suspended"] as const).map((status) => ({ startOn, dueOn, status, progress })),
          ),
        ),
      );
    };
    // Whole-day thresholds (settings.ts), lags with fractions, zeros, and a February of a leap year.
    const settings: RagSettings[] = [DEFAULTS, { ragYellowLag: 0, ragRedLag: 12.5, ragYellowDays: 0, ragRedDays: 1 }, { ragYellowLag: 33.3, ragRedLag: 100, ragYellowDays: 30, ragRedDays: 365 }];
    const asRows = (list: RagTask[]) => JSON.stringify(list.map((r) => [r.status, r.startOn, r.dueOn, r.progress]));
    const colours = db.$client.prepare(
      `WITH tasks AS (SELECT value->>0 AS status, value->>1 AS start_on, value->>2 AS due_on, value->>3 AS progress FROM json_each(?)) SELECT ${ragSql()} FROM tasks`,
    );
    colours.pluck();
    let compared = 0;
    const seen = new Set<Rag>();
    for (const today of [TODAY, "2028-03-01"]) {
      const shifted = rowsOn(today);
      for (const s of settings) {
        const got = colours.all(asRows(shifted), ragParams(today, s)) as Rag[];
        const differ = shifted.filter((r, i) => ragOf(r, today, s).rag !== got[i]).map((r) => ({ ...r, today, s }));
        expect(differ.slice(0, 5)).toEqual([]);
        compared += got.length;
        for (const r of got) seen.add(r);
      }
    }
    expect(compared).toBe(6 * 20 * 20 * 18 * 5);
    expect(seen).toEqual(new Set(RAGS));
  });

  it("keeps ragOf's floating-point boundary: day 11 of 20 is 55.00000000000001 % planned, so 45 % done is more than 10 % behind", () => {
    const t: RagTask = { startOn: day(-11), dueOn: day(9), status: "in_progress", progress: 45 };
    expect(ragOf(t, TODAY, DEFAULTS).rag).toBe("yellow");
    const db = migratedDb();
    const sql = `WITH tasks(status, start_on, due_on, progress) AS (VALUES (?, ?, ?, ?)) SELECT ${ragSql()} FROM tasks`;
    expect(db.$client.prepare(sql).pluck().get(t.status, t.startOn, t.dueOn, t.progress, ragParams(TODAY, DEFAULTS))).toBe("yellow");
  });
});

// ------------------------------------------------------------------------------------------ the dashboards

/** The threshold rows, and a live one that is archived below (it must count nowhere). */
const EDGES = [...RAG_EDGES, { startOn: day(-100), dueOn: day(-50), progress: 10, status: "in_progress" }];

type TaskRaw = RagTask & { id: number; projectId: number; ownerUnitId: number };

/** The former computation: every live task in scope through ragOf, counted per unit (unit order) and per milestone. */
function chiefInJs(db: DB, scope: Set<number> | null, today: string) {
  const settings = getSettings(db);
  const tasks = (
    db.$client.prepare("SELECT id, project_id AS projectId, owner_unit_id AS ownerUnitId, start_on AS startOn, due_on AS dueOn, status, progress FROM tasks WHERE archived_at IS NULL ORDER BY id").all() as TaskRaw[]
  ).filter((t) => scope == null || scope.has(t.projectId));
  const rags = new Map(tasks.map((t) => [t.id, ragOf(t, today, settings).rag]));
  const units = db.$client.prepare("SELECT id, short_name AS shortName FROM member_units ORDER BY id").all() as { id: number; shortName: string }[];
  const ragByUnit = units
    .map((u) => {
      const mine = tasks.filter((t) => t.ownerUnitId === u.id);
      return { unitId: u.id, shortName: u.shortName, counts: countBy(mine, (t) => rags.get(t.id)!, RAGS), total: mine.length };
    })
    .filter((u) => u.total > 0);
  const feeds = db.$client.prepare("SELECT milestone_id AS milestoneId, task_id AS taskId FROM milestone_tasks").all() as { milestoneId: number; taskId: number }[];
  const milestones = (
    db.$client.prepare("SELECT m.id, m.project_id AS projectId, m.due_on AS dueOn, m.status FROM milestones m JOIN projects p ON p.id = m.project_id ORDER BY m.due_on, p.code").all() as {
      id: number;
      projectId: number;
      dueOn: string;
      status: string;
    }[]
  )
    .filter((m) => (scope == null || scope.has(m.projectId)) && m.status === "pending" && dueBucket(m.dueOn, today) != null)
    .map((m) => {
      const rag = countBy(
        feeds.filter((f) => f.milestoneId === m.id && rags.has(f.taskId)),
        (f) => rags.get(f.taskId)!,
        RAGS,
      );
      return { id: m.id, rag, worst: worstRag(rag) };
    });
  return { totals: countBy(tasks, (t) => rags.get(t.id)!, RAGS), ragByUnit, milestones };
}

function expectSame(db: DB, who: Actor, scope: Set<number> | null, today = TODAY) {
  const js = chiefInJs(db, scope, today);
  const c = chiefDashboard(db, who, today, 1000);
  expect(c.ragByUnit).toEqual(js.ragByUnit);
  expect(chiefDashboard(db, who, today, 3).ragByUnit).toEqual(js.ragByUnit.slice(0, 3));
  expect(c.milestones.map((m) => ({ id: m.id, rag: m.rag, worst: m.worst }))).toEqual(js.milestones);
  expect([c.kpis.activeTasks, c.kpis.red, c.kpis.yellow]).toEqual([js.totals.green + js.totals.yellow + js.totals.red, js.totals.red, js.totals.yellow]);
  expect(ragByUnit(db, scope, today, 1000)).toEqual({ rows: js.ragByUnit, totals: js.totals });
  return js;
}

describe("the chief's figures, counted in SQL", () => {
  let db: DB;
  let noFeeders: number;
  let archivedFeeders: number;
  beforeAll(async () => {
    db = await seededDb();
    const ids = (db.$client.prepare("SELECT id FROM tasks WHERE archived_at IS NULL ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const edit = db.$client.prepare("UPDATE tasks SET start_on = ?, due_on = ?, progress = ?, status = ?, position = 'zz' || id WHERE id = ?");
    EDGES.forEach((e, i) => edit.run(e.startOn, e.dueOn, e.progress, e.status, ids[i]!));
    const archived = ids[EDGES.length - 1]!;
    db.$client.prepare("UPDATE tasks SET archived_at = '2026-11-20T02:00:00.000Z' WHERE id = ?").run(archived);
    // Milestones due soon: one fed by every edge row (and the archived one), one without tasks, one fed only by the archived task.
    const ms = (db.$client.prepare("SELECT id FROM milestones ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    expect(ms.length).toBeGreaterThanOrEqual(3);
    const due = db.$client.prepare("UPDATE milestones SET due_on = ?, status = 'pending' WHERE id = ?");
    const feed = db.$client.prepare("INSERT OR IGNORE INTO milestone_tasks (milestone_id, task_id) VALUES (?, ?)");
    due.run(day(5), ms[0]);
    for (const id of ids.slice(0, EDGES.length)) feed.run(ms[0], id);
    [noFeeders, archivedFeeders] = [ms[1]!, ms[2]!];
    due.run(day(40), noFeeders);
    due.run(day(89), archivedFeeders);
    db.$client.prepare("DELETE FROM milestone_tasks WHERE milestone_id IN (?, ?)").run(noFeeders, archivedFeeders);
    feed.run(archivedFeeders, archived);
  });

  it("the chief scientist and the council get the colours of the count over every row, per unit, in all and per milestone", () => {
    for (const who of ["shouxi", "lishi"]) {
      const js = expectSame(db, actor(db, who), null);
      expect(js.ragByUnit.length).toBeGreaterThan(3);
      expect(RAGS.every((r) => js.totals[r] > 0)).toBe(true);
      const lines = new Map(js.milestones.map((m) => [m.id, m]));
      expect(lines.get(noFeeders)).toEqual({ id: noFeeders, rag: zeroCounts(RAGS), worst: null });
      expect(lines.get(archivedFeeders)).toEqual({ id: archivedFeeders, rag: zeroCounts(RAGS), worst: null });
      expect(RAGS.filter((r) => r !== "done" && r !== "suspended").every((r) => js.milestones.some((m) => m.rag[r] > 0))).toBe(true);
    }
  });

  it("on other days too (the same rows fall on other sides of the thresholds)", () => {
    for (const today of [day(-30), day(8), day(200)]) expectSame(db, actor(db, "shouxi"), null, today);
  });

  it("an outside expert's figures count only his projects", () => {
    const expert = actor(db, "zhuanjia2");
    const scope = new Set(expert.projectIds);
    const js = expectSame(db, expert, scope);
    expect(js.totals).not.toEqual(chiefInJs(db, null, TODAY).totals);
    expect(dashboardData(db, expert, TODAY, "chief", 1000).chief!.ragByUnit).toEqual(js.ragByUnit);
  });

  it("the front page's chief figures are the dashboard's", () => {
    const shouxi = actor(db, "shouxi");
    expect(myWork(db, shouxi, TODAY).chief).toEqual(chiefDashboard(db, shouxi, TODAY).kpis);
  });

  it("is empty on an empty install", () => {
    const empty = migratedDb();
    const chief = actor(db, "shouxi"); // his roles and permissions; the install has no rows
    expect(ragByUnit(empty, null, TODAY, 20)).toEqual({ rows: [], totals: zeroCounts(RAGS) });
    expect(ragByUnit(empty, new Set([1]), TODAY, 20)).toEqual({ rows: [], totals: zeroCounts(RAGS) });
    const c = chiefDashboard(empty, chief, TODAY);
    expect([c.ragByUnit, c.milestones, c.kpis.activeTasks, c.kpis.red, c.kpis.yellow, c.kpis.missed]).toEqual([[], [], 0, 0, 0, 0]);
  });
});
