// metSql (the SQL twin of isMet, for aggregates over every indicator) answers as isMet does, for every
// kind of indicator: higher/lower/yes-no, waived, without values, with a corrected or withdrawn latest value.
import { describe, expect, it } from "vitest";
import { seededDb } from "../helpers/db";
import { listIndicators, metSql } from "../../app/models/indicators.server";
import { all } from "../../app/models/sql.server";

describe("metSql", () => {
  it("agrees with isMet on every indicator of the demo, including waived, yes/no and unmeasured ones", async () => {
    const db = await seededDb();
    // Widen the cases: one waived, one yes/no met, one lower-is-better met, one without a target.
    const ids = all<{ id: number }>(db, "SELECT id FROM indicators WHERE archived_at IS NULL ORDER BY id").map((r) => r.id);
    db.$client.prepare("UPDATE indicators SET waived_reason = '已豁免' WHERE id = ?").run(ids[0]);
    db.$client.prepare("UPDATE indicators SET direction = 'yesno' WHERE id = ?").run(ids[1]);
    db.$client.prepare("UPDATE indicators SET direction = 'lower', target = 1000000 WHERE id = ?").run(ids[2]);
    db.$client.prepare("UPDATE indicators SET target = NULL WHERE id = ?").run(ids[3]);
    const bySql = new Map(all<{ id: number; met: number }>(db, `SELECT i.id, ${metSql()} AS met FROM indicators i WHERE i.archived_at IS NULL`).map((r) => [r.id, r.met === 1]));
    const rows = listIndicators(db);
    expect(rows.length).toBeGreaterThan(50);
    expect(new Set(rows.map((r) => r.met))).toEqual(new Set([true, false]));
    for (const r of rows) expect(bySql.get(r.id), `indicator ${r.id} (${r.direction}, latest ${r.latest}, target ${r.target})`).toBe(r.met);
  });
});
