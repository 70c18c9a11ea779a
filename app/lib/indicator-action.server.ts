// The one action of the indicator pages (task page, project page): create / update / archive an
// indicator and record a measured value with evidence files. Thin: parse (multipart with limits and
// CSRF), validate with the form's zod schema, call the model, reply for the form that was sent.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireActor } from "./http.server";
import { intentRunner, readIntentForm } from "./intent-form.server";
import { archiveIndicator, createIndicator, recordValue, updateIndicator } from "../models/indicator-writes.server";
import { indicatorArchiveSchema, indicatorCreateSchema, indicatorUpdateSchema, recordValueSchema } from "../models/indicators";

const INDICATOR_INTENTS = ["create", "update", "archive", "record"] as const;

/**
 * `intent` and `target` (the indicator id) come in the form or, for the upload form, in the action's
 * query string, so that a refused upload (too large, wrong type: the body is not read to its end) still
 * answers the form that sent it.
 */
export async function indicatorAction({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context);
  const url = new URL(request.url);
  const today = context.db.$clock.today();
  const urlIntent = url.searchParams.get("intent");
  const target = Number(url.searchParams.get("target")) || null;
  const read = await readIntentForm(request, actor, context.config, INDICATOR_INTENTS, { intent: urlIntent ?? "record", target }, { fallbackIntent: urlIntent });
  if (read.refused) return read.refused;
  const { intent, form, files } = read;
  const run = intentRunner(form, intent, actor.locale);
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
