// The annual report's three exports as export jobs (jobs.server.ts): Word and the data tables are written
// by a worker thread, the PDF by the print browser from the print view (whose report also comes from a
// worker). The old download URLs (/reports/2026.docx …) start the same job and answer when it is done.
import fs from "node:fs";
import { createReadableStreamFromReadable, type AppLoadContext } from "@remix-run/node";
import { translate } from "../i18n/catalog";
import type { Actor } from "../models/context.server";
import type { ReportFormat } from "../models/report";
import { getConsortium } from "../models/consortium.server";
import type { ExportJobs, ExportJobView, ExportKind, ExportSpec } from "./jobs.server";
import { DomainError, notFound } from "../models/errors";
import { printAs } from "./print.server";
import { XLSX_TYPE } from "./xlsx-table.server";
import type { TaskInput } from "../../server/jobs/tasks";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The job that exports `year`'s report in `format` as `kind`, as `actor` reads it. */
export function reportExport(context: AppLoadContext, actor: Actor, kind: ExportKind, year: number, format: ReportFormat): ExportSpec {
  const title = translate(actor.locale, `reports.docTitle.${format}`, { name: getConsortium(context.db).name, year });
  const input = { year, format, locale: actor.locale };
  // The app clock's instant when the job starts travels with the task (the worker's clock).
  const clock = context.db.$clock;
  const inWorker =
    (task: "report-docx" | "report-xlsx"): ExportSpec["run"] =>
    ({ outFile, progress }) =>
      context.workers.run(clock, { kind: task, input: { ...input, outFile } }, { onProgress: (p) => progress(p.fraction, p.stage) });
  switch (kind) {
    case "docx":
      return { kind, fileName: `${title}.docx`, asciiName: `self-evaluation-${year}-${format}.docx`, contentType: DOCX_TYPE, run: inWorker("report-docx") };
    case "xlsx":
      return { kind, fileName: `${title}.xlsx`, asciiName: `self-evaluation-${year}-${format}-tables.xlsx`, contentType: XLSX_TYPE, run: inWorker("report-xlsx") };
    case "pdf":
      return {
        kind,
        fileName: `${title}.pdf`,
        asciiName: `self-evaluation-${year}-${format}.pdf`,
        contentType: "application/pdf",
        async run({ outFile, progress }) {
          progress(0.1, "printing");
          // The printer's thread writes the PDF to the job's file: no PDF crosses this thread.
          await printAs(context, actor, {
            path: `/reports/${year}/print?format=${format}`,
            format: "pdf",
            paper: "a4-portrait",
            readySelector: '[data-testid="report-print"]',
            outFile,
            progress: (f) => progress(0.1 + f * 0.85, "printing"),
          });
        },
      };
  }
}

/** A workbook export a worker writes (server/jobs/handlers.ts: key tasks, responsibility lists, funding, summary) as an export job. */
export function workerExport<K extends "key-tasks-xlsx" | "responsibility-xlsx" | "funding-xlsx" | "summary-xlsx">(
  context: AppLoadContext,
  task: { kind: K; input: Omit<TaskInput<K>, "outFile"> },
  fileName: string,
  asciiName: string,
): ExportSpec {
  const clock = context.db.$clock;
  return {
    kind: "xlsx",
    fileName,
    asciiName,
    contentType: XLSX_TYPE,
    run: ({ outFile, progress }) =>
      context.workers.run(clock, { kind: task.kind, input: { ...task.input, outFile } as TaskInput<K> }, { onProgress: (p) => progress(p.fraction, p.stage) }),
  };
}

/** Queues the export for `actor`; refused while he has too many unfinished ones. */
export function startExport(jobs: ExportJobs, actor: Actor, spec: ExportSpec): ExportJobView {
  const job = jobs.start(actor.id, spec);
  if (!job) throw new DomainError("tooManyExports", 429, { n: jobs.unfinished(actor.id) });
  return job;
}

/** A finished job's file of `actor`, streamed from disk (notFound: not his, not finished, or expired). */
export function jobFileResponse(jobs: ExportJobs, actor: Actor, id: string): Response {
  const f = jobs.file(actor.id, id);
  if (!f) throw notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(f.path)), {
    headers: {
      "Content-Type": f.contentType,
      "Content-Length": String(fs.statSync(f.path).size),
      "Content-Disposition": `attachment; filename="${f.asciiName}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** For the direct download URLs: run the job and answer with its file (503 with a sentence when it failed). */
export async function exportNow(context: AppLoadContext, actor: Actor, spec: ExportSpec): Promise<Response> {
  const started = startExport(context.exportJobs, actor, spec);
  const job = await context.exportJobs.settled(actor.id, started.id);
  if (job?.status !== "done") {
    const key = spec.kind === "pdf" ? "errors.printFailed" : "exports.failedHint";
    return new Response(translate(actor.locale, key), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return jobFileResponse(context.exportJobs, actor, job.id);
}
