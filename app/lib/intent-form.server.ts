// One way to handle a page with several small forms, each posting an `intent`: read the (possibly
// multipart) form and pick the intent (readIntentForm), parse the form with the model's zod schema
// (conform), run the model call, and answer with the submission reply, a message in the user's language
// and the HTTP status of a refusal (400 bad input / rule, 403, 409 conflict) (runIntent).
import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { errorReply } from "./error-reply";
import { translate, type Locale } from "../i18n/catalog";
import { stripRouting, type IntentReply } from "./intent-form";
import type { Actor, AppConfig } from "../models/context.server";
import { readMultipart, type UploadedFile } from "../models/evidence.server";

export function runIntent<S extends z.ZodType>(
  form: FormData,
  intent: string,
  locale: Locale,
  schema: S,
  write: (value: z.output<S>) => unknown,
) {
  const target = Number(form.get("id") ?? form.get("claimId") ?? form.get("indicatorId")) || null;
  stripRouting(form);
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") {
    return data<IntentReply>({ intent, target, result: submission.reply(), formError: null, done: false }, { status: 400 });
  }
  try {
    write(submission.value as z.output<S>);
    return data<IntentReply>({ intent, target, result: submission.reply({ resetForm: true }), formError: null, done: true });
  } catch (err) {
    const reply = errorReply(err, locale);
    if (!reply) throw err;
    return data<IntentReply>({ intent, target, result: submission.reply(), formError: reply.message, done: false }, { status: reply.status });
  }
}

/** runIntent bound to one posted form: `run(schema, write)` for each case of an action's switch. */
export const intentRunner =
  (form: FormData, intent: string, locale: Locale) =>
  <S extends z.ZodType>(schema: S, write: (value: z.output<S>) => unknown) =>
    runIntent(form, intent, locale, schema, write);

type Refused = ReturnType<typeof data<IntentReply>>;

/**
 * The first step of an action whose forms post an `intent`, one of them with evidence files: read the
 * (possibly multipart) form with readMultipart's limits, type checks and CSRF check, and pick the intent.
 *
 * - A refused upload answers `refusedAs`: the upload form's intent, or the intent and record the form's
 *   action URL names (the body is not read to its end, so the form's own fields are unknown).
 * - `fallbackIntent` is used when the form posts no intent (it is named in the action URL instead).
 * - An intent not in `intents` is a 400: thrown (the error page), or with `unknownAsReply` answered as a
 *   refusal beside the form.
 */
export async function readIntentForm<I extends string>(
  request: Request,
  actor: Actor,
  config: AppConfig,
  intents: readonly I[],
  refusedAs: I | { intent: string; target: number | null },
  opts: { fallbackIntent?: string | null; unknownAsReply?: boolean } = {},
): Promise<{ intent: I; form: FormData; files: UploadedFile[]; refused?: undefined } | { refused: Refused }> {
  let parsed: Awaited<ReturnType<typeof readMultipart>>;
  try {
    parsed = await readMultipart(request, actor, config);
  } catch (err) {
    // Over-size or forbidden evidence files: refused before anything is written.
    const r = errorReply(err, actor.locale);
    if (!r) throw err;
    const { intent, target } = typeof refusedAs === "string" ? { intent: refusedAs, target: null } : refusedAs;
    return { refused: data<IntentReply>({ intent, target, formError: r.message, done: false }, { status: r.status }) };
  }
  const raw = parsed.form.get("intent") ?? opts.fallbackIntent ?? null;
  const intent = (raw == null ? "" : String(raw)) as I;
  if (!intents.includes(intent)) {
    const message = translate(actor.locale, "errors.unknownMessage");
    if (!opts.unknownAsReply) throw data({ message }, { status: 400 });
    return { refused: data<IntentReply>({ intent, target: null, formError: message, done: false }, { status: 400 }) };
  }
  return { intent, ...parsed };
}
