// 下家考核上家、系统考核部件、应用考核技术 (004): a task's deliverable may name the unit that must accept
// it (the downstream user, the system integrator or the application side). That unit's lead signs an
// acceptance (or a rejection); close-out of such a task needs the latest decision to be "accepted".
import * as z from "zod";
import { id, msg, optionalText, requiredText, version } from "./validation";

export const ACCEPTANCE_KINDS = ["downstream", "system", "application"] as const;
export type AcceptanceKind = (typeof ACCEPTANCE_KINDS)[number];
export const ACCEPTANCE_DECISIONS = ["accepted", "rejected"] as const;
export type AcceptanceDecision = (typeof ACCEPTANCE_DECISIONS)[number];
/** notRequired: no accepting unit named; awaiting: named but not signed yet. */
export type AcceptanceState = "notRequired" | "awaiting" | AcceptanceDecision;

export type DeliverableRow = {
  /** The task's id (one requirement per task), so board events can key it like any row. */
  id: number;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  taskStatus: string;
  projectId: number;
  ownerUnitId: number;
  ownerUnitName: string;
  deliverable: string;
  acceptingUnitId: number;
  acceptingUnitName: string;
  acceptanceKind: AcceptanceKind;
  version: number;
  /** The person the accepting unit's lead named to sign for this deliverable, if any. */
  delegate: DelegateRow | null;
  /** The accepting unit's latest decision (null: not signed yet). */
  latest: AcceptanceRow | null;
  state: AcceptanceState;
};

export type DelegateRow = { userId: number; name: string; delegatedBy: number; delegatorName: string; delegatedAt: string; version: number };

export type AcceptanceRow = {
  id: number;
  taskId: number;
  unitId: number;
  unitName: string;
  decision: AcceptanceDecision;
  comment: string;
  signedBy: number;
  signerName: string;
  signedAt: string;
  /** The lead who delegated the signature, when a delegate signed. */
  delegatorName: string | null;
  evidence: { id: number; name: string; size: number; uploaderName?: string; uploadedAt?: string }[];
};

/** Version 0 creates the requirement; otherwise the version the user saw. */
export const deliverableSetSchema = z
  .object({
    taskId: id,
    version,
    deliverable: requiredText(500),
    acceptingUnitId: id,
    acceptanceKind: z.enum(ACCEPTANCE_KINDS),
  })
  .strict();
export type DeliverableSetInput = z.infer<typeof deliverableSetSchema>;

/**
 * The accepting unit's lead names (userId) or withdraws (no userId) the person signing for this
 * deliverable; `version`: the delegation's, 0 when there is none.
 */
export const acceptanceDelegateSchema = z.object({ taskId: id, version: z.coerce.number().int().min(0), userId: id.optional() }).strict();
export type AcceptanceDelegateInput = z.infer<typeof acceptanceDelegateSchema>;

export const deliverableClearSchema = z.object({ taskId: id, version }).strict();
export type DeliverableClearInput = z.infer<typeof deliverableClearSchema>;

/** A rejection must say why. */
export const acceptanceSignSchema = z
  .object({
    taskId: id,
    decision: z.enum(ACCEPTANCE_DECISIONS),
    comment: optionalText(1000),
  })
  .strict()
  .refine((v) => v.decision === "accepted" || v.comment.length > 0, { message: msg("closeout.acceptance.rejectNeedsComment"), path: ["comment"] });
export type AcceptanceSignInput = z.infer<typeof acceptanceSignSchema>;

/** The state of a requirement from the accepting unit's decisions (any order; the newest counts). */
export function acceptanceState(
  deliverable: { acceptingUnitId: number } | null,
  decisions: { id: number; unitId: number; decision: AcceptanceDecision }[],
): { state: AcceptanceState; latestId: number | null } {
  if (!deliverable) return { state: "notRequired", latestId: null };
  const mine = decisions.filter((d) => d.unitId === deliverable.acceptingUnitId).sort((a, b) => b.id - a.id);
  const latest = mine[0];
  return latest ? { state: latest.decision, latestId: latest.id } : { state: "awaiting", latestId: null };
}
