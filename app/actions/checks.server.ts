// The one action of the check pages (a check, the rectification list, the escalation list, the check
// list): each page offers some of the intents below. The rectification response carries evidence files;
// its form names intent and record in its action URL, so a refused upload still answers that form.
import type { AppLoadContext } from "@remix-run/node";
import { readIntent } from "../lib/intent-form.server";
import { trlDecisionSchema } from "../models/trl";
import {
  checkExpertSchema,
  checkScheduleSchema,
  escalateSchema,
  findingSchema,
  rectCloseSchema,
  rectRespondSchema,
  rectTransitionSchema,
  resolveEscalationSchema,
  restOkSchema,
  selfAssessmentSchema,
  selfWaiverSchema,
  signOutcomeSchema,
} from "../models/checks";
import { assignExpert, decideTrlInCheck, markRestOk, recordFinding, saveSelfAssessment, scheduleCheck, signOutcome, unassignExpert, waiveSelfAssessment } from "../models/checks.server";
import { closeRectification, escalate, reopenRectification, resolveEscalation, respondRectification } from "../models/rectifications.server";

export type CheckIntent = "schedule" | "self" | "waive" | "finding" | "restOk" | "sign" | "assign" | "unassign" | "trl" | "respond" | "close" | "reopen" | "escalate" | "resolve";

/** Runs the posted intent if the page offers it; any other intent is refused beside the forms. */
export async function checkAction(request: Request, context: AppLoadContext, offered: readonly CheckIntent[]) {
  const post = await readIntent(request, context, offered, { uploads: offered.includes("respond") ? "respond" : undefined });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  const today = context.db.$clock.today();
  switch (intent) {
    case "schedule":
      return run(checkScheduleSchema(today), (v) => scheduleCheck(context, actor, v, today));
    case "self":
      return run(selfAssessmentSchema, (v) => saveSelfAssessment(context, actor, v));
    case "waive":
      return run(selfWaiverSchema, (v) => waiveSelfAssessment(context, actor, v));
    case "finding":
      return run(findingSchema, (v) => recordFinding(context, actor, v));
    case "restOk":
      return run(restOkSchema, (v) => markRestOk(context, actor, v));
    case "sign":
      return run(signOutcomeSchema(today), (v) => signOutcome(context, actor, v, today));
    case "assign":
      return run(checkExpertSchema, (v) => assignExpert(context, actor, v));
    case "unassign":
      return run(checkExpertSchema, (v) => unassignExpert(context, actor, v));
    case "trl":
      return run(trlDecisionSchema, (v) => decideTrlInCheck(context, actor, v), { target: "claimId" });
    case "respond":
      return run(rectRespondSchema, (v) => respondRectification(context, actor, v, files));
    case "close":
      return run(rectCloseSchema, (v) => closeRectification(context, actor, v));
    case "reopen":
      return run(rectTransitionSchema, (v) => reopenRectification(context, actor, v));
    case "escalate":
      return run(escalateSchema, (v) => escalate(context, actor, v));
    case "resolve":
      return run(resolveEscalationSchema, (v) => resolveEscalation(context, actor, v));
  }
}
