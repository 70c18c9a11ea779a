// 重点任务推进表: pure rules shared by the page and the server — the schemas of a row edit, a unit's
// monthly filing and a reopening, and when a month is open for filing (000 art. 8: by the filing day).
import * as z from "zod";
import { id, isoDate, msg, optionalText, version } from "./validation";
import { TASK_STATUSES, type TaskStatus } from "./domain";
import { windowSize } from "./page-window";

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg("keyTasks.invalidMonth"));

export const reportEditSchema = z
  .object({
    taskId: id,
    month: monthSchema,
    /** 0 when the row does not exist yet. */
    version,
    plannedTarget: optionalText(500),
    actualProgress: z.number().int().min(0).max(100),
    problems: optionalText(2000),
    nextSteps: optionalText(2000),
  })
  .strict();
export type ReportEditInput = z.infer<typeof reportEditSchema>;

export const filingSchema = z.object({ unitId: id, month: monthSchema }).strict();
export type FilingInput = z.infer<typeof filingSchema>;

export const reopenSchema = z.object({ unitId: id, month: monthSchema, until: isoDate }).strict();
export type ReopenInput = z.infer<typeof reopenSchema>;

export type Reopening = { month: string; until: string };
/** filed: every key task of the unit is filed. open: not yet, deadline ahead. late: not filed, deadline passed. */
export type FilingState = "filed" | "open" | "late";

/** The month's filing day as an ISO date (filingDay is at most 28, so it exists in every month). */
export function filingDeadline(month: string, filingDay: number): string {
  return `${month}-${String(filingDay).padStart(2, "0")}`;
}

/** Open through the deadline day itself; afterwards only while a reopening of that month covers today. */
export function isLocked(month: string, today: string, filingDay: number, reopenings: Reopening[]): boolean {
  if (today <= filingDeadline(month, filingDay)) return false;
  return !reopenings.some((r) => r.month === month && today <= r.until);
}

export function filingState(rowsFiled: boolean[], today: string, deadline: string): FilingState {
  if (rowsFiled.length > 0 && rowsFiled.every(Boolean)) return "filed";
  return today > deadline ? "late" : "open";
}

/** Last day of a month (ISO), to judge a past month's status colour as it stood at its end. */
export function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, "0")}`;
}

export const currentMonth = (today: string) => today.slice(0, 7);

/** Lines the page shows at first and adds with each "更多": a unit's usual key tasks fit the first screen. */
export const KEY_TASK_PAGE = 100;

/** The page's filters (in the URL, applied in SQL): one owner unit, one project, one task status, overdue only. */
export type KeyTaskFilters = { unit: number | null; project: number | null; status: TaskStatus | null; overdue: boolean };

const idParam = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null);

/** Filters and the window's size from the query string; anything unknown reads as "no filter". */
export function parseKeyTaskView(params: URLSearchParams): KeyTaskFilters & { limit: number } {
  const status = params.get("status");
  return {
    unit: idParam(params.get("unit")),
    project: idParam(params.get("project")),
    status: (TASK_STATUSES as readonly string[]).includes(status ?? "") ? (status as TaskStatus) : null,
    overdue: params.get("overdue") === "1",
    limit: windowSize(params.get("limit"), KEY_TASK_PAGE),
  };
}

/** The query string of a month and view (filters left out when unset, the window when it is the first page). */
export function keyTaskSearch(month: string, v: KeyTaskFilters & { limit?: number }): string {
  const p = new URLSearchParams({ month });
  if (v.unit != null) p.set("unit", String(v.unit));
  if (v.project != null) p.set("project", String(v.project));
  if (v.status) p.set("status", v.status);
  if (v.overdue) p.set("overdue", "1");
  if (v.limit != null && v.limit > KEY_TASK_PAGE) p.set("limit", String(v.limit));
  return `?${p}`;
}
