// Workbooks for the import tests and the benchmark: a task list and indicators written the way people
// write them (any column order, title rows, blank rows, dates as dates, serials or text), from plain rows.
import ExcelJS from "exceljs";
import { IMPORT_SHEETS, SHEET_COLUMNS, type ImportSheet } from "../../app/models/import-sheet";
import { projectOptions } from "../../app/models/projects.server";
import { column } from "../../app/models/sql.server";
import type { DB } from "../../db/client";
import { EVIDENCE_FIELD } from "../../app/models/evidence";

export type SheetRow = Record<string, string | number | null>;
export type DateStyle = "date" | "serial" | "iso" | "slash" | "chinese" | "fullwidth";
export type Layout = { order?: string[]; titleRows?: number; blankEvery?: number; dateStyle?: DateStyle; headerSynonym?: number; sheetNames?: Partial<Record<ImportSheet, string>> };

const DATE_KEYS = new Set(["startOn", "dueOn", "joinedOn"]);
const SHEET_NAMES: Record<ImportSheet, string> = { units: "成员单位", users: "用户", tasks: "任务清单", indicators: "考核指标" };

function dateCell(iso: string, style: DateStyle): string | number | Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  switch (style) {
    case "date":
      return new Date(Date.UTC(y, m - 1, d));
    case "serial":
      return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
    case "iso":
      return iso;
    case "slash":
      return `${y}/${m}/${d}`;
    case "chinese":
      return `${y}年${m}月${d}日`;
    case "fullwidth":
      return iso.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  }
}

export function addSheet(wb: ExcelJS.Workbook, kind: ImportSheet, rows: SheetRow[], layout: Layout = {}): void {
  const specs = SHEET_COLUMNS[kind];
  const order = layout.order ?? specs.map((c) => c.key);
  const ws = wb.addWorksheet(layout.sheetNames?.[kind] ?? SHEET_NAMES[kind]);
  for (let i = 0; i < (layout.titleRows ?? 0); i++) {
    ws.addRow([i === 0 ? `某创新联合体 2027 年度${SHEET_NAMES[kind]}` : "（内部资料）"]);
    ws.mergeCells(i + 1, 1, i + 1, order.length);
  }
  ws.addRow(order.map((k) => {
    const s = specs.find((c) => c.key === k)!.synonyms;
    return s[Math.min(layout.headerSynonym ?? 0, s.length - 1)];
  }));
  rows.forEach((r, i) => {
    if (layout.blankEvery && i % layout.blankEvery === 0) ws.addRow([]);
    ws.addRow(order.map((k) => {
      const v = r[k] ?? null;
      return typeof v === "string" && DATE_KEYS.has(k) && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dateCell(v, layout.dateStyle ?? "date") : v;
    }));
  });
}

export async function workbookBytes(sheets: Partial<Record<ImportSheet, SheetRow[]>>, layout: Layout = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const kind of IMPORT_SHEETS) if (sheets[kind]) addSheet(wb, kind, sheets[kind]!, layout);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * A large valid workbook's rows over the database's projects and units (the benchmark's and the live
 * import test's): `tasks` new tasks `B1…` (a third with a predecessor), `indicators` indicators on them.
 */
export function bulkRows(db: DB, counts: { tasks: number; indicators: number }): { tasks: SheetRow[]; indicators: SheetRow[] } {
  const units = new Map(column<string>(db, "SELECT id || ':' || name FROM member_units").map((s) => [Number(s.split(":")[0]), s.slice(s.indexOf(":") + 1)]));
  const projects = projectOptions(db);
  const iso = (d: number) => new Date(Date.UTC(2027, 0, d)).toISOString().slice(0, 10);
  const tasks = Array.from({ length: counts.tasks }, (_, i) => {
    const p = projects[i % projects.length]!;
    const start = 1 + (i % 300);
    return { project: p.code, code: `B${i + 1}`, title: `基准任务 ${i + 1}`, unit: units.get(p.unitIds[i % p.unitIds.length]!)!, owner: "", startOn: iso(start), dueOn: iso(start + 60), isKey: i % 7 === 0 ? "是" : "否", predecessors: i >= projects.length && i % 3 === 0 ? `B${i + 1 - projects.length}` : "", description: "" };
  });
  const indicators = Array.from({ length: counts.indicators }, (_, i) => {
    const t = tasks[i % counts.tasks]!;
    return { taskCode: t.code, name: `指标 ${Math.floor(i / counts.tasks) + 1}`, unitOfMeasure: "项", baseline: 0, target: 1 + (i % 5), direction: "提高", dueOn: t.dueOn, unit: t.unit, owner: "" };
  });
  return { tasks, indicators };
}

/** Posts a workbook to /import (intent preview or commit, with the previewed digest) as the browser's form does. */
export function postImport(url: string, session: { cookie: string; csrf: string }, intent: string, bytes: Uint8Array, digest?: string, fileName = "清单.xlsx") {
  const form = new FormData();
  form.set("_csrf", session.csrf);
  form.set("intent", intent);
  if (digest) form.set("digest", digest);
  form.set(EVIDENCE_FIELD, new Blob([Buffer.from(bytes)]), fileName);
  return fetch(`${url}/import`, { method: "POST", body: form, headers: { cookie: session.cookie } }).then(async (r) => ({ status: r.status, html: await r.text() }));
}
