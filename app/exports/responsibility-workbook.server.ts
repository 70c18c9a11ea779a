// A responsibility list as a workbook to print and sign: title row, header row repeated on every page,
// one row per item in the page's order (overdue first, then by due month), A4 or A3 landscape, and the
// signature line (with the signer when signed). Written by a worker thread (server/jobs/handlers.ts)
// from the worker's own read-only connection, straight to the export job's file.
import fs from "node:fs/promises";
import type ExcelJS from "exceljs";
import type { DB } from "../../db/client";
import type { Actor } from "../models/context.server";
import { translate, type Locale } from "../i18n/catalog";
import { formatDate } from "../i18n/format";
import { listFor, type ResponsibilityList } from "../models/responsibility.server";
import { orderedItems, type ListItem, type ListQuery } from "../models/responsibility";
import { addTableSheet, newWorkbook, xlsxBuffer } from "./xlsx-table.server";
import type { FileOutput, ProgressFn } from "./report-jobs.server";

const COLUMNS = ["seq", "item", "type", "project", "unit", "owner", "indicator", "target", "dueOn", "status", "progress"] as const;
const NUMERIC = new Set<string>(["seq", "progress"]);

/** Excel paper sizes: 9 = A4, 8 = A3 (the typings list only some). */
const PAPER = { A4: 9, A3: 8 } as const;
const OVERDUE_FILL = "FFF8D7DA";

function cells(i: ListItem, n: number, t: (k: string) => string): (string | number)[] {
  const status = i.kind === "task" ? t(`statuses.${i.status}`) : t(`responsibility.indicatorStates.${i.status}`);
  return [n, `${i.code} ${i.title}`, t(`responsibility.kinds.${i.kind}`), i.projectName, i.unitName, i.userName ?? "", i.indicator, i.target, i.dueOn, status, i.progress / 100];
}

/** The shared titled table (xlsx-table.server.ts), then this list's paper, overdue marks and signature line. */
export async function buildResponsibilityWorkbook(list: ResponsibilityList, locale: Locale, paper: keyof typeof PAPER, today: string): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const unitName = list.groups[0]?.items[0]?.unitName ?? "";
  const items = orderedItems(list.groups);
  const wb = await newWorkbook();
  const ws = addTableSheet(wb, {
    sheetName: t("responsibility.sheet"),
    title:
      list.subject.userId != null
        ? t("responsibility.exportPersonTitle", { name: list.subjectName, unit: unitName, year: list.year })
        : t("responsibility.exportTitle", { name: list.subjectName, year: list.year }),
    columns: COLUMNS.map((c) => ({ label: t(`responsibility.columns.${c}`), numeric: NUMERIC.has(c) })),
    rows: items.map((item, n) => cells(item, n + 1, t)),
  });
  ws.pageSetup.paperSize = PAPER[paper] as ExcelJS.PaperSize;
  ws.views = [{ state: "frozen", ySplit: 2 }];
  items.forEach((item, n) => {
    const row = ws.getRow(3 + n);
    row.getCell(COLUMNS.length).numFmt = "0%";
    if (item.overdue) row.getCell(COLUMNS.indexOf("dueOn") + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: OVERDUE_FILL } };
  });
  ws.addRow([]);
  const s = list.signoff;
  const foot = ws.addRow([list.subject.userId != null ? "" : s ? t("responsibility.exportSigned", { name: s.signerName, date: formatDate(locale, s.signedAt) }) : t("responsibility.exportUnsigned")]);
  ws.mergeCells(foot.number, 1, foot.number, 7);
  ws.getCell(foot.number, 9).value = t("responsibility.exportedAt", { date: today });
  ws.mergeCells(foot.number, 9, foot.number, COLUMNS.length);
  return xlsxBuffer(wb);
}

export type ResponsibilityInput = { actor: Actor; query: ListQuery; outFile: string };

/** The worker task: the list as of the app clock's day, then the workbook on disk. */
export async function responsibilityXlsxFile(db: DB, input: ResponsibilityInput, progress: ProgressFn): Promise<FileOutput> {
  progress(0.1, "reading");
  const today = db.$clock.today();
  const list = listFor(db, input.actor, input.query, today);
  progress(0.4, "writing");
  const body = await buildResponsibilityWorkbook(list, input.actor.locale, input.query.paper ?? "A4", today);
  progress(0.9, "packing");
  await fs.writeFile(input.outFile, body);
  return { bytes: body.length };
}
