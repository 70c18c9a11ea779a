// The HTTP twin of the socket handlers: the same schemas, the same model functions. Used by scripts,
// integrations and clients without a socket; replies carry the same shape as socket acks.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readForm, requireActor } from "./http.server";
import { errorReply } from "./error-reply";
import { archiveTask, createTask, moveTask, updateTask } from "../models/tasks.server";
import { taskArchiveSchema, taskCreateSchema, taskMoveSchema, taskUpdateSchema } from "../models/tasks";
import { translate } from "../i18n/catalog";

const intents = {
  create: (ctx, actor, input) => createTask(ctx, actor, taskCreateSchema.parse(input)),
  update: (ctx, actor, input) => updateTask(ctx, actor, taskUpdateSchema.parse(input)),
  move: (ctx, actor, input) => moveTask(ctx, actor, taskMoveSchema.parse(input)),
  archive: (ctx, actor, input) => archiveTask(ctx, actor, taskArchiveSchema.parse(input)),
} satisfies Record<string, (ctx: ActionFunctionArgs["context"], actor: Awaited<ReturnType<typeof requireActor>>, input: unknown) => unknown>;

const envelope = z.object({ intent: z.enum(Object.keys(intents) as [keyof typeof intents]), payload: z.string().max(16 * 1024) });

export async function boardAction({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context);
  const form = await readForm(request, actor);
  try {
    const { intent, payload } = envelope.parse({ intent: form.get("intent"), payload: form.get("payload") });
    let input: unknown;
    try {
      input = JSON.parse(payload);
    } catch {
      return data({ ok: false, code: "invalid", message: translate(actor.locale, "errors.invalid") }, { status: 400 });
    }
    return { ok: true as const, row: intents[intent](context, actor, input) };
  } catch (err) {
    const reply = errorReply(err, actor.locale);
    if (!reply) throw err;
    return data(reply, { status: reply.status });
  }
}
