// 信用管理 (002 七(三)): dishonesty findings (失信信息记录) against member units and their people, and the
// de-listing (摘牌) of a unit, recorded by the secretariat or the council. Pure: schemas and the shape a
// record takes on the page; the rules are in credit.server.ts.
import * as z from "zod";
import { id, isoDate, requiredText, version } from "./validation";

/** finding / delisting are original records; correction / withdrawal amend one (append-only). */
export const CREDIT_KINDS = ["finding", "delisting", "correction", "withdrawal"] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/** Evidence files of a credit record hang on this subject type in the evidence store. */
export const CREDIT_SUBJECT = "credit_record";

const what = requiredText(2000);
const decision = requiredText(2000);
const reason = requiredText(500);

/** A finding against a unit, or against one person of it (`userId`). */
export const creditFindingSchema = z.object({ unitId: id, userId: id.optional(), what, occurredOn: isoDate, decision }).strict();
export type CreditFindingInput = z.infer<typeof creditFindingSchema>;

/** 摘牌: the unit leaves on `occurredOn`; `version` is the unit row's, so a stale page is refused. */
export const delistSchema = z.object({ unitId: id, version, what, occurredOn: isoDate, decision }).strict();
export type DelistInput = z.infer<typeof delistSchema>;

/** A correction replaces what, when and the decision of a record (a de-listing's date moves the unit's leaving day). */
export const creditCorrectSchema = z.object({ recordId: id, what, occurredOn: isoDate, decision, reason }).strict();
export type CreditCorrectInput = z.infer<typeof creditCorrectSchema>;

/** A withdrawal (e.g. the finding was overturned) keeps the record, struck through, with the reason. */
export const creditWithdrawSchema = z.object({ recordId: id, reason }).strict();
export type CreditWithdrawInput = z.infer<typeof creditWithdrawSchema>;

export const creditFilterSchema = z.object({ unit: z.coerce.number().pipe(id).optional() }).strip();

export type CreditEvidence = { id: number; name: string; mime: string; size: number };

/** One row as stored, with names. */
export type CreditRow = {
  id: number;
  kind: CreditKind;
  unitId: number;
  unitName: string;
  userId: number | null;
  personName: string | null;
  what: string;
  occurredOn: string;
  decision: string;
  correctsId: number | null;
  reason: string | null;
  recordedBy: number;
  recorderName: string;
  recordedAt: string;
  evidence: CreditEvidence[];
};

/**
 * A record as read: its original row, the amendments in order, and what stands now (the last correction's
 * text; `withdrawn` when the last amendment is a withdrawal).
 */
export type CreditRecord = {
  id: number;
  kind: "finding" | "delisting";
  unitId: number;
  unitName: string;
  personName: string | null;
  current: Pick<CreditRow, "what" | "occurredOn" | "decision">;
  withdrawn: boolean;
  /** The original row first, then each correction or withdrawal. */
  history: CreditRow[];
  /** The id an amendment must point at (the latest row of the chain). */
  headId: number;
};

/** What the admission page shows beside a unit: its standing findings and whether it was de-listed. */
export type CreditStanding = { unitId: number; unitName: string; findings: number; delistedOn: string | null; latest: string | null };

/** A member request's unit as the council sees it when deciding: former member, standing findings, de-listing. */
export type CreditNote = { unitId: number | null; former: boolean; findings: number; delistedOn: string | null; latest: string | null };
