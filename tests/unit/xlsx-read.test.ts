// The import's small .xlsx reader (app/lib/xlsx-read.server.ts) against exceljs, the reader it replaced:
// the same values from workbooks written the way people write them (any layout and date style, title rows
// merged over the columns, rich text, formulas, booleans, the 1904 date system, hidden sheets), and no
// workbook at all from bytes that are not one.
import { describe, expect, it } from "vitest";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { readXlsx, type XlsxCell, type XlsxSheet } from "../../app/lib/xlsx-read.server";
import { addSheet, type DateStyle, type SheetRow } from "../helpers/import-sheets";

/** What exceljs reads: visible sheets, values (rich text joined, formula results), a merged range's other cells empty. */
async function viaExcelJs(bytes: Uint8Array): Promise<XlsxSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const value = (v: ExcelJS.CellValue): XlsxCell => {
    if (v == null || typeof v !== "object" || v instanceof Date) return v ?? null;
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return value(v.result as ExcelJS.CellValue);
    return null;
  };
  return wb.worksheets
    .filter((ws) => ws.state === "visible" || ws.state == null)
    .map((ws) => {
      const rows: XlsxCell[][] = [];
      ws.eachRow({ includeEmpty: false }, (row, n) => {
        const cells: XlsxCell[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          cells[col - 1] = cell.isMerged && cell.master !== cell ? null : value(cell.value);
        });
        rows[n - 1] = Array.from(cells, (c) => c ?? null);
      });
      return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
    });
}

/** Trailing empty cells and rows say nothing (exceljs keeps a merged range's empty cells, the reader does not). */
const trimmed = (sheets: XlsxSheet[] | null) =>
  sheets?.map((s) => {
    const rows = s.rows.map((r) => {
      const cells = [...r];
      while (cells.length && cells[cells.length - 1] == null) cells.pop();
      return cells;
    });
    while (rows.length && !rows[rows.length - 1]!.length) rows.pop();
    return { name: s.name, rows };
  });

const tasks: SheetRow[] = Array.from({ length: 24 }, (_, i) => ({
  project: "ZX-01",
  code: `T-${i}`,
  title: `任务 ${i} <&> "引号" ’`,
  unit: "某某大学",
  owner: i % 3 ? "张三" : null,
  startOn: "2027-01-05",
  dueOn: "2027-12-31",
  isKey: i % 2 ? "是" : "否",
  predecessors: i ? `T-${i - 1}` : null,
  description: i % 4 ? "  前后空格  " : null,
}));
const indicators: SheetRow[] = [{ taskCode: "T-1", name: "专利", unitOfMeasure: "项", baseline: 1.5, target: 3, direction: "提高", dueOn: "2027-05-01", unit: "某某大学", owner: "张三" }];

describe("xlsx reader", () => {
  it.each<DateStyle>(["date", "serial", "iso", "slash", "chinese", "fullwidth"])("reads what exceljs reads: shuffled columns, merged title rows, blank rows, dates as %s", async (dateStyle) => {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, "tasks", tasks, { dateStyle, titleRows: 2, blankEvery: 5, order: ["title", "code", "project", "dueOn", "startOn", "unit", "owner", "isKey", "predecessors", "description"] });
    addSheet(wb, "indicators", indicators, { dateStyle, titleRows: 1 });
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = readXlsx(bytes);
    expect(trimmed(read)).toEqual(trimmed(await viaExcelJs(bytes)));
    // The title's merged cells are empty, the header is the third row.
    expect(read![0]!.rows[0]).toEqual(["某创新联合体 2027 年度任务清单"]);
    expect(read![0]!.rows[2]![0]).toBe("任务名称");
  });

  it("rich text, formulas, booleans, the 1904 date system, merged ranges and hidden sheets", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("任务");
    ws.addRow([{ richText: [{ text: "富" }, { text: "文本", font: { bold: true } }] }, { formula: "1+1", result: 2 }, true, { formula: '"a"&"b"', result: "ab" }, new Date(Date.UTC(2027, 1, 3))]);
    ws.getCell("B3").value = 5;
    ws.getCell("C3").value = { formula: "NA()", result: { error: "#N/A" } };
    ws.mergeCells("A5:C6");
    ws.getCell("A5").value = "merged";
    ws.getCell("D5").value = "'=SUM(A1)"; // our exports' neutralised formula text
    const hidden = wb.addWorksheet("选项");
    hidden.state = "hidden";
    hidden.addRow(["x"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = readXlsx(bytes)!;
    expect(read.map((s) => s.name)).toEqual(["任务"]);
    expect(read[0]!.rows[0]).toEqual(["富文本", 2, true, "ab", new Date(Date.UTC(2027, 1, 3))]);
    expect(read[0]!.rows[2]).toEqual([null, 5]);
    expect(read[0]!.rows[4]).toEqual(["merged", null, null, "=SUM(A1)"]);
  });

  it("numbers in a custom date format are dates; in a number format they stay numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("s");
    ws.addRow([46082, 46082, 46082, 0.25]);
    ws.getCell("A1").numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell("B1").numFmt = "0.00";
    ws.getCell("C1").numFmt = '[Red]#,##0;"负"0';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(readXlsx(bytes)![0]!.rows[0]).toEqual([new Date(Date.UTC(2026, 2, 1)), 46082, 46082, 0.25]);
  });

  it("bytes that are no workbook read as none", () => {
    expect(readXlsx(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(readXlsx(new TextEncoder().encode("PK\u0003\u0004 not really a zip"))).toBeNull();
    expect(readXlsx(zip({ "a.txt": "no workbook inside" }))).toBeNull();
    expect(readXlsx(zip({ "xl/workbook.xml": "<workbook><sheets><sheet name='a" }))).toBeNull();
  });

  it("a part that claims more than it inflates to, or a zip bomb, reads as none", () => {
    const big = zip({ "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": "<x/>" }, 300 * 1024 * 1024);
    expect(readXlsx(big)).toBeNull();
  });
});

/** A minimal zip (deflated entries, central directory); `claim` overrides the declared size of each entry. */
function zip(files: Record<string, string>, claim?: number): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const size = claim ?? Buffer.byteLength(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}
