// /reports/summary.xlsx: 申报汇总表 (001 附件4): 序号, 创新联合体名称, 15个战略领域, 牵头单位, 成员单位, 区县, 申报类型.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportReader } from "../exports/report-request.server";
import { download, workbookOf, XLSX_TYPE } from "../exports/xlsx-table.server";
import { applicationSummary } from "../models/report.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const s = applicationSummary(context.db, actor.locale);
  const body = await workbookOf([{ sheetName: s.title, title: s.title, columns: s.columns.map((label, i) => ({ label, numeric: i === 0 })), rows: s.rows }], s.title);
  return download(body, XLSX_TYPE, "application-summary.xlsx", `${s.title}.xlsx`);
}
