// The report's exports as worker tasks (server/jobs/handlers.ts): each reads the database through the
// worker's read-only connection, whose clock is the app clock's instant at the request, and writes its
// file to the path it is given (the job's file), so no file travels through the main thread's memory.
import fs from "node:fs/promises";
import type { DB } from "../../db/client";
import { assembleReport, distinctTables } from "../models/report.server";
import { DOCUMENT_TABLE_ROWS, documentReport, type AssembledReport, type ReportFormat } from "../models/report";
import type { Locale } from "../i18n/catalog";
import { reportDocx } from "./report-docx.server";
import { workbookOf } from "./xlsx-table.server";

export type ReportInput = { year: number; format: ReportFormat; locale: Locale };
export type FileInput = ReportInput & { outFile: string };
export type FileOutput = { bytes: number };
/** Progress from a worker: how far (0..1) and the stage (catalogue key exports.stages.*). */
export type ProgressFn = (fraction: number, stage: "reading" | "writing" | "packing") => void;

const assemble = (db: DB, input: ReportInput, summarizeOver?: number) =>
  assembleReport(db, { year: input.year, format: input.format, today: db.$clock.today(), locale: input.locale, summarizeOver });

/** The report as the page, the print view, the PDF and the DOCX show it (long tables summarized, in SQL where it can). */
export function reportDocument(db: DB, input: ReportInput): AssembledReport {
  return documentReport(assemble(db, input, DOCUMENT_TABLE_ROWS), input.locale);
}

export async function reportDocxFile(db: DB, input: FileInput, progress: ProgressFn): Promise<FileOutput> {
  progress(0.1, "reading");
  const report = reportDocument(db, input);
  progress(0.4, "writing");
  const body = await reportDocx(report, input.locale);
  progress(0.9, "packing");
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}

/** Every row of every table (the XLSX is where the full lists live). */
export async function reportXlsxFile(db: DB, input: FileInput, progress: ProgressFn): Promise<FileOutput> {
  progress(0.1, "reading");
  const report = assemble(db, input);
  progress(0.4, "writing");
  const sheets = distinctTables(report).map((t) => ({ sheetName: t.title, title: `${report.title} · ${t.title}`, columns: t.columns, rows: t.rows }));
  const body = await workbookOf(sheets, report.consortiumName);
  progress(0.9, "packing");
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}
