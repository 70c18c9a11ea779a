// /reports/funding/2026.xlsx: 年度经费拨付建议表, one row per project with a total row, written by a worker
// thread as an export job (it assembles the year's report: at 20,000 tasks that is not main-thread work).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportParams, reportReader } from "../exports/report-request.server";
import { exportNow, workerExport } from "../exports/report-exports.server";
import { fundingTitle } from "../models/report.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await reportReader(request, context);
  const { year } = reportParams(request, context, actor, params.year);
  const title = fundingTitle(context.db, year, actor.locale);
  return exportNow(context, actor, workerExport(context, { kind: "funding-xlsx", input: { year, locale: actor.locale } }, `${title}.xlsx`, `funding-suggestions-${year}.xlsx`));
}
