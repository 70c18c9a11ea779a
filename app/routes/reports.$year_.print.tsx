// The report laid out for paper (A4 portrait, Chinese official-document typography), printed to PDF by
// reports.$year[.]pdf.tsx with headless Chromium; also printable from the browser.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadReport } from "../exports/report-request.server";
import { useRootData, useT } from "../lib/viewer";
import { ReportTableView } from "../components/reports/ReportTableView";
import { coverDate, tableCaption, type AssembledReport } from "../models/report";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.report.title ?? "" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { report } = await loadReport(request, context, params.year);
  return { report };
}

/** A4 portrait with the official margins (top 37, right 26, bottom 35, left 28 mm); overrides the map's A3 rule. */
const PAGE_CSS = "@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }";

/** 封面: title, year, and the lines the province's form asks for, with room for the seal. */
function Cover({ report }: { report: AssembledReport }) {
  const t = useT();
  const { locale } = useRootData();
  const k = (f: string) => t(`reports.cover.${report.format}.${f}` as never);
  const date = coverDate(locale, report.cover.date);
  const lines: [string, string][] = [
    [k("submitter"), report.cover.submitter],
    [k("leadUnit"), report.cover.leadUnit],
    [k("contact"), report.cover.contact],
    [k("phone"), report.cover.phone],
    [k("date"), date],
  ];
  return (
    <section className="rp-cover" data-testid="report-cover">
      <h1 className="rp-title">{report.title}</h1>
      <dl className="rp-cover-lines">
        {lines.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="rp-seal">{k("seal")}</p>
    </section>
  );
}

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
      <Cover report={report} />
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
            <ReportTableView key={tb.id} table={tb} caption={tableCaption(locale, ++n, tb.title)} emptyText={t("reports.tableEmpty")} className="rp-table" fixed />
          ))}
        </section>
      ))}
    </article>
  );
}
