// The task board page's read model: the first page of every status column of the consortium's or one
// project's board, each column's count, all under the URL's filters and computed in SQL, with the choices
// the drawer offers; read in one transaction so `seq` matches the rows exactly. Further cards come a page
// at a time by keyset (boardPage), never the whole board at once: a board of 20,000 tasks sends 150 cards.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { assertCanReadBoard, liveBoard, type BoardRef } from "./boards.server";
import { all, type SqlParam } from "./sql.server";
import { notFound } from "./errors";
import { tasksWhere } from "./tasks.server";
import { projectOptions, type ProjectOption } from "./projects.server";
import { indicatorCountsOf } from "./indicators.server";
import { overdueSql, type TaskRow } from "./tasks";
import { linkRows } from "./task-dependencies.server";
import type { TaskLinksRow } from "./task-dependencies";
import { TASK_STATUSES, type TaskStatus } from "./domain";
import { BOARD_PAGE, type BoardFilters, type ColumnPages } from "./board-filter";

export type PersonOption = { id: number; displayName: string; unitId: number | null };
export type UnitOption = { id: number; shortName: string; name: string };

/** Cards of a board as the client merges them: rows with their indicator counts, at the board's seq. */
export type BoardCards = {
  seq: number;
  tasks: TaskRow[];
  /** Live indicator count per sent task id (absent: no indicators, progress is the recorded percentage). */
  indicatorCounts: Record<number, number>;
};

export type BoardData = BoardCards & {
  boardId: string;
  title: string;
  /** Per status: the count under the filters and where the sent cards end. */
  columns: ColumnPages;
  projects: ProjectOption[];
  units: UnitOption[];
  people: PersonOption[];
  /** Each successor's predecessors, followed live (entity `taskLinks`): the cards' 可启动 mark. */
  links: TaskLinksRow[];
};

/** The next cards of one column after the order key `after` (keyset paging), and where they end. */
export type BoardPage = BoardCards & { status: TaskStatus; end: string | null };

/** The filters as SQL over `tasks` (the server's half of matchesFilters in board-filter.ts). */
function filterWhere(ref: BoardRef, f: BoardFilters, actor: Actor, today: string): { where: string; params: SqlParam[] } {
  const where = ["archived_at IS NULL"];
  const params: SqlParam[] = [];
  const add = (clause: string, param: SqlParam) => {
    where.push(clause);
    params.push(param);
  };
  if (ref.kind === "project") add("project_id = ?", ref.projectId);
  if (f.scope === "unit") add("owner_unit_id = ?", actor.unitId ?? -1); // no unit: none of the cards is his unit's
  if (f.scope === "me") add("owner_user_id = ?", actor.id);
  if (f.overdueOnly) add(overdueSql(), today);
  if (f.unit !== "") add("owner_unit_id = ?", f.unit);
  return { where: where.join(" AND "), params };
}

/** Up to a page of a column's cards after `after` (null: from the top); `end` null when the column ends there. */
function columnPage(db: DB, filter: { where: string; params: SqlParam[] }, status: TaskStatus, after: string | null) {
  const rows = tasksWhere(
    db,
    `${filter.where} AND status = ?${after == null ? "" : " AND position > ?"} ORDER BY position LIMIT ?`,
    ...filter.params,
    status,
    ...(after == null ? [] : [after]),
    BOARD_PAGE + 1,
  );
  const more = rows.length > BOARD_PAGE;
  if (more) rows.pop();
  return { rows, end: more ? rows[rows.length - 1]!.position : null };
}

/** Everything a board page needs, for a reader of the board, under the filters. */
export function boardData(db: DB, actor: Actor, boardId: string, filters: BoardFilters): BoardData {
  const ref = assertCanReadBoard(actor, boardId);
  return db.transaction(() => {
    const { seq } = liveBoard(db, actor, boardId);
    const projectId = ref.kind === "project" ? ref.projectId : undefined;
    const projects = projectOptions(db, projectId);
    if (projectId != null && projects.length === 0) throw notFound();
    const filter = filterWhere(ref, filters, actor, db.$clock.today());
    const counts = new Map(all<{ status: string; n: number }>(db, `SELECT status, count(*) AS n FROM tasks WHERE ${filter.where} GROUP BY status`, ...filter.params).map((c) => [c.status, c.n]));
    const tasks: TaskRow[] = [];
    const columns = {} as ColumnPages;
    for (const status of TASK_STATUSES) {
      const total = counts.get(status) ?? 0;
      const page = total === 0 ? { rows: [], end: null } : columnPage(db, filter, status, null);
      tasks.push(...page.rows);
      columns[status] = { total, end: page.end };
    }
    const units = all<UnitOption>(db, "SELECT id, short_name AS shortName, name FROM member_units WHERE left_on IS NULL ORDER BY id");
    const people = all<PersonOption>(db, "SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE active = 1 ORDER BY id");
    const title = projectId != null ? `${projects[0]!.code} ${projects[0]!.name}` : "";
    const indicatorCounts = indicatorCountsOf(db, tasks.map((t) => t.id));
    return { boardId, seq, title, tasks, columns, projects, units, people, indicatorCounts, links: linkRows(db, projectId) };
  });
}

/** The page of `status` after the key `after`, under the filters, for a reader of the board. */
export function boardPage(db: DB, actor: Actor, boardId: string, filters: BoardFilters, status: TaskStatus, after: string): BoardPage {
  const ref = assertCanReadBoard(actor, boardId);
  return db.transaction(() => {
    const { seq } = liveBoard(db, actor, boardId);
    const { rows, end } = columnPage(db, filterWhere(ref, filters, actor, db.$clock.today()), status, after);
    return { seq, status, tasks: rows, end, indicatorCounts: indicatorCountsOf(db, rows.map((t) => t.id)) };
  });
}
