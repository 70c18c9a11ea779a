// Reminders (提示) and supervision notices (督办) the secretariat sends to the owner unit of a task that
// slips. Pure schemas and types, shared by the notices page, the server and the tests.
import * as z from "zod";
import { id, isoDate, msg, requiredText, version } from "./validation";

export const NOTICE_KINDS = ["reminder", "supervision"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_STATUSES = ["open", "acknowledged", "answered", "closed"] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
/** Statuses that still wait for the unit (acknowledge / answer). */
export const AWAITING_UNIT: NoticeStatus[] = ["open", "acknowledged"];

export type NoticeRow = {
  id: number;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  unitId: number;
  unitName: string;
  kind: NoticeKind;
  body: string;
  respondBy: string;
  status: NoticeStatus;
  issuedBy: number;
  issuerName: string;
  issuedAt: string;
  acknowledgedBy: number | null;
  acknowledgedAt: string | null;
  response: string;
  respondedBy: number | null;
  respondedAt: string | null;
  version: number;
};

/** The respond-by date cannot lie in the past; `today` comes from the server (pinned in tests). */
export const noticeIssueSchema = (today: string) =>
  z
    .object({
      taskId: id,
      kind: z.enum(NOTICE_KINDS),
      body: requiredText(1000),
      respondBy: isoDate.refine((d) => d >= today, msg("notices.respondByPast")),
    })
    .strict();
export type NoticeIssueInput = z.infer<ReturnType<typeof noticeIssueSchema>>;

export const noticeAcknowledgeSchema = z.object({ id, version }).strict();
export type NoticeAcknowledgeInput = z.infer<typeof noticeAcknowledgeSchema>;

export const noticeAnswerSchema = z.object({ id, version, response: requiredText(2000) }).strict();
export type NoticeAnswerInput = z.infer<typeof noticeAnswerSchema>;

export const noticeCloseSchema = z.object({ id, version }).strict();
export type NoticeCloseInput = z.infer<typeof noticeCloseSchema>;

/** Which transitions each write allows: acknowledge only an open notice, answer before closing, close anything not closed. */
export const ALLOWED_FROM: Record<"acknowledge" | "answer" | "close", NoticeStatus[]> = {
  acknowledge: ["open"],
  answer: ["open", "acknowledged"],
  close: ["open", "acknowledged", "answered"],
};

/** Whether a notice is past its respond-by date without an answer. */
export const isOverdueNotice = (n: Pick<NoticeRow, "status" | "respondBy">, today: string) =>
  AWAITING_UNIT.includes(n.status) && n.respondBy < today;
