// Glue shared by the report page, its print view and its exports: who may read, which year and format
// (?format=, else the consortium's province profile), and the report assembled in the reader's language,
// in a worker thread (at 20,000 tasks the report reads tens of thousands of rows).
import { data, type AppLoadContext } from "@remix-run/node";
import * as z from "zod";
import { requireActor } from "../lib/http.server";
import { translate } from "../i18n/catalog";
import { canReadReport } from "../models/report.server";
import { getConsortium } from "../models/consortium.server";
import { formatOfProvince, REPORT_FORMATS, reportYear, type ReportFormat } from "../models/report";
import type { Actor } from "../models/context.server";

export async function reportReader(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await requireActor(request, context);
  if (!canReadReport(actor)) throw data({ message: translate(actor.locale, "errors.forbidden") }, { status: 403 });
  return actor;
}

export function reportParams(request: Request, context: AppLoadContext, actor: Actor, yearParam: string | undefined): { year: number; format: ReportFormat; today: string } {
  const year = reportYear.safeParse(yearParam);
  if (!year.success || !/^\d{4}$/.test(yearParam ?? "")) throw data({ message: translate(actor.locale, "reports.invalidYear") }, { status: 400 });
  const wanted = z.enum(REPORT_FORMATS).safeParse(new URL(request.url).searchParams.get("format"));
  const format = wanted.success ? wanted.data : formatOfProvince(getConsortium(context.db).province);
  return { year: year.data, format, today: context.db.$clock.today() };
}

/** The signed-in reader's report of the year in the URL, as a document reads it (long tables summarized). */
export async function loadReport(request: Request, context: AppLoadContext, yearParam: string | undefined) {
  const actor = await reportReader(request, context);
  const p = reportParams(request, context, actor, yearParam);
  const report = await context.workers.run(context.db.$clock, { kind: "report-document", input: { year: p.year, format: p.format, locale: actor.locale } });
  return { actor, ...p, report };
}
