// The one way a route action handles its forms. Every form posts an `intent` (a page whose single form
// posts none names a default); the action reads the post with `readIntent` (signed-in user, CSRF check,
// evidence files where the page takes uploads), picks the intent, and answers each one with `run(schema,
// write)`: the form parsed with the model's zod schema (conform), the model called, and an IntentReply
// for the form that was sent: done, or refused with the reason in the user's language and the HTTP status
// of the refusal (400 bad input or a broken rule, 403, 404, 409 conflict, 413). A write that returns a
// Response (a redirect: post/redirect/get pages) is answered with it.
//
//   export async function action({ request, context }: ActionFunctionArgs) {
//     const post = await readIntent(request, context, ["approve", "reject"]);
//     if (post.refused) return post.refused;
//     const { actor, intent, run } = post;
//     switch (intent) {
//       case "approve":
//         return run(changeApproveSchema, (v) => approveChange(context, actor, v));
//       case "reject":
//         return run(changeRejectSchema, (v) => rejectChange(context, actor, v));
//     }
//   }
import { data, type AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { errorReply } from "./error-reply";
import { readForm, requireActor } from "./http.server";
import { translate, type Locale } from "../i18n/catalog";
import { stripRouting, type IntentReply, type ReplyTarget } from "./intent-form";
import type { Actor } from "../models/context.server";
import { readMultipart, type UploadedFile } from "../models/evidence.server";

export type RunOptions = {
  /** The form field naming the record the form is about, so only that form shows the reply (default `id`). */
  target?: string;
  /** Values never echoed back into the form (passwords). */
  hideFields?: string[];
  /** Keep the submitted values in the form after success (an edit form that stays open); default: reset. */
  keepValues?: boolean;
  /** Put what the write returned into the reply as `row`, for a form that shows the saved record at once. */
  returnRow?: boolean;
};

const targetOf = (value: FormDataEntryValue | null): ReplyTarget => {
  if (typeof value !== "string" || value === "") return null;
  if (!/^\d+$/.test(value)) return value;
  return Number(value) || null; // ids start at 1; a form about no record posts 0
};

/**
 * Runs one intent of a posted form: parse, write, reply. For actions that have no signed-in user to read
 * the post for them (sign-in); every other action gets `run` from `readIntent`.
 */
export const intentRunner =
  (form: FormData, intent: string, locale: Locale, urlTarget: ReplyTarget = null) =>
  async <S extends z.ZodType, R>(schema: S, write: (value: z.output<S>) => R | Promise<R>, opts: RunOptions = {}) => {
    const target = targetOf(form.get(opts.target ?? "id")) ?? urlTarget;
    stripRouting(form);
    const submission = parseWithZod(form, { schema });
    const { hideFields } = opts;
    if (submission.status !== "success") {
      return data<IntentReply>({ intent, target, result: submission.reply({ hideFields }), formError: null, done: false, code: "invalid" }, { status: 400 });
    }
    try {
      const written = await write(submission.value as z.output<S>);
      if (written instanceof Response) return written;
      const result = submission.reply({ hideFields, resetForm: !opts.keepValues });
      return data<IntentReply<Awaited<R>>>({ intent, target, result, formError: null, done: true, ...(opts.returnRow ? { row: written as Awaited<R> } : {}) });
    } catch (err) {
      const reply = errorReply(err, locale);
      if (!reply) throw err;
      const current = reply.code === "conflict" ? reply.details?.current : undefined;
      return data<IntentReply>(
        { intent, target, result: submission.reply({ hideFields }), formError: reply.message, done: false, code: reply.code, ...(current === undefined ? {} : { current }) },
        { status: reply.status },
      );
    }
  };

export type ReadOptions<I extends string> = {
  /** The intent of a form that posts none (a page with a single form). */
  defaultIntent?: I;
  /**
   * The page's forms may carry evidence files: read as multipart with readMultipart's limits and type
   * checks. A refused upload (too large, a forbidden type: the body is not read to its end, so the form's
   * own fields are unknown) answers the intent and record the form's action URL names (`?intent=…&id=…`,
   * see useActionUrl), else this intent.
   */
  uploads?: I;
};

type Refused = ReturnType<typeof data<IntentReply>>;
export type Posted<I extends string> = {
  refused?: undefined;
  actor: Actor;
  intent: I;
  form: FormData;
  /** Checked evidence files (only on pages that take uploads). */
  files: UploadedFile[];
  run: ReturnType<typeof intentRunner>;
};

/**
 * The first step of every form action: the signed-in user (else the sign-in redirect), the posted form
 * with its CSRF token checked (a 403 page otherwise), and the intent: the form's `intent` field, else
 * the action URL's `?intent=`, else `defaultIntent`. An intent the page does not offer is refused beside
 * the form (400), like a refused upload.
 */
export async function readIntent<I extends string>(
  request: Request,
  context: AppLoadContext,
  intents: readonly I[],
  opts: ReadOptions<I> = {},
): Promise<Posted<I> | { refused: Refused }> {
  const actor = await requireActor(request, context);
  const url = new URL(request.url);
  const urlIntent = url.searchParams.get("intent");
  const urlTarget = targetOf(url.searchParams.get("id"));
  let form: FormData;
  let files: UploadedFile[] = [];
  if (opts.uploads) {
    try {
      ({ form, files } = await readMultipart(request, actor, context.config));
    } catch (err) {
      const r = errorReply(err, actor.locale);
      if (!r) throw err;
      const intent = urlIntent ?? opts.uploads;
      return { refused: data<IntentReply>({ intent, target: urlTarget, formError: r.message, done: false, code: r.code }, { status: r.status }) };
    }
  } else {
    form = await readForm(request, actor);
  }
  const intent = String(form.get("intent") ?? urlIntent ?? opts.defaultIntent ?? "") as I;
  if (!intents.includes(intent)) {
    const reply: IntentReply = { intent, target: null, formError: translate(actor.locale, "errors.unknownMessage"), done: false, code: "unknownMessage" };
    return { refused: data(reply, { status: 400 }) };
  }
  // A worker's write transaction (an import) is running: the write waits for it without blocking the server.
  await context.writes?.idle();
  return { actor, intent, form, files, run: intentRunner(form, intent, actor.locale, urlTarget) };
}

/**
 * For a resource route (no page of its own, posted to by fetchers): its reply as a JSON Response, since only
 * a page route turns `data(…, { status })` into the HTTP status.
 */
export function asResourceReply(reply: unknown): unknown {
  if (reply && typeof reply === "object" && "type" in reply && reply.type === "DataWithResponseInit" && "data" in reply) {
    const init = "init" in reply ? (reply.init as ResponseInit | null) : null;
    return Response.json(reply.data, init ?? undefined);
  }
  return reply;
}
