// 年度自评报告 of a year (?format=zhejiang|jiangsu, default from the consortium's province): each section
// with its live data summary, the secretariat's narrative editor and the linked data tables; exports.
// The page follows the consortium board: narratives saved by another secretary arrive live, and any other
// change on the board (tasks, milestones, results, checks ...) refreshes the data tables.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { readIntent } from "../lib/intent-form.server";
import { loadReport, reportReader } from "../exports/report-request.server";
import { pageTitle } from "../lib/meta";
import { useFormat, useRootData, useT } from "../lib/viewer";
import { canEditReport } from "../models/report.server";
import { saveNarrative } from "../models/report-drafts.server";
import { liveBoard } from "../models/boards.server";
import { getConsortium } from "../models/consortium.server";
import { narrativeSchema, REPORT_FORMATS, tableCaption, type ReportDraftRow } from "../models/report";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { ReportTableView } from "../components/reports/ReportTableView";
import { NarrativeEditor } from "../components/reports/NarrativeEditor";
import { ExportJobsPanel, ReportExportButtons, useExportJobs } from "../components/exports/ExportJobs";
import type { IntentReply } from "../lib/intent-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // The board's seq before the report: whatever commits after it is replayed to the page by catch-up.
  const board = liveBoard(context.db, await reportReader(request, context));
  const { actor, report, year, format, today } = await loadReport(request, context, params.year);
  const c = getConsortium(context.db);
  const first = Math.min(c.goalStartYear, Number(c.foundedOn.slice(0, 4)));
  const last = Math.max(Number(today.slice(0, 4)), year);
  const years = Array.from({ length: last - first + 1 }, (_, i) => last - i);
  return { ...board, report, year, format, today, years, canEdit: canEditReport(actor), jobs: context.exportJobs.list(actor.id) };
}

// Starting an export changes nothing the report shows: the export list refreshes itself.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) => (formAction === "/exports" ? false : defaultShouldRevalidate);

export async function action({ request, context }: ActionFunctionArgs) {
  await reportReader(request, context);
  const post = await readIntent(request, context, ["save"]);
  if (post.refused) return post.refused;
  const { actor, run } = post;
  // A section's reply is keyed by its key; the saved draft goes back so the editor rebases on it.
  return run(narrativeSchema, (v) => saveNarrative(context, actor, v), { target: "key", keepValues: true, returnRow: true });
}

const NO_ROWS: ReportDraftRow[] = [];

export default function ReportPage() {
  const { report, year, format, today, years, seq, boardId, canEdit, jobs: initialJobs } = useLoaderData<typeof loader>();
  const [started, setStarted] = useState<IntentReply | undefined>();
  const onStarted = useCallback((reply: IntentReply | undefined) => reply?.done && setStarted(reply), []);
  const jobs = useExportJobs(initialJobs, started);
  const t = useT();
  const fmt = useFormat();
  const { locale } = useRootData();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const rows = useMemo(() => (report.draft ? [report.draft] : NO_ROWS), [report.draft]);
  const live = useBoard<ReportDraftRow>({
    boardId,
    seq,
    rows,
    entity: "report",
    // Narratives arrive through the reducer; anything else on the board may change a data table: reload
    // the report once things settle.
    onRemoteChange: (ev) => {
      if (ev.payload.entity === "report") return;
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => revalidator.state === "idle" && revalidator.revalidate(), 400);
    },
  });
  const draft = live.rows.find((r) => r.year === year && r.format === format) ?? report.draft;
  const f = report.figures;
  const q = `?format=${format}`;
  let n = 0;
  return (
    <div className="rp-page">
      <div className="page-head rp-head">
        <div>
          <h1>{t("reports.title")}</h1>
          <p className="muted rp-sub">{t("reports.subtitle")}</p>
        </div>
        <ConnectionBadge state={live.conn} />
      </div>
      <section className="panel rp-controls" aria-label={t("reports.format")}>
        <label className="rp-control">
          <span>{t("reports.year")}</span>
          <select value={year} onChange={(e) => navigate(`/reports/${e.target.value}${q}`)} data-testid="report-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {t("reports.yearOption", { year: y })}
              </option>
            ))}
          </select>
        </label>
        <div className="rp-control" role="group" aria-label={t("reports.format")}>
          <span>{t("reports.format")}</span>
          <div className="toggle-group">
            {REPORT_FORMATS.map((fm) => (
              <Link key={fm} to={`/reports/${year}?format=${fm}`} aria-current={fm === format ? "page" : undefined} preventScrollReset>
                {t(`reports.formats.${fm}`)}
              </Link>
            ))}
          </div>
        </div>
        <div className="rp-due">
          <span className={`badge ${today > report.dueOn ? "warn" : "info"}`}>{t("reports.due", { date: fmt.date(report.dueOn) })}</span>
          <small className="muted">{t(`reports.formatHints.${format}`)}</small>
          {draft?.updatedByName && (
            <small className="muted" data-testid="draft-saved">
              {t("reports.lastSaved", { name: draft.updatedByName, at: fmt.dateTime(draft.updatedAt) })}
            </small>
          )}
        </div>
        <div className="rp-exports" aria-label={t("reports.exports")}>
          <span className="muted">{t("reports.exports")}</span>
          <ReportExportButtons year={year} format={format} onStarted={onStarted} />
          <a className="btn secondary small" href={`/reports/funding/${year}.xlsx`} download>{t("reports.exportFunding")}</a>
          <a className="btn secondary small" href="/reports/summary.xlsx" download>{t("reports.exportSummary")}</a>
        </div>
      </section>

      <ExportJobsPanel jobs={jobs} />

      <h2 className="rp-doc-title">{report.title}</h2>
      <div className="figures rp-figures">
        <Figure label={t("reports.tables.members")} value={f.members.total} />
        <Figure label={t("reports.tables.meetings")} value={f.meetings.total} />
        <Figure label={t("reports.tables.milestones")} value={`${f.milestones.reached}/${f.milestones.due}`} />
        <Figure label={t("reports.tables.indicators")} value={`${f.indicators.met}/${f.indicators.total}`} />
        <Figure label={t("reports.tables.results")} value={f.results.total} />
        <Figure label={t("results.figures.pooled")} value={f.results.pooled} bad={f.results.pooled > 0} />
        <Figure label={t("reports.columns.spent")} value={fmt.number(f.funds.spent)} />
      </div>

      <nav className="rp-toc" aria-label={t("reports.title")}>
        {report.sections.map((s) => (
          <a key={s.key} href={`#sec-${s.key}`}>
            {s.heading}
          </a>
        ))}
      </nav>

      {report.sections.map((s) => (
        <section key={s.key} id={`sec-${s.key}`} className="panel rp-section" data-testid={`section-${s.key}`}>
          <h2>{s.heading}</h2>
          <div className="rp-summary">
            <span className="rp-summary-label">{t("reports.dataSummary")}</span>
            <p>{s.summary}</p>
          </div>
          <NarrativeEditor key={`${year}-${format}-${s.key}`} year={year} format={format} sectionKey={s.key} label={t("reports.narrative")} draft={draft ?? null} canEdit={canEdit} />
          {s.tables.map((tb) => {
            const caption = tableCaption(locale, ++n, tb.title);
            return (
              <details key={tb.id} className="rp-table-box" open={tb.rows.length > 0}>
                <summary>
                  {caption} <span className="muted">({tb.rows.length})</span>
                </summary>
                <div className="table-wrap">
                  <ReportTableView table={tb} caption={caption} emptyText={t("reports.tableEmpty")} />
                </div>
              </details>
            );
          })}
        </section>
      ))}
    </div>
  );
}

function Figure({ label, value, bad }: { label: string; value: string | number; bad?: boolean }) {
  return (
    <div className={`figure${bad ? " bad" : ""}`}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
