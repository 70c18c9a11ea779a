// Dashboards (仪表板) for the chief scientist and the secretariat: pure bucketing, series and chart
// geometry shared by the server (which assembles the figures) and the hand-drawn SVG charts.
// Dates are ISO strings; day arithmetic goes through `epochDay` (UTC, no time zone drift).
import { epochDay, type Rag } from "./rag";
import type { TaskStatus } from "./domain";
import { isMet, type IndicatorForProgress } from "./progress";

export const DASHBOARD_VIEWS = ["chief", "secretariat"] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

/** Roles whose work each view serves; everyone else gets the chief scientist's consortium overview. */
export function viewsForRoles(roles: readonly string[], readsConsortium: boolean): DashboardView[] {
  const out: DashboardView[] = [];
  const runs = roles.some((r) => r === "council" || r === "admin");
  if (roles.includes("chief_scientist") || runs) out.push("chief");
  if (readsConsortium && (roles.includes("secretariat") || runs)) out.push("secretariat");
  return out.length ? out : ["chief"];
}

// ------------------------------------------------------------------------------------ palette
// Okabe–Ito colour-blind-safe colours; every chart also prints its numbers and names as text.

export const STATUS_COLORS: Record<TaskStatus, string> = {
  not_started: "#B9C0CB",
  in_progress: "#0072B2",
  pending_closeout: "#E69F00",
  closed: "#009E73",
  suspended: "#CC79A7",
};
export const RAG_COLORS: Record<Rag, string> = {
  green: "#009E73",
  yellow: "#F0E442",
  red: "#D55E00",
  done: "#56B4E9",
  suspended: "#CC79A7",
};
/** Text colour that stays readable on each fill. */
export const inkOn = (fill: string) => (["#F0E442", "#B9C0CB", "#E69F00", "#56B4E9"].includes(fill) ? "#1b1f24" : "#ffffff");
/** Series colours for small multiples and multi-line charts. */
export const SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"] as const;

// ------------------------------------------------------------------------------------ counting

export const daysBetween = (from: string, to: string) => epochDay(to) - epochDay(from);

/** Milestone horizon: due within 30 days, within 90 days, or outside (past or later). */
/** Units shown per page of the per-unit charts and tables; "更多" (?units=) widens the window. */
export const DASH_UNIT_PAGE = 20;
/** Projects whose burn-up the chief view draws per page; "更多" (?projects=) widens the window. */
export const DASH_PROJECT_PAGE = 12;

export type DueBucket = "d30" | "d90";
export function dueBucket(dueOn: string, today: string): DueBucket | null {
  const d = daysBetween(today, dueOn);
  if (d < 0 || d > 90) return null;
  return d <= 30 ? "d30" : "d90";
}

export function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function countBy<T, K extends string>(items: readonly T[], keyOf: (t: T) => K, keys: readonly K[]): Record<K, number> {
  const out = zeroCounts(keys);
  for (const it of items) {
    const k = keyOf(it);
    if (k in out) out[k] += 1;
  }
  return out;
}

/** The most alarming colour among counts: red, then yellow, then green; null when nothing is active. */
export function worstRag(counts: Record<Rag, number>): Rag | null {
  for (const r of ["red", "yellow", "green"] as const) if (counts[r] > 0) return r;
  return null;
}

/** A check's outcome as shown: the signed outcome, or "pending" until the experts sign. */
export const CHECK_OUTCOME_KEYS = ["pass", "rectify", "fail", "pending"] as const;
export type CheckOutcomeKey = (typeof CHECK_OUTCOME_KEYS)[number];
export const outcomeKey = (c: { status: string; outcome: string | null }): CheckOutcomeKey =>
  c.status === "signed" && (c.outcome === "pass" || c.outcome === "rectify" || c.outcome === "fail") ? c.outcome : "pending";

// ------------------------------------------------------------------------------------ series

/** Month-end dates from the month of `start` through `end`; the last point is `end` itself. */
export function monthEnds(start: string, end: string): string[] {
  if (start > end) return [end];
  const out: string[] = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  for (;;) {
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (last >= end) break;
    out.push(last);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  out.push(end);
  return out;
}

export type BurnIndicator = Omit<IndicatorForProgress, "latest"> & { id: number; dueOn: string; waivedOn?: string | null };
export type BurnValue = { indicatorId: number; value: number; measuredOn: string };
export type BurnPoint = { date: string; met: number; due: number };
export type BurnUp = { total: number; points: BurnPoint[] };

/**
 * Indicator burn-up: at each date, how many (non-archived) indicators were met by their latest value
 * measured on or before that date (a waiver counts from the day it was recorded), and how many were due.
 * `values` may come in any order; among values of one day the later one in the list wins.
 */
export function burnUp(indicators: BurnIndicator[], values: BurnValue[], dates: string[]): BurnUp {
  const live = indicators.filter((i) => !i.archivedAt);
  const byIndicator = new Map<number, BurnValue[]>();
  for (const v of values) {
    const list = byIndicator.get(v.indicatorId);
    if (list) list.push(v);
    else byIndicator.set(v.indicatorId, [v]);
  }
  for (const list of byIndicator.values()) list.sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
  const latestOn = (id: number, date: string): number | null => {
    let latest: number | null = null;
    for (const v of byIndicator.get(id) ?? []) {
      if (v.measuredOn > date) break;
      latest = v.value;
    }
    return latest;
  };
  const points = dates.map((date) => ({
    date,
    met: live.filter((i) =>
      isMet({ ...i, waivedReason: i.waivedReason && (!i.waivedOn || i.waivedOn <= date) ? i.waivedReason : null, latest: latestOn(i.id, date) }),
    ).length,
    due: live.filter((i) => i.dueOn <= date).length,
  }));
  return { total: live.length, points };
}

// ------------------------------------------------------------------------------------ geometry

export type Scale = (v: number) => number;

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** A date axis: ISO dates onto pixels. */
export function dateScale(start: string, end: string, range: [number, number]): (iso: string) => number {
  const s = linearScale([epochDay(start), epochDay(end)], range);
  return (iso) => s(epochDay(iso));
}

/** A round axis maximum at or above `max` (1, 2, 5 × 10^n), never below `floor`. */
export function niceMax(max: number, floor = 1): number {
  const m = Math.max(max, floor);
  const p = 10 ** Math.floor(Math.log10(m));
  for (const f of [1, 2, 5, 10]) if (f * p >= m) return f * p;
  return 10 * p;
}

/** Whole-number ticks from 0 to niceMax(max) in equal steps (1, 2 or 5 × 10^n), about `count` intervals. */
export function niceTicks(max: number, count = 4): number[] {
  const top = niceMax(max);
  let step = top;
  for (let p = 1; p <= top; p *= 10) {
    for (const f of [1, 2, 5]) {
      const c = f * p;
      if (top % c !== 0) continue;
      if (Math.abs(top / c - count) < Math.abs(top / step - count)) step = c;
    }
  }
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

export type Segment<K extends string> = { key: K; value: number; x: number; width: number };

/**
 * One horizontal stacked bar: the non-zero counts laid end to end over `width` pixels in `keys` order,
 * scaled against `scaleMax` (the largest bar of the chart, so bars compare) and rounded to 0.1 px.
 */
export function stackSegments<K extends string>(counts: Record<K, number>, keys: readonly K[], width: number, scaleMax: number): Segment<K>[] {
  const out: Segment<K>[] = [];
  if (scaleMax <= 0) return out;
  let x = 0;
  for (const key of keys) {
    const value = counts[key] ?? 0;
    if (value <= 0) continue;
    const w = Math.round((value / scaleMax) * width * 10) / 10;
    out.push({ key, value, x: Math.round(x * 10) / 10, width: w });
    x += (value / scaleMax) * width;
  }
  return out;
}

export type Pt = { x: number; y: number };
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Straight polyline through the points: "M x y L x y ...". */
export function linePath(points: Pt[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${r1(p.x)} ${r1(p.y)}`).join(" ");
}

/** Step line: hold each value horizontally until the next point, then jump; optionally run on to `endX`. */
export function stepPath(points: Pt[], endX?: number): string {
  if (points.length === 0) return "";
  const parts = [`M${r1(points[0]!.x)} ${r1(points[0]!.y)}`];
  for (let i = 1; i < points.length; i++) {
    parts.push(`H${r1(points[i]!.x)}`, `V${r1(points[i]!.y)}`);
  }
  if (endX != null && endX > points[points.length - 1]!.x) parts.push(`H${r1(endX)}`);
  return parts.join(" ");
}
