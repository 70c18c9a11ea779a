// The task board's filters and paging, shared by the server (which counts and pages in SQL) and the browser
// (which decides whether a card a live event brings belongs in what it shows). Filters live in the URL, so
// a filtered board can be bookmarked or sent: whose tasks (all / my unit / mine), overdue only, one owner unit.
import { TASK_STATUSES, type TaskStatus } from "./domain";
import { isOverdue, type TaskRow } from "./task-rules";

export type Scope = "all" | "unit" | "me";
export const SCOPES: readonly Scope[] = ["all", "unit", "me"];

export type BoardFilters = { scope: Scope; overdueOnly: boolean; unit: number | "" };

/** Cards a column sends at once: the first screen and some, the rest on scroll or 加载更多. */
export const BOARD_PAGE = 30;

/**
 * What the client knows of a column beyond its loaded cards: how many match the filters in all (kept
 * exact by live events), and the order key of the last card loaded (`end`; null: loaded to the end).
 * Every matching card whose key is at most `end` is loaded, so a live event that lands a card there
 * shows it, and one landing further down only changes the count.
 */
export type ColumnPage = { total: number; end: string | null };
export type ColumnPages = Record<TaskStatus, ColumnPage>;

export function boardFiltersOf(params: URLSearchParams): BoardFilters {
  const scope = params.get("scope");
  const unit = Number(params.get("unit"));
  return {
    scope: scope === "unit" || scope === "me" ? scope : "all",
    overdueOnly: params.get("overdue") === "1",
    unit: Number.isInteger(unit) && unit > 0 ? unit : "",
  };
}

/** The filters as URL parameters (the same names boardFiltersOf reads). */
export function filterParams(f: BoardFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.scope !== "all") p.set("scope", f.scope);
  if (f.overdueOnly) p.set("overdue", "1");
  if (f.unit !== "") p.set("unit", String(f.unit));
  return p;
}

export const isBoardStatus = (s: string | null): s is TaskStatus => (TASK_STATUSES as readonly string[]).includes(s ?? "");

/** Whether a card passes the filters (the browser's half of the server's WHERE clause, task-board.server.ts). */
export function matchesFilters(r: Pick<TaskRow, "ownerUnitId" | "ownerUserId" | "dueOn" | "status">, f: BoardFilters, viewer: { id: number; unitId: number | null }, today: string): boolean {
  if (f.scope === "unit" && r.ownerUnitId !== viewer.unitId) return false;
  if (f.scope === "me" && r.ownerUserId !== viewer.id) return false;
  if (f.overdueOnly && !isOverdue(r, today)) return false;
  return f.unit === "" || r.ownerUnitId === f.unit;
}

/** Whether a card's order key lies in a column's loaded range. */
export const inLoadedRange = (position: string, page: ColumnPage | undefined) => page?.end == null || position <= page.end;

/** The whole board: every card of every owner. */
export const NO_FILTERS: BoardFilters = { scope: "all", overdueOnly: false, unit: "" };
