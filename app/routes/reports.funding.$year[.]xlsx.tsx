// /reports/funding/2026.xlsx: 年度经费拨付建议表, one row per project with a total row.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportParams, reportReader } from "../exports/report-request.server";
import { download, workbookOf, XLSX_TYPE } from "../exports/xlsx-table.server";
import { fundingTable } from "../models/report.server";
import { translate } from "../i18n/catalog";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year, today } = reportParams(request, context, actor, params.year);
  const { title, table } = fundingTable(context.db, year, today, actor.locale);
  const total = table.columns.map((c, i) =>
    i === 0 ? translate(actor.locale, "reports.fundingTotal") : c.numeric ? Math.round(table.rows.reduce((s, r) => s + Number(r[i] ?? 0), 0) * 100) / 100 : "",
  );
  const body = await workbookOf([{ sheetName: String(year), title, columns: table.columns, rows: table.rows, totalRow: total }], title);
  return download(body, XLSX_TYPE, `funding-suggestions-${year}.xlsx`, `${title}.xlsx`);
}
