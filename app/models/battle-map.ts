// Pure layout and rules of the 挂图作战 battle map: the time scale per zoom, bar geometry, rows
// grouped into lanes, filters kept in the URL, dependency arrows and the rescheduling warnings.
// No React, no database: the route, the components and the unit tests all call these.
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  getQuarter,
  max as maxDate,
  min as minDate,
  parseISO,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
} from "date-fns";
import { TASK_STATUSES, type TaskStatus } from "./domain";
import { epochDay, RAGS, taskProgress, type Rag } from "./rag";
import { cannotMakeIt, latestStarts, violatesLink, type PlanEntry, type Risk, type SchedTask } from "./schedule";
import { taskPatchSchema } from "./tasks";
import { msg } from "./validation";
import type { MilestoneRow } from "./milestones";

export const ZOOMS = ["week", "month", "quarter"] as const;
export type Zoom = (typeof ZOOMS)[number];
export const LANE_MODES = ["unit", "project", "none"] as const;
export type LaneMode = (typeof LANE_MODES)[number];

/** Horizontal scale: a week fills ~126 px at week zoom, a month ~120 px at month zoom, a quarter ~126 px. */
export const PX_PER_DAY: Record<Zoom, number> = { week: 18, month: 4, quarter: 1.4 };
export const ROW_HEIGHT = 28;
/** The sticky column of codes and titles (px). */
export const LABEL_WIDTH = 264;
/** Keyboard step when rescheduling: one day at week zoom, one week otherwise. */
export const STEP_DAYS: Record<Zoom, number> = { week: 1, month: 7, quarter: 7 };

// format(d, "yyyy-MM-dd") by hand: date-fns parses the pattern on every call, and the axis calls this a lot.
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const iso = (d: Date) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
const dayDiff = (from: string, to: string) => epochDay(to) - epochDay(from);

// -------------------------------------------------------------------------------- time scale

const periodStart: Record<Zoom, (d: Date) => Date> = {
  week: (d) => startOfWeek(d, { weekStartsOn: 1 }),
  month: startOfMonth,
  quarter: startOfQuarter,
};
const nextPeriod: Record<Zoom, (d: Date, n: number) => Date> = { week: addWeeks, month: addMonths, quarter: addQuarters };

export type TimeRange = { start: string; end: string };

/** The earliest and the latest date of the tasks and milestones, in one pass (no 10,000-date array). */
export function dateSpan(tasks: { startOn: string; dueOn: string }[], milestones: { dueOn: string }[]): string[] {
  if (tasks.length === 0 && milestones.length === 0) return [];
  let lo = tasks[0]?.startOn ?? milestones[0]!.dueOn;
  let hi = lo;
  for (const t of tasks) {
    if (t.startOn < lo) lo = t.startOn;
    if (t.dueOn > hi) hi = t.dueOn;
    // A bar cannot end before it starts, but a stray row must not fall off the axis either.
    if (t.dueOn < lo) lo = t.dueOn;
    if (t.startOn > hi) hi = t.startOn;
  }
  for (const m of milestones) {
    if (m.dueOn < lo) lo = m.dueOn;
    if (m.dueOn > hi) hi = m.dueOn;
  }
  return [lo, hi];
}

/** From one period before the earliest date to one period after the latest, aligned to period starts. */
export function timeRange(dates: string[], today: string, zoom: Zoom): TimeRange {
  // ISO dates order as strings: find the extremes first and parse only those two (10,000 dates on a big map).
  let lo = today;
  let hi = today;
  for (const d of dates) {
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const first = periodStart[zoom](nextPeriod[zoom](parseISO(lo), -1));
  const last = periodStart[zoom](nextPeriod[zoom](parseISO(hi), 2));
  return { start: iso(first), end: iso(last) };
}

export const xOf = (date: string, range: TimeRange, zoom: Zoom) => dayDiff(range.start, date) * PX_PER_DAY[zoom];
export const timelineWidth = (range: TimeRange, zoom: Zoom) => xOf(range.end, range, zoom);

/** A bar covers its start and due days inclusive; never thinner than a few pixels so it stays clickable. */
export function barGeometry(t: { startOn: string; dueOn: string }, range: TimeRange, zoom: Zoom) {
  const x = xOf(t.startOn, range, zoom);
  const width = Math.max(6, (dayDiff(t.startOn, t.dueOn) + 1) * PX_PER_DAY[zoom]);
  return { x, width };
}

export type Tick = { start: string; x: number; width: number; year: number; month: number; quarter: number; day: number };

function ticksOf(range: TimeRange, zoom: Zoom, unit: Zoom | "year"): Tick[] {
  const out: Tick[] = [];
  const end = parseISO(range.end);
  const startOf = unit === "year" ? (d: Date) => new Date(d.getFullYear(), 0, 1) : periodStart[unit];
  const next = unit === "year" ? (d: Date) => new Date(d.getFullYear() + 1, 0, 1) : (d: Date) => nextPeriod[unit](d, 1);
  for (let d = startOf(parseISO(range.start)); d < end; d = next(d)) {
    const from = iso(maxDate([d, parseISO(range.start)]));
    const to = iso(minDate([next(d), end]));
    out.push({
      start: iso(d),
      x: xOf(from, range, zoom),
      width: xOf(to, range, zoom) - xOf(from, range, zoom),
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      quarter: getQuarter(d),
      day: d.getDate(),
    });
  }
  return out;
}

type Ticks = { major: Tick[]; minor: Tick[]; majorUnit: "year" | "month" };
const tickCache = new Map<string, Ticks>();

/**
 * Two header rows: years over months / quarters, or months over weeks. Remembered per axis (a few
 * entries): the header, the grid and every page render of the same map ask for the same ones. Callers
 * must not change the returned arrays.
 */
export function ticks(range: TimeRange, zoom: Zoom): Ticks {
  const key = `${zoom}|${range.start}|${range.end}`;
  let found = tickCache.get(key);
  if (!found) {
    const majorUnit = zoom === "week" ? "month" : "year";
    found = { major: ticksOf(range, zoom, majorUnit), minor: ticksOf(range, zoom, zoom), majorUnit };
    if (tickCache.size >= 24) tickCache.clear();
    tickCache.set(key, found);
  }
  return found;
}

// -------------------------------------------------------------------------------- lanes and rows

export type MapTask = {
  id: number;
  projectId: number;
  code: string;
  title: string;
  ownerUnitId: number;
  startOn: string;
  dueOn: string;
  status: TaskStatus;
  progress: number;
  isKey: boolean;
};
/** What the map keeps of a task row (board events bring full rows; the extra fields are harmless). */
export type MapTaskRow = MapTask & { version: number; archivedAt: string | null };
export type MapMilestone = MilestoneRow;

/**
 * The progress the map shows and judges by (bar fill, its label, the RAG colour, the 倒排工期 pace): the
 * ONE place the map reads it. When progress comes from indicators (app/models/progress.ts), change this
 * line (e.g. to a computed field the rows carry) and the whole map follows.
 */
export const mapProgress = (t: Pick<MapTask, "progress">): number => taskProgress(t);

export type LaneLookups = {
  units: { id: number; shortName: string }[];
  projects: { id: number; code: string; name: string; leadUnitId: number }[];
};

export type MapRow<T extends MapTask = MapTask> =
  | { kind: "lane"; key: string; label: string; title: string; unitId: number | null; count: number; milestones: MapMilestone[] }
  | { kind: "task"; task: T; laneKey: string }
  /** The end of a lane the window cuts short: how many of its tasks are not loaded (更多 loads them). */
  | { kind: "more"; laneKey: string; remaining: number };

/** The map's order within a lane: start, due, code, then id (the SQL window's ORDER BY, battle-map.server.ts). */
export const byStart = (a: Pick<MapTask, "id" | "startOn" | "dueOn" | "code">, b: Pick<MapTask, "id" | "startOn" | "dueOn" | "code">) =>
  a.startOn < b.startOn ? -1 : a.startOn > b.startOn ? 1 : a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id;

// -------------------------------------------------------------------------------- the window (per lane)

/**
 * The rows a page sends at most at first, shared evenly by the lanes with tasks (never fewer than
 * LANE_PAGE each): a demo-sized map is whole, a 200-unit map of 20,000 tasks sends each unit's first six.
 */
export const ROW_BUDGET = 1200;
/**
 * A print holds every row its filters select up to this many (some 40 A3 pages); beyond that each lane
 * prints its first rows as the screen shows them and the header asks for a filter. Rendering 20,000 rows
 * took Chromium past the print's two minutes and the server's render seconds of its event loop.
 */
export const PRINT_ROW_LIMIT = 2000;
export const LANE_PAGE = 6;

/** A lane's first page for a map of `lanes` lanes with tasks (one lane, 不分组: the whole budget). */
export const lanePage = (lanes: number) => Math.max(LANE_PAGE, Math.floor(ROW_BUDGET / Math.max(1, lanes)));

/** A lane's key for a task: `u<unit>`, `p<project>` or `all` (the SQL builds the same, battle-map.server.ts). */
export const laneOf = (t: Pick<MapTask, "ownerUnitId" | "projectId">, mode: LaneMode) =>
  mode === "unit" ? `u${t.ownerUnitId}` : mode === "project" ? `p${t.projectId}` : "all";

/** How many tasks of a lane the window holds: its pages (`more`) times the first page. */
export const laneLimit = (key: string, f: Pick<MapFilters, "more">, page: number) => page * (f.more[key] ?? 1);

/**
 * A lane as the server windowed it: how many tasks match the filters in all (kept up to date by live
 * events) and the last task loaded (null: the whole lane is loaded). Every matching task ordered at or
 * before `last` is held, so a live event landing a task there shows it; one landing after only counts.
 */
export type LaneWindow = { count: number; last: Pick<MapTask, "id" | "startOn" | "dueOn" | "code"> | null };

export const inLaneWindow = (t: Pick<MapTask, "id" | "startOn" | "dueOn" | "code">, lane: LaneWindow | undefined) =>
  !lane || lane.last == null || byStart(t, lane.last) <= 0;

/**
 * Flat rows for the virtualised list: a header row per lane (carrying the lane's milestone diamonds),
 * then one row per task. Lanes without tasks are left out. Milestones sit in the lane of the project's
 * lead unit (by unit), of their project (by project), or in the single lane (flat).
 */
export function buildRows<T extends MapTask>(
  tasks: T[],
  milestones: MapMilestone[],
  mode: LaneMode,
  look: LaneLookups,
  flatLabel: string,
  /** The window's lanes (count in all): a lane then counts all its matching tasks and ends in a 更多 row when cut short. */
  windows?: Record<string, LaneWindow>,
): MapRow<T>[] {
  const projectById = new Map(look.projects.map((p) => [p.id, p]));
  type Lane = { key: string; label: string; title: string; unitId: number | null; order: number; tasks: T[]; milestones: MapMilestone[] };
  const lanes = new Map<string, Lane>();
  if (mode === "unit") {
    look.units.forEach((u, i) =>
      lanes.set(`u${u.id}`, { key: `u${u.id}`, label: u.shortName, title: u.shortName, unitId: u.id, order: i, tasks: [], milestones: [] }),
    );
  } else if (mode === "project") {
    [...look.projects]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .forEach((p, i) =>
        lanes.set(`p${p.id}`, { key: `p${p.id}`, label: `${p.code} ${p.name}`, title: `${p.code} ${p.name}`, unitId: null, order: i, tasks: [], milestones: [] }),
      );
  } else {
    lanes.set("all", { key: "all", label: flatLabel, title: flatLabel, unitId: null, order: 0, tasks: [], milestones: [] });
  }
  const laneOfTask = (t: MapTask) => laneOf(t, mode);
  const laneOfMilestone = (m: MapMilestone) =>
    mode === "unit" ? `u${projectById.get(m.projectId)?.leadUnitId}` : mode === "project" ? `p${m.projectId}` : "all";
  for (const t of tasks) lanes.get(laneOfTask(t))?.tasks.push(t);
  for (const m of milestones) lanes.get(laneOfMilestone(m))?.milestones.push(m);

  const rows: MapRow<T>[] = [];
  for (const lane of [...lanes.values()].sort((a, b) => a.order - b.order)) {
    if (lane.tasks.length === 0) continue;
    const count = Math.max(lane.tasks.length, windows?.[lane.key]?.count ?? 0);
    rows.push({ kind: "lane", key: lane.key, label: lane.label, title: lane.title, unitId: lane.unitId, count, milestones: lane.milestones });
    for (const task of lane.tasks.sort(byStart)) rows.push({ kind: "task", task, laneKey: lane.key });
    if (count > lane.tasks.length) rows.push({ kind: "more", laneKey: lane.key, remaining: count - lane.tasks.length });
  }
  return rows;
}

// -------------------------------------------------------------------------------- filters (URL)

export type MapFilters = {
  unit: number | null;
  project: number | null;
  status: TaskStatus | null;
  rag: Rag | null;
  keyOnly: boolean;
  /** Highlight the viewer's unit (not a filter: the rest stays visible for context). */
  mine: boolean;
  lanes: LaneMode;
  zoom: Zoom;
  /** Pages loaded per lane beyond the first (`more=u5:3`): 更多 is a plain link, so it works without script. */
  more: Record<string, number>;
  /** 倒排工期: the milestone being planned; the page then holds the tasks feeding it and everything upstream. */
  plan: number | null;
};

const LANE_KEY = /^(u|p)\d{1,9}$|^all$/;
/** At most this many pages per lane in a URL: 100 × 10 rows is a whole unit of a large map. */
const MAX_PAGES = 100;

function parseMore(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const [key, n] = v.split(":");
    const pages = Number(n);
    if (key && LANE_KEY.test(key) && Number.isInteger(pages) && pages > 1) out[key] = Math.min(pages, MAX_PAGES);
  }
  return out;
}

const positiveInt = (v: string | null) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : null);
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (list.includes(v as T) ? (v as T) : null);

/** Unknown or malformed parameters fall back to the defaults: a shared link never breaks the page. */
export function parseFilters(sp: URLSearchParams): MapFilters {
  return {
    unit: positiveInt(sp.get("unit")),
    project: positiveInt(sp.get("project")),
    status: oneOf(TASK_STATUSES, sp.get("status")),
    rag: oneOf(RAGS, sp.get("rag")),
    keyOnly: sp.get("key") === "1",
    mine: sp.get("mine") === "1",
    lanes: oneOf(LANE_MODES, sp.get("lanes")) ?? "unit",
    zoom: oneOf(ZOOMS, sp.get("zoom")) ?? "month",
    more: parseMore(sp.getAll("more")),
    plan: positiveInt(sp.get("plan")),
  };
}

/** Only non-default values go into the URL, so links stay short. */
export function filtersToParams(f: MapFilters): URLSearchParams {
  const sp = new URLSearchParams();
  if (f.unit) sp.set("unit", String(f.unit));
  if (f.project) sp.set("project", String(f.project));
  if (f.status) sp.set("status", f.status);
  if (f.rag) sp.set("rag", f.rag);
  if (f.keyOnly) sp.set("key", "1");
  if (f.mine) sp.set("mine", "1");
  if (f.lanes !== "unit") sp.set("lanes", f.lanes);
  if (f.zoom !== "month") sp.set("zoom", f.zoom);
  for (const [key, pages] of Object.entries(f.more)) if (pages > 1) sp.append("more", `${key}:${pages}`);
  if (f.plan) sp.set("plan", String(f.plan));
  return sp;
}

/** The filters the server applies (what it reads changes): zoom and 我的单位 only change how the rows are drawn. */
export const windowKey = (f: MapFilters) => filtersToParams({ ...f, zoom: "month", mine: false }).toString();

/** The link of a lane's 更多: one page more of that lane, the rest of the view as it is. */
export const moreHref = (f: MapFilters, laneKey: string) =>
  `?${filtersToParams({ ...f, more: { ...f.more, [laneKey]: (f.more[laneKey] ?? 1) + 1 } }).toString()}`;

/** `?print=1`: every filtered row, no virtualisation, for the PDF/PNG export (never a filter of its own). */
export const isPrintView = (sp: URLSearchParams) => sp.get("print") === "1";

/** Whether a task passes the filters: the browser's half of the server's WHERE (battle-map.server.ts), for live events. */
export const matchesMapFilters = <T extends MapTask>(t: T, f: MapFilters, ragOfTask: (t: T) => Rag): boolean =>
  (f.unit == null || t.ownerUnitId === f.unit) &&
  (f.project == null || t.projectId === f.project) &&
  (f.status == null || t.status === f.status) &&
  (!f.keyOnly || t.isKey) &&
  (f.rag == null || ragOfTask(t) === f.rag);

export function filterTasks<T extends MapTask>(tasks: T[], f: MapFilters, ragOfTask: (t: T) => Rag): T[] {
  return tasks.filter((t) => matchesMapFilters(t, f, ragOfTask));
}

// -------------------------------------------------------------------------------- dependencies

export type { Link as Dependency } from "./schedule";
import type { Link as Dependency } from "./schedule";

/**
 * Finish-to-start arrow from the end of the predecessor's bar to the start of the successor's. When
 * the successor starts too early the path doubles back below the predecessor's row.
 */
export function arrowPath(x1: number, y1: number, x2: number, y2: number, rowHeight = ROW_HEIGHT): string {
  const gap = 6;
  if (x2 - x1 >= gap * 2) {
    const mid = x1 + gap;
    return `M${x1},${y1} H${mid} V${y2} H${x2}`;
  }
  const turnY = y2 > y1 ? y1 + rowHeight / 2 : y1 - rowHeight / 2;
  return `M${x1},${y1} h${gap} V${turnY} H${x2 - gap} V${y2} H${x2}`;
}

// -------------------------------------------------------------------------------- rescheduling

export function shiftDates(t: { startOn: string; dueOn: string }, days: number) {
  return { startOn: iso(addDays(parseISO(t.startOn), days)), dueOn: iso(addDays(parseISO(t.dueOn), days)) };
}

/**
 * What a move or a resize sends (task:update's patch, both dates), checked in the browser with the same
 * schema as the server plus the dates order rule, so a bar dragged past its other end is refused at once.
 */
export const reschedulePatchSchema = taskPatchSchema
  .pick({ startOn: true, dueOn: true })
  .required()
  .refine((p) => p.dueOn >= p.startOn, { message: msg("errors.datesOrder"), path: ["dueOn"] });

/** A bar's start or due end moved by whole days (resizing); the other end stays. */
export function resizeDates(t: { startOn: string; dueOn: string }, edge: "start" | "end", days: number) {
  const moved = shiftDates(t, days);
  return edge === "start" ? { startOn: moved.startOn, dueOn: t.dueOn } : { startOn: t.startOn, dueOn: moved.dueOn };
}

export type RescheduleWarning =
  | { kind: "predecessor"; code: string; title: string; dueOn: string }
  | { kind: "milestone"; name: string; dueOn: string };

/**
 * What a proposed move breaks: starting before a predecessor is due (finish-to-start), or finishing
 * after a milestone the task feeds. Empty means the move can go straight to the server.
 */
export function rescheduleWarnings(
  taskId: number,
  next: { startOn: string; dueOn: string },
  tasksById: Map<number, Pick<MapTask, "code" | "title" | "dueOn">>,
  deps: Dependency[],
  milestones: MapMilestone[],
): RescheduleWarning[] {
  const out: RescheduleWarning[] = [];
  for (const d of deps) {
    if (d.successorId !== taskId) continue;
    const p = tasksById.get(d.predecessorId);
    if (p && violatesLink(p, next)) out.push({ kind: "predecessor", code: p.code, title: p.title, dueOn: p.dueOn });
  }
  for (const m of milestones) {
    if (m.taskIds.includes(taskId) && next.dueOn > m.dueOn) out.push({ kind: "milestone", name: m.name, dueOn: m.dueOn });
  }
  return out;
}

// -------------------------------------------------------------------------------- 倒排工期 on the map

export type TaskPlan = PlanEntry & { risk: Risk | null };
export type MapPlan =
  | { ok: true; deadline: string; byTask: Map<number, TaskPlan>; criticalLinks: Set<string>; minSlack: number; atRisk: number; critical: number }
  | { ok: false; cycle: number[] };

/** The backward pass for one milestone (optionally with a what-if deadline), plus who cannot make it today. */
export function mapPlan(tasks: (MapTask & SchedTask)[], deps: Dependency[], milestone: MapMilestone, deadline: string, today: string): MapPlan {
  const plan = latestStarts(tasks, deps, { dueOn: deadline, taskIds: milestone.taskIds });
  if (!plan.ok) return plan;
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const byTask = new Map<number, TaskPlan>();
  let atRisk = 0;
  let critical = 0;
  for (const [id, e] of plan.entries) {
    const task = byId.get(id)!;
    const risk = cannotMakeIt({ ...task, progress: mapProgress(task) }, e, today);
    if (risk) atRisk++;
    if (e.critical) critical++;
    byTask.set(id, { ...e, risk });
  }
  return { ok: true, deadline, byTask, criticalLinks: plan.criticalLinks, minSlack: plan.minSlack, atRisk, critical };
}

// -------------------------------------------------------------------------------- 提示/督办 marks

type NoticeLike = { taskId: number; unitId: number; status: string };

/**
 * Open notices per task as this viewer may see them: the notices rule (app/models/notices.server.ts,
 * `seesAllNotices`): secretariat, chief scientist and observers see all, everyone else his unit's.
 * Applied to the loader's rows and again to live events (the consortium board carries every notice).
 */
export function openNoticesByTask<N extends NoticeLike>(rows: Iterable<N>, seesAll: boolean, unitId: number | null): Map<number, N[]> {
  const out = new Map<number, N[]>();
  for (const n of rows) {
    if (n.status === "closed" || (!seesAll && n.unitId !== unitId)) continue;
    const list = out.get(n.taskId);
    if (list) list.push(n);
    else out.set(n.taskId, [n]);
  }
  return out;
}

// -------------------------------------------------------------------------------- printing

/** Printable width of A3 landscape (420 mm − 2 × 10 mm margins) at 96 dpi: the print viewport. */
export const PRINT_WIDTH = 1512;

/**
 * How the printed map fits the paper's width: the requested zoom when it fits, else the next coarser
 * one that does (month → quarter), else quarter scaled down. Rows then run on over as many pages as
 * they need, each page repeating the time header.
 */
export function printLayout(
  dates: string[],
  today: string,
  zoom: Zoom,
  labelWidth: number,
  pageWidth = PRINT_WIDTH,
): { zoom: Zoom; range: TimeRange; scale: number } {
  for (const z of ZOOMS.slice(ZOOMS.indexOf(zoom))) {
    const range = timeRange(dates, today, z);
    if (labelWidth + timelineWidth(range, z) <= pageWidth) return { zoom: z, range, scale: 1 };
  }
  const range = timeRange(dates, today, "quarter");
  return { zoom: "quarter", range, scale: pageWidth / (labelWidth + timelineWidth(range, "quarter")) };
}
