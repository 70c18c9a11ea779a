// Pure schemas of the first-run setup: the consortium's profile and the first administrator, in one form
// (only the administrator when the install already has its consortium).
import * as z from "zod";
import { profileSchema } from "./consortium";
import { userCreateSchema } from "./users";
import { msg } from "./validation";

/** The consortium part: what the admin profile holds, less what is filled in later (goal text, application type). */
export const setupConsortiumSchema = profileSchema.omit({ version: true, applicationType: true, overallGoal: true });

const admin = {
  ...userCreateSchema.pick({ username: true, displayName: true, password: true }).shape,
  confirmPassword: z.string().max(200),
  token: z.string().min(1).max(200),
};
const samePassword = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
const mismatch = { message: msg("account.mismatch"), path: ["confirmPassword"] };

export const setupAdminSchema = z.object(admin).refine(samePassword, mismatch);
export const setupSchema = setupConsortiumSchema.extend(admin).refine(samePassword, mismatch);

export type SetupAdminInput = z.infer<typeof setupAdminSchema>;
export type SetupConsortium = z.infer<typeof setupConsortiumSchema>;
export type SetupInput = SetupAdminInput & Partial<SetupConsortium>;
