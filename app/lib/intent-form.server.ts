// One way to handle a page with several small forms, each posting an `intent`: parse the form with the
// model's zod schema (conform), run the model call, and answer with the submission reply, a message in
// the user's language and the HTTP status of a refusal (400 bad input / rule, 403, 409 conflict).
import { data } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { errorReply } from "./error-reply";
import type { Locale } from "../i18n/catalog";
import { stripRouting, type IntentReply } from "./intent-form";

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
