// Status colours (RAG) of a task, in one pure module shared by the battle map, tables and reports.
// Thresholds come from the province profile (settings.ts). Every colour comes with a reason (a
// catalogue key + params) so the UI can say *why* in text: colour alone fails colour-blind users.
import type { TaskStatus } from "./domain";
import type { Settings } from "./settings";

export const RAGS = ["green", "yellow", "red", "done", "suspended"] as const;
export type Rag = (typeof RAGS)[number];

export type RagReasonKey =
  | "battleMap.rag.onTrack"
  | "battleMap.rag.behind"
  | "battleMap.rag.late"
  | "battleMap.rag.lateAndBehind"
  | "battleMap.rag.closed"
  | "battleMap.rag.suspended";
export type RagResult = { rag: Rag; reason: { key: RagReasonKey; params: Record<string, string | number> } };

export type RagTask = { startOn: string; dueOn: string; status: TaskStatus; progress: number };
export type RagSettings = Pick<Settings, "ragYellowLag" | "ragRedLag" | "ragYellowDays" | "ragRedDays">;

/**
 * Day number of an ISO date (yyyy-mm-dd) in UTC, so differences are whole calendar days with no time
 * zone or DST in play. Cheap on purpose: the battle map calls it tens of thousands of times per render.
 */
export const epochDay = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
const days = (from: string, to: string) => epochDay(to) - epochDay(from);
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Progress used for the status colour. The hook for indicators: once tasks carry indicators, derive
 * the percentage from them here (issue #5: "progress comes from indicators when a task has them");
 * until then it is the recorded percentage.
 */
export function taskProgress(task: Pick<RagTask, "progress">): number {
  return task.progress;
}

/** Time-proportional plan: clamp((today − start) / (due − start)) × 100. A one-day task is 100 % once due. */
export function plannedPercent(startOn: string, dueOn: string, today: string): number {
  const span = days(startOn, dueOn);
  if (span <= 0) return today >= dueOn ? 100 : 0;
  return Math.min(1, Math.max(0, days(startOn, today) / span)) * 100;
}

/**
 * Days past the due date of a task that is still being worked on (0 when not late). A task awaiting
 * close-out (待销号) has been handed in, so it is not late — the same rule as `isOverdue` in tasks.ts.
 */
export function daysLate(task: Pick<RagTask, "dueOn" | "status">, today: string): number {
  if (task.status !== "not_started" && task.status !== "in_progress") return 0;
  return Math.max(0, days(task.dueOn, today));
}

/**
 * green: on track. yellow: lag > ragYellowLag % or late > ragYellowDays days. red: lag > ragRedLag %
 * or late > ragRedDays days. Thresholds are strict: exactly 10 % behind is still green.
 */
export function ragOf(task: RagTask, today: string, s: RagSettings, progress = taskProgress(task)): RagResult {
  if (task.status === "closed") return { rag: "done", reason: { key: "battleMap.rag.closed", params: {} } };
  if (task.status === "suspended") return { rag: "suspended", reason: { key: "battleMap.rag.suspended", params: {} } };
  const planned = plannedPercent(task.startOn, task.dueOn, today);
  const lag = planned - progress;
  const late = daysLate(task, today);
  const level = (lagLimit: number, dayLimit: number) => ({ lag: lag > lagLimit, late: late > dayLimit });
  const red = level(s.ragRedLag, s.ragRedDays);
  const yellow = level(s.ragYellowLag, s.ragYellowDays);
  const rag: Rag = red.lag || red.late ? "red" : yellow.lag || yellow.late ? "yellow" : "green";
  const params = { planned: round1(planned), progress: round1(progress), lag: round1(lag), days: late };
  if (rag === "green") return { rag, reason: { key: "battleMap.rag.onTrack", params } };
  // The reason names every factor past a threshold, whichever colour it reached.
  const behind = red.lag || yellow.lag;
  const isLate = red.late || yellow.late;
  const key = behind && isLate ? "battleMap.rag.lateAndBehind" : isLate ? "battleMap.rag.late" : "battleMap.rag.behind";
  return { rag, reason: { key, params } };
}
