// /reports/2026.docx?format=zhejiang: the annual self-evaluation report as a Word document, written by a
// worker thread (an export job; the report page starts the same job and shows its progress instead).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportParams, reportReader } from "../exports/report-request.server";
import { exportNow, reportExport } from "../exports/report-exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year, format } = reportParams(request, context, actor, params.year);
  return exportNow(context, actor, reportExport(context, actor, "docx", year, format));
}
