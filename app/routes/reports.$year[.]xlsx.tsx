// /reports/2026.xlsx?format=zhejiang: every data table of the report with every row, one worksheet each,
// written by a worker thread (an export job).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportParams, reportReader } from "../exports/report-request.server";
import { exportNow, reportExport } from "../exports/report-exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year, format } = reportParams(request, context, actor, params.year);
  return exportNow(context, actor, reportExport(context, actor, "xlsx", year, format));
}
