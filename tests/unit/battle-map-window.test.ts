// The battle map's window on a real seeded SQLite database: the filters in SQL select exactly what the old
// in-browser filter selected (RAG boundaries included), each lane sends its first rows with its count,
// 更多 widens one lane, and a link leaving the window names the task at its far end.
import { beforeAll, describe, expect, it } from "vitest";
import { byStart, filterTasks, LANE_MODES, laneOf, lanePage, mapProgress, parseFilters, PRINT_ROW_LIMIT, type MapFilters, type MapTaskRow } from "../../app/models/battle-map";
import { battleMapData, type BattleMapData } from "../../app/models/battle-map.server";
import { ragOf, RAGS } from "../../app/models/rag";
import { TASK_STATUSES } from "../../app/models/domain";
import { actor, seededDb } from "../helpers/db";
import { RAG_EDGES } from "../helpers/rag-edges";
import type { DB } from "../../db/client";

const TODAY = "2026-11-23"; // the pinned clock's date (tests/helpers/clock.ts)
const EDGES = RAG_EDGES;

/** Tasks added to one unit: more than any lane's first page holds (the demo itself fits the budget whole). */
const PAD = 400;
let db: DB;
let all: BattleMapData;
const whole = (f: Partial<MapFilters> = {}) => battleMapData(db, actor(db, "jiang_hao"), { filters: { ...parseFilters(new URLSearchParams()), ...f }, print: true });

beforeAll(async () => {
  db = await seededDb();
  const ids = (db.$client.prepare("SELECT id FROM tasks WHERE archived_at IS NULL ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  const edit = db.$client.prepare("UPDATE tasks SET start_on = ?, due_on = ?, progress = ?, status = ?, is_key = ?, position = 'zz' || id WHERE id = ?");
  EDGES.forEach((e, i) => edit.run(e.startOn, e.dueOn, e.progress, e.status, e.isKey ? 1 : 0, ids[i]!));
  // One unit padded past its share of the row budget, so its lane is cut short: copies of its first task.
  padLane(ids[EDGES.length]!, "PAD", 1, PAD);
  all = whole();
});

/** Copies of task `id` coded `<prefix>-<n>` for n in from..to, starting a day later each. */
function padLane(id: number, prefix: string, from: number, to: number) {
  const cols = (db.$client.prepare("PRAGMA table_info(tasks)").all() as { name: string }[]).map((c) => c.name).filter((c) => c !== "id");
  const pick = cols.map((c) =>
    c === "code" ? `'${prefix}-' || n` : c === "position" ? `'${prefix.toLowerCase()}' || n` : c === "start_on" ? "date(start_on, '+' || n || ' days')" : c.endsWith("_at") && c !== "archived_at" ? "@now" : c,
  );
  db.$client
    .prepare(`WITH RECURSIVE k(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM k WHERE n < ${to}) INSERT INTO tasks (${cols.join(", ")}) SELECT ${pick.join(", ")} FROM tasks, k WHERE tasks.id = @id`)
    .run({ now: db.$clock.nowIso(), id });
}

describe("the filters in SQL", () => {
  it("select the same rows as the in-browser filter, for every single filter and some together", () => {
    const settings = all.settings;
    const rag = (t: MapTaskRow) => ragOf(t, TODAY, settings, mapProgress(t)).rag;
    const base = parseFilters(new URLSearchParams());
    const units = [...new Set(all.tasks.map((t) => t.ownerUnitId))];
    const projects = [...new Set(all.tasks.map((t) => t.projectId))];
    const cases: Partial<MapFilters>[] = [
      {},
      ...RAGS.map((r) => ({ rag: r })),
      ...TASK_STATUSES.map((s) => ({ status: s })),
      { keyOnly: true },
      ...units.slice(0, 3).map((u) => ({ unit: u })),
      ...projects.slice(0, 3).map((p) => ({ project: p })),
      { unit: units[0]!, rag: "green" },
      { keyOnly: true, status: "in_progress", rag: "red" },
      { unit: 999_999 },
    ];
    // Every RAG colour occurs, so each comparison has rows on both sides.
    expect(new Set(all.tasks.map(rag))).toEqual(new Set(RAGS));
    for (const c of cases) {
      const f = { ...base, ...c };
      const expected = filterTasks(all.tasks, f, rag).map((t) => t.id).sort((a, b) => a - b);
      const got = whole(c);
      expect(got.tasks.map((t) => t.id).sort((a, b) => a - b), JSON.stringify(c)).toEqual(expected);
      expect(got.matching).toBe(expected.length);
    }
  });
});

describe("the window", () => {
  const windowed = (params: string) => battleMapData(db, actor(db, "jiang_hao"), { filters: parseFilters(new URLSearchParams(params)), print: false });

  it("each lane sends its first rows in the map's order and its count; 更多 widens that lane only", () => {
    for (const mode of LANE_MODES) {
      const data = windowed(`lanes=${mode}`);
      const byLane = new Map<string, MapTaskRow[]>();
      for (const t of all.tasks) byLane.set(laneOf(t, mode), [...(byLane.get(laneOf(t, mode)) ?? []), t]);
      const page = lanePage(byLane.size);
      for (const [key, rows] of byLane) {
        const expected = rows.sort(byStart).slice(0, page).map((t) => t.id);
        expect(data.tasks.filter((t) => laneOf(t, mode) === key).map((t) => t.id).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
        expect(data.lanes[key]).toEqual({ count: rows.length, last: rows.length > page ? expect.objectContaining({ id: expected.at(-1) }) : null });
      }
      expect(data.matching).toBe(all.tasks.length);
      expect(data.total).toBe(all.tasks.length);
    }
    const cut = Object.entries(windowed("").lanes).find(([, l]) => l.last != null);
    expect(cut, "the seeded demo has a lane longer than a page").toBeDefined();
    const [key, lane] = cut!;
    const page = lanePage(Object.keys(windowed("").lanes).length);
    const wider = windowed(`more=${key}:2`);
    expect(wider.tasks.filter((t) => laneOf(t, "unit") === key)).toHaveLength(Math.min(lane.count, 2 * page));
    expect(wider.tasks.length).toBe(windowed("").tasks.length + Math.min(lane.count, 2 * page) - page);
    expect(wider.lanes[key]!.count).toBe(lane.count);
  });

  it("a link with one end outside the window comes with the far task's code; links between two unloaded tasks do not come", () => {
    const data = windowed("");
    const ids = new Set(data.tasks.map((t) => t.id));
    const far = new Map(data.outside.map((o) => [o.id, o]));
    expect(data.dependencies.every((d) => ids.has(d.predecessorId) || ids.has(d.successorId))).toBe(true);
    for (const d of data.dependencies) for (const id of [d.predecessorId, d.successorId]) expect(ids.has(id) || far.has(id)).toBe(true);
    expect([...far.values()].every((o) => !ids.has(o.id) && o.code.length > 0)).toBe(true);
    // A filter to one task's unit leaves its links to other units' tasks as stubs.
    const linked = all.dependencies.find((d) => {
      const [a, b] = [all.tasks.find((t) => t.id === d.predecessorId), all.tasks.find((t) => t.id === d.successorId)];
      return a && b && a.ownerUnitId !== b.ownerUnitId;
    });
    if (!linked) throw new Error("the demo links tasks of different units");
    const succ = all.tasks.find((t) => t.id === linked.successorId)!;
    const one = windowed(`unit=${succ.ownerUnitId}&lanes=none`);
    expect(one.tasks.some((t) => t.id === succ.id)).toBe(true);
    expect(one.outside.map((o) => o.id)).toContain(linked.predecessorId);
    expect(one.dependencies).toContainEqual(linked);
  });

  it("倒排工期 sends the milestone's feeders and everything upstream, whatever the filters", () => {
    const m = all.milestones.find((x) => x.taskIds.length > 0)!;
    const data = windowed(`plan=${m.id}&unit=999999`);
    const ids = new Set(data.tasks.map((t) => t.id));
    const live = new Set(all.tasks.map((t) => t.id));
    for (const id of m.taskIds) if (live.has(id)) expect(ids.has(id)).toBe(true);
    for (const d of all.dependencies) if (ids.has(d.successorId)) expect(ids.has(d.predecessorId)).toBe(true);
  });
});

describe("the print view", () => {
  it("prints every matching row up to PRINT_ROW_LIMIT, and beyond it each lane's first rows with its count", () => {
    expect(all.tasks.length).toBe(all.matching); // the demo and its padding print whole
    expect(all.lanes).toEqual({});
    const first = all.tasks.find((t) => t.code === "PAD-1")!;
    padLane(first.id, "BIG", 1, PRINT_ROW_LIMIT);
    try {
      const big = whole();
      expect(big.matching).toBeGreaterThan(PRINT_ROW_LIMIT);
      expect(big.tasks.length).toBeLessThan(big.matching);
      const lane = `u${first.ownerUnitId}`;
      expect(big.lanes[lane]!.count).toBe(all.tasks.filter((t) => t.ownerUnitId === first.ownerUnitId).length + PRINT_ROW_LIMIT);
      expect(big.tasks.filter((t) => t.ownerUnitId === first.ownerUnitId).length).toBe(lanePage(Object.keys(big.lanes).length));
      // Filtered to another unit, the print is whole again.
      const other = all.tasks.find((t) => t.ownerUnitId !== first.ownerUnitId)!.ownerUnitId;
      const one = whole({ unit: other });
      expect(one.tasks.length).toBe(one.matching);
    } finally {
      db.$client.prepare("DELETE FROM tasks WHERE code LIKE 'BIG-%'").run();
    }
  });
});
