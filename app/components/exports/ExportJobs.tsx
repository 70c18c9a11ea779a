// Export jobs in the browser: the list with progress bars (report page and /exports) that polls while a
// job is queued or running, and the buttons that start one. A job keeps running on the server when the
// user leaves; /exports lists it with its download link.
import { useEffect } from "react";
import { Link, useFetcher } from "@remix-run/react";
import type { ExportJobView, ExportKind } from "../../exports/jobs";
import { useFormat, useT, useViewer } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { Csrf } from "../form/Field";

const POLL_MS = 700;
const running = (j: ExportJobView) => j.status === "queued" || j.status === "running";

/** The user's jobs, fresh from /exports every 0.7 s while one is unfinished (and once after `bump` changes). */
export function useExportJobs(initial: ExportJobView[], bump: unknown = null) {
  const fetcher = useFetcher<{ jobs: ExportJobView[] }>({ key: "export-jobs" });
  const jobs = fetcher.data?.jobs ?? initial;
  const busy = jobs.some(running);
  const { load } = fetcher;
  useEffect(() => {
    if (bump != null) load("/exports");
  }, [bump, load]);
  useEffect(() => {
    if (!busy || fetcher.state !== "idle") return;
    const timer = setTimeout(() => load("/exports"), POLL_MS);
    return () => clearTimeout(timer);
  }, [busy, jobs, fetcher.state, load]);
  return jobs;
}

export function ExportJobList({ jobs, limit }: { jobs: ExportJobView[]; limit?: number }) {
  const t = useT();
  const fmt = useFormat();
  const shown = limit ? jobs.slice(0, limit) : jobs;
  if (!shown.length) return <p className="muted ej-empty">{t("exports.empty")}</p>;
  return (
    <ul className="ej-list" data-testid="export-jobs">
      {shown.map((j) => {
        const pct = Math.round(j.fraction * 100);
        const tone = j.status === "done" ? "ok" : j.status === "failed" ? "bad" : j.status === "running" ? "info" : "";
        return (
          <li key={j.id} className="ej-item" data-status={j.status} data-testid="export-job">
            <div className="ej-head">
              <span className="ej-kind">{t(`exports.kinds.${j.kind}`)}</span>
              <span className="ej-name" title={j.fileName}>
                {j.fileName}
              </span>
              <span className={`badge ${tone}`}>
                {t(`exports.status.${j.status}`)}
                {j.position ? ` · ${t("exports.queuedAt", { n: j.position })}` : ""}
              </span>
            </div>
            {running(j) && (
              <div className="ej-progress">
                <div className="ej-meter" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={j.fileName}>
                  <span style={{ width: `${Math.max(pct, 3)}%` }} />
                </div>
                <small className="muted">
                  {t(`exports.stages.${j.stage}`)} · {pct}%
                </small>
              </div>
            )}
            {j.status === "failed" && <small className="ej-failed">{t("exports.failedHint")}</small>}
            {j.status === "done" && (
              <div className="ej-done">
                <small className="muted">
                  {fmt.dateTime(j.finishedAt ?? j.createdAt)}
                  {j.bytes != null ? ` · ${t("exports.size", { kb: fmt.number(Math.max(1, Math.round(j.bytes / 1024))) })}` : ""}
                </small>
                <a className="btn small" href={`/exports/${j.id}`} download data-testid="export-download">
                  {t("exports.download")}
                </a>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The report's export buttons: each posts a job to /exports; the list below shows it at once. */
export function ReportExportButtons({ year, format, onStarted }: { year: number; format: string; onStarted: (reply: IntentReply | undefined) => void }) {
  const t = useT();
  const viewer = useViewer();
  const fetcher = useFetcher<IntentReply>({ key: "export-start" });
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => onStarted(reply), [reply, onStarted]);
  const button = (kind: ExportKind, label: string) => (
    <fetcher.Form method="post" action="/exports" key={kind}>
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="start" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="format" value={format} />
      <button type="submit" className="btn secondary small" data-testid={`export-${kind}`} disabled={fetcher.state !== "idle"}>
        {label}
      </button>
    </fetcher.Form>
  );
  return (
    <>
      {button("docx", t("reports.exportDocx"))}
      {button("pdf", t("reports.exportPdf"))}
      {button("xlsx", t("reports.exportXlsx"))}
      {reply && !reply.done && reply.formError && (
        <span className="alert bad" role="alert">
          {reply.formError}
        </span>
      )}
    </>
  );
}

export function ExportJobsPanel({ jobs }: { jobs: ExportJobView[] }) {
  const t = useT();
  if (!jobs.length) return null;
  return (
    <section className="panel ej-panel" aria-label={t("exports.panel")} aria-live="polite" data-testid="export-panel">
      <div className="ej-panel-head">
        <h2>{t("exports.panel")}</h2>
        <Link to="/exports">{t("exports.all")}</Link>
      </div>
      <ExportJobList jobs={jobs} limit={4} />
    </section>
  );
}
