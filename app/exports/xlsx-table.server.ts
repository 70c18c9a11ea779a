// One titled table per worksheet (title row, bold header row, borders, wrapped text, numbers as numbers,
// A4 landscape print setup). Used by the report's data tables, the 申报汇总表 and the funding table.
// Every workbook the app exports is written through xlsxBuffer, which neutralises formula-like text.
import type ExcelJS from "exceljs";

/** exceljs takes about a second to load: it is loaded by the first workbook, not when the server starts. */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import("exceljs");
  return new Excel.Workbook();
}

// OWASP CSV injection: text starting with = + - @, tab or CR becomes a formula in a spreadsheet once the
// file is re-saved as CSV (or typed back in). Full-width forms are included: a Chinese IME types them.
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** The text as a spreadsheet shows it but never evaluates: a leading ' when it could start a formula. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Neutralises every text cell of every sheet (plain, rich text and hyperlink labels). */
export function neutraliseWorkbook(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return; // the master cell carries the value
        const v = cell.value;
        if (typeof v === "string") {
          if (FORMULA_START.test(v)) cell.value = neutraliseCell(v);
        } else if (v && typeof v === "object" && "richText" in v && v.richText[0] && FORMULA_START.test(v.richText[0].text)) {
          cell.value = { richText: [{ ...v.richText[0], text: neutraliseCell(v.richText[0].text) }, ...v.richText.slice(1)] };
        } else if (v && typeof v === "object" && "hyperlink" in v && typeof v.text === "string" && FORMULA_START.test(v.text)) {
          cell.value = { ...v, text: neutraliseCell(v.text) };
        }
      }),
    ),
  );
}

/** The one way a workbook leaves the server: neutralised, then written. */
export async function xlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type SheetColumn = { label: string; numeric?: boolean };
export type SheetTable = { sheetName: string; title: string; columns: SheetColumn[]; rows: (string | number | null)[][]; totalRow?: (string | number | null)[] };

/** Display width of a value: CJK characters count double. */
const widthOf = (v: unknown) => [...String(v ?? "")].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
function sheetName(wb: ExcelJS.Workbook, wanted: string): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 31) || "Sheet";
  let name = base;
  for (let n = 2; wb.worksheets.some((w) => w.name.toLowerCase() === name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
  return name;
}

export function addTableSheet(wb: ExcelJS.Workbook, table: SheetTable): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName(wb, table.sheetName), {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: "2:2" },
  });
  const n = Math.max(1, table.columns.length);
  ws.columns = table.columns.map((c, i) => {
    const longest = Math.max(widthOf(c.label), ...table.rows.map((r) => widthOf(r[i])));
    return { width: Math.min(50, Math.max(c.numeric ? 10 : 8, longest + 2)) };
  });
  ws.mergeCells(1, 1, 1, n);
  const title = ws.getCell(1, 1);
  title.value = table.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: "center", vertical: "middle" };
  ws.getRow(1).height = 28;
  const header = ws.addRow(table.columns.map((c) => c.label));
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE4EE" } }));
  for (const r of table.rows) ws.addRow(r.map((v, i) => (table.columns[i]?.numeric && typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v)));
  if (table.totalRow) ws.addRow(table.totalRow).font = { bold: true };
  const thin = { style: "thin" as const };
  for (let r = 2; r <= ws.rowCount; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = { top: thin, left: thin, bottom: thin, right: thin };
      const numeric = table.columns[col - 1]?.numeric;
      cell.alignment = { wrapText: true, vertical: "middle", horizontal: r === 2 ? "center" : numeric ? "right" : "left" };
    });
  }
  return ws;
}

export async function workbookOf(tables: SheetTable[], creator: string): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = creator;
  for (const t of tables) addTableSheet(wb, t);
  return xlsxBuffer(wb);
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A download response; the file name is ASCII with a UTF-8 variant for browsers that read it. */
export function download(body: Buffer, type: string, asciiName: string, utf8Name: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
