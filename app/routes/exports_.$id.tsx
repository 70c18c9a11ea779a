// /exports/<job id>: the finished file of one of the signed-in user's export jobs (404 for anyone else's,
// an unfinished or an expired one).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../lib/http.server";
import { errorReply } from "../lib/error-reply";
import { jobFileResponse } from "../exports/report-exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  try {
    return jobFileResponse(context.exportJobs, actor, params.id ?? "");
  } catch (err) {
    const reply = errorReply(err, actor.locale);
    if (!reply) throw err;
    return new Response(reply.message, { status: reply.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
