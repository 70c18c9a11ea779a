// The import's workbook: the template (Chinese headers, a sample row, drop-down lists of the consortium's
// projects, units, unit kinds, roles and 是/否) and the same workbook filled with the current member units,
// users, tasks and indicators, which the import reads back as "no change". Only the sheets the person may
// import are in it. Column order and headers come from import-sheet.ts.
import type ExcelJS from "exceljs";
import type { DB } from "../../db/client";
import { all } from "../models/sql.server";
import { IMPORT_SHEETS, SHEET_COLUMNS, type ImportSheet } from "../models/import-sheet";
import { PLATFORM_SUBKINDS, SERVICE_SUBKINDS, UNIT_KINDS } from "../models/domain";
import { ROLES } from "../models/permissions";
import { predecessorCodes } from "../models/import-plan.server";
import { consortiumName } from "../models/consortium.server";
import { translate, type Locale } from "../i18n/catalog";
import { newWorkbook, xlsxBuffer } from "./xlsx-table.server";

const WIDTHS: Record<string, number> = { project: 14, code: 12, title: 36, unit: 22, owner: 10, startOn: 12, dueOn: 12, isKey: 9, predecessors: 16, description: 40, taskCode: 12, name: 30, unitOfMeasure: 10, baseline: 10, target: 10, direction: 9, shortName: 14, kind: 12, subKind: 14, creditCode: 22, district: 16, contact: 22, joinedOn: 12, displayName: 10, username: 16, roles: 24, email: 24, phone: 14 };
const DATE_KEYS = new Set(["startOn", "dueOn", "joinedOn"]);
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

/** The hidden 选项 sheet's columns, one drop-down list each. */
type Lists = Record<"projects" | "units" | "yesNo" | "directions" | "kinds" | "subKinds" | "roles" | "unitsAndBodies", string[]>;
const LIST_COLUMNS: (keyof Lists)[] = ["projects", "units", "yesNo", "directions", "kinds", "subKinds", "roles", "unitsAndBodies"];
const LIST_HEADERS: Record<keyof Lists, string> = { projects: "项目", units: "成员单位", yesNo: "是否", directions: "方向", kinds: "单位类型", subKinds: "细分类型", roles: "角色", unitsAndBodies: "所属单位" };

/** Which list a column's cells pick from, and whether anything else is refused (roles: several may be typed). */
function listOf(sheet: ImportSheet, key: string): { list: keyof Lists; strict: boolean } | null {
  if (key === "project") return { list: "projects", strict: false };
  if (key === "unit") return sheet === "users" ? { list: "unitsAndBodies", strict: false } : { list: "units", strict: false };
  if (key === "isKey") return { list: "yesNo", strict: true };
  if (key === "direction") return { list: "directions", strict: true };
  if (key === "kind") return { list: "kinds", strict: true };
  if (key === "subKind") return { list: "subKinds", strict: true };
  if (key === "roles") return { list: "roles", strict: false };
  return null;
}

function addSheet(wb: ExcelJS.Workbook, kind: ImportSheet, t: (k: string, p?: Record<string, string | number>) => string, lists: Lists, title: string, rows: unknown[][]) {
  const columns = SHEET_COLUMNS[kind];
  const ws = wb.addWorksheet(t(`import.sheets.${kind}`), { views: [{ state: "frozen", ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? 12 }));
  ws.mergeCells(1, 1, 1, columns.length);
  const banner = ws.getCell(1, 1);
  banner.value = `${title}    ${kind === "units" || kind === "users" ? t(`import.templateNotes.${kind}`) : t("import.templateNote")}`;
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
    const pick = listOf(kind, c.key);
    if (!pick) return;
    const n = lists[pick.list].length;
    if (n === 0) return;
    const letter2 = colLetter(LIST_COLUMNS.indexOf(pick.list) + 1);
    // A list of another sheet's cells: no 255-character limit, and an admin can see where it comes from.
    // exceljs writes range validations but its typings only know per-cell ones.
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, { type: "list", allowBlank: true, showErrorMessage: pick.strict, formulae: [`${LISTS}!$${letter2}$2:$${letter2}$${n + 1}`] });
  });
  return ws;
}

/** The template (one sample row per sheet), or, with `filled`, every unit, active user, live task and task indicator; only `sheets`. */
export async function importWorkbook(db: DB, locale: Locale, filled: boolean, sheets: readonly ImportSheet[]): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const projects = all<{ id: number; code: string; name: string }>(db, "SELECT id, code, name FROM projects ORDER BY code");
  const units = all<{ id: number; name: string }>(db, "SELECT id, name FROM member_units WHERE left_on IS NULL ORDER BY id");
  const bodies = all<{ name: string }>(db, "SELECT name FROM outside_bodies ORDER BY id").map((b) => b.name);
  const yes = t("import.yes");
  const no = t("import.no");
  const lists: Lists = {
    projects: projects.map((p) => p.code),
    units: units.map((u) => u.name),
    yesNo: [yes, no],
    directions: (["higher", "lower", "yesno"] as const).map((d) => t(`import.directions.${d}`)),
    // Vocabulary in Chinese whatever the locale: it is what the sheet is read in (import-sheet.ts also reads English).
    kinds: UNIT_KINDS.map((k) => translate("zh-CN", `unitKindsShort.${k}`)),
    subKinds: [...PLATFORM_SUBKINDS, ...SERVICE_SUBKINDS].map((k) => translate("zh-CN", `subKinds.${k}`)),
    roles: ROLES.map((r) => translate("zh-CN", `roles.${r}`)),
    unitsAndBodies: [...units.map((u) => u.name), ...bodies],
  };
  const wb = await newWorkbook();
  const title = t("import.templateTitle", { name: consortiumName(db) });
  const rows = filled ? currentRows(db, t) : sampleRows(t, projects[0]?.code ?? "P1", units[0]?.name ?? "");
  for (const kind of IMPORT_SHEETS) if (sheets.includes(kind)) addSheet(wb, kind, t, lists, title, rows[kind]);

  const opts = wb.addWorksheet(LISTS, { state: "hidden" });
  opts.addRow(LIST_COLUMNS.map((l) => LIST_HEADERS[l]));
  const longest = Math.max(...LIST_COLUMNS.map((l) => lists[l].length));
  for (let i = 0; i < longest; i++) opts.addRow(LIST_COLUMNS.map((l) => lists[l][i] ?? null));
  return xlsxBuffer(wb);
}

type Tr = (key: string, params?: Record<string, string | number>) => string;
const kindLabel = (kind: string) => translate("zh-CN", `unitKindsShort.${kind}`);
const subKindLabel = (sub: string | null) => (sub ? translate("zh-CN", `subKinds.${sub}`) : "");
const roleLabels = (roles: string | null) => (roles ? roles.split(",").sort((a, b) => ROLES.indexOf(a as never) - ROLES.indexOf(b as never)).map((r) => translate("zh-CN", `roles.${r}`)).join("、") : "");

/** One sample row per sheet: a service unit, a researcher of it, a task and its indicator. */
function sampleRows(t: Tr, project: string, unit: string): Record<ImportSheet, unknown[][]> {
  const code = t("import.sample.code");
  const no = t("import.no");
  return {
    units: [[t("import.sample.unitName"), t("import.sample.unitShort"), kindLabel("service"), subKindLabel("testing"), "", t("import.sample.district"), t("import.sample.contact"), asDate("2026-12-01")]],
    users: [[t("import.sample.person"), t("import.sample.username"), t("import.sample.unitName"), translate("zh-CN", "roles.researcher"), t("import.sample.email"), ""]],
    tasks: [[project, code, t("import.sample.title"), unit, "", asDate("2027-01-01"), asDate("2027-06-30"), no, "", t("import.sample.description")]],
    indicators: [[code, t("import.sample.indicator"), t("import.sample.uom"), 1, 0.5, t("import.directions.lower"), asDate("2027-06-30"), unit, ""]],
  };
}

/** The current data in the template's columns: what the import reads back as no change. */
function currentRows(db: DB, t: Tr): Record<ImportSheet, unknown[][]> {
  const yes = t("import.yes");
  const no = t("import.no");
  const preds = predecessorCodes(db);
  const units = all<{ name: string; shortName: string; kind: string; subKind: string | null; creditCode: string; district: string; contact: string; joinedOn: string }>(
    db,
    "SELECT name, short_name AS shortName, kind, sub_kind AS subKind, credit_code AS creditCode, district, contact, joined_on AS joinedOn FROM member_units ORDER BY id",
  ).map((u) => [u.name, u.shortName, kindLabel(u.kind), subKindLabel(u.subKind), u.creditCode, u.district, u.contact, asDate(u.joinedOn)]);
  const users = all<{ name: string; username: string; unit: string | null; roles: string | null; email: string; phone: string }>(
    db,
    `SELECT u.display_name AS name, u.username, coalesce(m.name, o.name) AS unit, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles, u.email, u.phone
     FROM users u LEFT JOIN member_units m ON m.id = u.unit_id LEFT JOIN outside_bodies o ON o.id = u.outside_body_id WHERE u.active = 1 ORDER BY u.id`,
  ).map((u) => [u.name, u.username, u.unit ?? "", roleLabels(u.roles), u.email, u.phone]);
  const tasks = all<{ id: number; project: string; code: string; title: string; unit: string; owner: string | null; startOn: string; dueOn: string; isKey: number; description: string }>(
    db,
    `SELECT t.id, p.code AS project, t.code, t.title, u.name AS unit, us.display_name AS owner, t.start_on AS startOn, t.due_on AS dueOn, t.is_key AS isKey, t.description
     FROM tasks t JOIN projects p ON p.id = t.project_id JOIN member_units u ON u.id = t.owner_unit_id LEFT JOIN users us ON us.id = t.owner_user_id
     WHERE t.archived_at IS NULL ORDER BY p.code, t.code`,
  ).map((r) => [r.project, r.code, r.title, r.unit, r.owner ?? "", asDate(r.startOn), asDate(r.dueOn), r.isKey ? yes : no, (preds.get(r.id) ?? []).join("、"), r.description]);
  const indicators = all<{ code: string; name: string; uom: string; baseline: number | null; target: number | null; direction: string; dueOn: string; unit: string; owner: string | null }>(
    db,
    `SELECT t.code, i.name, i.unit_of_measure AS uom, i.baseline, i.target, i.direction, i.due_on AS dueOn, u.name AS unit, us.display_name AS owner
     FROM indicators i JOIN tasks t ON t.id = i.task_id JOIN member_units u ON u.id = i.responsible_unit_id LEFT JOIN users us ON us.id = i.responsible_user_id
     WHERE i.archived_at IS NULL AND t.archived_at IS NULL ORDER BY t.code, i.id`,
  ).map((r) => [r.code, r.name, r.uom, r.baseline, r.target, t(`import.directions.${r.direction}`), asDate(r.dueOn), r.unit, r.owner ?? ""]);
  return { units, users, tasks, indicators };
}
