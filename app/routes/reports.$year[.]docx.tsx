// /reports/2026.docx?format=zhejiang: the annual self-evaluation report as a Word document.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadReport } from "../exports/report-request.server";
import { reportDocx } from "../exports/report-docx.server";
import { download } from "../exports/xlsx-table.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor, report, year, format } = await loadReport(request, context, params.year);
  const body = await reportDocx(report, actor.locale);
  return download(body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", `self-evaluation-${year}-${format}.docx`, `${report.title}.docx`);
}
