// The stored latest value of an indicator (indicators.latest_value / latest_on, kept by the triggers of
// migration 0020_indicator_latest_value) answers as the looked-up rule of latestValueSql does, after
// every kind of write to indicator_values: a new value, an older measurement, a tie on the date, a
// correction, a withdrawal (back to the value before), a withdrawal of the only value, a row deleted.
import { describe, expect, it } from "vitest";
import { seededDb } from "../helpers/db";
import { latestValueSql } from "../../app/models/indicators.server";
import { all, one, insert, run } from "../../app/models/sql.server";
import type { DB } from "../../db/client";

type Pair = { id: number; stored: number | null; storedOn: string | null; looked: number | null; lookedOn: string | null };
/** The rule, looked up among the values (as latestValueSql did before the stored column). */
const lookup = (column: string) =>
  `(SELECT v.${column} FROM effective_indicator_values v WHERE v.indicator_id = i.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1)`;
/** Every indicator's stored latest value beside the one looked up among its values. */
const pairs = (db: DB) =>
  all<Pair>(db, `SELECT i.id, i.latest_value AS stored, i.latest_on AS storedOn, ${lookup("value")} AS looked, ${lookup("measured_on")} AS lookedOn FROM indicators i ORDER BY i.id`);
const latestOf = (db: DB, id: number) => { const r = one<{ v: number | null; d: string | null }>(db, "SELECT latest_value AS v, latest_on AS d FROM indicators WHERE id = ?", id)!; return { v: r.v, on: r.d }; };

describe("the stored latest value of an indicator", () => {
  it("is the looked-up latest value of every demo indicator, and the page reads the stored column", async () => {
    const db = await seededDb();
    const rows = pairs(db);
    expect(rows.filter((r) => r.looked != null).length).toBeGreaterThan(20);
    for (const r of rows) expect({ id: r.id, v: r.stored, on: r.storedOn }).toEqual({ id: r.id, v: r.looked, on: r.lookedOn });
    expect(latestValueSql("value")).toBe("i.latest_value");
    expect(latestValueSql("measured_on", "ind.id")).toBe("ind.latest_on");
  });

  it("follows every write to the values: later, earlier, tie, correction, withdrawal, deletion", async () => {
    const db = await seededDb();
    const ind = one<{ id: number }>(db, "SELECT id FROM indicators WHERE archived_at IS NULL ORDER BY id LIMIT 1")!.id;
    const by = one<{ id: number }>(db, "SELECT id FROM users WHERE username = 'jiang_hao'")!.id;
    run(db, "DELETE FROM indicator_values WHERE indicator_id = ?", ind);
    expect(latestOf(db, ind)).toEqual({ v: null, on: null });
    const add = (value: number, on: string, extra: { kind?: string; corrects?: number } = {}) =>
      insert(db, "INSERT INTO indicator_values (indicator_id, value, measured_on, recorded_by, recorded_at, kind, corrects_id) VALUES (?, ?, ?, ?, ?, ?, ?)", ind, value, on, by, db.$clock.nowIso(), extra.kind ?? "value", extra.corrects ?? null);
    const first = add(10, "2026-03-01");
    expect(latestOf(db, ind)).toEqual({ v: 10, on: "2026-03-01" });
    add(5, "2026-02-01"); // measured earlier: the latest stays
    expect(latestOf(db, ind)).toEqual({ v: 10, on: "2026-03-01" });
    const tie = add(12, "2026-03-01"); // same date: the later row
    expect(latestOf(db, ind)).toEqual({ v: 12, on: "2026-03-01" });
    const fix = add(13, "2026-03-01", { kind: "correction", corrects: tie });
    expect(latestOf(db, ind)).toEqual({ v: 13, on: "2026-03-01" });
    add(13, "2026-03-01", { kind: "withdrawal", corrects: fix }); // back to the value before the tie
    expect(latestOf(db, ind)).toEqual({ v: 10, on: "2026-03-01" });
    add(10, "2026-03-01", { kind: "withdrawal", corrects: first });
    expect(latestOf(db, ind)).toEqual({ v: 5, on: "2026-02-01" });
    run(db, "DELETE FROM indicator_values WHERE indicator_id = ? AND kind = 'value' AND value = 5", ind);
    expect(latestOf(db, ind)).toEqual({ v: null, on: null });
    for (const r of pairs(db)) expect({ id: r.id, v: r.stored, on: r.storedOn }).toEqual({ id: r.id, v: r.looked, on: r.lookedOn });
  });

  it("as of a day: the stored value when measured by then, else the latest measured by then", async () => {
    const db = await seededDb();
    const ind = one<{ id: number }>(db, "SELECT id FROM indicators WHERE archived_at IS NULL ORDER BY id LIMIT 1")!.id;
    const by = one<{ id: number }>(db, "SELECT id FROM users WHERE username = 'jiang_hao'")!.id;
    run(db, "DELETE FROM indicator_values WHERE indicator_id = ?", ind);
    for (const [value, on] of [[3, "2026-01-10"], [7, "2026-06-10"]] as const)
      insert(db, "INSERT INTO indicator_values (indicator_id, value, measured_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)", ind, value, on, by, db.$clock.nowIso());
    const asOf = (day: string) => one<{ v: number | null }>(db, `SELECT ${latestValueSql("value", "i.id", `'${day}'`)} AS v FROM indicators i WHERE i.id = ?`, ind)!.v;
    expect([asOf("2025-12-31"), asOf("2026-01-10"), asOf("2026-06-09"), asOf("2026-06-10"), asOf("2026-12-31")]).toEqual([null, 3, 3, 7, 7]);
  });
});
