// /reports/2026.xlsx?format=zhejiang: every data table of the report, one worksheet each.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadReport } from "../exports/report-request.server";
import { download, workbookOf, XLSX_TYPE } from "../exports/xlsx-table.server";
import { distinctTables } from "../models/report.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { report, year, format } = await loadReport(request, context, params.year);
  const sheets = distinctTables(report).map((t) => ({ sheetName: t.title, title: `${report.title} · ${t.title}`, columns: t.columns, rows: t.rows }));
  const body = await workbookOf(sheets, report.consortiumName);
  return download(body, XLSX_TYPE, `self-evaluation-${year}-${format}-tables.xlsx`, `${report.title}.xlsx`);
}
