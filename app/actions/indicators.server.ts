// The one action of the indicator pages (task page, project page): create / update / archive an
// indicator and record a measured value with evidence files. The record form names its intent and
// indicator in its action URL (`?intent=record&id=…`), so a refused upload still answers that form.
import type { ActionFunctionArgs } from "@remix-run/node";
import { readIntent } from "../lib/intent-form.server";
import { archiveIndicator, createIndicator, recordValue, updateIndicator } from "../models/indicator-writes.server";
import { indicatorArchiveSchema, indicatorCreateSchema, indicatorUpdateSchema, recordValueSchema } from "../models/indicators";

const INDICATOR_INTENTS = ["create", "update", "archive", "record"] as const;

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
  }
}
