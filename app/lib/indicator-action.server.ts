// The one action of the indicator pages (task page, project page): create / update / archive an
// indicator and record a measured value with evidence files. Thin: parse (multipart with limits and
// CSRF), validate with the form's zod schema, call the model, reply for the form that was sent.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { requireActor } from "./http.server";
import { errorReply } from "./error-reply";
import { runIntent } from "./intent-form.server";
import type { IntentReply } from "./intent-form";
import { todayIso } from "./today";
import { translate } from "../i18n/catalog";
import { readMultipart, type UploadedFile } from "../models/evidence.server";
import { archiveIndicator, createIndicator, recordValue, updateIndicator } from "../models/indicators.server";
import { indicatorArchiveSchema, indicatorCreateSchema, indicatorUpdateSchema, recordValueSchema } from "../models/indicators";

export const INDICATOR_INTENTS = ["create", "update", "archive", "record"] as const;
export type IndicatorIntent = (typeof INDICATOR_INTENTS)[number];

/**
 * `intent` and `target` (the indicator id) come in the form or, for the upload form, in the action's
 * query string, so that a refused upload (too large, wrong type: the body is not read to its end) still
 * answers the form that sent it.
 */
export async function indicatorAction({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context);
  const url = new URL(request.url);
  const today = todayIso(context.config.today);
  let intent = url.searchParams.get("intent") as IndicatorIntent | null;
  const target = Number(url.searchParams.get("target")) || null;
  let form: FormData;
  let files: UploadedFile[];
  try {
    ({ form, files } = await readMultipart(request, actor, context.config));
  } catch (err) {
    const reply = errorReply(err, actor.locale);
    if (!reply) throw err;
    return data<IntentReply>({ intent: intent ?? "record", target, formError: reply.message, done: false }, { status: reply.status });
  }
  intent = (form.get("intent") as IndicatorIntent | null) ?? intent;
  if (!intent || !INDICATOR_INTENTS.includes(intent)) throw data({ message: translate(actor.locale, "errors.unknownMessage") }, { status: 400 });
  const run = <S extends z.ZodType>(schema: S, write: (v: z.output<S>) => unknown) => runIntent(form, intent, actor.locale, schema, write);
  switch (intent) {
    case "create":
      return run(indicatorCreateSchema, (v) => createIndicator(context, actor, v));
    case "update":
      return run(indicatorUpdateSchema, (v) => updateIndicator(context, actor, v));
    case "archive":
      return run(indicatorArchiveSchema, (v) => archiveIndicator(context, actor, v));
    case "record":
      return run(recordValueSchema(today), (v) => recordValue(context, actor, v, files));
  }
}

export type IndicatorActionData = Awaited<ReturnType<typeof indicatorAction>>;
