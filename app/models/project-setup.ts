// Pure schemas of the structures a consortium sets up before tasks: project groups (项目群), projects
// (任务书: code, lead unit and lead, term, participating units, responsible experts) and milestone nodes.
// Shared by the admin forms and the server.
import * as z from "zod";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const groupSchema = z.object({ code: requiredText(20), name: requiredText(60), description: optionalText(500) });
export const groupUpdateSchema = groupSchema.extend({ id, version });
export type GroupInput = z.infer<typeof groupSchema>;

const term = (v: { startOn: string; endOn: string }) => v.endOn >= v.startOn;
const termError = { message: msg("errors.datesOrder"), path: ["endOn"] };

const projectFields = {
  groupId: id,
  code: requiredText(40),
  name: requiredText(100),
  leadUnitId: id,
  leadUserId: id.optional(),
  budget: z.number().min(0).max(1_000_000).default(0),
  startOn: isoDate,
  endOn: isoDate,
  description: optionalText(2000),
  /** Participating units besides the lead unit (a multi-select posts one value per unit). */
  unitIds: z.array(id).max(200).default([]),
  /** Responsible experts (责任专家): users holding the expert role. */
  expertIds: z.array(id).max(50).default([]),
};
export const projectSchema = z.object(projectFields).refine(term, termError);
export const projectUpdateSchema = z.object({ ...projectFields, id, version }).refine(term, termError);
export type ProjectInput = z.infer<typeof projectSchema>;

export const milestoneSchema = z.object({ projectId: id, name: requiredText(80), dueOn: isoDate, expectedResults: optionalText(1000) });
export const milestoneUpdateSchema = milestoneSchema.omit({ projectId: true }).extend({ id, version });
export type MilestoneInput = z.infer<typeof milestoneSchema>;
