// Outside bodies (机构): the major project's 总体部, its expert pool (专家库) and evaluators. People belong
// to one instead of a member unit; an expert of the pool has no unit, so no project is his own (the
// conflict-of-interest rule then never excludes him). Pure: the admin form and the server share these.
import * as z from "zod";
import { id, requiredText, version } from "./validation";

export const OUTSIDE_KINDS = ["general_design", "expert_pool", "evaluator"] as const;

export const outsideBodySchema = z.object({ name: requiredText(100), kind: z.enum(OUTSIDE_KINDS) }).strict();
export const outsideBodyUpdateSchema = outsideBodySchema.extend({ id, version }).strict();
export type OutsideBodyInput = z.infer<typeof outsideBodySchema>;
