// /reports/2026.pdf?format=zhejiang: the print view of the report printed by headless Chromium on A4
// portrait with page numbers, as the requester sees it (his language, his rights).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { printResponse } from "../exports/print.server";
import { reportParams, reportReader } from "../exports/report-request.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year, format } = reportParams(request, context, actor, params.year);
  return printResponse(request, context, {
    pagePath: `/reports/${year}/print`,
    format: "pdf",
    paper: "a4-portrait",
    readySelector: '[data-testid="report-print"]',
    filename: `self-evaluation-${year}-${format}`,
  });
}
