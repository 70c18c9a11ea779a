// 年度自评报告: the outlines of the annual self-evaluation report per province format, the data tables
// each section links to, due dates, and the narrative schema. Pure: shared by the report page, the
// exports, the server and the tests.
//
// Headings come from the source documents (../../shared/seeds):
// - Zhejiang (001 四(五): "每家创新联合体次年1月向省科技厅书面上报上年度实施情况自评报告 … 重点评估战略目标实施
//   和重大项目任务执行完成情况"; the 实施方案 outline gives "组织架构与运行机制", "经费投入与保障措施"),
//   plus the problems/rectification and next-year sections the province's evaluation asks for. Due in
//   January of the following year.
// - Jiangsu (002 七(一): "每年5月底前 … 主要包括：战略目标实施和重大项目任务执行情况、高水平研发平台建设情况、
//   人员团队建设情况、科技成果转化情况、标志性产品应用推广情况及下年度工作计划"): exactly those six sections.
//   Due at the end of May of the following year. Changes of members or organisation are explained in
//   the report (002 七(三)), so the team section carries the approved changes.
// The Chinese headings are the catalogue's zh-CN strings (reports.sections.*); English users get the
// English catalogue's translations, in the app and in the exports.
import * as z from "zod";
import { endOfMonth, format as fmt, parseISO } from "date-fns";
import { optionalText } from "./validation";
import { translate, type Locale } from "../i18n/catalog";

export const REPORT_FORMATS = ["zhejiang", "jiangsu"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Every data table a section can link to, with its columns (catalogue keys reports.columns.*). */
export const REPORT_TABLES = {
  goals: ["year", "phase", "goal"],
  indicators: ["project", "indicator", "unitOfMeasure", "target", "latest", "dueOn", "unit", "met"],
  members: ["seq", "unit", "kind", "sme", "district", "joinedOn", "leftOn"],
  memberChanges: ["unit", "memberChange", "changedOn", "changeBasis"],
  credit: ["unit", "person", "creditWhat", "occurredOn", "creditDecision", "creditState"],
  organs: ["organ", "name", "position", "unit"],
  meetings: ["organ", "heldOn", "title", "summary"],
  changes: ["changeKind", "project", "reason", "decidedOn"],
  milestones: ["project", "milestone", "dueOn", "status", "expectedResults"],
  checks: ["project", "checkKind", "scheduledOn", "status", "outcome", "summary"],
  closeouts: ["round", "task", "unit", "decidedOn"],
  results: ["resultKind", "title", "registrationNo", "owner", "sharing", "obtainedOn", "inUse"],
  pool: ["title", "owner", "obtainedOn", "months", "clock", "poolOn"],
  trl: ["technology", "project", "unit", "fromTrl", "toTrl", "confirmedOn"],
  funds: ["code", "projectName", "leadUnit", "budget", "provincialFunds", "selfFunds", "spent", "suggestedFunds", "suggestion"],
  rectifications: ["project", "description", "unit", "dueOn", "severity", "status"],
  escalations: ["project", "description", "escalatedOn", "status", "resolution"],
  platforms: ["unit", "kind", "subKind", "district", "joinedOn"],
  products: ["resultKind", "title", "owner", "obtainedOn", "useWhere"],
  nextGoals: ["year", "phase", "goal"],
  nextMilestones: ["project", "milestone", "dueOn", "expectedResults"],
} as const;
export type TableId = keyof typeof REPORT_TABLES;

/** Columns right-aligned as numbers (also typed as numbers in the XLSX). */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  "seq", "target", "latest", "months", "fromTrl", "toTrl", "budget", "provincialFunds", "selfFunds", "spent", "suggestedFunds",
]);

/** Short columns kept on one line (dates, codes): long text columns take the rest of the width. */
export const NOWRAP_COLUMNS: ReadonlySet<string> = new Set([
  "seq", "year", "project", "code", "dueOn", "joinedOn", "leftOn", "heldOn", "decidedOn", "scheduledOn", "obtainedOn", "poolOn", "confirmedOn", "escalatedOn", "months", "fromTrl", "toTrl", "changedOn", "occurredOn",
]);

/**
 * Relative widths of the columns in the documents (PDF and DOCX), by how much text a cell holds: a code or
 * date needs about 7 characters, a name 8-10, free text 14-20. A table's columns share its width by these.
 */
const COLUMN_WEIGHTS: Record<string, number> = {
  seq: 3, year: 4, phase: 6, goal: 20, project: 8, indicator: 12, unitOfMeasure: 4, target: 5, latest: 5, dueOn: 7, unit: 9, met: 4,
  kind: 6, sme: 3, district: 8, joinedOn: 7, leftOn: 7, organ: 6, name: 6, position: 6, heldOn: 7, title: 14, summary: 16,
  changeKind: 6, reason: 16, decidedOn: 7, milestone: 12, status: 5, expectedResults: 14, checkKind: 6, scheduledOn: 7, outcome: 5,
  round: 8, task: 16, resultKind: 5, registrationNo: 9, owner: 8, sharing: 10, obtainedOn: 7, inUse: 10, months: 4, clock: 6, poolOn: 7,
  technology: 12, fromTrl: 3, toTrl: 3, confirmedOn: 7, code: 8, projectName: 16, leadUnit: 10, budget: 5, provincialFunds: 5,
  selfFunds: 5, spent: 5, suggestedFunds: 5, suggestion: 14, description: 16, severity: 4, escalatedOn: 7, resolution: 12, subKind: 6,
  useWhere: 12, memberChange: 5, changedOn: 7, changeBasis: 18, person: 5, creditWhat: 16, occurredOn: 7, creditDecision: 16, creditState: 4,
};

/** Each column's share of the table's width (fractions summing to 1). */
export function columnShares(table: Pick<ReportTable, "columns">): number[] {
  const weights = table.columns.map((c) => COLUMN_WEIGHTS[c.key] ?? (c.numeric ? 5 : 8));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export type SectionOutline = { key: string; tables: TableId[] };
export type ReportOutline = { format: ReportFormat; dueMonth: number; sections: SectionOutline[] };

export const OUTLINES: Record<ReportFormat, ReportOutline> = {
  zhejiang: {
    format: "zhejiang",
    dueMonth: 1,
    sections: [
      { key: "goals", tables: ["goals", "indicators"] },
      { key: "organisation", tables: ["members", "memberChanges", "organs", "meetings", "changes", "credit"] },
      { key: "tasks", tables: ["milestones", "checks", "closeouts", "results", "pool", "trl"] },
      { key: "funds", tables: ["funds"] },
      { key: "problems", tables: ["rectifications", "escalations"] },
      { key: "plan", tables: ["nextGoals", "nextMilestones"] },
    ],
  },
  jiangsu: {
    format: "jiangsu",
    dueMonth: 5,
    sections: [
      { key: "execution", tables: ["goals", "indicators", "milestones", "checks", "closeouts", "funds", "rectifications"] },
      { key: "platforms", tables: ["platforms"] },
      { key: "team", tables: ["members", "memberChanges", "organs", "meetings", "changes", "credit"] },
      { key: "transfer", tables: ["results", "pool", "trl"] },
      { key: "products", tables: ["products"] },
      { key: "plan", tables: ["nextGoals", "nextMilestones"] },
    ],
  },
};

export const sectionKeys = (format: ReportFormat) => OUTLINES[format].sections.map((s) => s.key);

/** The format a consortium reports in by default: its province profile's. */
export const formatOfProvince = (province: string): ReportFormat => (province === "jiangsu" ? "jiangsu" : "zhejiang");

/** Last day of the due month in the following year (Zhejiang: 31 January; Jiangsu: 31 May). */
export function reportDueOn(format: ReportFormat, year: number, dueMonth = OUTLINES[format].dueMonth): string {
  return fmt(endOfMonth(new Date(year + 1, dueMonth - 1, 1)), "yyyy-MM-dd");
}

/** The year whose report is due next: until the due month ends, last year's; after it, this year's. */
export function defaultReportYear(format: ReportFormat, today: string, dueMonth = OUTLINES[format].dueMonth): number {
  const d = parseISO(today);
  return d.getMonth() + 1 <= dueMonth ? d.getFullYear() - 1 : d.getFullYear();
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const reportYear = z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR);

/** The date the year's data is read "as of": its last day, or today for the running year. */
export const asOfDate = (year: number, today: string) => (today < `${year}-12-31` ? today : `${year}-12-31`);

/**
 * One narrative section saved by the secretariat. `version` is the draft version the editor loaded (0 =
 * no draft yet); `base` is the section's text when editing started, so a stale write is merged when this
 * very section did not change meanwhile and refused as a conflict when it did.
 */
export const narrativeSchema = z
  .object({
    year: reportYear,
    format: z.enum(REPORT_FORMATS),
    key: z.string().max(40),
    text: optionalText(20000),
    version: z.number().int().min(0),
    // Forms drop empty fields: no base means the editor started from an empty section.
    base: z.string().max(20000).default(""),
  })
  .strict()
  .refine((v) => sectionKeys(v.format).includes(v.key), { path: ["key"], message: "validation.invalidChoice" });
export type NarrativeInput = z.infer<typeof narrativeSchema>;

export type ReportDraftRow = {
  id: number;
  year: number;
  format: ReportFormat;
  sections: Record<string, string>;
  version: number;
  updatedBy: number | null;
  updatedByName: string | null;
  updatedAt: string;
};

export type Cell = string | number | null;
export type ReportTable = {
  id: TableId;
  title: string;
  columns: { key: string; label: string; numeric: boolean; nowrap: boolean }[];
  rows: Cell[][];
  /** One row per unit (unitSummaryTable): the document's view of a long table. */
  summarized?: true;
};
export type ReportSection = { key: string; heading: string; summary: string; narrative: string; tables: ReportTable[] };

/** The figures every summary sentence and the tests read. */
export type ReportFigures = {
  year: number;
  asOf: string;
  /** Counted at the as-of day by join and leave dates; `delisted` is among `left`. */
  members: { total: number; joined: number; left: number; delisted: number; sme: number };
  /** Dishonesty findings that stand, recorded in the year (002 七(三)). */
  credit: { findings: number };
  organs: { council: number; expertCommittee: number };
  meetings: { total: number; council: number; expertCommittee: number; other: number };
  changes: { approved: number; organisational: number };
  indicators: { total: number; met: number; waived: number; notMet: number };
  milestones: { due: number; reached: number; missed: number; pending: number };
  checks: { scheduled: number; signed: number; pass: number; rectify: number; fail: number };
  closeouts: { approved: number };
  results: { total: number; patent: number; software_copyright: number; standard: number; product: number; paper: number; sample: number; inUse: number; warned: number; pooled: number };
  trl: { technologies: number; levels: number };
  funds: { budget: number; provincial: number; self: number; spent: number; suggested: number };
  rectifications: { total: number; closed: number; open: number };
  escalations: { total: number; resolved: number };
  /** Products, samples and standards up to the as-of day (uptake is cumulative). */
  products: { product: number; sample: number; standard: number; inUse: number };
  platforms: number;
  next: { goals: number; milestones: number };
};

/** The cover page (封面) of the documents: who submits, when, the contact, and room for the seal. */
export type ReportCover = { submitter: string; leadUnit: string; contact: string; phone: string; date: string };

/** The cover's date as a form is filled in: 2026年11月23日 (English: 2026-11-23). */
export const coverDate = (locale: string, iso: string) => (locale === "en" ? iso : iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`));

export type AssembledReport = {
  cover: ReportCover;
  year: number;
  format: ReportFormat;
  dueOn: string;
  title: string;
  consortiumName: string;
  draft: ReportDraftRow | null;
  sections: ReportSection[];
  figures: ReportFigures;
};

/** Parameters of each section's data summary sentence (catalogue reports.summaries.<key>). */
export function summaryParams(key: string, f: ReportFigures): Record<string, string | number> {
  const money = (n: number) => Math.round(n * 100) / 100;
  const common = { year: f.year };
  switch (key) {
    case "goals":
      return { ...common, ...f.indicators, goals: f.next.goals };
    case "organisation":
    case "team":
      return { ...common, ...f.members, ...f.organs, meetings: f.meetings.total, councilMeetings: f.meetings.council, expertMeetings: f.meetings.expertCommittee, changes: f.changes.approved, organisational: f.changes.organisational };
    case "tasks":
      return { ...common, ...f.milestones, checks: f.checks.scheduled, signed: f.checks.signed, closeouts: f.closeouts.approved, results: f.results.total, patents: f.results.patent, pooled: f.results.pooled, warned: f.results.warned, trlTech: f.trl.technologies, trlLevels: f.trl.levels };
    case "funds":
      return { ...common, budget: money(f.funds.budget), provincial: money(f.funds.provincial), self: money(f.funds.self), spent: money(f.funds.spent), suggested: money(f.funds.suggested) };
    case "problems":
      return { ...common, ...f.rectifications, escalations: f.escalations.total, resolved: f.escalations.resolved };
    case "execution":
      return { ...common, indicators: f.indicators.total, met: f.indicators.met, due: f.milestones.due, reached: f.milestones.reached, missed: f.milestones.missed, checks: f.checks.scheduled, closeouts: f.closeouts.approved, spent: money(f.funds.spent), provincial: money(f.funds.provincial), rectifications: f.rectifications.total, open: f.rectifications.open };
    case "platforms":
      return { ...common, platforms: f.platforms };
    case "transfer":
      return { ...common, results: f.results.total, patents: f.results.patent, software: f.results.software_copyright, inUse: f.results.inUse, pooled: f.results.pooled, warned: f.results.warned, trlTech: f.trl.technologies, trlLevels: f.trl.levels };
    case "products":
      return { ...common, products: f.products.product, samples: f.products.sample, standards: f.products.standard, inUse: f.products.inUse };
    case "plan":
      return { ...common, next: f.year + 1, goals: f.next.goals, milestones: f.next.milestones };
    default:
      return common;
  }
}

/** "表3　里程碑节点" / "Table 3  Milestones": numbered captions of the report's tables. */
export const tableCaption = (locale: string, n: number, title: string) => (locale === "en" ? `Table ${n}  ${title}` : `表${n}　${title}`);

/** A table longer than this is summarized (or cut) in the documents a person reads: Word, PDF, the page. */
export const DOCUMENT_TABLE_ROWS = 200;

/** How many rows of a table fall on one unit and status (status "" when the table has no status column). */
export type UnitCount = { unit: string; status: string; n: number };

/**
 * A long table as a document shows it: one row per unit with its count and, when the table has a status
 * column, the count per status; captioned with the number of rows and where they are. `counts` come
 * from the rows (documentReport) or from a grouped query (the report's assembly, which then never reads
 * the rows): both give the same table.
 */
export function unitSummaryTable(table: Omit<ReportTable, "rows">, counts: UnitCount[], locale: Locale): ReportTable {
  const unitAt = table.columns.findIndex((c) => c.key === "unit");
  const hasStatus = table.columns.some((c) => STATUS_COLUMNS.has(c.key));
  const statuses = hasStatus ? [...new Set(counts.map((c) => c.status))].sort() : [];
  const byUnit = new Map<string, number[]>();
  let total = 0;
  for (const { unit, status, n } of counts) {
    const row = byUnit.get(unit) ?? byUnit.set(unit, new Array<number>(statuses.length + 1).fill(0)).get(unit)!;
    row[0]! += n;
    if (hasStatus) row[statuses.indexOf(status) + 1]! += n;
    total += n;
  }
  const count = (key: string, label: string) => ({ key, label, numeric: true, nowrap: true });
  return {
    ...table,
    title: translate(locale, "exports.tableSummarized", { title: table.title, rows: total.toLocaleString(locale) }),
    columns: [table.columns[unitAt]!, count("rows", translate(locale, "exports.summaryRows")), ...statuses.map((s, i) => count(`status${i}`, s))],
    rows: [...byUnit].sort((a, b) => b[1][0]! - a[1][0]! || a[0].localeCompare(b[0])).map(([unit, n]) => [unit, ...n]),
    summarized: true,
  };
}

/**
 * The report as a reader reads it: a table of thousands of rows (indicators, close-outs at 20,000 tasks)
 * becomes one row per unit with its count and, when the table has a status column, the count per status;
 * a long table without a unit column keeps its first rows. The caption says so and points to the data
 * tables (.xlsx), which always carry every row. Short tables, and tables the assembly already summarized
 * in SQL, are unchanged.
 */
export function documentReport(report: AssembledReport, locale: Locale, limit = DOCUMENT_TABLE_ROWS): AssembledReport {
  const summarize = (table: ReportTable): ReportTable => {
    if (table.summarized || table.rows.length <= limit) return table;
    const unitAt = table.columns.findIndex((c) => c.key === "unit");
    if (unitAt < 0) {
      const rows = table.rows.length.toLocaleString(locale);
      return { ...table, title: translate(locale, "exports.tableTruncated", { title: table.title, shown: limit, rows }), rows: table.rows.slice(0, limit) };
    }
    const statusAt = table.columns.findIndex((c) => STATUS_COLUMNS.has(c.key));
    const counts = table.rows.map((r) => ({ unit: String(r[unitAt] ?? ""), status: statusAt < 0 ? "" : String(r[statusAt] ?? ""), n: 1 }));
    return unitSummaryTable(table, counts, locale);
  };
  return { ...report, sections: report.sections.map((s) => ({ ...s, tables: s.tables.map(summarize) })) };
}

/** Columns whose values are a status a per-unit summary counts. */
const STATUS_COLUMNS: ReadonlySet<string> = new Set(["met", "status", "severity"]);
