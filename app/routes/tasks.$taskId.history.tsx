// Resource route: a task's change history for the card drawer (read from the audit trail).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { taskHistory } from "../models/task-history.server";
import { taskDecisions } from "../models/meetings.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.taskId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("", { status: 404 });
  return orErrorPage(actor, () => ({ history: taskHistory(context.db, actor, id), decisions: taskDecisions(context.db, actor, id) }));
}
