// What the browser knows of export jobs (the server half is jobs.server.ts): kinds, states, the job's view
// and the form that starts one.
import * as z from "zod";
import { REPORT_FORMATS, reportYear } from "../models/report";

export const EXPORT_KINDS = ["docx", "pdf", "xlsx"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type JobStatus = "queued" | "running" | "done" | "failed";
/** Where a job is (catalogue exports.stages.*). */
export type ExportStage = "queued" | "reading" | "writing" | "packing" | "printing" | "done" | "failed";

/** What the browser sees of a job. */
export type ExportJobView = {
  id: string;
  kind: ExportKind;
  fileName: string;
  status: JobStatus;
  /** 0..1 */
  fraction: number;
  stage: ExportStage;
  /** Place in line while queued (1: next). */
  position: number | null;
  bytes: number | null;
  createdAt: string;
  finishedAt: string | null;
};

/** Starts an export of the annual report (the report page's export buttons). */
export const reportExportSchema = z.object({ kind: z.enum(EXPORT_KINDS), year: reportYear, format: z.enum(REPORT_FORMATS) }).strict();
