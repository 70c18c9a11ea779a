// What a worker thread can be asked to do: one entry per task kind, each a function of the worker's
// read-only database handle, the task's input and a progress callback. Add a kind here (an import's
// parsing, say) and it is typed end to end: pool.run(clock, { kind, input }) returns its output.
import type { DB } from "../../db/client";
import { reportDocument, reportDocxFile, reportXlsxFile, type ProgressFn } from "../../app/exports/report-jobs.server";

export const handlers = {
  /** The assembled report for the page and the print view (long tables summarized). */
  "report-document": (db: DB, input: Parameters<typeof reportDocument>[1]) => reportDocument(db, input),
  "report-docx": (db: DB, input: Parameters<typeof reportDocxFile>[1], progress: ProgressFn) => reportDocxFile(db, input, progress),
  "report-xlsx": (db: DB, input: Parameters<typeof reportXlsxFile>[1], progress: ProgressFn) => reportXlsxFile(db, input, progress),
} satisfies Record<string, (db: DB, input: never, progress: ProgressFn) => unknown>;
