// The report laid out for paper (A4 portrait, Chinese official-document typography), printed to PDF by
// reports.$year[.]pdf.tsx with headless Chromium; also printable from the browser.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadReport } from "../exports/report-request.server";
import { useRootData, useT } from "../lib/viewer";
import { ReportTableView } from "../components/reports/ReportTableView";
import { tableCaption } from "../models/report";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.report.title ?? "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { report } = await loadReport(request, context, params.year);
  return { report };
}

/** A4 portrait with the official margins (top 37, right 26, bottom 35, left 28 mm); overrides the map's A3 rule. */
const PAGE_CSS = "@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }";

const paragraphs = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export default function ReportPrint() {
  const { report } = useLoaderData<typeof loader>();
  const t = useT();
  const { locale } = useRootData();
  let n = 0;
  return (
    <article className="rp-doc" data-testid="report-print" lang={locale}>
      <style>{PAGE_CSS}</style>
      <h1 className="rp-title">{report.title}</h1>
      <p className="rp-subtitle">{t("reports.docSubtitle", { format: t(`reports.formats.${report.format}`), date: report.figures.asOf })}</p>
      {report.sections.map((s) => (
        <section key={s.key} className="rp-doc-section">
          <h2 className="rp-heading">{s.heading}</h2>
          {[...paragraphs(s.summary), ...paragraphs(s.narrative)].map((p, i) => (
            <p key={i} className="rp-p">
              {p}
            </p>
          ))}
          {s.tables.map((tb) => (
            <ReportTableView key={tb.id} table={tb} caption={tableCaption(locale, ++n, tb.title)} emptyText={t("reports.tableEmpty")} className="rp-table" />
          ))}
        </section>
      ))}
    </article>
  );
}
