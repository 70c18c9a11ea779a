// /reports: the report due next in the consortium's format (Zhejiang: last year's until January ends).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { reportReader } from "../exports/report-request.server";
import { getConsortium, getSettings } from "../models/consortium.server";
import { defaultReportYear, formatOfProvince } from "../models/report";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await reportReader(request, context);
  const format = formatOfProvince(getConsortium(context.db).province);
  const year = defaultReportYear(format, context.db.$clock.today(), getSettings(context.db).reportDueMonth);
  return redirect(`/reports/${year}?format=${format}`);
}
