// The month's 重点任务推进表 as a workbook ready to send upward (title row, header, one row per key task,
// borders, wrapped text, A3 landscape), written by a worker thread (server/jobs/handlers.ts) from the
// worker's own read-only connection, straight to the export job's file.
import fs from "node:fs/promises";
import type ExcelJS from "exceljs";
import type { DB } from "../../db/client";
import type { Actor } from "../models/context.server";
import { keyTaskTable, type KeyTaskTable } from "../models/key-tasks.server";
import { consortiumName } from "../models/consortium.server";
import { translate, type Locale } from "../i18n/catalog";
import { newWorkbook, xlsxBuffer } from "./xlsx-table.server";
import type { FileOutput, ProgressFn } from "./report-jobs.server";

const COLUMNS: { key: string; width: number }[] = [
  { key: "seq", width: 6 },
  { key: "code", width: 14 },
  { key: "task", width: 30 },
  { key: "unit", width: 14 },
  { key: "owner", width: 10 },
  { key: "plannedTarget", width: 30 },
  { key: "actualProgress", width: 11 },
  { key: "status", width: 12 },
  { key: "problems", width: 30 },
  { key: "nextSteps", width: 30 },
  { key: "filing", width: 11 },
];

/** Cell fills by status colour (ARGB), so the printed sheet keeps the colour next to the words. */
const RAG_FILL: Record<string, string> = { green: "FFD9F2E3", yellow: "FFFFF2CC", red: "FFF8D7DA", done: "FFE2E3E5", suspended: "FFE2E3E5" };

export async function buildKeyTaskWorkbook(table: KeyTaskTable, name: string, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const [y, m] = table.month.split("-");
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(t("keyTasks.title"), {
    // A3 is paper size 8 in Excel; the typings list only some sizes.
    pageSetup: { paperSize: 8 as ExcelJS.PaperSize, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: "2:2" },
  });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = t("keyTasks.exportTitle", { name, y: Number(y), m: Number(m) });
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: "center", vertical: "middle" };
  ws.getRow(1).height = 32;
  const header = ws.addRow(COLUMNS.map((c) => t(`keyTasks.${c.key}`)));
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE4EE" } }));
  let n = 0;
  for (const unit of table.units) {
    for (const line of unit.lines) {
      const row = ws.addRow([
        ++n,
        line.code,
        line.title,
        unit.shortName,
        line.ownerName ?? "",
        line.report?.plannedTarget ?? "",
        line.report?.actualProgress ?? null,
        t(`battleMap.ragNames.${line.rag}`),
        line.report?.problems ?? "",
        line.report?.nextSteps ?? "",
        t(`keyTasks.rowStates.${line.report?.status ?? "empty"}`),
      ]);
      row.getCell(8).fill = { type: "pattern", pattern: "solid", fgColor: { argb: RAG_FILL[line.rag] ?? "FFFFFFFF" } };
    }
  }
  const thin = { style: "thin" as const };
  for (let r = 2; r <= ws.rowCount; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = { top: thin, left: thin, bottom: thin, right: thin };
      const centred = r === 2 || [1, 7, 8, 11].includes(col);
      cell.alignment = { wrapText: true, vertical: "middle", horizontal: centred ? "center" : "left" };
    });
  }
  return xlsxBuffer(wb);
}

export type KeyTasksInput = { actor: Actor; month: string; outFile: string };

/** The worker task: the table as the actor reads it on the app clock's day, then the workbook on disk. */
export async function keyTasksXlsxFile(db: DB, input: KeyTasksInput, progress: ProgressFn): Promise<FileOutput> {
  progress(0.1, "reading");
  const table = keyTaskTable(db, input.actor, input.month, db.$clock.today());
  progress(0.4, "writing");
  const body = await buildKeyTaskWorkbook(table, consortiumName(db), input.actor.locale);
  progress(0.9, "packing");
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}
