// What a worker thread can be asked to do: one entry per task kind, each a function of the worker's
// database handle (read-only, or read-write for the kinds in WRITERS), the task's input and a progress callback. Add a kind here (an import's
// parsing, say) and it is typed end to end: pool.run(clock, { kind, input }) returns its output.
import type { DB } from "../../db/client";
import { fundingXlsxFile, reportDocument, reportDocxFile, reportXlsxFile, summaryXlsxFile, type ProgressFn } from "../../app/exports/report-jobs.server";
import { planImport, type ImportInput } from "../../app/models/import-plan.server";
import { confirmImport, type ConfirmInput } from "../../app/models/import.server";
import { previewOf } from "../../app/models/import-view";
import { importWorkbook } from "../../app/exports/import-workbook.server";
import type { Locale } from "../../app/i18n/catalog";
import { keyTasksXlsxFile, type KeyTasksInput } from "../../app/exports/key-tasks-workbook.server";
import { responsibilityXlsxFile, type ResponsibilityInput } from "../../app/exports/responsibility-workbook.server";
import type { ImportSheet } from "../../app/models/import-sheet";
import type { BeforeWrite } from "./tasks";
import { renderPrintPage, type PrintPageInput } from "../../app/exports/print-render.server";

export const handlers = {
  /** The assembled report for the page and the print view (long tables summarized). */
  "report-document": (db: DB, input: Parameters<typeof reportDocument>[1]) => reportDocument(db, input),
  "report-docx": (db: DB, input: Parameters<typeof reportDocxFile>[1], progress: ProgressFn) => reportDocxFile(db, input, progress),
  "report-xlsx": (db: DB, input: Parameters<typeof reportXlsxFile>[1], progress: ProgressFn) => reportXlsxFile(db, input, progress),
  /** The month's 重点任务推进表 and a responsibility list as workbooks, as the actor may read them. */
  "key-tasks-xlsx": (db: DB, input: KeyTasksInput, progress: ProgressFn) => keyTasksXlsxFile(db, input, progress),
  "responsibility-xlsx": (db: DB, input: ResponsibilityInput, progress: ProgressFn) => responsibilityXlsxFile(db, input, progress),
  /** The funding-suggestion table (it assembles the year's report) and the application summary. */
  "funding-xlsx": (db: DB, input: Parameters<typeof fundingXlsxFile>[1], progress: ProgressFn) => fundingXlsxFile(db, input, progress),
  "summary-xlsx": (db: DB, input: Parameters<typeof summaryXlsxFile>[1], progress: ProgressFn) => summaryXlsxFile(db, input, progress),
  /** The Excel import's reading and checking: the uploaded workbook against a snapshot, as the preview of its plan. */
  "import-preview": async (db: DB, input: ImportInput) => previewOf(await planImport(db, input)),
  /** The import's confirm: planned again and committed on the worker's read-write connection (a writer, below). */
  "import-confirm": (db: DB, input: ConfirmInput, _progress: ProgressFn, beforeWrite: BeforeWrite) => confirmImport(db, input, beforeWrite),
  /** The import template, or the current task list in its format (bytes of an .xlsx). */
  "import-workbook": async (db: DB, input: { locale: Locale; filled: boolean; sheets: ImportSheet[] }) => new Uint8Array(await importWorkbook(db, input.locale, input.filled, input.sheets)),
  /** A print view's HTML for the print browser (its loaders' tasks, the report's, run inline on this thread). */
  "print-page": (db: DB, input: PrintPageInput) =>
    renderPrintPage(db, input, (kind, taskInput) => {
      if (kind !== "report-document") throw new Error(`a print view asked for task ${kind}`);
      return reportDocument(db, taskInput as Parameters<typeof reportDocument>[1]);
    }),
} satisfies Record<string, (db: DB, input: never, progress: ProgressFn, beforeWrite: BeforeWrite) => unknown>;

/**
 * The kinds that write: their handler gets the worker's read-write connection (`openDatabase`: the app's
 * pragmas, busy timeout and `search_terms()`), the others a read-only one. Each write goes through the
 * write kernel and hands back what the main thread publishes.
 */
export const WRITERS: ReadonlySet<keyof typeof handlers> = new Set(["import-confirm"]);
