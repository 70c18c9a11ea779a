// Progress computed from indicators (考核指标), the one place this is decided. Pure: used by the board,
// the task and project pages, the battle map, the key-task table, reports and close-out eligibility.
//
// One indicator, from its baseline b, target t and latest measured value v:
//   higher is better   (v - b) / (t - b)      no baseline: b = 0
//   lower is better    (b - v) / (b - t)      no baseline: 100 when v <= t, else 0
//   yes/no             100 when v = 1 (yes), else 0
// clamped to 0..100. No measured value yet: 0. When t equals b, reaching t is 100, otherwise 0.
// "Met" means the latest value reaches the target (>= t, <= t, or yes).
//
// Waived indicators (waived at close-out with a reason) count as met and are LEFT OUT of the progress
// mean: a waiver removes the indicator from what remains to be achieved, it does not add progress. A
// task whose indicators are all waived is at 100. Archived indicators do not count at all.
//
// A task with at least one (non-archived) indicator has its progress computed: the mean of its
// indicators' progress (each indicator weighs the same), rounded to an integer. A task without
// indicators shows its recorded percentage (typed in on the board).
//
// A project's progress is the mean over its items, each weighing the same: every non-archived task of
// the project (its progress as above, computed or recorded) and every counted project-level indicator
// (an indicator with no task). A project with nothing to count is at 0.

export const DIRECTIONS = ["higher", "lower", "yesno"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type IndicatorForProgress = {
  baseline: number | null;
  target: number | null;
  direction: Direction | string;
  waivedReason?: string | null;
  archivedAt?: string | null;
  /** The latest measured value (by measuredOn, then recording order), or null when none is recorded. */
  latest: number | null;
};

const clamp = (x: number) => (Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 0);

/** Whether the latest value reaches the target. Waived counts as met. */
export function isMet(i: IndicatorForProgress): boolean {
  if (i.waivedReason) return true;
  const v = i.latest;
  if (v == null) return false;
  if (i.direction === "yesno") return v >= 1;
  if (i.target == null) return false;
  return i.direction === "lower" ? v <= i.target : v >= i.target;
}

/** Unrounded progress 0..100 of one indicator (waiver ignored here: see `isCounted`). */
function rawProgress(i: IndicatorForProgress): number {
  const v = i.latest;
  if (v == null) return 0;
  if (i.direction === "yesno") return v >= 1 ? 100 : 0;
  const t = i.target;
  if (t == null) return 0;
  if (i.direction === "lower") {
    if (i.baseline == null || i.baseline === t) return v <= t ? 100 : 0;
    return clamp(((i.baseline - v) / (i.baseline - t)) * 100);
  }
  const b = i.baseline ?? 0;
  if (b === t) return v >= t ? 100 : 0;
  return clamp(((v - b) / (t - b)) * 100);
}

/** Progress 0..100 (integer) of one indicator; a waived indicator shows 100. */
export function indicatorProgress(i: IndicatorForProgress): number {
  return i.waivedReason ? 100 : Math.round(rawProgress(i));
}

/** Indicators that enter a progress mean: not archived, not waived. */
const isCounted = (i: IndicatorForProgress) => !i.archivedAt && !i.waivedReason;
const isLive = (i: IndicatorForProgress) => !i.archivedAt;

/**
 * Mean progress of a set of indicators (integer 0..100), or null when there are no live indicators
 * (the caller then uses a recorded percentage). All live indicators waived: 100.
 */
export function indicatorsProgress(list: IndicatorForProgress[]): number | null {
  const live = list.filter(isLive);
  if (live.length === 0) return null;
  const counted = live.filter(isCounted);
  if (counted.length === 0) return 100;
  return Math.round(counted.reduce((s, i) => s + rawProgress(i), 0) / counted.length);
}

export type ProgressSource = "indicators" | "recorded";

/** Whether a task's progress is computed from indicators or the recorded (typed-in) percentage. */
export function progressSource(indicators: IndicatorForProgress[]): ProgressSource {
  return indicators.some(isLive) ? "indicators" : "recorded";
}

/** A task's progress and where it comes from. */
export function taskProgress(task: { progress: number }, indicators: IndicatorForProgress[]): { progress: number; source: ProgressSource } {
  const computed = indicatorsProgress(indicators);
  return computed == null ? { progress: clamp(task.progress), source: "recorded" } : { progress: computed, source: "indicators" };
}

/**
 * A project's progress: mean over its tasks' progress and its counted project-level indicators (waived
 * ones left out, as for tasks). Nothing to count: 100 if it has waived indicators, else 0.
 */
export function projectProgress(taskProgresses: number[], projectIndicators: IndicatorForProgress[]): number {
  const items = [...taskProgresses.map(clamp), ...projectIndicators.filter(isCounted).map(rawProgress)];
  if (items.length === 0) return projectIndicators.some(isLive) ? 100 : 0;
  return Math.round(items.reduce((s, x) => s + x, 0) / items.length);
}
