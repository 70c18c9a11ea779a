// Sign-in and password schemas, shared by the forms and the actions.
import { z } from "zod";
import { msg } from "./validation";
import { LOCALES } from "../i18n/catalog";

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(8, msg("validation.passwordLength")).max(200),
    confirmPassword: z.string().min(1).max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: msg("account.mismatch"), path: ["confirmPassword"] });

/** The per-user language switch on /account (the form's `intent` routes it and is not part of it). */
export const localeSchema = z.object({ locale: z.enum(LOCALES) }).strict();

/** Only same-site paths: "/board", never "//evil.example" or "https://...". */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}
