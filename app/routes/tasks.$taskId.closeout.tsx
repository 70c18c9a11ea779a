// Resource route: a task's close-out state (latest proposal, acceptance requirement) for the board drawer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { taskCloseoutInfo } from "../models/closeout-pages.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.taskId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("", { status: 404 });
  return orErrorPage(actor, () => taskCloseoutInfo(context.db, actor, id));
}
