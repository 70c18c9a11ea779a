// Pure schemas of the consortium's governance records the secretariat keeps: organ members (理事会 and
// its 理事长, 专家咨询委员会, 首席科学家, 秘书处 staff) with their terms, yearly and phase goals, organ
// meetings (agenda, attendance, 纪要, decisions linked to tasks) and funding per project and year.
// Shared by the forms and the server (organs.server.ts, meetings.server.ts, funding.server.ts).
import * as z from "zod";
import { ORGANS } from "./domain";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

const ordered = (v: { sinceOn?: string; untilOn?: string }) => !v.sinceOn || !v.untilOn || v.untilOn >= v.sinceOn;
const orderError = { message: msg("errors.datesOrder"), path: ["untilOn"] };

/** A member is a user (name and unit then come from the account) or a name with an optional unit. */
const organMemberFields = {
  organ: z.enum(ORGANS),
  userId: id.optional(),
  name: optionalText(40),
  unitId: id.optional(),
  position: optionalText(40),
  sinceOn: isoDate.optional(),
  untilOn: isoDate.optional(),
};
const named = (v: { userId?: number; name: string }) => v.userId != null || v.name !== "";
const namedError = { message: msg("errors.organMemberUnnamed"), path: ["name"] };

export const organMemberSchema = z.object(organMemberFields).refine(named, namedError).refine(ordered, orderError);
export const organMemberUpdateSchema = z
  .object({ ...organMemberFields, id, version })
  .refine(named, namedError)
  .refine(ordered, orderError);
/** Ends a member's term on a day (he stays listed, no longer counted after it). */
export const organMemberEndSchema = z.object({ id, version, untilOn: isoDate });
export type OrganMemberInput = z.infer<typeof organMemberSchema>;

export const goalSchema = z.object({ year: z.number().int().min(2000).max(2100), phase: optionalText(40), goal: requiredText(1000) });
export const goalUpdateSchema = goalSchema.extend({ id, version });
export const goalRemoveSchema = z.object({ id, version });
export type GoalInput = z.infer<typeof goalSchema>;

/** 理事会会议 / 专家咨询委员会会议 are sessions of the organ; 季度技术交流 and other working meetings are not. */
export const MEETING_KINDS = ["session", "exchange", "working"] as const;

const decision = z.object({ id: id.optional(), text: optionalText(500), taskId: id.optional() });
/** Blank decision rows of the form are dropped; a task link needs the decision's words. */
const decisions = z
  .array(decision)
  .max(50)
  .default([])
  .superRefine((ds, ctx) =>
    ds.forEach((d, i) => {
      if (d.text === "" && d.taskId != null) ctx.addIssue({ code: "custom", path: [i, "text"], message: msg("validation.required") });
    }),
  )
  .transform((ds) => ds.filter((d) => d.text !== ""));

const meetingFields = {
  organ: z.enum(ORGANS),
  kind: z.enum(MEETING_KINDS),
  heldOn: isoDate,
  title: requiredText(100),
  place: optionalText(100),
  agenda: optionalText(4000),
  summary: optionalText(8000),
  /** Users present, and member units represented (multi-selects post one value each). */
  attendeeIds: z.array(id).max(500).default([]),
  unitIds: z.array(id).max(500).default([]),
  /** Head count present; left empty it is the number of users ticked. */
  presentCount: z.number().int().min(0).max(10_000).optional(),
  decisions,
};
export const meetingSchema = z.object(meetingFields);
export const meetingUpdateSchema = z.object({ ...meetingFields, id, version });
export type MeetingInput = z.infer<typeof meetingSchema>;

const money = z.number().min(0).max(10_000_000);
/** The secretariat's row of 年度经费拨付建议表 (万元). */
export const fundingSchema = z.object({
  projectId: id,
  year: z.number().int().min(2000).max(2100),
  version: version.optional(),
  provincialFunds: money.default(0),
  selfFunds: money.default(0),
  spent: money.default(0),
  suggestedFunds: money.default(0),
  suggestion: optionalText(1000),
});
/** A project lead proposes what his project spent; the secretariat accepts it into the row. */
export const fundingProposeSchema = z.object({ projectId: id, year: z.number().int().min(2000).max(2100), version: version.optional(), proposedSpent: money });
export const fundingAcceptSchema = z.object({ projectId: id, year: z.number().int().min(2000).max(2100), version });
export type FundingInput = z.infer<typeof fundingSchema>;
