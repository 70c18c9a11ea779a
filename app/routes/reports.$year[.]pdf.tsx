// /reports/2026.pdf?format=zhejiang: the print view of the report printed by headless Chromium on A4
// portrait with page numbers, as the requester sees it (his language, his rights); an export job.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportParams, reportReader } from "../exports/report-request.server";
import { exportNow, reportExport } from "../exports/report-exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year, format } = reportParams(request, context, actor, params.year);
  return exportNow(context, actor, reportExport(context, actor, "pdf", year, format));
}
