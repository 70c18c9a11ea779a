// The import's workbook: the template (Chinese headers, a sample row, drop-down lists of the consortium's
// projects, units and 是/否) and the same workbook filled with the current tasks and indicators, which the
// import reads back as "no change". Column order and headers come from import-sheet.ts.
import type ExcelJS from "exceljs";
import type { DB } from "../../db/client";
import { all } from "../models/sql.server";
import { SHEET_COLUMNS, type ImportSheet } from "../models/import-sheet";
import { predecessorCodes } from "../models/import-plan.server";
import { consortiumName } from "../models/consortium.server";
import { translate, type Locale } from "../i18n/catalog";
import { newWorkbook, xlsxBuffer } from "./xlsx-table.server";

const WIDTHS: Record<string, number> = { project: 14, code: 12, title: 36, unit: 22, owner: 10, startOn: 12, dueOn: 12, isKey: 9, predecessors: 16, description: 40, taskCode: 12, name: 30, unitOfMeasure: 10, baseline: 10, target: 10, direction: 9 };
const DATE_KEYS = new Set(["startOn", "dueOn"]);
/** Rows the drop-down lists and date formats cover below the header. */
const FILL_ROWS = 5000;
const LISTS = "选项";

const colLetter = (n: number) => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};
const asDate = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};

type Lists = { projects: string[]; units: string[] };

function addSheet(wb: ExcelJS.Workbook, kind: ImportSheet, t: (k: string, p?: Record<string, string | number>) => string, lists: Lists, title: string, rows: unknown[][]) {
  const columns = SHEET_COLUMNS[kind];
  const ws = wb.addWorksheet(t(`import.sheets.${kind}`), { views: [{ state: "frozen", ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? 12 }));
  ws.mergeCells(1, 1, 1, columns.length);
  const banner = ws.getCell(1, 1);
  banner.value = `${title}    ${t("import.templateNote")}`;
  banner.font = { bold: true, size: 12 };
  banner.alignment = { wrapText: true, vertical: "middle" };
  ws.getRow(1).height = 36;
  const header = ws.addRow(columns.map((c) => `${c.synonyms[0]}${c.required ? "*" : ""}`));
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE4EE" } }));
  for (const r of rows) ws.addRow(r);
  const last = 2 + FILL_ROWS;
  columns.forEach((c, i) => {
    const letter = colLetter(i + 1);
    const range = `${letter}3:${letter}${last}`;
    if (DATE_KEYS.has(c.key)) ws.getColumn(i + 1).numFmt = "yyyy-mm-dd";
    const list = c.key === "project" ? "A" : c.key === "unit" ? "B" : c.key === "isKey" ? "C" : c.key === "direction" ? "D" : null;
    if (!list) return;
    const n = list === "A" ? lists.projects.length : list === "B" ? lists.units.length : list === "C" ? 2 : 3;
    if (n === 0) return;
    // A list of another sheet's cells: no 255-character limit, and an admin can see where it comes from.
    // exceljs writes range validations but its typings only know per-cell ones.
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, { type: "list", allowBlank: true, showErrorMessage: list === "C" || list === "D", formulae: [`${LISTS}!$${list}$2:$${list}$${n + 1}`] });
  });
  return ws;
}

/** The template (one sample row per sheet), or, with `filled`, every live task and task indicator. */
export async function importWorkbook(db: DB, locale: Locale, filled: boolean): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const projects = all<{ id: number; code: string; name: string }>(db, "SELECT id, code, name FROM projects ORDER BY code");
  const units = all<{ id: number; name: string }>(db, "SELECT id, name FROM member_units WHERE left_on IS NULL ORDER BY id");
  const lists: Lists = { projects: projects.map((p) => p.code), units: units.map((u) => u.name) };
  const wb = await newWorkbook();
  const title = t("import.templateTitle", { name: consortiumName(db) });
  const yes = t("import.yes");
  const no = t("import.no");

  let taskRows: unknown[][];
  let indicatorRows: unknown[][];
  if (filled) {
    const preds = predecessorCodes(db);
    taskRows = all<{ id: number; project: string; code: string; title: string; unit: string; owner: string | null; startOn: string; dueOn: string; isKey: number; description: string }>(
      db,
      `SELECT t.id, p.code AS project, t.code, t.title, u.name AS unit, us.display_name AS owner, t.start_on AS startOn, t.due_on AS dueOn, t.is_key AS isKey, t.description
       FROM tasks t JOIN projects p ON p.id = t.project_id JOIN member_units u ON u.id = t.owner_unit_id LEFT JOIN users us ON us.id = t.owner_user_id
       WHERE t.archived_at IS NULL ORDER BY p.code, t.code`,
    ).map((r) => [r.project, r.code, r.title, r.unit, r.owner ?? "", asDate(r.startOn), asDate(r.dueOn), r.isKey ? yes : no, (preds.get(r.id) ?? []).join("、"), r.description]);
    indicatorRows = all<{ code: string; name: string; uom: string; baseline: number | null; target: number | null; direction: string; dueOn: string; unit: string; owner: string | null }>(
      db,
      `SELECT t.code, i.name, i.unit_of_measure AS uom, i.baseline, i.target, i.direction, i.due_on AS dueOn, u.name AS unit, us.display_name AS owner
       FROM indicators i JOIN tasks t ON t.id = i.task_id JOIN member_units u ON u.id = i.responsible_unit_id LEFT JOIN users us ON us.id = i.responsible_user_id
       WHERE i.archived_at IS NULL AND t.archived_at IS NULL ORDER BY t.code, i.id`,
    ).map((r) => [r.code, r.name, r.uom, r.baseline, r.target, t(`import.directions.${r.direction}`), asDate(r.dueOn), r.unit, r.owner ?? ""]);
  } else {
    const p = projects[0]?.code ?? "P1";
    const u = units[0]?.name ?? "";
    const code = t("import.sample.code");
    taskRows = [[p, code, t("import.sample.title"), u, "", asDate("2027-01-01"), asDate("2027-06-30"), no, "", t("import.sample.description")]];
    indicatorRows = [[code, t("import.sample.indicator"), t("import.sample.uom"), 1, 0.5, t("import.directions.lower"), asDate("2027-06-30"), u, ""]];
  }
  addSheet(wb, "tasks", t, lists, title, taskRows);
  addSheet(wb, "indicators", t, lists, title, indicatorRows);

  const opts = wb.addWorksheet(LISTS, { state: "hidden" });
  const longest = Math.max(lists.projects.length, lists.units.length, 3);
  opts.addRow(["项目", "成员单位", "是否", "方向"]);
  for (let i = 0; i < longest; i++) {
    opts.addRow([lists.projects[i] ?? null, lists.units[i] ?? null, i === 0 ? yes : i === 1 ? no : null, [t("import.directions.higher"), t("import.directions.lower"), t("import.directions.yesno")][i] ?? null]);
  }
  return xlsxBuffer(wb);
}
