// The report's exports as worker tasks (server/jobs/handlers.ts): each reads the database through the
// worker's read-only connection, whose clock is the app clock's instant at the request, and writes its
// file to the path it is given (the job's file), so no file travels through the main thread's memory.
import fs from "node:fs/promises";
import type { DB } from "../../db/client";
import { applicationSummary, assembleReport, distinctTables, fundingTable } from "../models/report.server";
import { DOCUMENT_TABLE_ROWS, documentReport, type AssembledReport, type ReportFormat } from "../models/report";
import { translate, type Locale } from "../i18n/catalog";
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

/** 年度经费拨付建议表: one row per project of the year and a total row (the report's funds table). */
export async function fundingXlsxFile(db: DB, input: { year: number; locale: Locale; outFile: string }, progress: ProgressFn): Promise<FileOutput> {
  progress(0.1, "reading");
  const { title, table } = fundingTable(db, input.year, db.$clock.today(), input.locale);
  const sum = (i: number) => Math.round(table.rows.reduce((s, r) => s + Number(r[i] ?? 0), 0) * 100) / 100;
  const totalRow = table.columns.map((c, i) => (i === 0 ? translate(input.locale, "reports.fundingTotal") : c.numeric ? sum(i) : ""));
  progress(0.4, "writing");
  const body = await workbookOf([{ sheetName: String(input.year), title, columns: table.columns, rows: table.rows, totalRow }], title);
  progress(0.9, "packing");
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}

/** 申报汇总表 (001 附件4): the consortium's one row. */
export async function summaryXlsxFile(db: DB, input: { locale: Locale; outFile: string }, progress: ProgressFn): Promise<FileOutput> {
  progress(0.2, "reading");
  const s = applicationSummary(db, input.locale);
  progress(0.5, "writing");
  const body = await workbookOf([{ sheetName: s.title, title: s.title, columns: s.columns.map((label, i) => ({ label, numeric: i === 0 })), rows: s.rows }], s.title);
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}
