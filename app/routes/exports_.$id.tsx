// /exports/<job id>: the finished file of one of the signed-in user's export jobs (404 for anyone else's,
// an unfinished or an expired one).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { jobFileResponse } from "../exports/report-exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return orErrorPage(actor, () => jobFileResponse(context.exportJobs, actor, params.id ?? ""));
}
