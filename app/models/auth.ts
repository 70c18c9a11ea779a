// Sign-in and password schemas, shared by the forms and the actions.
import * as z from "zod";
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

// Characters a browser drops or reinterprets in a Location (tab, CR, LF are removed, a backslash reads as "/",
// leading spaces and controls are stripped), so "/\t/evil.example" would leave the site.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_NEXT = /[\u0000-\u0020\u007f\\]/;
const SELF = "http://self.invalid";

/**
 * Where to go after sign-in: only a path on this site, "/board?project=2", else "/". The target is parsed
 * as a URL (as the browser will) and returned in its normalised form, so what is checked is what is sent.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || next[0] !== "/" || UNSAFE_IN_NEXT.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, SELF);
  } catch {
    return "/";
  }
  const path = url.pathname + url.search + url.hash;
  // Normalising can turn "/.//evil.example" into "//evil.example": protocol-relative, off-site.
  return url.origin === SELF && path[0] === "/" && path[1] !== "/" ? path : "/";
}
