import { beforeAll, describe, expect, it } from "vitest";
import {
  arrowPath,
  barGeometry,
  buildRows,
  dateSpan,
  isPrintView,
  mapProgress,
  openNoticesByTask,
  printLayout,
  timelineWidth,
  LABEL_WIDTH,
  PRINT_WIDTH,
  filterTasks,
  filtersToParams,
  parseFilters,
  moreHref,
  windowKey,
  PX_PER_DAY,
  rescheduleWarnings,
  shiftDates,
  ticks,
  timeRange,
  xOf,
  type MapMilestone,
  type MapTask,
  type MapTaskRow,
} from "../../app/models/battle-map";
import { decodeTask, encodeTask } from "../../app/models/battle-map-wire";
import { battleMapData } from "../../app/models/battle-map.server";
import { updateTask } from "../../app/models/tasks.server";
import { DomainError } from "../../app/models/errors";
import { actor, contextFor, seededDb } from "../helpers/db";
import type { Actor } from "../../app/models/context.server";
import type { DB } from "../../db/client";

const task = (id: number, over: Partial<MapTask> = {}): MapTask => ({
  id,
  projectId: 1,
  code: `T${id}`,
  title: `任务${id}`,
  ownerUnitId: 1,
  startOn: "2026-02-01",
  dueOn: "2026-03-31",
  status: "in_progress",
  progress: 0,
  isKey: false,
  ...over,
});
const look = {
  units: [
    { id: 1, shortName: "智元" },
    { id: 2, shortName: "浙大" },
    { id: 3, shortName: "空单位" },
  ],
  projects: [
    { id: 2, code: "P2", name: "二", leadUnitId: 2 },
    { id: 1, code: "P1", name: "一", leadUnitId: 1 },
  ],
};
const milestone = (id: number, projectId: number, dueOn: string, taskIds: number[] = []): MapMilestone => ({
  id,
  projectId,
  name: `M${id}`,
  dueOn,
  status: "pending",
  version: 1,
  taskIds,
});

describe("time scale", () => {
  it("spans one period before the earliest date to after the latest, aligned to period starts", () => {
    expect(timeRange(["2026-02-10", "2026-05-20"], "2026-03-01", "month")).toEqual({ start: "2026-01-01", end: "2026-07-01" });
    expect(timeRange(["2026-02-10", "2026-05-20"], "2026-03-01", "quarter")).toEqual({ start: "2025-10-01", end: "2026-10-01" });
    // Weeks start on Monday; 2026-02-10 is a Tuesday.
    expect(timeRange(["2026-02-10"], "2026-02-10", "week")).toEqual({ start: "2026-02-02", end: "2026-02-23" });
  });
  it("includes today even when every task is in the past", () => {
    expect(timeRange(["2025-01-15"], "2026-03-01", "month").end).toBe("2026-05-01");
  });
  it("places dates by whole days at the zoom's scale", () => {
    const r = { start: "2026-01-01", end: "2026-12-01" };
    expect(xOf("2026-01-01", r, "month")).toBe(0);
    expect(xOf("2026-02-01", r, "month")).toBe(31 * PX_PER_DAY.month);
    expect(xOf("2026-01-08", r, "week")).toBe(7 * PX_PER_DAY.week);
  });
  it("a bar covers start and due day inclusive and is never thinner than 6 px", () => {
    const r = { start: "2026-01-01", end: "2026-12-01" };
    expect(barGeometry({ startOn: "2026-01-11", dueOn: "2026-01-20" }, r, "month")).toEqual({ x: 40, width: 40 });
    expect(barGeometry({ startOn: "2026-01-11", dueOn: "2026-01-11" }, r, "quarter").width).toBe(6);
  });
  it("month zoom has years over months; the ticks tile the axis without gaps", () => {
    const r = { start: "2025-11-01", end: "2026-03-01" };
    const { major, minor, majorUnit } = ticks(r, "month");
    expect(majorUnit).toBe("year");
    expect(major.map((k) => [k.year, k.x])).toEqual([
      [2025, 0],
      [2026, 61 * PX_PER_DAY.month],
    ]);
    expect(minor.map((k) => k.month)).toEqual([11, 12, 1, 2]);
    for (let i = 1; i < minor.length; i++) expect(minor[i]!.x).toBe(minor[i - 1]!.x + minor[i - 1]!.width);
    expect(minor.at(-1)!.x + minor.at(-1)!.width).toBe(xOf(r.end, r, "month"));
  });
  it("quarter zoom labels quarters; week zoom has months over Monday weeks", () => {
    expect(ticks({ start: "2026-01-01", end: "2027-01-01" }, "quarter").minor.map((k) => k.quarter)).toEqual([1, 2, 3, 4]);
    const w = ticks({ start: "2026-01-26", end: "2026-02-16" }, "week");
    expect(w.majorUnit).toBe("month");
    expect(w.minor.map((k) => k.start)).toEqual(["2026-01-26", "2026-02-02", "2026-02-09"]);
    // The January label starts at the axis, not before it.
    expect(w.major[0]).toMatchObject({ month: 1, x: 0, width: 6 * PX_PER_DAY.week });
  });
});

describe("lanes", () => {
  const tasks = [
    task(1, { ownerUnitId: 2, projectId: 2, startOn: "2026-03-01" }),
    task(2, { ownerUnitId: 1, startOn: "2026-02-01" }),
    task(3, { ownerUnitId: 2, projectId: 1, startOn: "2026-01-01" }),
  ];
  const ms = [milestone(1, 2, "2026-06-30"), milestone(2, 1, "2026-04-30")];
  it("by unit: a header per unit that has tasks, tasks by start date, milestones in the lead unit's lane", () => {
    const rows = buildRows(tasks, ms, "unit", look, "全部");
    expect(rows.map((r) => (r.kind === "lane" ? r.key : r.kind === "task" ? r.task.id : r.laneKey))).toEqual(["u1", 2, "u2", 3, 1]);
    const lanes = rows.filter((r) => r.kind === "lane");
    expect(lanes.map((l) => l.kind === "lane" && [l.label, l.count, l.milestones.map((m) => m.id)])).toEqual([
      ["智元", 1, [2]],
      ["浙大", 2, [1]],
    ]);
  });
  it("by project: lanes in project-code order with their own milestones", () => {
    const rows = buildRows(tasks, ms, "project", look, "全部");
    expect(rows.map((r) => (r.kind === "lane" ? `${r.label}:${r.milestones.length}` : r.kind === "task" ? r.task.id : r.laneKey))).toEqual(["P1 一:1", 3, 2, "P2 二:1", 1]);
  });
  it("flat: one lane with every task and every milestone", () => {
    const rows = buildRows(tasks, ms, "none", look, "全部任务");
    expect(rows[0]).toMatchObject({ kind: "lane", label: "全部任务", count: 3 });
    expect(rows[0]!.kind === "lane" && rows[0]!.milestones).toHaveLength(2);
    expect(rows.slice(1).map((r) => r.kind === "task" && r.task.id)).toEqual([3, 2, 1]);
  });
  it("no tasks, no rows", () => {
    expect(buildRows([], ms, "unit", look, "全部")).toEqual([]);
  });
});

describe("filters in the URL", () => {
  it("round-trips every filter and keeps defaults out of the link", () => {
    const f = parseFilters(new URLSearchParams("unit=2&project=5&status=in_progress&rag=red&key=1&mine=1&lanes=project&zoom=quarter&more=p5:3&more=p7:2&plan=4"));
    expect(f).toEqual({ unit: 2, project: 5, status: "in_progress", rag: "red", keyOnly: true, mine: true, lanes: "project", zoom: "quarter", more: { p5: 3, p7: 2 }, plan: 4 });
    expect(parseFilters(filtersToParams(f))).toEqual(f);
    expect(filtersToParams(parseFilters(new URLSearchParams("lanes=unit&zoom=month"))).toString()).toBe("");
  });
  it("ignores malformed values instead of breaking a shared link", () => {
    expect(parseFilters(new URLSearchParams("unit=abc&project=-1&status=done&rag=purple&zoom=year&lanes=x&key=yes&more=x1:2&more=u1:0&more=u2&plan=0"))).toEqual({
      unit: null,
      project: null,
      status: null,
      rag: null,
      keyOnly: false,
      mine: false,
      lanes: "unit",
      zoom: "month",
      more: {},
      plan: null,
    });
    // A page count beyond reason is capped, not refused.
    expect(parseFilters(new URLSearchParams("more=u1:100000")).more).toEqual({ u1: 100 });
  });
  it("更多 adds one page to its lane and keeps the rest of the view", () => {
    const f = parseFilters(new URLSearchParams("unit=2&more=u2:2"));
    expect(moreHref(f, "u2")).toBe("?unit=2&more=u2%3A3");
    expect(moreHref(f, "u3")).toBe("?unit=2&more=u2%3A2&more=u3%3A2");
    expect(windowKey(parseFilters(new URLSearchParams("unit=2&zoom=week&mine=1")))).toBe(windowKey(parseFilters(new URLSearchParams("unit=2"))));
  });
  it("filters by unit, project, status, key flag and RAG together", () => {
    const all = [task(1, { isKey: true }), task(2, { ownerUnitId: 2 }), task(3, { status: "closed", isKey: true }), task(4, { projectId: 2, isKey: true })];
    const rag = (t: MapTask) => (t.id === 4 ? "red" : "green");
    const f = parseFilters(new URLSearchParams());
    expect(filterTasks(all, { ...f, unit: 1 }, rag).map((t) => t.id)).toEqual([1, 3, 4]);
    expect(filterTasks(all, { ...f, keyOnly: true, status: "in_progress" }, rag).map((t) => t.id)).toEqual([1, 4]);
    expect(filterTasks(all, { ...f, rag: "red" }, rag).map((t) => t.id)).toEqual([4]);
    expect(filterTasks(all, { ...f, project: 2, rag: "green" }, rag)).toEqual([]);
    // Highlighting my unit is not a filter.
    expect(filterTasks(all, { ...f, mine: true }, rag)).toHaveLength(4);
  });
});

describe("dependency arrows", () => {
  it("runs straight right then down when the successor starts after the predecessor ends", () => {
    expect(arrowPath(100, 14, 140, 70)).toBe("M100,14 H106 V70 H140");
  });
  it("doubles back between the rows when the successor starts too early", () => {
    expect(arrowPath(100, 14, 90, 70, 28)).toBe("M100,14 h6 V28 H84 V70 H90");
    expect(arrowPath(100, 70, 90, 14, 28)).toBe("M100,70 h6 V56 H84 V14 H90");
  });
});

describe("rescheduling", () => {
  const byId = new Map([
    [1, { code: "T1", title: "前置", dueOn: "2026-03-31" }],
    [2, { code: "T2", title: "后续", dueOn: "2026-05-31" }],
  ]);
  const deps = [{ predecessorId: 1, successorId: 2 }];
  const ms = [milestone(9, 1, "2026-06-30", [2])];
  it("shifts both dates by whole days, across month ends", () => {
    expect(shiftDates({ startOn: "2026-01-31", dueOn: "2026-02-27" }, 1)).toEqual({ startOn: "2026-02-01", dueOn: "2026-02-28" });
    expect(shiftDates({ startOn: "2026-03-01", dueOn: "2026-03-02" }, -7)).toEqual({ startOn: "2026-02-22", dueOn: "2026-02-23" });
  });
  it("no warning when the task starts after its predecessor's due day and ends by the milestone", () => {
    expect(rescheduleWarnings(2, { startOn: "2026-04-01", dueOn: "2026-06-30" }, byId, deps, ms)).toEqual([]);
  });
  it("starting on the predecessor's due day already overlaps it (finish-to-start, both days inclusive)", () => {
    expect(rescheduleWarnings(2, { startOn: "2026-03-31", dueOn: "2026-06-30" }, byId, deps, ms)).toHaveLength(1);
  });
  it("warns when it would start before a predecessor is due", () => {
    expect(rescheduleWarnings(2, { startOn: "2026-03-30", dueOn: "2026-05-01" }, byId, deps, ms)).toEqual([
      { kind: "predecessor", code: "T1", title: "前置", dueOn: "2026-03-31" },
    ]);
  });
  it("warns when it would end after a milestone it feeds, and names both problems at once", () => {
    expect(rescheduleWarnings(2, { startOn: "2026-03-01", dueOn: "2026-07-01" }, byId, deps, ms)).toEqual([
      { kind: "predecessor", code: "T1", title: "前置", dueOn: "2026-03-31" },
      { kind: "milestone", name: "M9", dueOn: "2026-06-30" },
    ]);
  });
  it("moving the predecessor itself checks only its own links", () => {
    expect(rescheduleWarnings(1, { startOn: "2025-01-01", dueOn: "2026-12-31" }, byId, deps, ms)).toEqual([]);
  });
});

// The loader's model function on a real seeded SQLite database (in memory): scope and consistency.

describe("battleMapData", () => {
  let db: DB;
  // The print view's query: every row (the window itself: battle-map-window.test.ts).
  const mapData = (d: DB, a: Actor) => battleMapData(d, a, { filters: parseFilters(new URLSearchParams()), print: true });
  beforeAll(async () => {
    db = await seededDb();
  });

  it("gives consortium readers every live task, the milestones that feed on them and the board seq", () => {
    const data = mapData(db, actor(db, "jiang_hao"));
    const total = db.$client.prepare("SELECT count(*) n FROM tasks WHERE archived_at IS NULL").get() as { n: number };
    expect(data.boardId).toBe("consortium");
    expect(data.tasks).toHaveLength(total.n);
    expect(data.milestones.length).toBeGreaterThan(0);
    expect(data.milestones.some((m) => m.taskIds.length > 0)).toBe(true);
    expect(data.dependencies.length).toBeGreaterThan(0);
    expect(data.groups.length).toBe(new Set(data.projects.map((p) => p.groupId)).size);
    expect(data.settings).toEqual({ ragYellowLag: 10, ragRedLag: 30, ragYellowDays: 7, ragRedDays: 15 });
  });

  it("the seq moves with every task write, so the live board catches up from exactly there", () => {
    const ctx = contextFor(db);
    const researcher = actor(db, "li_ming");
    const before = mapData(db, researcher);
    const t = before.tasks.find((x) => researcher.projectIds.includes(x.projectId) && x.status === "in_progress")!;
    updateTask(ctx, researcher, { id: t.id, version: t.version, patch: { dueOn: "2027-12-31" } });
    const after = mapData(db, researcher);
    expect(after.seq).toBe(before.seq + 1);
    expect(after.tasks.find((x) => x.id === t.id)!.dueOn).toBe("2027-12-31");
  });

  it("an outside expert sees only the projects they supervise, as a snapshot", () => {
    const expert = actor(db, "zhuanjia2");
    const data = mapData(db, expert);
    expect(data.boardId).toBeNull();
    expect(data.tasks.length).toBeGreaterThan(0);
    expect(data.tasks.every((t) => expert.projectIds.includes(t.projectId))).toBe(true);
    expect(data.projects.map((p) => p.id).sort()).toEqual([...expert.projectIds].sort());
    expect(data.milestones.every((m) => expert.projectIds.includes(m.projectId))).toBe(true);
    const all = mapData(db, actor(db, "jiang_hao"));
    expect(data.tasks.length).toBeLessThan(all.tasks.length);
  });

  it("refuses someone without any board read right", () => {
    const nobody = { ...actor(db, "zhuanjia2"), projectIds: [] };
    expect(() => mapData(db, nobody)).toThrow(DomainError);
    const noGrant = { ...actor(db, "jiang_hao"), permissions: [] };
    expect(() => mapData(db, noGrant)).toThrow(DomainError);
  });
});

describe("rows on the wire, the axis from one pass, notices and printing", () => {
  const row: MapTaskRow = { ...task(7, { title: "含\"引号\"与|竖线的标题", isKey: true, progress: 35 }), version: 4, archivedAt: null };
  it("a task travels as a tuple and comes back equal (a loader row is never archived)", () => {
    const tuple = encodeTask(row);
    // Dates as day numbers and the status as its index: only the code and the title are quoted.
    expect(tuple).toEqual([7, 1, "T7", "含\"引号\"与|竖线的标题", 1, 20485, 20543, 1, 35, 1, 4]);
    expect(JSON.stringify(tuple).match(/"/g)).toHaveLength(6);
    expect(decodeTask(JSON.parse(JSON.stringify(tuple)))).toEqual(row);
    expect(decodeTask([8, 1, "T8", "x", 1, 20454, 20455, 3, 100, 0, 1])).toMatchObject({ startOn: "2026-01-01", dueOn: "2026-01-02", status: "closed", isKey: false });
    // Across month, year and leap-day boundaries.
    for (const d of ["2024-02-29", "2025-12-31", "2026-01-01", "2028-03-01"]) expect(decodeTask(encodeTask({ ...row, startOn: d, dueOn: d })).startOn).toBe(d);
  });
  it("the axis spans the earliest and latest date of tasks and milestones, like the full list of dates", () => {
    const tasks = [task(1, { startOn: "2026-03-01", dueOn: "2026-04-01" }), task(2, { startOn: "2026-01-15", dueOn: "2026-02-01" })];
    const ms = [milestone(1, 1, "2026-09-30")];
    expect(dateSpan(tasks, ms)).toEqual(["2026-01-15", "2026-09-30"]);
    expect(timeRange(dateSpan(tasks, ms), "2026-03-01", "month")).toEqual(timeRange(["2026-03-01", "2026-04-01", "2026-01-15", "2026-02-01", "2026-09-30"], "2026-03-01", "month"));
    expect(dateSpan([], [])).toEqual([]);
  });
  it("the axis is remembered per range and zoom, and equal to a fresh computation", () => {
    const r = { start: "2026-01-01", end: "2026-07-01" };
    expect(ticks(r, "month")).toBe(ticks({ ...r }, "month"));
    expect(ticks(r, "month")).not.toBe(ticks(r, "quarter"));
  });
  it("progress on the map is read in one place", () => {
    expect(mapProgress(task(1, { progress: 42 }))).toBe(42);
  });
  it("open notices per task: closed ones never, other units' only for those who see all", () => {
    const n = (id: number, taskId: number, unitId: number, status = "open") => ({ id, taskId, unitId, status });
    const rows = [n(1, 10, 3), n(2, 10, 3, "answered"), n(3, 11, 5), n(4, 12, 3, "closed")];
    const all = openNoticesByTask(rows, true, null);
    expect([...all.keys()].sort()).toEqual([10, 11]);
    expect(all.get(10)!.map((x) => x.id)).toEqual([1, 2]);
    const unit3 = openNoticesByTask(rows, false, 3);
    expect([...unit3.keys()]).toEqual([10]);
    expect(openNoticesByTask(rows, false, null).size).toBe(0);
  });
  it("printing keeps the zoom when the axis fits the paper, else goes coarser, else scales quarter down", () => {
    const short = ["2026-09-01", "2026-12-31"];
    expect(printLayout(short, "2026-11-23", "month", LABEL_WIDTH)).toMatchObject({ zoom: "month", scale: 1 });
    const long = ["2025-01-01", "2027-12-31"];
    const fitted = printLayout(long, "2026-11-23", "month", LABEL_WIDTH);
    expect(fitted.zoom).toBe("quarter");
    expect(fitted.scale).toBeLessThanOrEqual(1);
    expect((LABEL_WIDTH + timelineWidth(fitted.range, fitted.zoom)) * fitted.scale).toBeLessThanOrEqual(PRINT_WIDTH + 0.001);
    const huge = printLayout(["2020-01-01", "2030-12-31"], "2026-11-23", "week", LABEL_WIDTH);
    expect(huge.zoom).toBe("quarter");
    expect(huge.scale).toBeLessThan(1);
    expect((LABEL_WIDTH + timelineWidth(huge.range, "quarter")) * huge.scale).toBeCloseTo(PRINT_WIDTH);
  });
  it("the print view is asked for with print=1 only", () => {
    expect(isPrintView(new URLSearchParams("print=1&unit=3"))).toBe(true);
    expect(isPrintView(new URLSearchParams("print=true"))).toBe(false);
    // It is not a filter: it never ends up in a shared link.
    expect(filtersToParams(parseFilters(new URLSearchParams("print=1&unit=3"))).toString()).toBe("unit=3");
  });
});
