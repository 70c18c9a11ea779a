// The one action of the indicator pages (task page, project page): create / update / archive an
// indicator and record a measured value with evidence files. The record form names its intent and
// indicator in its action URL (a correction its value: `?intent=correct&id=…`) (`?intent=record&id=…`), so a refused upload still answers that form.
import type { ActionFunctionArgs } from "@remix-run/node";
import { readIntent } from "../lib/intent-form.server";
import { archiveIndicator, correctValue, createIndicator, recordValue, updateIndicator, withdrawValue } from "../models/indicator-writes.server";
import { correctValueSchema, indicatorArchiveSchema, indicatorCreateSchema, indicatorUpdateSchema, recordValueSchema, withdrawValueSchema } from "../models/indicators";

const INDICATOR_INTENTS = ["create", "update", "archive", "record", "correct", "withdraw"] as const;

export async function indicatorAction({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, INDICATOR_INTENTS, { uploads: "record" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  switch (intent) {
    case "create":
      return run(indicatorCreateSchema, (v) => createIndicator(context, actor, v));
    case "update":
      return run(indicatorUpdateSchema, (v) => updateIndicator(context, actor, v));
    case "archive":
      return run(indicatorArchiveSchema, (v) => archiveIndicator(context, actor, v));
    case "record":
      return run(recordValueSchema(context.db.$clock.today()), (v) => recordValue(context, actor, v, files), { target: "indicatorId" });
    case "correct":
      return run(correctValueSchema(context.db.$clock.today()), (v) => correctValue(context, actor, v, files), { target: "valueId" });
    case "withdraw":
      return run(withdrawValueSchema, (v) => withdrawValue(context, actor, v), { target: "valueId" });
  }
}
