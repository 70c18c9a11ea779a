// 成果与知识产权: the registry of results (patents, software copyrights, standards, products, papers,
// samples) and the 2-year 先用后转 clock of 000 art. 12: a common-technology result whose IP right was
// obtained 2 years ago and that is still not put to use enters the "use first, pay later" pool.
// Pure rules and schemas, shared by the registry page, the server, the report and the tests.
//
// Counting the clock (decided here, tested in tests/unit/results-clock.test.ts):
// - Every mark is the calendar-month anniversary of the date the right was obtained, computed with
//   date-fns `addMonths`: 18 months → first warning, 21 months → second warning, 24 months → pool.
// - A month without the corresponding day ends on its last day (addMonths clamps, the same rule as
//   民法典 art. 202 "没有对应日的，月末日为期间的最后一日"): a right obtained 2024-02-29 reaches 24
//   months on 2026-02-28, and 18 months on 2025-08-29.
// - The result counts as pooled from the anniversary day itself (a day early rather than a day late:
//   the registry is a warning tool, the province's 浙江拍 listing decides the legal date).
// - The clock runs only for common-technology results with an obtained date that are not in use; a
//   result put to use (inUse) stops it and leaves the pool list.
import * as z from "zod";
import { addMonths, isValid, parseISO, format } from "date-fns";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const RESULT_KINDS = ["patent", "software_copyright", "standard", "product", "paper", "sample"] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export const CLOCK_STATES = ["none", "ok", "warn18", "warn21", "pooled"] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** Month marks of the clock; keep them in one place so the badges, the report and the tests agree. */
export const CLOCK_MARKS = { warn18: 18, warn21: 21, pool: 24 } as const;

export type IpClock = {
  state: ClockState;
  /** Whole months elapsed since the right was obtained (null without a date or before it). */
  months: number | null;
  warn18On: string | null;
  warn21On: string | null;
  /** The day the result enters the 先用后转 pool. */
  poolOn: string | null;
  /** Days left until the pool date (0 or negative once pooled). */
  daysToPool: number | null;
};

const iso = (d: Date) => format(d, "yyyy-MM-dd");
const NONE: IpClock = { state: "none", months: null, warn18On: null, warn21On: null, poolOn: null, daysToPool: null };

/** Whole calendar months from `from` to `to`: the largest n with addMonths(from, n) <= to. */
export function monthsElapsed(from: string, to: string): number {
  const a = parseISO(from);
  const b = parseISO(to);
  if (b < a) return -1;
  let n = (b.getFullYear() - a.getFullYear()) * 12 + (b.getMonth() - a.getMonth());
  while (n > 0 && iso(addMonths(a, n)) > to) n--;
  return n;
}

/** The clock of a right obtained on `obtainedOn`, as seen on `today` (ISO dates). */
export function ipClock(obtainedOn: string | null | undefined, today: string): IpClock {
  if (!obtainedOn || !isValid(parseISO(obtainedOn))) return NONE;
  const start = parseISO(obtainedOn);
  const warn18On = iso(addMonths(start, CLOCK_MARKS.warn18));
  const warn21On = iso(addMonths(start, CLOCK_MARKS.warn21));
  const poolOn = iso(addMonths(start, CLOCK_MARKS.pool));
  const daysToPool = Math.round((parseISO(poolOn).getTime() - parseISO(today).getTime()) / 86_400_000);
  if (today < obtainedOn) return { ...NONE, warn18On, warn21On, poolOn, daysToPool };
  const state: ClockState = today >= poolOn ? "pooled" : today >= warn21On ? "warn21" : today >= warn18On ? "warn18" : "ok";
  return { state, months: monthsElapsed(obtainedOn, today), warn18On, warn21On, poolOn, daysToPool };
}

/** The clock applies to common-technology results not put to use; any other result shows "none". */
export function resultClock(r: Pick<ResultRow, "obtainedOn" | "isCommonTech" | "inUse">, today: string): IpClock {
  if (!r.isCommonTech || r.inUse) return { ...ipClock(r.obtainedOn, today), state: "none" };
  return ipClock(r.obtainedOn, today);
}

export type ResultRow = {
  id: number;
  kind: ResultKind;
  title: string;
  registrationNo: string;
  projectId: number | null;
  projectCode: string | null;
  ownerUnitId: number;
  ownerUnitName: string;
  obtainedOn: string | null;
  isCommonTech: boolean;
  inUse: boolean;
  useWhere: string;
  sharingUnitIds: number[];
  sharingUnitNames: string[];
  createdBy: number;
  createdByName: string;
  createdAt: string;
  version: number;
};

/** Choices of the registry form: current member units and the projects with their participating units. */
export type ResultOptions = {
  units: { id: number; shortName: string }[];
  projects: { id: number; code: string; name: string; unitIds: number[] }[];
};

/** Registry filters (query string of /results). */
export const resultFilterSchema = z.object({
  kind: z.enum(RESULT_KINDS).optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  project: z.coerce.number().int().positive().optional().catch(undefined),
  clock: z.enum(CLOCK_STATES).optional().catch(undefined),
});
export type ResultFilter = z.infer<typeof resultFilterSchema>;

export function filterResults(rows: ResultRow[], f: ResultFilter, today: string): ResultRow[] {
  return rows.filter(
    (r) =>
      (!f.kind || r.kind === f.kind) &&
      (!f.unit || r.ownerUnitId === f.unit || r.sharingUnitIds.includes(f.unit)) &&
      (!f.project || r.projectId === f.project) &&
      (!f.clock || resultClock(r, today).state === f.clock),
  );
}

/** Results in the 先用后转 pool, longest there first. */
export function pooledResults(rows: ResultRow[], today: string): (ResultRow & { poolOn: string })[] {
  return rows
    .flatMap((r) => {
      const c = resultClock(r, today);
      return c.state === "pooled" ? [{ ...r, poolOn: c.poolOn! }] : [];
    })
    .sort((a, b) => a.poolOn.localeCompare(b.poolOn) || a.id - b.id);
}

const fields = (today: string) => ({
  kind: z.enum(RESULT_KINDS),
  title: requiredText(200),
  registrationNo: optionalText(80),
  projectId: id.optional(),
  ownerUnitId: id,
  obtainedOn: isoDate.refine((d) => d <= today, msg("results.obtainedInFuture")).optional(),
  isCommonTech: z.boolean().default(false),
  inUse: z.boolean().default(false),
  useWhere: optionalText(500),
  sharingUnitIds: z.array(id).max(30).default([]),
});

const useNeedsWhere = (r: { inUse: boolean; useWhere: string }, ctx: z.RefinementCtx) => {
  if (r.inUse && !r.useWhere) ctx.addIssue({ code: "custom", path: ["useWhere"], message: msg("results.useWhereRequired") });
};

/** Create and edit share one form; `id` + `version` are present when editing (version 0 never exists). */
export const resultSchema = (today: string) =>
  z
    .object({ ...fields(today), id: id.optional(), version: version.default(0) })
    .strict()
    .superRefine(useNeedsWhere);
export type ResultInput = z.infer<ReturnType<typeof resultSchema>>;

/** Quick "mark in use" from the registry: where the result is used. */
export const resultUseSchema = z.object({ id, version, useWhere: requiredText(500) }).strict();
export type ResultUseInput = z.infer<typeof resultUseSchema>;

/** Counts for the page head and the report: by kind, in use, and by clock state. */
export function resultFigures(rows: ResultRow[], today: string) {
  const byKind = Object.fromEntries(RESULT_KINDS.map((k) => [k, 0])) as Record<ResultKind, number>;
  const byClock = Object.fromEntries(CLOCK_STATES.map((s) => [s, 0])) as Record<ClockState, number>;
  let inUse = 0;
  for (const r of rows) {
    byKind[r.kind]++;
    byClock[resultClock(r, today).state]++;
    if (r.inUse) inUse++;
  }
  return { total: rows.length, byKind, byClock, inUse };
}
