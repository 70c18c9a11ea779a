// One translation of failures for every adapter (route action, socket ack): a DomainError or a zod
// error becomes a code, a sentence in the user's language and, for forms, messages per field: the
// protocol's one ErrorReply (app/realtime/protocol.ts).
import * as z from "zod";
import { DomainError } from "../models/errors";
import { translate, type Locale } from "../i18n/catalog";
import { fieldErrors, parseMessage } from "../models/validation";
import type { ErrorReply } from "../realtime/protocol";

export type { ErrorReply };

/** Returns null for errors that are bugs (the caller logs them and answers "internal"). */
export function errorReply(err: unknown, locale: Locale): ErrorReply | null {
  if (err instanceof DomainError) {
    return {
      ok: false,
      code: err.code,
      status: err.status,
      message: translate(locale, `errors.${err.code}`, err.details as Record<string, string | number>),
      details: err.details,
    };
  }
  if (err instanceof z.ZodError) {
    const fields = Object.fromEntries(
      Object.entries(fieldErrors(err)).map(([k, m]) => {
        const { key, params } = parseMessage(m);
        return [k, translate(locale, key, params)];
      }),
    );
    return { ok: false, code: "invalid", status: 400, message: translate(locale, "errors.invalid"), fieldErrors: fields };
  }
  return null;
}

export function internalReply(locale: Locale): ErrorReply {
  return { ok: false, code: "internal", status: 500, message: translate(locale, "errors.internal") };
}
