// The chief dashboard's indicator burn-ups, summed in SQL (burnUps), are the ones the pure rule burnUp
// (dashboard.ts) draws from every indicator and value: the same met and due counts at every month-end
// of every project, with values met and unmet over time, a withdrawn value, a waiver dated by its
// update, an archived indicator and an indicator without values.
import { describe, expect, it } from "vitest";
import { seededDb } from "../helpers/db";
import { burnUps } from "../../app/models/dashboard.server";
import { burnUp, monthEnds, type BurnIndicator } from "../../app/models/dashboard";
import { all, column, insert, run } from "../../app/models/sql.server";

describe("burn-ups summed in SQL", () => {
  it("agree with burnUp on every project and month-end", async () => {
    const db = await seededDb();
    const today = db.$clock.today();
    const ids = column<number>(db, "SELECT id FROM indicators WHERE archived_at IS NULL AND target IS NOT NULL AND direction = 'higher' ORDER BY id");
    const by = column<number>(db, "SELECT id FROM users WHERE username = 'jiang_hao'")[0]!;
    const add = (id: number, value: string, on: string, kind = "value", corrects: number | null = null) =>
      insert(db, `INSERT INTO indicator_values (indicator_id, value, measured_on, recorded_by, recorded_at, kind, corrects_id) SELECT id, ${value}, ?, ?, ?, ?, ? FROM indicators WHERE id = ?`, on, by, db.$clock.nowIso(), kind, corrects, id);
    add(ids[0]!, "target", "2026-02-10"); // met in February...
    add(ids[0]!, "target - 1", "2026-05-03"); // ...no longer in May
    const wrong = add(ids[1]!, "target + 5", "2026-03-01");
    add(ids[1]!, "target + 5", "2026-03-01", "withdrawal", wrong); // withdrawn: never counted
    add(ids[2]!, "target", "2026-04-01");
    run(db, "UPDATE indicators SET waived_reason = '结题豁免', updated_at = '2026-06-15T02:00:00.000Z' WHERE id = ?", ids[3]!);
    run(db, "UPDATE indicators SET archived_at = '2026-07-01T02:00:00.000Z' WHERE id = ?", ids[4]!);
    run(db, "DELETE FROM indicator_values WHERE indicator_id = ?", ids[5]!);

    // What the dashboard read before: every indicator and every effective value, into burnUp.
    const indicators = all<BurnIndicator & { projectId: number }>(
      db,
      `SELECT id, project_id AS projectId, baseline, target, direction, due_on AS dueOn, waived_reason AS waivedReason,
              CASE WHEN waived_reason IS NOT NULL THEN substr(updated_at, 1, 10) END AS waivedOn, archived_at AS archivedAt FROM indicators`,
    );
    const values = all<{ indicatorId: number; value: number; measuredOn: string }>(db, "SELECT indicator_id AS indicatorId, value, measured_on AS measuredOn FROM effective_indicator_values ORDER BY measured_on, id");
    const projects = all<{ id: number; startOn: string }>(db, "SELECT id, start_on AS startOn FROM projects");
    const expected = projects
      .map((p) => {
        const mine = indicators.filter((i) => i.projectId === p.id);
        const own = new Set(mine.map((i) => i.id));
        return { projectId: p.id, ...burnUp(mine, values.filter((v) => own.has(v.indicatorId)), monthEnds(p.startOn, today)) };
      })
      .filter((p) => p.total > 0);

    const { items: got, projects: withIndicators } = burnUps(db, null, today);
    expect(got.length).toBeGreaterThan(0);
    expect(withIndicators).toBe(expected.length);
    expect(got.some((p) => p.points.some((x) => x.met > 0))).toBe(true);
    const byId = new Map(got.map((p) => [p.projectId, p]));
    expect([...byId.keys()].sort()).toEqual(expected.map((p) => p.projectId).sort());
    for (const e of expected) expect({ project: e.projectId, total: byId.get(e.projectId)!.total, points: byId.get(e.projectId)!.points }).toEqual({ project: e.projectId, total: e.total, points: e.points });
    // A window reads only its projects and draws the same burn-ups for them; 0 draws none.
    expect(burnUps(db, null, today, 2)).toEqual({ items: got.slice(0, 2), projects: withIndicators });
    expect(burnUps(db, null, today, 0)).toEqual({ items: [], projects: withIndicators });
  });
});
