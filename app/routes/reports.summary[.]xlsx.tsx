// /reports/summary.xlsx: 申报汇总表 (001 附件4): 序号, 创新联合体名称, 15个战略领域, 牵头单位, 成员单位, 区县, 申报类型.
// Written by a worker thread like every workbook (loading exceljs alone blocks a thread for most of a second).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportReader } from "../exports/report-request.server";
import { exportNow, workerExport } from "../exports/report-exports.server";
import { translate } from "../i18n/catalog";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const title = translate(actor.locale, "reports.summaryTitle");
  return exportNow(context, actor, workerExport(context, { kind: "summary-xlsx", input: { locale: actor.locale } }, `${title}.xlsx`, "application-summary.xlsx"));
}
