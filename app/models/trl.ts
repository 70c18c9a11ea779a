// 技术成熟度 (TRL 1-9) rules for key technologies (关键技术) followed through V-model iterations (000 art. 4).
// Pure: shared by the technology pages, the server (trl.server.ts) and the checks feature.
//
// Decisions (the seeds name the three R&D stages and the engineering samples, but give no numbers):
// - Stage ↔ TRL: 基础研究 TRL 1-3, 重大关键共性技术 TRL 4-6, 成果转化 TRL 7-9 (the usual reading of art. 4).
// - Sample level ↔ TRL, as customary for 模样/初样/正样: 模样 3-4, 初样 4-6, 正样 6-8. Both mappings only
//   produce warnings on an iteration; the hard iteration rules are 1 ≤ entry ≤ target ≤ 9.
// - A TRL claim (validateClaim) is refused when: it is not an integer 1..9; it does not exceed the level
//   confirmed so far (the technology's start TRL from the task book, raised by each confirmed claim); it
//   lies above the iteration's target TRL without a reason; it jumps more than one level above the last
//   confirmed level without a reason. A reason never overrides the first two rules.
// - Only one claim per technology may wait for a decision at a time (server rule, `trlClaimPending`).
// - mayConfirm: the confirmer holds `confirm:trl` in scope — `any` (chief scientist) or `own-project`,
//   which here means he is a responsible expert of the technology's project (listed in project_experts,
//   or an expert of the check the decision is taken in); leading the project is not enough — AND he is not
//   of the claiming unit (conflict of interest), whatever his scope.
import * as z from "zod";
import { can, type Grantee } from "./permissions";
import { id, msg, optionalText, version } from "./validation";

export const TRL_MIN = 1;
export const TRL_MAX = 9;
export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export const trlValue = z.number().int().min(TRL_MIN).max(TRL_MAX);

export const STAGES = ["basic_research", "key_common_tech", "transfer"] as const;
export type Stage = (typeof STAGES)[number];
export const SAMPLE_LEVELS = ["mock", "prototype", "production"] as const;
export type SampleLevel = (typeof SAMPLE_LEVELS)[number];

export type TrlRange = { min: number; max: number };
export const STAGE_TRL: Record<Stage, TrlRange> = {
  basic_research: { min: 1, max: 3 },
  key_common_tech: { min: 4, max: 6 },
  transfer: { min: 7, max: 9 },
};
export const SAMPLE_TRL: Record<SampleLevel, TrlRange> = {
  mock: { min: 3, max: 4 },
  prototype: { min: 4, max: 6 },
  production: { min: 6, max: 8 },
};

export const stageOfTrl = (trl: number): Stage => (STAGES.find((s) => trl <= STAGE_TRL[s].max) ?? "transfer");
const inRange = (trl: number, r: TrlRange) => trl >= r.min && trl <= r.max;

export type IterationTrl = { stage: Stage; sampleLevel: SampleLevel; entryTrl: number; targetTrl: number };
export type IterationWarning = "stageRange" | "sampleRange";

/** Soft checks of an iteration's plan: its target should lie in its stage's and its sample level's TRL band. */
export function iterationWarnings(it: IterationTrl): IterationWarning[] {
  const out: IterationWarning[] = [];
  if (!inRange(it.targetTrl, STAGE_TRL[it.stage])) out.push("stageRange");
  if (!inRange(it.targetTrl, SAMPLE_TRL[it.sampleLevel])) out.push("sampleRange");
  return out;
}

// ------------------------------------------------------------------------------------------ claims

export const CLAIM_STATUSES = ["claimed", "confirmed", "rejected"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const DECISIONS = ["confirmed", "rejected"] as const;
export type Decision = (typeof DECISIONS)[number];

export type ClaimRule = "trlOutOfRange" | "trlNotAbove" | "trlAboveTargetNeedsReason" | "trlJumpNeedsReason";

export type ClaimInput = {
  claimedTrl: number;
  /** The iteration the claim is made in (null: no iteration, only the technology's own bounds apply). */
  iteration: { entryTrl: number; targetTrl: number } | null;
  /** The level confirmed so far (start TRL or the last confirmed claim). */
  confirmedTrl: number;
  reason: string;
};

/** Whether a reason is needed for this level (above the iteration's target, or more than one level up). */
export function claimNeedsReason(c: Omit<ClaimInput, "reason">): boolean {
  return (c.iteration != null && c.claimedTrl > c.iteration.targetTrl) || c.claimedTrl - c.confirmedTrl > 1;
}

/** Every rule the claim breaks, most fundamental first; empty when it may be filed. */
export function validateClaim(c: ClaimInput): ClaimRule[] {
  if (!Number.isInteger(c.claimedTrl) || c.claimedTrl < TRL_MIN || c.claimedTrl > TRL_MAX) return ["trlOutOfRange"];
  if (c.claimedTrl <= c.confirmedTrl) return ["trlNotAbove"];
  const hasReason = c.reason.trim().length > 0;
  const out: ClaimRule[] = [];
  if (!hasReason && c.iteration && c.claimedTrl > c.iteration.targetTrl) out.push("trlAboveTargetNeedsReason");
  if (!hasReason && c.claimedTrl - c.confirmedTrl > 1) out.push("trlJumpNeedsReason");
  return out;
}

export type ClaimLike = { trl: number; status: ClaimStatus; claimedAt: string; decidedAt: string | null };

/** The level confirmed so far: the start TRL raised by every confirmed claim. */
export function confirmedTrlOf(startTrl: number, claims: Pick<ClaimLike, "trl" | "status">[]): number {
  return claims.reduce((m, c) => (c.status === "confirmed" ? Math.max(m, c.trl) : m), startTrl);
}

export type ConfirmRefusal = "trlNotPending" | "forbidden" | "trlOwnUnit";

/**
 * Whether `actor` may confirm or reject `claim`. `projectExperts`: user ids of the responsible experts of
 * the claim's project (plus the experts of the check it is decided in). Returns null when allowed.
 */
export function confirmRefusal(
  actor: Grantee,
  claim: { unitId: number; projectId: number; status: ClaimStatus },
  projectExperts: number[],
): ConfirmRefusal | null {
  if (claim.status !== "claimed") return "trlNotPending";
  // own-project scope counts only for a responsible expert of this project, not for its lead.
  const scoped: Grantee = { ...actor, unitId: null, projectIds: projectExperts.includes(actor.id) ? [claim.projectId] : [] };
  if (!can(scoped, "confirm", "trl", { projectId: claim.projectId })) return "forbidden";
  if (actor.unitId != null && actor.unitId === claim.unitId) return "trlOwnUnit";
  return null;
}

/** holds confirm:trl in scope AND is not of the claiming unit (ignores the claim's status). */
export const mayConfirm = (actor: Grantee, claim: { unitId: number; projectId: number }, projectExperts: number[]) =>
  confirmRefusal(actor, { ...claim, status: "claimed" }, projectExperts) === null;

// ------------------------------------------------------------------------------------------ ladder

export type StepPoint = { date: string; trl: number };
export type LadderMarker = { date: string; trl: number; status: ClaimStatus };
export type Ladder = { start: string; end: string; claimed: StepPoint[]; confirmed: StepPoint[]; markers: LadderMarker[] };

const day = (ts: string) => ts.slice(0, 10);

/** Appends a step, replacing a step of the same day, skipping one that does not change the level. */
function step(series: StepPoint[], date: string, trl: number) {
  const last = series[series.length - 1];
  if (last && last.date === date) {
    last.trl = trl;
    const prev = series[series.length - 2];
    if (prev && prev.trl === trl) series.pop();
    return;
  }
  if (!last || last.trl !== trl) series.push({ date, trl });
}

/**
 * Claimed vs confirmed TRL over time, as step series starting at `startOn` on the start TRL and running
 * to `end`. The claimed level jumps to a claim's TRL on the day it is claimed and falls back to the
 * confirmed level the day it is rejected; the confirmed level rises on the day a claim is confirmed.
 */
export function ladderSeries(input: { startTrl: number; startOn: string; end: string; claims: ClaimLike[] }): Ladder {
  type Ev = { date: string; order: number; apply: (s: { claimed: number; confirmed: number }) => void };
  const evs: Ev[] = [];
  input.claims.forEach((c, i) => {
    evs.push({ date: day(c.claimedAt), order: i * 2, apply: (s) => void (s.claimed = c.trl) });
    if (c.decidedAt && c.status === "confirmed")
      evs.push({ date: day(c.decidedAt), order: i * 2 + 1, apply: (s) => void ((s.confirmed = Math.max(s.confirmed, c.trl)), (s.claimed = Math.max(s.claimed, s.confirmed))) });
    if (c.decidedAt && c.status === "rejected") evs.push({ date: day(c.decidedAt), order: i * 2 + 1, apply: (s) => void (s.claimed = s.confirmed) });
  });
  evs.sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order);
  const state = { claimed: input.startTrl, confirmed: input.startTrl };
  const claimed: StepPoint[] = [{ date: input.startOn, trl: input.startTrl }];
  const confirmed: StepPoint[] = [{ date: input.startOn, trl: input.startTrl }];
  for (const e of evs) {
    const date = e.date < input.startOn ? input.startOn : e.date;
    e.apply(state);
    step(claimed, date, state.claimed);
    step(confirmed, date, state.confirmed);
  }
  const lastDate = [input.end, ...evs.map((e) => e.date)].reduce((a, b) => (a > b ? a : b));
  return {
    start: input.startOn,
    end: lastDate,
    claimed,
    confirmed,
    markers: input.claims.map((c) => ({ date: day(c.claimedAt) < input.startOn ? input.startOn : day(c.claimedAt), trl: c.trl, status: c.status })),
  };
}

// ------------------------------------------------------------------------------------------ schemas

/** A reason is free text; whether it is required depends on the levels (validateClaim), not on the form. */
export const trlClaimSchema = z
  .object({ technologyId: id, iterationId: id, trl: trlValue, reason: optionalText(1000) })
  .strict();
export type TrlClaimInput = z.infer<typeof trlClaimSchema>;

/** A rejection must say why; a confirmation may. */
export const trlDecisionSchema = z
  .object({ claimId: id, decision: z.enum(DECISIONS), comment: optionalText(1000), checkId: id.optional(), version })
  .strict()
  .refine((v) => v.decision === "confirmed" || v.comment.length > 0, { path: ["comment"], message: msg("technologies.rejectNeedsComment") });
export type TrlDecisionInput = z.infer<typeof trlDecisionSchema>;
