// 考核指标 (quantified responsibility list, art. 8): indicators on tasks and on projects, and their
// measured values over time. Pure schemas, types and display helpers, shared by the pages, the server
// (indicators.server.ts, indicator-writes.server.ts) and the tests. Progress maths lives in progress.ts.
import { z } from "zod";
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
  /** Latest measured value (by measuredOn, then recording order) and its date; null when none yet. */
  latest: number | null;
  latestOn: string | null;
  valueCount: number;
  /** 0..100 from progress.ts; a waived indicator shows 100. */
  progress: number;
  met: boolean;
};

export type IndicatorValueRow = {
  id: number;
  indicatorId: number;
  value: number;
  measuredOn: string;
  note: string;
  recordedBy: number;
  recorderName: string;
  recordedAt: string;
  evidence: EvidenceRow[];
};

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
  direction: z.enum(DIRECTIONS),
  dueOn: isoDate,
  responsibleUnitId: id,
  responsibleUserId: id.nullable().optional(),
});

type Fields = z.infer<typeof indicatorFields>;

/** The target is required unless yes/no, and must improve on the baseline in the indicator's direction. */
function checkTarget(v: Fields, ctx: z.RefinementCtx) {
  if (v.direction === "yesno") return;
  if (v.target == null) {
    ctx.addIssue({ code: "custom", message: msg("validation.required"), path: ["target"] });
    return;
  }
  if (v.baseline == null) return;
  if (v.direction === "higher" && !(v.target > v.baseline)) ctx.addIssue({ code: "custom", message: msg("indicators.targetAboveBaseline"), path: ["target"] });
  if (v.direction === "lower" && !(v.target < v.baseline)) ctx.addIssue({ code: "custom", message: msg("indicators.targetBelowBaseline"), path: ["target"] });
}

export const indicatorCreateSchema = indicatorFields
  .extend({ projectId: id, taskId: id.nullable().optional() })
  .strict()
  .superRefine(checkTarget);
export type IndicatorCreateInput = z.infer<typeof indicatorCreateSchema>;

export const indicatorUpdateSchema = indicatorFields.extend({ id, version }).strict().superRefine(checkTarget);
export type IndicatorUpdateInput = z.infer<typeof indicatorUpdateSchema>;

export const indicatorArchiveSchema = z.object({ id, version }).strict();
export type IndicatorArchiveInput = z.infer<typeof indicatorArchiveSchema>;

/** A measured value; the date cannot lie in the future (`today` from the server, pinned in tests). */
export const recordValueSchema = (today: string) =>
  z
    .object({
      indicatorId: id,
      value: measure,
      measuredOn: isoDate.refine((d) => d <= today, msg("indicators.measuredInFuture")),
      note: optionalText(1000),
    })
    .strict();
export type RecordValueInput = z.infer<ReturnType<typeof recordValueSchema>>;

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

/** Who may record values: researchers / unit leads of the responsible unit or of the task's owner unit, the project's lead. */
export function canRecord(actor: Grantee, i: { responsibleUnitId: number; projectId: number }, taskOwnerUnitId: number | null): boolean {
  return (
    can(actor, "record", "indicator", { unitId: i.responsibleUnitId, projectId: i.projectId }) ||
    (taskOwnerUnitId != null && can(actor, "record", "indicator", { unitId: taskOwnerUnitId, projectId: i.projectId }))
  );
}
