// Reading a 任务清单 / 考核指标 workbook liberally, as pure functions (the worker that parses uploads, the
// template builder and the tests share them): which columns a sheet has (headers matched by normalized
// text and synonyms, in any order, below any title rows), how a cell becomes text, a date, a number or a
// yes/no, and which known name is closest to an unknown one. Nothing here touches the database.

import { UNIT_KINDS, UNIT_SUBKINDS } from "./domain";
import { ROLES, type Role } from "./permissions";
import { translate } from "../i18n/catalog";

/** The sheets the import reads, in the order they are committed (users join units, tasks name both, indicators hang on tasks). */
export const IMPORT_SHEETS = ["units", "users", "tasks", "indicators"] as const;
export type ImportSheet = (typeof IMPORT_SHEETS)[number];

/** Which permission (`import:<entity>`, permissions.ts) lets a person import each sheet. */
export const SHEET_PERMISSION: Record<ImportSheet, "unit" | "user" | "task"> = { units: "unit", users: "user", tasks: "task", indicators: "task" };

export type ColumnSpec = { key: string; required: boolean; synonyms: readonly string[] };

/** Columns of each sheet; the first synonym is the template's header (i18n `import.columns.<sheet>.<key>`). */
export const SHEET_COLUMNS: Record<ImportSheet, readonly ColumnSpec[]> = {
  units: [
    { key: "name", required: true, synonyms: ["单位名称", "成员单位", "单位全称", "成员单位名称", "名称"] },
    { key: "shortName", required: false, synonyms: ["简称", "单位简称"] },
    { key: "kind", required: true, synonyms: ["单位类型", "类型", "单位类别", "类别", "成员类型"] },
    { key: "subKind", required: false, synonyms: ["细分类型", "服务类型", "平台类型", "子类型", "服务机构类型"] },
    { key: "creditCode", required: false, synonyms: ["统一社会信用代码", "信用代码", "社会信用代码"] },
    { key: "district", required: false, synonyms: ["所在地区", "地区", "所在地", "区县", "所属地区"] },
    { key: "contact", required: false, synonyms: ["联系人", "联系方式", "联系人及电话"] },
    { key: "joinedOn", required: true, synonyms: ["加入日期", "加入时间", "入盟日期", "加入联合体日期"] },
  ],
  users: [
    { key: "displayName", required: true, synonyms: ["姓名", "名字", "用户姓名"] },
    { key: "username", required: true, synonyms: ["用户名", "登录名", "账号", "帐号", "登录账号"] },
    { key: "unit", required: false, synonyms: ["所属单位", "单位", "工作单位", "成员单位"] },
    { key: "roles", required: true, synonyms: ["角色", "用户角色", "系统角色"] },
    { key: "email", required: false, synonyms: ["电子邮箱", "邮箱", "电子邮件", "email", "e-mail"] },
    { key: "phone", required: false, synonyms: ["手机", "手机号", "电话", "联系电话", "手机号码"] },
  ],
  tasks: [
    { key: "project", required: true, synonyms: ["项目", "项目编号", "项目名称", "任务书编号", "所属项目", "项目代码"] },
    { key: "code", required: true, synonyms: ["任务编号", "编号", "任务代码", "任务号", "序号编码"] },
    { key: "title", required: true, synonyms: ["任务名称", "任务", "任务内容", "名称", "标题"] },
    { key: "unit", required: true, synonyms: ["承担单位", "责任单位", "单位", "任务承担单位", "负责单位"] },
    { key: "owner", required: false, synonyms: ["负责人", "责任人", "任务负责人", "联系人"] },
    { key: "startOn", required: true, synonyms: ["开始日期", "开始时间", "起始日期", "计划开始", "计划开始日期", "开始"] },
    { key: "dueOn", required: true, synonyms: ["截止日期", "完成时间", "完成日期", "计划完成", "计划完成日期", "结束日期", "截止时间", "截止"] },
    { key: "isKey", required: false, synonyms: ["重点任务", "是否重点任务", "是否重点", "重点"] },
    { key: "predecessors", required: false, synonyms: ["前置任务", "前序任务", "紧前任务", "依赖任务", "前置"] },
    { key: "description", required: false, synonyms: ["任务描述", "描述", "说明", "任务说明", "备注", "主要内容"] },
  ],
  indicators: [
    { key: "taskCode", required: true, synonyms: ["任务编号", "所属任务", "任务代码", "任务号"] },
    { key: "name", required: true, synonyms: ["指标名称", "考核指标", "指标", "名称"] },
    { key: "unitOfMeasure", required: false, synonyms: ["计量单位", "单位", "指标单位"] },
    { key: "baseline", required: false, synonyms: ["基线值", "基线", "现状值", "基准值"] },
    { key: "target", required: false, synonyms: ["目标值", "目标", "考核目标"] },
    { key: "direction", required: true, synonyms: ["方向", "指标方向", "考核方向"] },
    { key: "dueOn", required: true, synonyms: ["截止日期", "完成时间", "完成日期", "截止时间"] },
    { key: "unit", required: true, synonyms: ["责任单位", "承担单位", "负责单位"] },
    { key: "owner", required: false, synonyms: ["责任人", "负责人"] },
  ],
};

/** Most rows one upload may carry over all its sheets (a consortium's whole list is a few thousand). */
export const MAX_IMPORT_ROWS = 10_000;
/** Rows above the header that may hold titles, notes or merged banners. */
export const HEADER_SEARCH_ROWS = 20;

/** Full-width to half-width (NFKC), no spaces, no required-marks or bracketed hints, lower case. */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[(（【[].*?[)）】\]]/g, "")
    .replace(/[\s*＊:：]/g, "")
    .toLowerCase();
}

/** Which column key a header cell names in `sheet`, or null. */
export function columnOf(sheet: ImportSheet, header: string): string | null {
  const h = normalizeHeader(header);
  if (!h) return null;
  for (const c of SHEET_COLUMNS[sheet]) if (c.synonyms.some((s) => normalizeHeader(s) === h)) return c.key;
  return null;
}

export type HeaderMatch = { row: number; columns: Record<string, number>; headers: Record<string, string>; missing: string[] };

/**
 * The header row of a sheet: among the first rows, the one naming the most columns of `sheet` (the
 * first such row; a column named twice keeps its first place). `rows[i]` is row i+1 of the sheet.
 */
export function findHeader(sheet: ImportSheet, rows: readonly (readonly string[])[]): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let bestCount = 0;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, i) => {
    const columns: Record<string, number> = {};
    const headers: Record<string, string> = {};
    cells.forEach((text, col) => {
      const key = columnOf(sheet, text);
      if (key && !(key in columns)) {
        columns[key] = col;
        headers[key] = text.trim();
      }
    });
    const count = Object.keys(columns).length;
    if (count > bestCount) {
      bestCount = count;
      const missing = SHEET_COLUMNS[sheet].filter((c) => c.required && !(c.key in columns)).map((c) => c.key);
      best = { row: i + 1, columns, headers, missing };
    }
  });
  // Fewer than three recognised headers is not a header row: a title or a data row by chance.
  return bestCount >= 3 ? best : null;
}

/** A cell as exceljs gives it, reduced to what the import reads. */
export type CellValue = string | number | boolean | Date | null;

/** Text of a cell as written, trimmed (titles and descriptions keep their full-width punctuation). */
export function cellText(v: CellValue): string {
  if (v == null) return "";
  if (v instanceof Date) return isoOfUtc(v);
  return String(v).trim();
}

/** Text of a cell that names something (a code, a unit, 是/否, a number): full-width made half-width (NFKC). */
export const keyText = (v: CellValue): string => cellText(v).normalize("NFKC").trim();

/** Whether two names are the same once full-width and spacing differences are set aside. */
export const sameName = (a: string, b: string) => a === b || a.normalize("NFKC").replace(/\s+/g, "") === b.normalize("NFKC").replace(/\s+/g, "");

const isoOfUtc = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 2 月 30 日
  return isoOfUtc(date);
}

/** Excel's day 0 is 1899-12-30 (it counts the 1900 leap day that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A date from an Excel date cell, a serial number (45000 = 2023-03-15) or text (2026-03-01, 2026/3/1,
 * 2026.3.1, 2026年3月1日, 20260301, full-width digits), as ISO yyyy-mm-dd; null when it is none of these.
 */
export function parseDate(v: CellValue): string | null {
  if (v == null || v === "") return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : isoOfUtc(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 1 || v > 120_000) return null;
    return isoOfUtc(new Date(EXCEL_EPOCH_MS + Math.floor(v) * DAY_MS));
  }
  const s = keyText(v).replace(/\s+/g, "");
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4,6})(?:\.0+)?$/.exec(s); // a serial number typed as text
  if (m) return parseDate(Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(s);
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** A number from a number cell or text (full-width digits, thousands separators, a trailing %); null if none. */
export function parseNumber(v: CellValue): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  const s = keyText(v).replace(/[,\s]/g, "").replace(/%$/, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  return Number(s);
}

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓", "重点", "重点任务"]);
const NO = new Set(["否", "n", "no", "false", "0", "", "×", "非重点"]);
/** 是 / 否 (and their usual spellings); null when the cell says something else. */
export function parseYesNo(v: CellValue): boolean | null {
  if (typeof v === "boolean") return v;
  const s = keyText(v).toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

/** Indicator directions as people write them. */
const DIRECTION_WORDS: Record<string, "higher" | "lower" | "yesno"> = {
  提高: "higher", 越大越好: "higher", 不低于: "higher", 增加: "higher", "≥": "higher", ">=": "higher", higher: "higher", 上升: "higher",
  降低: "lower", 越小越好: "lower", 不高于: "lower", 减少: "lower", "≤": "lower", "<=": "lower", lower: "lower", 下降: "lower",
  是否: "yesno", 是否型: "yesno", 完成: "yesno", yesno: "yesno", 达成: "yesno",
};
export function parseDirection(v: CellValue): "higher" | "lower" | "yesno" | null {
  return DIRECTION_WORDS[keyText(v).toLowerCase()] ?? null;
}

/** Predecessor codes: separated by commas (either width), 、, semicolons or spaces. */
export function splitCodes(v: CellValue): string[] {
  return [...new Set(keyText(v).split(/[,，、;；\s]+/).map((c) => c.trim()).filter(Boolean))];
}

/** Levenshtein distance (two rows), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The known name closest to `wanted`: one containing it or contained in it first (浙大 → 浙江大学 is not
 * containment, but 之江实验室 ⊂ 之江实验室（杭州）is), else the smallest edit distance within half the
 * name's length. Null when nothing is close enough to suggest.
 */
export function closestName(wanted: string, names: readonly string[]): string | null {
  const w = normalizeHeader(wanted);
  if (!w) return null;
  const contained = names.filter((n) => {
    const k = normalizeHeader(n);
    return k.includes(w) || w.includes(k);
  });
  if (contained.length) return contained.sort((a, b) => Math.abs(a.length - wanted.length) - Math.abs(b.length - wanted.length))[0]!;
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(w, normalizeHeader(n));
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best != null && bestD <= Math.max(1, Math.floor(w.length / 2)) ? best : null;
}

// ---------------------------------------------------------------------------------- units and users

/** How a vocabulary word is compared: full-width made half-width, no spaces, lower case (brackets kept: 牵头单位（创新平台）). */
const word = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** Words for each id: the id itself and its Chinese and English labels (full and short), plus the usual other spellings. */
function vocabulary<K extends string>(ids: readonly K[], labelKeys: string[], extra: Record<string, K>): Map<string, K> {
  const out = new Map<string, K>();
  for (const id of ids) {
    out.set(word(id), id);
    for (const prefix of labelKeys) for (const locale of ["zh-CN", "en"] as const) out.set(word(translate(locale, `${prefix}.${id}`)), id);
  }
  for (const [w, id] of Object.entries(extra)) out.set(word(w), id);
  return out;
}

const KIND_WORDS = vocabulary(UNIT_KINDS, ["unitKinds", "unitKindsShort"], { 牵头单位: "lead_enterprise", 领军企业: "lead_enterprise", 链主企业: "lead_enterprise", 平台: "platform", 骨干企业: "enterprise", 大学: "university", 科研院所: "institute", 研究院: "institute", 服务机构: "service", 行业协会: "association" });
const SUBKIND_WORDS = vocabulary(UNIT_SUBKINDS, ["subKinds"], { 转移转化: "tech_transfer", 技术转移转化: "tech_transfer", 金融: "finance", 投资: "finance", 检测: "testing", 创新中心: "innovation_center" });
const ROLE_WORDS = vocabulary(ROLES, ["roles"], { 科研: "researcher", 研究人员: "researcher", 责任专家: "expert", 专家: "expert", 首席: "chief_scientist", 管理员: "admin", 总体部: "observer", 观察员: "observer", 理事会: "council" });

/** A unit kind from its label (牵头企业, 高校, 服务机构 …, either language) or id; null when it is none. */
export const parseUnitKind = (v: CellValue) => KIND_WORDS.get(word(keyText(v))) ?? null;
/** A sub-kind (概念验证, 检验检测, 转移转化, 金融 …; 省实验室 …); null when it is none. */
export const parseSubKind = (v: CellValue) => SUBKIND_WORDS.get(word(keyText(v))) ?? null;

/** Roles separated by 、, commas, semicolons or spaces (not slashes: 总体部/评价观察员 is one role): the known ones, and the words that are none. */
export function parseRoles(v: CellValue): { roles: Role[]; unknown: string[] } {
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const w of keyText(v).split(/[,，、;；\s]+/).filter(Boolean)) {
    const r = ROLE_WORDS.get(word(w));
    if (r) roles.add(r);
    else unknown.push(w);
  }
  return { roles: ROLES.filter((r) => roles.has(r)), unknown };
}
