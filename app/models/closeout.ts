// 定期任务销号制 (000 art. 8): pure rules of close-out rounds and proposals, shared by the closeout pages,
// the server (closeout.server.ts) and the tests. A finished task is proposed in a round with evidence per
// indicator (or a waiver reason for an unmet one); someone outside the executing unit approves it (then
// the task is 已销号) or returns it with comments; a returned task may be proposed again.
import * as z from "zod";
import { addMonths, format, parseISO, setDate } from "date-fns";
import { can, type Grantee } from "./permissions";
import type { TaskStatus } from "./domain";
import type { AcceptanceState } from "./acceptance";
import { makeT, type MessageKey, type T } from "../i18n/catalog";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const ROUND_STATUSES = ["open", "closed"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const PROPOSAL_STATUSES = ["proposed", "approved", "returned", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Task statuses from which a task may be proposed (finished work still carried by the unit). */
export const PROPOSABLE_STATUSES: TaskStatus[] = ["not_started", "in_progress", "pending_closeout"];

// ------------------------------------------------------------------------------------------ rows

export type RoundSummary = { proposed: number; approved: number; returned: number; withdrawn: number; stillOpen: number; returnDecisions: number };

export type RoundRow = {
  id: number;
  period: string;
  closesOn: string;
  status: RoundStatus;
  openedBy: number;
  openerName: string;
  openedAt: string;
  closedBy: number | null;
  closerName: string | null;
  closedAt: string | null;
  version: number;
  summary: RoundSummary;
};

export type ItemEvidence = { id: number; name: string; size: number; uploaderName?: string; uploadedAt?: string };

/** One indicator line of a proposal, with the indicator's state when the row was read. */
export type ProposalItemRow = {
  id: number;
  indicatorId: number;
  indicatorName: string;
  unitOfMeasure: string;
  target: number | null;
  direction: string;
  latestValue: number | null;
  met: boolean;
  waiverReason: string | null;
  evidence: ItemEvidence[];
};

export type ProposalAcceptance = {
  deliverable: string;
  acceptingUnitId: number;
  acceptingUnitName: string;
  kind: string;
  state: AcceptanceState;
  signerName: string | null;
  signedAt: string | null;
  comment: string;
};

export type ProposalRow = {
  id: number;
  roundId: number;
  /** The round's period ("2026-11"): readers name the round with roundLabel. */
  roundPeriod: string;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  taskStatus: TaskStatus;
  projectId: number;
  projectCode: string;
  ownerUnitId: number;
  unitName: string;
  ownerUserId: number | null;
  note: string;
  status: ProposalStatus;
  proposedBy: number;
  proposerName: string;
  /** Proposed by the project's lead on behalf of an owner unit without accounts (代为提出). */
  onBehalf: boolean;
  /** The facts a later withdrawal on its behalf rests on (proposeRight). */
  projectLeadUserId: number | null;
  ownerUnitHasAccounts: boolean;
  proposedAt: string;
  decidedBy: number | null;
  deciderName: string | null;
  decidedAt: string | null;
  decisionComment: string;
  version: number;
  items: ProposalItemRow[];
  acceptance: ProposalAcceptance | null;
};

// ------------------------------------------------------------------------------------------ schemas

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg("closeout.periodFormat"));

export const roundOpenSchema = z
  .object({
    period: period.optional(),
    closesOn: isoDate.optional(),
  })
  .strict();
export type RoundOpenInput = z.infer<typeof roundOpenSchema>;

export const roundCloseSchema = z.object({ id, version }).strict();
export type RoundCloseInput = z.infer<typeof roundCloseSchema>;

export const proposalItemSchema = z
  .object({
    indicatorId: id,
    waiverReason: optionalText(500),
    /** How many evidence files of the submission belong to this item (in form order). */
    fileCount: z.number().int().min(0).max(10).default(0),
  })
  .strict();

export const proposeSchema = z
  .object({
    taskId: id,
    note: optionalText(2000),
    items: z.array(proposalItemSchema).max(100).default([]),
  })
  .strict()
  .refine((v) => new Set(v.items.map((i) => i.indicatorId)).size === v.items.length, { message: msg("validation.invalid"), path: ["items"] });
export type ProposeInput = z.infer<typeof proposeSchema>;

/** The form's check: an indicator that is not met needs a waiver reason (the server decides again). */
export const proposeSchemaFor = (unmetIds: number[]) =>
  proposeSchema.superRefine((v, ctx) => {
    v.items.forEach((item, index) => {
      if (unmetIds.includes(item.indicatorId) && !item.waiverReason) {
        ctx.addIssue({ code: "custom", path: ["items", index, "waiverReason"], message: msg("closeout.waiverRequired") });
      }
    });
  });

export const withdrawSchema = z.object({ id, version }).strict();
export type WithdrawInput = z.infer<typeof withdrawSchema>;

export const approveSchema = z.object({ id, version, comment: optionalText(1000) }).strict();
export type ApproveInput = z.infer<typeof approveSchema>;

/** Returning needs a comment: the unit must know what to fix. */
export const returnSchema = z.object({ id, version, comment: requiredText(1000) }).strict();
export type ReturnInput = z.infer<typeof returnSchema>;

// ------------------------------------------------------------------------------------------ rounds

/** "2026-11" for a date. */
export const periodOf = (date: string) => date.slice(0, 7);

/** A round's name in the reader's language, from its period: "2026年11月销号轮次", "Close-out round Nov 2026";
 * a round over several months names its first one. Readers call this rather than show the stored name. */
export const roundLabel = (t: T, period: string) =>
  t("closeout.roundLabel", { year: Number(period.slice(0, 4)), month: t(`closeout.roundMonths.m${Number(period.slice(5, 7))}` as MessageKey) });

/** The name stored with a round (its Chinese label), kept filled for exports and readers of old databases. */
export const roundName = (period: string) => roundLabel(makeT("zh-CN"), period);

/** The default closing date: the setting's day of the round's last month (rounds last `months` months). */
export function defaultClosesOn(p: string, months: number, day: number): string {
  const last = addMonths(parseISO(`${p}-01`), Math.max(1, months) - 1);
  return format(setDate(last, Math.min(28, Math.max(1, day))), "yyyy-MM-dd");
}

/**
 * Counts of a round per task (a task returned and proposed again counts once, by its latest proposal):
 * proposed = tasks proposed in the round; approved / returned / withdrawn / stillOpen by the latest
 * proposal's status; returnDecisions = how many times anything was returned.
 */
export function roundSummary(proposals: { id: number; taskId: number; status: ProposalStatus }[]): RoundSummary {
  const latest = new Map<number, { id: number; status: ProposalStatus }>();
  for (const p of proposals) {
    const prev = latest.get(p.taskId);
    if (!prev || p.id > prev.id) latest.set(p.taskId, p);
  }
  const s: RoundSummary = { proposed: latest.size, approved: 0, returned: 0, withdrawn: 0, stillOpen: 0, returnDecisions: 0 };
  for (const p of latest.values()) {
    if (p.status === "approved") s.approved++;
    else if (p.status === "returned") s.returned++;
    else if (p.status === "withdrawn") s.withdrawn++;
    else s.stillOpen++;
  }
  s.returnDecisions = proposals.filter((p) => p.status === "returned").length;
  return s;
}

// ------------------------------------------------------------------------------------------ eligibility

export type EligibilityReason =
  | { code: "taskClosed" }
  | { code: "taskSuspended" }
  | { code: "taskArchived" }
  | { code: "progressIncomplete"; progress: number }
  | { code: "indicatorUnmet"; indicatorId: number; name: string }
  | { code: "acceptanceMissing"; unitName: string }
  | { code: "acceptanceRejected"; unitName: string };

export type EligibilityInput = {
  task: { status: TaskStatus; archivedAt: string | null; progress: number };
  /** The task's indicators; `met` from the latest value (progress.ts); `waivedReason` set on the indicator itself. */
  indicators: { id: number; name: string; met: boolean; waivedReason?: string | null }[];
  /** The proposal's lines: a non-empty waiver reason covers an unmet indicator. */
  items: { indicatorId: number; waiverReason?: string | null }[];
  /** The deliverable requirement (下家考核上家), if the task names an accepting unit. */
  deliverable: { acceptingUnitName: string } | null;
  /** The accepting unit's latest decision on it. */
  acceptance: { decision: "accepted" | "rejected" } | null;
};

const hasText = (s: string | null | undefined) => s != null && s.trim().length > 0;

/**
 * Whether a task may be closed out: it is neither closed, suspended nor archived; every indicator is met
 * or waived with a reason (a task without indicators needs 100 % recorded progress); and when the
 * deliverable names an accepting unit, that unit's latest signed decision is "accepted".
 */
export function closeoutEligibility(input: EligibilityInput): { eligible: boolean; reasons: EligibilityReason[] } {
  const reasons: EligibilityReason[] = [];
  const { task } = input;
  if (task.status === "closed") reasons.push({ code: "taskClosed" });
  if (task.status === "suspended") reasons.push({ code: "taskSuspended" });
  if (task.archivedAt) reasons.push({ code: "taskArchived" });
  if (input.indicators.length === 0 && task.progress < 100) reasons.push({ code: "progressIncomplete", progress: task.progress });
  const waivers = new Map(input.items.map((i) => [i.indicatorId, i.waiverReason]));
  for (const ind of input.indicators) {
    if (ind.met || hasText(ind.waivedReason) || hasText(waivers.get(ind.id))) continue;
    reasons.push({ code: "indicatorUnmet", indicatorId: ind.id, name: ind.name });
  }
  if (input.deliverable) {
    const unitName = input.deliverable.acceptingUnitName;
    if (!input.acceptance) reasons.push({ code: "acceptanceMissing", unitName });
    else if (input.acceptance.decision !== "accepted") reasons.push({ code: "acceptanceRejected", unitName });
  }
  return { eligible: reasons.length === 0, reasons };
}

// ------------------------------------------------------------------------------------------ approval

export type ApproverCheck = { ok: true } | { ok: false; code: "forbidden" | "closeoutOwnUnit" };

/**
 * Who may approve or return a proposal: someone holding approve:closeout over the task (secretariat and
 * chief scientist anywhere, a responsible expert for his projects: he must be one of the project's
 * experts, leading the project is not enough) who is NOT of the executing unit. The secretary of the
 * lead enterprise never approves that enterprise's tasks, nor the chief scientist those of his own lab.
 */
export function mayApprove(
  actor: Pick<Grantee, "id" | "unitId" | "projectIds" | "permissions">,
  task: { ownerUnitId: number; projectId: number },
  projectExperts: number[],
): ApproverCheck {
  const anywhere = can(actor, "approve", "closeout", {});
  const inProject = anywhere || (can(actor, "approve", "closeout", { projectId: task.projectId }) && projectExperts.includes(actor.id));
  if (!inProject) return { ok: false, code: "forbidden" };
  if (actor.unitId != null && actor.unitId === task.ownerUnitId) return { ok: false, code: "closeoutOwnUnit" };
  return { ok: true };
}

/**
 * What proposing on a unit's behalf rests on: the task's project lead (项目负责人, of the 牵头单位 that
 * answers for the project as a whole) and whether the owner unit has any active account.
 */
export type ProxyFacts = { projectLeadUserId: number | null; ownerUnitHasAccounts: boolean };

/**
 * Who may propose (or withdraw): propose:closeout over the task's unit, and either the task's owner
 * person or a unit lead of that unit (a researcher cannot propose a colleague's task) -- "own"; or, for a
 * unit without any active account, who therefore cannot propose at all, the project's lead on its
 * behalf (代为提出) -- "proxy". The decision stays with someone outside the owner unit (mayApprove).
 */
export function proposeRight(
  actor: Pick<Grantee, "id" | "unitId" | "projectIds" | "permissions"> & { roles: readonly string[] },
  task: { ownerUnitId: number; ownerUserId: number | null; projectId: number },
  proxy?: ProxyFacts,
): "own" | "proxy" | null {
  if (can(actor, "propose", "closeout", { unitId: task.ownerUnitId, projectId: task.projectId }) && (actor.roles.includes("unit_lead") || task.ownerUserId === actor.id)) return "own";
  if (proxy && !proxy.ownerUnitHasAccounts && proxy.projectLeadUserId === actor.id && actor.roles.includes("project_lead")) return "proxy";
  return null;
}

export const mayPropose = (...args: Parameters<typeof proposeRight>): boolean => proposeRight(...args) !== null;
