// 考核指标 (quantified responsibility list, art. 8): indicators on tasks and on projects, and their
// measured values over time. Pure schemas, types and display helpers, shared by the pages, the server
// (indicators.server.ts, indicator-writes.server.ts) and the tests. Progress maths lives in progress.ts.
import * as z from "zod";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";
import { DIRECTIONS, type Direction } from "./progress";
import type { EvidenceRow } from "./evidence";
import { can, type Grantee } from "./permissions";

export { DIRECTIONS, type Direction } from "./progress";

export type IndicatorRow = {
  id: number;
  projectId: number;
  projectCode: string;
  /** null: a project-level indicator. */
  taskId: number | null;
  taskCode: string | null;
  taskTitle: string | null;
  name: string;
  unitOfMeasure: string;
  baseline: number | null;
  /** null for yes/no indicators (the target is "yes"). */
  target: number | null;
  /** Declared range of possible values; null: open on that side (see `valueRange` for the implied bound). */
  min: number | null;
  max: number | null;
  direction: Direction;
  dueOn: string;
  responsibleUnitId: number;
  responsibleUnitName: string;
  responsibleUserId: number | null;
  responsibleUserName: string | null;
  waivedReason: string | null;
  archivedAt: string | null;
  version: number;
  updatedAt: string;
  /** Latest effective value (by measuredOn, then recording order; corrected and withdrawn rows left out) and its date; null when none yet. */
  latest: number | null;
  latestOn: string | null;
  valueCount: number;
  /** 0..100 from progress.ts; a waived indicator shows 100. */
  progress: number;
  met: boolean;
};

/** Projects the indicator overview shows at first and adds with each "更多" (?projects=). */
export const INDICATOR_PROJECT_PAGE = 30;
/** The unit's unmet indicators the overview shows at first and adds with each "更多" (?mine=). */
export const INDICATOR_MINE_PAGE = 20;

export const VALUE_KINDS = ["value", "correction", "withdrawal"] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** What later happened to a value: the correction or withdrawal that replaced it. */
export type Amendment = { id: number; kind: "correction" | "withdrawal"; reason: string; byName: string; at: string };

export type IndicatorValueRow = {
  id: number;
  indicatorId: number;
  value: number;
  measuredOn: string;
  note: string;
  recordedBy: number;
  recorderName: string;
  recordedAt: string;
  /** value: recorded; correction: replaces the row `correctsId` with this value (reason says why). */
  kind: ValueKind;
  correctsId: number | null;
  reason: string | null;
  /** Set when a later row corrected or withdrew this one: it no longer counts. */
  amendedBy: Amendment | null;
  evidence: EvidenceRow[];
};

/** Whether a value counts (progress, latest value): not withdrawn, not replaced by a correction. */
export const isEffective = (v: Pick<IndicatorValueRow, "kind" | "amendedBy">) => v.kind !== "withdrawal" && v.amendedBy == null;

/** What a board needs to know about a task after an indicator write (sent with indicator events). */
export type TaskProgressInfo = { id: number; progress: number; indicatorCount: number };

// -------------------------------------------------------------------------------------------- schemas

/** A number typed in a form (conform coerces; empty means absent). */
const measure = z.number().min(-1e12).max(1e12);

const indicatorFields = z.object({
  name: requiredText(120),
  unitOfMeasure: optionalText(20),
  baseline: measure.nullable().optional(),
  target: measure.nullable().optional(),
  min: measure.nullable().optional(),
  max: measure.nullable().optional(),
  direction: z.enum(DIRECTIONS),
  dueOn: isoDate,
  responsibleUnitId: id,
  responsibleUserId: id.nullable().optional(),
});

type Fields = z.infer<typeof indicatorFields>;

/**
 * The target is required unless yes/no, and must improve on the baseline in the indicator's direction;
 * a declared range must be ordered and hold the baseline and target.
 */
export function checkTarget(v: Omit<Fields, "responsibleUnitId">, ctx: z.RefinementCtx) {
  if (v.direction === "yesno") return;
  if (v.min != null && v.max != null && !(v.min < v.max)) ctx.addIssue({ code: "custom", message: msg("indicators.rangeOrder"), path: ["max"] });
  for (const f of ["baseline", "target"] as const) {
    const x = v[f];
    if (x == null) continue;
    const problem = rangeProblem({ unitOfMeasure: v.unitOfMeasure, min: v.min ?? null, max: v.max ?? null }, x);
    if (problem) ctx.addIssue({ code: "custom", message: msg(`errors.${problem.code}`, problem.params), path: [f] });
  }
  if (v.target == null) {
    ctx.addIssue({ code: "custom", message: msg("validation.required"), path: ["target"] });
    return;
  }
  if (v.baseline == null) return;
  if (v.direction === "higher" && !(v.target > v.baseline)) ctx.addIssue({ code: "custom", message: msg("indicators.targetAboveBaseline"), path: ["target"] });
  if (v.direction === "lower" && !(v.target < v.baseline)) ctx.addIssue({ code: "custom", message: msg("indicators.targetBelowBaseline"), path: ["target"] });
}

/**
 * An indicator still on paper (a task book's, a 新增任务 request's): what it measures, without the
 * responsible person or a declared range; the same target rule (`checkTarget`).
 */
export const indicatorDraftFields = indicatorFields.pick({ name: true, unitOfMeasure: true, baseline: true, target: true, direction: true, dueOn: true });
export type IndicatorDraft = z.infer<typeof indicatorDraftFields>;

export const indicatorCreateSchema = indicatorFields
  .extend({ projectId: id, taskId: id.nullable().optional() })
  .strict()
  .superRefine(checkTarget);
export type IndicatorCreateInput = z.infer<typeof indicatorCreateSchema>;

export const indicatorUpdateSchema = indicatorFields.extend({ id, version }).strict().superRefine(checkTarget);
export type IndicatorUpdateInput = z.infer<typeof indicatorUpdateSchema>;

export const indicatorArchiveSchema = z.object({ id, version }).strict();
export type IndicatorArchiveInput = z.infer<typeof indicatorArchiveSchema>;

/** A measured value; within the indicator's range when the indicator is known (the form's copy of the server's rule). */
const possibleValue = (indicator?: RangeOf) => (indicator ? measure.superRefine((x, ctx) => rangeIssue(indicator, x, ctx)) : measure);
const measuredOn = (today: string) => isoDate.refine((d) => d <= today, msg("indicators.measuredInFuture"));

/**
 * A measured value; the date cannot lie in the future (`today` from the server, pinned in tests).
 * `confirmJump`: the recorder confirmed a value more than JUMP_FACTOR times away from the latest one.
 * With `indicator` (the form, which knows it), the value is also checked against the indicator's range,
 * the rule the server applies in recordValue.
 */
export const recordValueSchema = (today: string, indicator?: RangeOf) =>
  z
    .object({
      indicatorId: id,
      value: possibleValue(indicator),
      measuredOn: measuredOn(today),
      note: optionalText(1000),
      confirmJump: z.boolean().optional(),
    })
    .strict();
export type RecordValueInput = z.infer<ReturnType<typeof recordValueSchema>>;

/** A correction: the right value (and date) replacing a recorded one, with the reason. */
export const correctValueSchema = (today: string, indicator?: RangeOf) =>
  z
    .object({
      valueId: id,
      value: possibleValue(indicator),
      measuredOn: measuredOn(today),
      reason: requiredText(500),
    })
    .strict();
export type CorrectValueInput = z.infer<ReturnType<typeof correctValueSchema>>;

/** A withdrawal: the value no longer counts (measured on the wrong sample, recorded on the wrong indicator). */
export const withdrawValueSchema = z.object({ valueId: id, reason: requiredText(500) }).strict();
export type WithdrawValueInput = z.infer<typeof withdrawValueSchema>;

// -------------------------------------------------------------------------------------------- value rules

/**
 * Units of measure that count things or measure durations: a value in them is never negative, even
 * when the indicator declares no range (a life test of −5 h, −2 patents).
 */
export const NON_NEGATIVE_UNITS = [
  "项", "件", "个", "篇", "台", "套", "次", "人", "人次", "家", "种", "份", "条", "款", "批", "座", "颗", "只", "本", "部", "张", "株", "例",
  "h", "小时", "天", "日", "d", "min", "分钟", "s", "秒", "ms", "毫秒", "年", "月", "周",
] as const;

type RangeOf = Pick<IndicatorRow, "unitOfMeasure" | "min" | "max">;

/** The range a value must lie in: the declared one, else 0 and up for a count or duration. */
export function valueRange(i: RangeOf): { min: number | null; max: number | null } {
  const unit = i.unitOfMeasure.trim().toLowerCase();
  const implied = (NON_NEGATIVE_UNITS as readonly string[]).includes(unit) ? 0 : null;
  return { min: i.min ?? implied, max: i.max };
}

/** Why a value is impossible for the indicator (an `errors.*` code with its params), or null. */
export function rangeProblem(i: RangeOf, value: number): { code: "indicatorValueNegative" | "indicatorValueBelowMin" | "indicatorValueAboveMax"; params: Record<string, string | number> } | null {
  const r = valueRange(i);
  if (r.min != null && value < r.min) {
    return i.min == null ? { code: "indicatorValueNegative", params: { unit: i.unitOfMeasure } } : { code: "indicatorValueBelowMin", params: { min: formatMeasure(r.min) } };
  }
  if (r.max != null && value > r.max) return { code: "indicatorValueAboveMax", params: { max: formatMeasure(r.max) } };
  return null;
}

function rangeIssue(i: RangeOf, value: number, ctx: z.RefinementCtx) {
  const problem = rangeProblem(i, value);
  if (problem) ctx.addIssue({ code: "custom", message: msg(`errors.${problem.code}`, problem.params) });
}

/** A new value this many times larger or smaller than the latest one needs the recorder's confirmation. */
export const JUMP_FACTOR = 10;

/**
 * Whether `value` jumps more than JUMP_FACTOR times away from `latest`, either way (a typo: 1000 for
 * 100, hours for minutes). Nothing to compare with a first value or a latest value of 0; a fall to 0
 * from anything else counts as a jump.
 */
export function isJump(latest: number | null, value: number): boolean {
  if (latest == null || latest === 0) return false;
  if (value === 0) return true;
  const ratio = Math.abs(value) / Math.abs(latest);
  return ratio > JUMP_FACTOR || ratio < 1 / JUMP_FACTOR;
}

// -------------------------------------------------------------------------------------------- display

/** Stored values for yes/no indicators. */
export const YES = 1;
export const NO = 0;

/** "≥ 120 N·m", "≤ 1 arcmin", "是"; `yes` is the translated word for a yes/no target. */
export function targetText(i: Pick<IndicatorRow, "direction" | "target" | "unitOfMeasure">, yes: string): string {
  if (i.direction === "yesno") return yes;
  return `${i.direction === "lower" ? "≤" : "≥"} ${formatMeasure(i.target)}${i.unitOfMeasure ? ` ${i.unitOfMeasure}` : ""}`;
}

/** A measured value for display: integers as they are, others with at most 3 decimals. */
export function formatMeasure(v: number | null | undefined): string {
  if (v == null) return "—";
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}

export type IndicatorState = "met" | "waived" | "partial" | "none" | "overdue";

/** For a status tag: waived, met, past due and not met, some progress, or nothing measured yet. */
export function indicatorState(i: Pick<IndicatorRow, "met" | "waivedReason" | "dueOn" | "latest" | "archivedAt">, today: string): IndicatorState {
  if (i.waivedReason) return "waived";
  if (i.met) return "met";
  if (i.dueOn < today) return "overdue";
  return i.latest == null ? "none" : "partial";
}

// -------------------------------------------------------------------------------------------- rights

/** Scope target of create/update: the task's owner unit, or the responsible unit of a project-level indicator. */
export const indicatorScope = (i: { responsibleUnitId: number; projectId: number }, taskOwnerUnitId: number | null) => ({
  unitId: taskOwnerUnitId ?? i.responsibleUnitId,
  projectId: i.projectId,
});

/**
 * Who may correct or withdraw a recorded value: its recorder while he may still record on the indicator,
 * or whoever holds `correct:indicator` (the secretariat, as data in permissions.ts).
 */
export function canAmend(actor: Grantee, v: Pick<IndicatorValueRow, "recordedBy">, i: { responsibleUnitId: number; projectId: number }, taskOwnerUnitId: number | null): boolean {
  return can(actor, "correct", "indicator", indicatorScope(i, taskOwnerUnitId)) || (v.recordedBy === actor.id && canRecord(actor, i, taskOwnerUnitId));
}

/** Who may record values: researchers / unit leads of the responsible unit or of the task's owner unit, the project's lead. */
export function canRecord(actor: Grantee, i: { responsibleUnitId: number; projectId: number }, taskOwnerUnitId: number | null): boolean {
  return (
    can(actor, "record", "indicator", { unitId: i.responsibleUnitId, projectId: i.projectId }) ||
    (taskOwnerUnitId != null && can(actor, "record", "indicator", { unitId: taskOwnerUnitId, projectId: i.projectId }))
  );
}
