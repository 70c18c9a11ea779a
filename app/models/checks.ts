// 里程碑节点检查 / 中期检查 (000 art. 14): responsible experts review a project's indicators, evidence,
// milestone results and TRL claims at a node and sign an outcome; 整改 items are tracked to closure with
// reminders, and unresolved or serious problems go to the 总体部. Pure rules, schemas and types, shared
// by the check pages, the server (checks.server.ts and the check-*.server.ts modules) and the tests.
//
// Decisions:
// - Conflict of interest (coiConflict): an expert may not check a project whose tasks his own unit
//   executes (units owning tasks of the project, plus the project's lead unit), nor a project he leads.
// - Signing needs substance (signRefusal): the scheduled date reached or a recorded reason for signing
//   early, the project lead's self-assessment submitted or waived by the secretariat with a reason, and
//   every checklist item reviewed; marking the remaining items satisfactory in one go needs a statement,
//   kept on the check.
// - Signing needs every checklist item reviewed. "pass" is refused while the check has a serious finding
//   or the project still has an open serious rectification from an earlier check; "rectify" and "fail"
//   need at least one problem or serious item (each becomes a rectification).
// - Reminders: a rectification still waiting for its owner unit (open or escalated) is "due soon" from
//   `reminderDays` before its due date and "overdue" after it; each kind is sent once. It is escalated
//   automatically when open and overdue by more than `escalateOverdueDays`, or when serious, unless it
//   has been escalated before (a resolved escalation is not re-opened by the timer).
import * as z from "zod";
import { differenceInCalendarDays, parseISO } from "date-fns";
import { makeT, type T } from "../i18n/catalog";
import { renderText, text, type LocalText, type TextParam } from "../i18n/local-text";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const CHECK_KINDS = ["milestone", "midterm"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_STATUSES = ["scheduled", "self_assessed", "signed"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export const ITEM_KINDS = ["milestone", "indicator", "evidence", "trl_claim"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_RESULTS = ["ok", "problem", "serious"] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const OUTCOMES = ["pass", "rectify", "fail"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const RECT_STATUSES = ["open", "submitted", "closed", "escalated"] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];
export const SEVERITIES = ["normal", "serious"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ESCALATION_STATUSES = ["open", "resolved"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** Rectification statuses that wait for the owner unit. */
export const AWAITING_OWNER: RectStatus[] = ["open", "escalated"];

/** Settings of the rectification clock (overridable in the settings table, see check-reads.server.ts `checkRules`). */
export type RectRules = { reminderDays: number; escalateOverdueDays: number; rectifyDays: number };
export const DEFAULT_RECT_RULES: RectRules = { reminderDays: 7, escalateOverdueDays: 14, rectifyDays: 30 };

// ------------------------------------------------------------------------------------------ rows

export type ExpertRef = { id: number; name: string; unitId: number | null; unitName: string | null };

export type CheckRow = {
  id: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  leadUnitId: number;
  leadUserId: number | null;
  leadUserName: string | null;
  milestoneId: number | null;
  milestoneName: string | null;
  milestoneDueOn: string | null;
  kind: CheckKind;
  scheduledOn: string;
  status: CheckStatus;
  selfAssessment: string;
  selfAssessedBy: number | null;
  selfAssessorName: string | null;
  selfAssessedAt: string | null;
  outcome: Outcome | null;
  outcomeSummary: string;
  signedBy: number | null;
  signerName: string | null;
  signedAt: string | null;
  /** Why the expert signed before the scheduled date ('' when he did not). */
  earlyReason: string;
  /** The secretariat's waiver of the self-assessment ('' when none). */
  selfWaiver: string;
  selfWaiverName: string | null;
  selfWaivedAt: string | null;
  /** The statement under which the remaining items were marked satisfactory in one go ('' when none). */
  restStatement: string;
  restStatementName: string | null;
  restStatementAt: string | null;
  createdBy: number;
  creatorName: string;
  createdAt: string;
  version: number;
  experts: ExpertRef[];
  itemCount: number;
  reviewedCount: number;
  problemCount: number;
  openRectifications: number;
};

export type CheckItemRow = {
  id: number;
  checkId: number;
  seq: number;
  kind: ItemKind;
  refId: number | null;
  /** The line as stored (Chinese); show it with localTitle(t, item), which prefers titleText. */
  title: string;
  /** The generated line as a key and params (null on rows of older databases). */
  titleText: LocalText | null;
  finding: string;
  result: ItemResult | null;
  recordedBy: number | null;
  recorderName: string | null;
  /** 1: marked satisfactory by the bulk marking (under the check's rest statement). */
  bulk: number;
  version: number;
  /** The unit answerable for the item: the indicator's responsible unit, the claiming unit, or the project's lead unit. */
  unitId: number | null;
  unitName: string | null;
};

export type RectificationRow = {
  id: number;
  checkId: number;
  checkKind: CheckKind;
  projectId: number;
  projectCode: string;
  projectName: string;
  checkItemId: number | null;
  /** The item's line as stored, and as a key and params: show it with localTitle. */
  itemTitle: string | null;
  itemTitleText: LocalText | null;
  description: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueOn: string;
  severity: Severity;
  status: RectStatus;
  response: string;
  closedBy: number | null;
  closerName: string | null;
  closedAt: string | null;
  openedAt: string | null;
  /** The failing indicator behind it (an indicator item's rectification), else null. */
  indicatorId: number | null;
  indicatorName: string | null;
  unitOfMeasure: string | null;
  /** The latest value of that indicator recorded since it was opened (what closing rests on), if any. */
  newValue: MeasuredValue | null;
  /** The value it was closed on. */
  closingValue: MeasuredValue | null;
  /** Why it was closed without a new measured value. */
  noValueReason: string;
  version: number;
};

export type MeasuredValue = { id: number; value: number; measuredOn: string; recordedAt: string };

export type EscalationRow = {
  id: number;
  checkId: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  rectificationId: number | null;
  rectificationDescription: string | null;
  description: string;
  escalatedBy: number;
  escalatorName: string;
  escalatedAt: string;
  status: EscalationStatus;
  resolution: string;
  resolvedBy: number | null;
  resolverName: string | null;
  resolvedAt: string | null;
  version: number;
};

// ------------------------------------------------------------------------------------------ checklist

export type ChecklistIndicator = {
  id: number;
  name: string;
  unitOfMeasure: string;
  target: number | null;
  direction: "higher" | "lower" | "yesno" | string;
  dueOn: string;
  latest: { value: number; measuredOn: string } | null;
  /** Evidence files recorded with the indicator's values. */
  evidenceCount: number;
  responsibleUnitId: number;
  unitName: string;
  waivedReason?: string | null;
};
export type ChecklistMilestone = { id: number; name: string; dueOn: string; expectedResults: string; status: string };
export type ChecklistClaim = { id: number; technologyName: string; trl: number; unitName: string };

export type ChecklistInput = {
  project: { id: number; code: string; name: string };
  /** The node of a milestone check (its own item comes first). */
  milestone?: ChecklistMilestone | null;
  /** Other milestones whose results are reviewed (a mid-term check: those due by the check date). */
  milestoneResults: ChecklistMilestone[];
  indicators: ChecklistIndicator[];
  /** TRL claims still waiting for a decision. */
  trlClaims: ChecklistClaim[];
};

/** A generated line: its text as a catalogue key and params (rendered in each reader's language), and `title`, the
 * same line in the consortium's working language, stored with it for exports and older readers. */
export type ChecklistItem = { seq: number; kind: ItemKind; refId: number; title: string; text: LocalText };

const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3))));

function indicatorValue(ind: ChecklistIndicator, v: number | null): TextParam {
  if (v === null) return text("checks.items.noValue");
  if (ind.direction === "yesno") return text(v >= 1 ? "checks.items.yes" : "checks.items.no");
  const uom = ind.unitOfMeasure;
  return `${fmtNumber(v)}${uom ? `${/^[%‰°]/.test(uom) ? "" : " "}${uom}` : ""}`;
}

/** Names one after another with the language's separator, at most five, then "and n in all". */
function nameList(names: string[]): TextParam[] {
  const shown: TextParam[] = names.slice(0, 5).flatMap((n, i) => (i ? [text("common.listSep"), n] : [n]));
  return names.length > 5 ? [...shown, text("checks.items.andMore", { n: names.length })] : shown;
}

/**
 * The checklist of a check, in review order: the node's milestone and the other milestone results, then
 * the indicators by due date, then one evidence item per responsible unit
 * (files behind its indicators' values, and which indicators have none), then the TRL claims waiting for a decision. Each line is kept as
 * a catalogue key with params (statuses and suffixes as keys too) so that it reads in every reader's language; `title` is the line in
 * `t`'s language (the consortium's working language, Chinese, by default), stored alongside as the record of what was reviewed.
 */
export function generateChecklist(input: ChecklistInput, t: T = makeT("zh-CN")): ChecklistItem[] {
  const out: Omit<ChecklistItem, "seq" | "title">[] = [];
  const milestones = [...(input.milestone ? [input.milestone] : []), ...input.milestoneResults.filter((m) => m.id !== input.milestone?.id)];
  for (const m of milestones) {
    const status = text(`checks.milestoneStatus.${m.status === "reached" || m.status === "missed" ? m.status : "pending"}`);
    out.push({ kind: "milestone", refId: m.id, text: text("checks.items.milestone", { name: m.name, date: m.dueOn, status, results: m.expectedResults || "—" }) });
  }
  const indicators = [...input.indicators].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
  for (const ind of indicators) {
    const target = ind.direction === "yesno" ? text("checks.items.yes") : indicatorValue(ind, ind.target);
    const sign = ind.direction === "lower" ? "≤" : ind.direction === "higher" ? "≥" : "";
    const latest = ind.latest ? text("checks.items.latest", { value: indicatorValue(ind, ind.latest.value), date: ind.latest.measuredOn }) : text("checks.items.noValue");
    const waived = ind.waivedReason ? text("checks.items.waived", { reason: ind.waivedReason }) : "";
    out.push({ kind: "indicator", refId: ind.id, text: text("checks.items.indicator", { name: ind.name, target: [sign, target], latest, due: ind.dueOn, waived }) });
  }
  // Evidence is reviewed per responsible unit (refId: the unit), naming the indicators still without any.
  const byUnit = new Map<number, ChecklistIndicator[]>();
  for (const ind of indicators) byUnit.set(ind.responsibleUnitId, [...(byUnit.get(ind.responsibleUnitId) ?? []), ind]);
  for (const [unitId, list] of byUnit) {
    const files = list.reduce((n, i) => n + i.evidenceCount, 0);
    const missing = list.filter((i) => i.evidenceCount === 0).map((i) => i.name);
    const none = missing.length ? text("checks.items.noEvidence", { names: nameList(missing) }) : "";
    out.push({ kind: "evidence", refId: unitId, text: text("checks.items.evidence", { unit: list[0]!.unitName, k: list.length, n: files, none }) });
  }
  for (const c of [...input.trlClaims].sort((a, b) => a.id - b.id)) {
    out.push({ kind: "trl_claim", refId: c.id, text: text("checks.items.trlClaim", { technology: c.technologyName, trl: c.trl, unit: c.unitName }) });
  }
  return out.map((item, i) => ({ ...item, seq: i + 1, title: renderText(t, item.text) }));
}

// ------------------------------------------------------------------------------------------ experts

export type CoiReason = "executing_unit" | "project_lead";
export type ExpertRefusal = CoiReason | "not_expert" | "not_responsible";

/**
 * Conflict of interest: the expert's unit executes tasks of the project (or leads it), or he leads the
 * project himself. Null when he may check it.
 */
export function coiConflict(expert: { id: number; unitId: number | null }, executingUnitIds: number[], leadUserId?: number | null): CoiReason | null {
  if (expert.unitId != null && executingUnitIds.includes(expert.unitId)) return "executing_unit";
  if (leadUserId != null && expert.id === leadUserId) return "project_lead";
  return null;
}

/** Why an expert cannot be assigned to a check of the project (conflict first), or null. */
export function expertRefusal(
  expert: { id: number; unitId: number | null; isExpert: boolean; responsible: boolean },
  executingUnitIds: number[],
  leadUserId?: number | null,
): ExpertRefusal | null {
  if (!expert.isExpert) return "not_expert";
  return coiConflict(expert, executingUnitIds, leadUserId) ?? (expert.responsible ? null : "not_responsible");
}

// ------------------------------------------------------------------------------------------ outcome

export type OutcomeRefusal = "checkItemsUnreviewed" | "checkPassWithSerious" | "checkOutcomeNeedsProblem";

/** Problem items (each becomes a rectification when the outcome is rectify or fail). */
export const problemItems = <I extends { result: ItemResult | null }>(items: I[]) => items.filter((i) => i.result === "problem" || i.result === "serious");

/**
 * Whether the outcome may be signed: every item reviewed; pass refused with a serious finding in this
 * check or an open serious rectification of the project; rectify / fail need at least one problem item.
 */
export function outcomeRefusal(outcome: Outcome, items: { result: ItemResult | null }[], openSeriousRectifications = 0): OutcomeRefusal | null {
  if (items.some((i) => i.result == null)) return "checkItemsUnreviewed";
  const problems = problemItems(items);
  if (outcome === "pass") return problems.some((i) => i.result === "serious") || openSeriousRectifications > 0 ? "checkPassWithSerious" : null;
  return problems.length === 0 ? "checkOutcomeNeedsProblem" : null;
}

export type SignRefusal = "checkSignEarly" | "checkSelfMissing" | "checkItemsUnreviewed";

/**
 * Whether the check has the substance to be signed: every item judged, the scheduled date reached (or a
 * reason for signing early), the self-assessment submitted (or waived). Null when it may be signed.
 */
export function signRefusal(
  check: Pick<CheckRow, "scheduledOn" | "selfAssessedAt" | "selfWaiver">,
  items: { result: ItemResult | null }[],
  today: string,
  earlyReason: string,
): SignRefusal | null {
  if (items.some((i) => i.result == null)) return "checkItemsUnreviewed";
  if (today < check.scheduledOn && !earlyReason.trim()) return "checkSignEarly";
  if (!check.selfAssessedAt && !check.selfWaiver) return "checkSelfMissing";
  return null;
}

/** What closing a rectification rests on: a new value of its failing indicator, or the stated reason why not. */
export function closeRefusal(r: Pick<RectificationRow, "indicatorId" | "newValue">, noValueReason: string): "rectNeedsNewValue" | null {
  return r.indicatorId != null && !r.newValue && !noValueReason.trim() ? "rectNeedsNewValue" : null;
}

// ------------------------------------------------------------------------------------------ rectification clock

export type ReminderKind = "due_soon" | "overdue";
export type RectAlert = { daysLeft: number; reminder: ReminderKind | null; escalate: boolean };

/** Reminder and escalation state of a rectification on `today`. */
export function rectificationAlert(
  r: { status: RectStatus; dueOn: string; severity: Severity },
  today: string,
  rules: RectRules = DEFAULT_RECT_RULES,
  everEscalated = false,
): RectAlert {
  const daysLeft = differenceInCalendarDays(parseISO(r.dueOn), parseISO(today));
  const awaiting = AWAITING_OWNER.includes(r.status);
  const reminder: ReminderKind | null = !awaiting ? null : daysLeft < 0 ? "overdue" : daysLeft <= rules.reminderDays ? "due_soon" : null;
  const escalate = r.status === "open" && !everEscalated && (r.severity === "serious" || -daysLeft > rules.escalateOverdueDays);
  return { daysLeft, reminder, escalate };
}

export const isOverdueRectification = (r: { status: RectStatus; dueOn: string }, today: string) => AWAITING_OWNER.includes(r.status) && r.dueOn < today;

/** Open ones first (overdue first, then by due date), closed ones last. */
export function sortRectifications<R extends { status: RectStatus; dueOn: string; id: number }>(rows: R[], today: string): R[] {
  const rank = (r: R) => (isOverdueRectification(r, today) ? 0 : r.status === "closed" ? 2 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
}

/** Which transitions each rectification write allows. */
export const RECT_ALLOWED_FROM: Record<"respond" | "close" | "reopen" | "escalate", RectStatus[]> = {
  respond: ["open", "escalated", "submitted"],
  close: ["submitted"],
  reopen: ["submitted", "closed"],
  escalate: ["open", "submitted"],
};

// ------------------------------------------------------------------------------------------ schemas

/** A scheduled date cannot lie in the past; `today` comes from the server (pinned in tests). */
export const checkScheduleSchema = (today: string) =>
  z
    .object({
      projectId: id,
      kind: z.enum(CHECK_KINDS),
      milestoneId: id.optional(),
      scheduledOn: isoDate.refine((d) => d >= today, msg("checks.v.scheduledPast")),
      expertIds: z.array(id).min(1, msg("checks.v.expertsRequired")).max(9),
    })
    .strict()
    .refine((v) => v.kind !== "milestone" || v.milestoneId != null, { message: msg("checks.v.milestoneRequired"), path: ["milestoneId"] });
export type CheckScheduleInput = z.infer<ReturnType<typeof checkScheduleSchema>>;

export const checkExpertSchema = z.object({ checkId: id, version, userId: id }).strict();
export type CheckExpertInput = z.infer<typeof checkExpertSchema>;

export const selfAssessmentSchema = z.object({ checkId: id, version, selfAssessment: requiredText(5000) }).strict();
export type SelfAssessmentInput = z.infer<typeof selfAssessmentSchema>;

export const findingSchema = z
  .object({ id, version, result: z.enum(ITEM_RESULTS), finding: optionalText(2000) })
  .strict()
  .refine((v) => v.result === "ok" || v.finding.length > 0, { message: msg("checks.v.findingRequired"), path: ["finding"] });
export type FindingInput = z.infer<typeof findingSchema>;

/** Marking the rest satisfactory in one go is a statement the expert signs his name to. */
export const restOkSchema = z.object({ checkId: id, statement: requiredText(1000) }).strict();
export type RestOkInput = z.infer<typeof restOkSchema>;

/** Per problem item: who rectifies and by when (defaults: the item's unit, the form's due date). */
export const rectificationPlanSchema = (today: string) =>
  z.object({ itemId: id, ownerUnitId: id, dueOn: isoDate.refine((d) => d >= today, msg("checks.v.duePast")) }).strict();

export const signOutcomeSchema = (today: string) =>
  z
    .object({
      checkId: id,
      version,
      outcome: z.enum(OUTCOMES),
      summary: requiredText(4000),
      dueOn: isoDate.refine((d) => d >= today, msg("checks.v.duePast")),
      rect: z.array(rectificationPlanSchema(today)).max(500).default([]),
      /** Required (by the model) when signing before the scheduled date. */
      earlyReason: optionalText(1000),
    })
    .strict();
export type SignOutcomeInput = z.infer<ReturnType<typeof signOutcomeSchema>>;

export const rectRespondSchema = z.object({ id, version, response: requiredText(4000) }).strict();
export type RectRespondInput = z.infer<typeof rectRespondSchema>;

export const rectTransitionSchema = z.object({ id, version, comment: optionalText(1000) }).strict();
export type RectTransitionInput = z.infer<typeof rectTransitionSchema>;

/** Closing: without a new value of the failing indicator, the reason why not (checked by the model). */
export const rectCloseSchema = z.object({ id, version, comment: optionalText(1000), noValueReason: optionalText(1000) }).strict();
export type RectCloseInput = z.infer<typeof rectCloseSchema>;

/** The secretariat waives the project lead's self-assessment, saying why. */
export const selfWaiverSchema = z.object({ checkId: id, version, reason: requiredText(1000) }).strict();
export type SelfWaiverInput = z.infer<typeof selfWaiverSchema>;

export const escalateSchema = z.object({ checkId: id, rectificationId: id.optional(), description: requiredText(2000) }).strict();
export type EscalateInput = z.infer<typeof escalateSchema>;

export const resolveEscalationSchema = z.object({ id, version, resolution: requiredText(4000) }).strict();
export type ResolveEscalationInput = z.infer<typeof resolveEscalationSchema>;
