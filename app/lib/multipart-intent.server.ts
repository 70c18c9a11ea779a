// The first step of an action whose forms post an `intent`, one of them with evidence files: read the
// (possibly multipart) form with readMultipart's limits, type checks and CSRF check, and pick the intent.
// A refused upload answers the upload form; an unknown intent is a 400.
import { data } from "@remix-run/node";
import type { Actor, AppConfig } from "../models/context.server";
import { readMultipart, type UploadedFile } from "../models/evidence.server";
import { errorReply } from "./error-reply";
import { translate } from "../i18n/catalog";
import type { IntentReply } from "./intent-form";

export async function readIntentForm<I extends string>(
  request: Request,
  actor: Actor,
  config: AppConfig,
  intents: readonly I[],
  uploadIntent: I,
): Promise<{ intent: I; form: FormData; files: UploadedFile[]; refused?: undefined } | { refused: ReturnType<typeof data<IntentReply>> }> {
  let parsed: Awaited<ReturnType<typeof readMultipart>>;
  try {
    parsed = await readMultipart(request, actor, config);
  } catch (err) {
    const r = errorReply(err, actor.locale);
    if (!r) throw err;
    return { refused: data<IntentReply>({ intent: uploadIntent, target: null, formError: r.message, done: false }, { status: r.status }) };
  }
  const intent = String(parsed.form.get("intent")) as I;
  if (!intents.includes(intent)) throw data({ message: translate(actor.locale, "errors.unknownMessage") }, { status: 400 });
  return { intent, ...parsed };
}
