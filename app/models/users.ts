// Pure schemas of users and their roles, shared by the admin forms and the server.
import * as z from "zod";
import { ROLES } from "./permissions";
import { optionalText, requiredText, version, msg } from "./validation";

const common = {
  displayName: requiredText(40),
  unitId: z.number().int().positive().optional(),
  outsideBodyId: z.number().int().positive().optional(),
  title: optionalText(40),
  email: z.union([z.literal(""), z.email(msg("validation.email")).max(120)]).default(""),
  phone: optionalText(30),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
};

export const userCreateSchema = z.object({
  ...common,
  username: z
    .string()
    .trim()
    .min(3)
    .max(32)
    .regex(/^[a-z0-9_.-]+$/i, msg("validation.username")),
  password: z.string().min(8, msg("validation.passwordLength")).max(128),
});

/** An admin's password reset: a temporary password the user must replace at his next sign-in. */
export const passwordResetSchema = z.object({ id: z.number().int().positive(), version, password: z.string().min(8, msg("validation.passwordLength")).max(128) });

export const userUpdateSchema = z.object({ ...common, id: z.number().int().positive(), version, active: z.boolean().default(false) });
