// Everything the battle map needs, read in ONE transaction so the board `seq` matches the rows: a window of
// tasks, units, projects and groups, milestones, the links touching the window (with the task at the far
// end of each), the RAG settings and the open 提示/督办 notices the viewer may see. Readers of the whole
// consortium get the live consortium board; outside experts (read:board only for their own projects) get
// their projects only, as a snapshot: they may not join the consortium room.
//
// The window: the filters (unit, project, status, key tasks, RAG) are one WHERE, and each lane sends its
// first `laneLimit` tasks in the map's order with its count in all (one window-function query), so a
// 20,000-task map sends a few hundred rows. 更多 (`more=`) widens one lane; the print view (`print`: up to
// PRINT_ROW_LIMIT rows) and 倒排工期 (`plan`: the milestone's feeders and everything upstream) take every row they need.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, CONSORTIUM_BOARD, liveBoard, projectBoard } from "./boards.server";
import { all, one, placeholders, scalar, tuples, type SqlParam, type SqlValue } from "./sql.server";
import { getSettings } from "./consortium.server";
import { DomainError } from "./errors";
import { dateSpan, laneLimit, lanePage, PRINT_ROW_LIMIT, type Dependency, type LaneWindow, type MapFilters, type MapMilestone, type MapTaskRow } from "./battle-map";
import type { TaskStatus } from "./domain";
import { listMilestones } from "./milestones.server";
import { listNotices, seesAllNotices } from "./notices.server";
import type { NoticeRow } from "./notices";
import type { RagSettings } from "./rag";
import { ragParams, ragSql } from "./rag.server";

export type BattleMapProject = { id: number; groupId: number; code: string; name: string; leadUnitId: number };
/** A task at the far end of a link from the window, not itself loaded: its bar's link ends in a stub naming it. */
export type LinkedOutside = Pick<MapTaskRow, "id" | "code" | "title" | "status">;

export type BattleMapData = {
  /** The live board to follow, or null when the viewer sees a filtered snapshot (experts). */
  boardId: string | null;
  seq: number;
  /** The window's rows, slimmed (no descriptions, positions or field versions). */
  tasks: MapTaskRow[];
  /** Per lane key: its count under the filters and the last row loaded (empty in the print view and 倒排工期: all loaded). */
  lanes: Record<string, LaneWindow>;
  /** Tasks under the filters in all, and tasks on the map in all (not archived, readable by the viewer). */
  matching: number;
  total: number;
  /** The earliest and the latest date of every task and milestone: the axis stays put while filtering. */
  span: string[];
  /** The tasks at the far end of the links leaving the window. */
  outside: LinkedOutside[];
  units: { id: number; shortName: string; name: string }[];
  projects: BattleMapProject[];
  groups: { id: number; code: string; name: string }[];
  milestones: MapMilestone[];
  dependencies: Dependency[];
  settings: RagSettings;
  /** Not-closed notices on the map's tasks that this viewer may see (`seesAllNotices` or his unit's). */
  notices: NoticeRow[];
  /** Whether live notice events of every unit apply to this viewer (else only his unit's). */
  seesAllNotices: boolean;
};

// The task columns, in the order `fromColumns` reads them.
const TASK_COLUMNS = "id, project_id, code, title, owner_unit_id, start_on, due_on, status, progress, is_key, version";
type TaskColumns = [number, number, string, string, number, string, string, TaskStatus, number, number, number];
const fromColumns = ([id, projectId, code, title, ownerUnitId, startOn, dueOn, status, progress, isKey, version]: TaskColumns): MapTaskRow => ({
  id,
  projectId,
  code,
  title,
  ownerUnitId,
  startOn,
  dueOn,
  status,
  progress,
  isKey: isKey === 1,
  version,
  archivedAt: null,
});
const SQL = {
  tasks: `SELECT ${TASK_COLUMNS} FROM tasks WHERE archived_at IS NULL`,
  span: "SELECT min(min(start_on, due_on)) AS lo, max(max(start_on, due_on)) AS hi, count(*) AS n FROM tasks WHERE archived_at IS NULL",
  units: "SELECT id, short_name AS shortName, name FROM member_units WHERE left_on IS NULL ORDER BY id",
  projects: "SELECT id, group_id AS groupId, code, name, lead_unit_id AS leadUnitId FROM projects ORDER BY code",
  groups: "SELECT id, code, name FROM project_groups ORDER BY code",
  dependencies: "SELECT predecessor_id AS predecessorId, successor_id AS successorId FROM task_dependencies",
} as const;

/** What the page asks for: its filters (with 更多 and 倒排工期) and whether it is the print view (every row). */
export type MapQuery = { filters: MapFilters; print: boolean };

/** The filters as one WHERE on `tasks`, with its parameters (positional, then the RAG's named ones). */
export function mapFilterSql(f: MapFilters, today: string, s: RagSettings): { where: string; params: SqlParam[] } {
  const parts: string[] = ["archived_at IS NULL"];
  const params: SqlParam[] = [];
  const add = (sql: string, ...values: SqlValue[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.unit != null) add("owner_unit_id = ?", f.unit);
  if (f.project != null) add("project_id = ?", f.project);
  if (f.status != null) add("status = ?", f.status);
  if (f.keyOnly) add("is_key = 1");
  if (f.rag != null) {
    add(`${ragSql()} = ?`, f.rag);
    params.push(ragParams(today, s));
  }
  return { where: parts.join(" AND "), params };
}

const LANE_COLUMN = { unit: ["owner_unit_id", "u"], project: ["project_id", "p"], none: null } as const;

/**
 * The window: each lane's count under the filters (one GROUP BY), then its first rows in the map's order
 * (start, due, code, id: `byStart`), one indexed walk per lane that stops at its limit (the partial
 * indexes tasks_map_*_idx of migration 0021), so 200 lanes of a 20,000-task map read 2,000 rows, not 20,000.
 * `all` (the print view): every row of every lane, unless more than PRINT_ROW_LIMIT match (`cut`: windowed).
 */
function windowRows(db: DB, where: { where: string; params: SqlParam[] }, f: MapFilters, all: boolean) {
  const lane = LANE_COLUMN[f.lanes];
  const counts = lane
    ? tuples<[number, number]>(db, `SELECT ${lane[0]}, count(*) FROM tasks WHERE ${where.where} GROUP BY ${lane[0]}`, ...where.params)
    : [[0, scalar<number>(db, `SELECT count(*) FROM tasks WHERE ${where.where}`, ...where.params) ?? 0] as [number, number]];
  const cut = !all || counts.reduce((n, [, count]) => n + count, 0) > PRINT_ROW_LIMIT;
  const page = lanePage(counts.length);
  const rowsSql = `SELECT ${TASK_COLUMNS} FROM tasks WHERE ${where.where}${lane ? ` AND ${lane[0]} = ?` : ""} ORDER BY start_on, due_on, code, id LIMIT ?`;
  const lanes = counts.map(([value, count]) => {
    const key = lane ? `${lane[1]}${value}` : "all";
    const rows = tuples<TaskColumns>(db, rowsSql, ...where.params, ...(lane ? [value] : []), cut ? laneLimit(key, f, page) : -1);
    return { key, count, rows };
  });
  return { lanes, cut };
}

/** 倒排工期's rows: the milestone's feeders and every task upstream of them, whatever the filters. */
const PLAN_SQL = `WITH RECURSIVE up(id) AS (
    SELECT task_id FROM milestone_tasks WHERE milestone_id = ?
    UNION SELECT d.predecessor_id FROM task_dependencies d JOIN up ON d.successor_id = up.id)
  SELECT ${TASK_COLUMNS} FROM tasks WHERE id IN (SELECT id FROM up) AND archived_at IS NULL`;

export function battleMapData(db: DB, actor: Actor, { filters, print }: MapQuery): BattleMapData {
  const whole = canReadBoard(actor, CONSORTIUM_BOARD);
  // Experts: the projects they supervise (the same read rule as those projects' boards).
  const own = whole ? null : actor.projectIds.filter((id) => canReadBoard(actor, projectBoard(id)));
  if (own && own.length === 0) throw new DomainError("forbidden", 403);
  const visible = (projectId: number) => !own || own.includes(projectId);
  const ownSql = own ? ` AND project_id IN (${placeholders(own)})` : "";
  const ownParams = own ?? [];
  return db.transaction(() => {
    const { seq } = liveBoard(db, actor); // 0 for an expert's snapshot
    const { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays } = getSettings(db);
    const settings = { ragYellowLag, ragRedLag, ragYellowDays, ragRedDays };
    const tasks: MapTaskRow[] = [];
    const lanes: Record<string, LaneWindow> = {};
    let matching = 0;
    if (filters.plan != null) {
      for (const c of tuples<TaskColumns>(db, `${PLAN_SQL}${ownSql}`, filters.plan, ...ownParams)) tasks.push(fromColumns(c));
    } else {
      const where = mapFilterSql(filters, db.$clock.today(), settings);
      const window = windowRows(db, { where: where.where + ownSql, params: [...where.params, ...ownParams] }, filters, print);
      for (const lane of window.lanes) {
        matching += lane.count;
        for (const c of lane.rows) tasks.push(fromColumns(c));
        const last = lane.rows.at(-1);
        if (window.cut && last) lanes[lane.key] = { count: lane.count, last: lane.rows.length < lane.count ? { id: last[0], code: last[2], startOn: last[5], dueOn: last[6] } : null };
      }
    }
    const taskIds = new Set(tasks.map((t) => t.id));
    const projects = all<BattleMapProject>(db, SQL.projects).filter((p) => visible(p.id));
    const groupIds = new Set(projects.map((p) => p.groupId));
    const groups = all<BattleMapData["groups"][number]>(db, SQL.groups).filter((g) => groupIds.has(g.id));
    const milestones = listMilestones(db, own);
    const span = one<{ lo: string | null; hi: string | null; n: number }>(db, `${SQL.span}${ownSql}`, ...ownParams)!;
    // Links with an end in the window; the far end, when not loaded, is named by a stub (if it is on the map at all).
    const touching = all<Dependency>(db, SQL.dependencies).filter((d) => taskIds.has(d.predecessorId) || taskIds.has(d.successorId));
    const farIds = [...new Set(touching.flatMap((d) => [d.predecessorId, d.successorId]).filter((id) => !taskIds.has(id)))];
    const outside = farIds.length
      ? all<LinkedOutside>(db, `SELECT id, code, title, status FROM tasks WHERE archived_at IS NULL AND id IN (${placeholders(farIds)})${ownSql}`, ...farIds, ...ownParams)
      : [];
    const onMap = new Set([...taskIds, ...outside.map((o) => o.id)]);
    return {
      boardId: whole ? CONSORTIUM_BOARD : null,
      seq,
      tasks,
      lanes,
      matching: filters.plan != null ? tasks.length : matching,
      total: span.n,
      span: dateSpan(span.lo && span.hi ? [{ startOn: span.lo, dueOn: span.hi }] : [], milestones),
      outside,
      units: all<BattleMapData["units"][number]>(db, SQL.units),
      projects,
      groups,
      milestones,
      dependencies: touching.filter((d) => onMap.has(d.predecessorId) && onMap.has(d.successorId)),
      settings,
      notices: listNotices(db, actor, { open: true }).filter((n) => taskIds.has(n.taskId)),
      seesAllNotices: seesAllNotices(actor),
    };
  });
}
