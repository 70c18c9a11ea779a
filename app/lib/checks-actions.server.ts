// The forms of the check pages (a check, the rectification list, the escalation list) post an `intent`;
// this table maps each one to its schema and model call. Forms are read with readMultipart, so the
// rectification response can carry evidence files; every other form is an ordinary post.
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { requireActor } from "./http.server";
import { readIntentForm, runIntent } from "./intent-form.server";
import type { UploadedFile } from "../models/evidence.server";
import type { Actor, AppContext } from "../models/context.server";
import { trlDecisionSchema } from "../models/trl";
import {
  checkExpertSchema,
  checkScheduleSchema,
  escalateSchema,
  findingSchema,
  rectRespondSchema,
  rectTransitionSchema,
  resolveEscalationSchema,
  restOkSchema,
  selfAssessmentSchema,
  signOutcomeSchema,
} from "../models/checks";
import { assignExpert, decideTrlInCheck, markRestOk, recordFinding, saveSelfAssessment, scheduleCheck, signOutcome, unassignExpert } from "../models/checks.server";
import { closeRectification, escalate, reopenRectification, resolveEscalation, respondRectification } from "../models/rectifications.server";

type Handler = { schema: z.ZodType; run: (ctx: AppContext, actor: Actor, value: never, files: UploadedFile[], today: string) => unknown };
const h = <S extends z.ZodType>(schema: S, run: (ctx: AppContext, actor: Actor, value: z.output<S>, files: UploadedFile[], today: string) => unknown): Handler => ({
  schema,
  run: run as Handler["run"],
});

const HANDLERS = {
  schedule: (today: string) => h(checkScheduleSchema(today), (ctx, a, v, _f, d) => scheduleCheck(ctx, a, v, d)),
  self: () => h(selfAssessmentSchema, (ctx, a, v) => saveSelfAssessment(ctx, a, v)),
  finding: () => h(findingSchema, (ctx, a, v) => recordFinding(ctx, a, v)),
  restOk: () => h(restOkSchema, (ctx, a, v) => markRestOk(ctx, a, v)),
  sign: (today: string) => h(signOutcomeSchema(today), (ctx, a, v, _f, d) => signOutcome(ctx, a, v, d)),
  assign: () => h(checkExpertSchema, (ctx, a, v) => assignExpert(ctx, a, v)),
  unassign: () => h(checkExpertSchema, (ctx, a, v) => unassignExpert(ctx, a, v)),
  trl: () => h(trlDecisionSchema, (ctx, a, v) => decideTrlInCheck(ctx, a, v)),
  respond: () => h(rectRespondSchema, (ctx, a, v, files) => respondRectification(ctx, a, v, files)),
  close: () => h(rectTransitionSchema, (ctx, a, v) => closeRectification(ctx, a, v)),
  reopen: () => h(rectTransitionSchema, (ctx, a, v) => reopenRectification(ctx, a, v)),
  escalate: () => h(escalateSchema, (ctx, a, v) => escalate(ctx, a, v)),
  resolve: () => h(resolveEscalationSchema, (ctx, a, v) => resolveEscalation(ctx, a, v)),
} satisfies Record<string, (today: string) => Handler>;
export type CheckIntent = keyof typeof HANDLERS;

/** Runs the posted intent if the page offers it. A refused upload answers before any form parsing. */
export async function checkAction(request: Request, context: AppLoadContext, offered: CheckIntent[]) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const url = new URL(request.url);
  // A refused upload: the form's action URL names it (?intent=respond&id=3), so the message shows beside
  // the right form. An intent the page does not offer is answered, not thrown.
  const refusedAs = { intent: url.searchParams.get("intent") ?? "", target: Number(url.searchParams.get("id")) || null };
  const read = await readIntentForm(request, actor, context.config, offered.filter((i) => i in HANDLERS), refusedAs, { unknownAsReply: true });
  if (read.refused) return read.refused;
  const { intent, form, files } = read;
  const handler = HANDLERS[intent](today);
  const reply = runIntent(form, intent, actor.locale, handler.schema, (v) => handler.run(context, actor, v as never, files, today));
  // Forms whose schema has no `id` name their record in the action URL instead.
  reply.data.target ??= Number(url.searchParams.get("id")) || null;
  return reply;
}
