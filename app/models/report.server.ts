// 年度自评报告 on the server: the report of a year assembled from live data (read-only SQL over the
// tables other features write: members, meetings, change requests, indicators, milestones, checks,
// close-outs, TRL claims, results, funding) with the secretariat's narratives (report-drafts.server.ts).
// Every table may be empty: the report then says so.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all, scalar, type SqlValue } from "./sql.server";
import { can } from "./permissions";
import { getDraft } from "./report-drafts.server";
import { getConsortium, getSettings } from "./consortium.server";
import { allResults } from "./results.server";
import { resultClock, type ResultRow } from "./results";
import { translate, type Locale } from "../i18n/catalog";
import { roundLabel } from "./closeout";
import {
  asOfDate,
  formatOfProvince,
  NOWRAP_COLUMNS,
  NUMERIC_COLUMNS,
  OUTLINES,
  REPORT_TABLES,
  reportDueOn,
  summaryParams,
  type AssembledReport,
  type Cell,
  type ReportFigures,
  type ReportFormat,
  type ReportTable,
  type TableId,
  type UnitCount,
  unitSummaryTable,
} from "./report";
import { latestValueSql, metSql, waivedSql } from "./indicators.server";
import { inOrganOnSql } from "./organs.server";
import { allCreditRecords } from "./credit.server";
import type { CreditRecord } from "./credit";

type Q = <T>(sql: string, params?: Record<string, SqlValue>) => T[];
type Tr = (key: string, params?: Record<string, string | number>) => string;

const ORGAN_ORDER = ["council", "secretariat", "expert_committee", "chief_scientist"];
const PLATFORM_SUBKINDS = new Set(["provincial_lab", "innovation_center", "public_platform", "concept_verification", "testing", "tech_transfer"]);

// ------------------------------------------------------------------------------------------- assembly

function translator(locale: Locale): { t: Tr; label: (group: string, v: string | null | undefined) => string } {
  const t: Tr = (key, params) => translate(locale, key, params);
  // A vocabulary value the catalogue does not know (another feature added a status) shows as stored.
  const label = (group: string, v: string | null | undefined) => {
    if (v == null || v === "") return "";
    const key = `reports.values.${group}.${v}`;
    const out = t(key);
    return out === key ? v : out;
  };
  return { t, label };
}

const day = (ts: string | null | undefined) => (ts ? ts.slice(0, 10) : "");
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

type Ctx = {
  q: Q;
  start: string;
  end: string;
  asOf: string;
  year: number;
  t: Tr;
  label: ReturnType<typeof translator>["label"];
  results: ResultRow[];
  credit: CreditRecord[];
  /** A document's row limit: a longer table is counted per unit in SQL, its rows never read. */
  summarizeOver?: number;
};

/** A table's rows, or (a long table in a document) its rows counted per unit and status. */
type Built = { rows: Cell[][] } | { counts: UnitCount[] };

const total = (counts: UnitCount[]) => counts.reduce((a, c) => a + c.n, 0);

/** Each table's rows, and the figures read off the same data. */
function buildTables(c: Ctx): { tables: Record<TableId, Built>; figures: ReportFigures } {
  const { q, start, end, asOf, year, t, label } = c;
  const yn = (b: boolean | number) => t(b ? "reports.values.yes" : "reports.values.no");
  const between = { start, end };

  // Goals of the year and of next year.
  const goalsOf = (y: number) => q<{ year: number; phase: string; goal: string }>("SELECT year, phase, goal FROM consortium_goals WHERE year = @y ORDER BY id", { y });
  const goals = goalsOf(year);
  const nextGoals = goalsOf(year + 1);

  // A table a document would summarize (tens of thousands of indicators at 20,000 tasks) is counted per
  // unit in SQL: its rows are never read into JavaScript.
  const tooLong = (counts: UnitCount[] | null): counts is UnitCount[] => counts != null && c.summarizeOver != null && total(counts) > c.summarizeOver;

  // Indicators due in the year, with the latest value measured by the as-of day; met as of that day by
  // the shared rule (metSql, isMet's twin); a waiver is reported as such, not as met.
  const latest = latestValueSql("value", "i.id", "@asOf");
  const indicatorFrom = `FROM indicators i JOIN projects p ON p.id = i.project_id JOIN member_units m ON m.id = i.responsible_unit_id
     WHERE i.archived_at IS NULL AND i.due_on BETWEEN @start AND @end`;
  const stateSql = `(CASE WHEN ${waivedSql} THEN 'waived' WHEN ${metSql(latest, false)} THEN 'met' ELSE 'notMet' END)`;
  const indicatorCounts = q<UnitCount>(`SELECT m.short_name AS unit, ${stateSql} AS status, count(*) AS n ${indicatorFrom} GROUP BY 1, 2`, { ...between, asOf });
  const indicatorsCounted = tooLong(indicatorCounts);
  const indicators = indicatorsCounted
    ? []
    : q<{ code: string; name: string; uom: string; target: number | null; direction: string; dueOn: string; unit: string; latest: number | null; state: string }>(
        `SELECT p.code, i.name, i.unit_of_measure AS uom, i.target, i.direction, i.due_on AS dueOn, m.short_name AS unit, ${latest} AS latest, ${stateSql} AS state
         ${indicatorFrom} ORDER BY i.due_on, p.code, i.id`,
        { ...between, asOf },
      );
  const indicatorsIn = (state: string) => total(indicatorCounts.filter((x) => x.status === state));
  const yesno = (i: { direction: string }, v: number | null) => (i.direction === "yesno" && v != null ? yn(v >= 1) : v);

  // Member units that were members at some time of the year up to the report's day, by their join and
  // leave dates: a unit joining after that day is not counted yet, one that left before the year not at all.
  const members = q<{ id: number; name: string; kind: string; subKind: string | null; isSme: number; district: string; joinedOn: string; leftOn: string | null }>(
    `SELECT id, name, kind, sub_kind AS subKind, is_sme AS isSme, district, joined_on AS joinedOn, left_on AS leftOn FROM member_units
     WHERE joined_on <= @asOf AND (left_on IS NULL OR left_on >= @start) ORDER BY joined_on, id`,
    { ...between, asOf },
  );
  const activeAtEnd = members.filter((m) => m.leftOn == null || m.leftOn > asOf);
  // Changes of membership in the year (002 七(三): explained in the report): joins, leaves, de-listings.
  const inYear = (d: string | null) => d != null && d >= start && d <= asOf;
  const delisting = new Map(c.credit.filter((r) => r.kind === "delisting" && !r.withdrawn).map((r) => [r.unitId, r]));
  const memberChanges = [
    ...members.filter((m) => inYear(m.joinedOn)).map((m) => ({ name: m.name, change: "joined", on: m.joinedOn, basis: "" })),
    ...members
      .filter((m) => inYear(m.leftOn))
      .map((m) => {
        const d = delisting.get(m.id);
        return { name: m.name, change: d ? "delisted" : "left", on: m.leftOn!, basis: d ? [d.current.what, d.current.decision].join(t("credit.sep")) : "" };
      }),
  ].sort((a, b) => a.on.localeCompare(b.on));
  // Dishonesty findings of the year, withdrawn ones marked as such.
  const findings = c.credit.filter((r) => r.kind === "finding" && inYear(r.current.occurredOn)).sort((a, b) => a.current.occurredOn.localeCompare(b.current.occurredOn) || a.id - b.id);

  const organs = q<{ organ: string; name: string; position: string; unit: string | null }>(
    `SELECT o.organ, o.name, o.position, m.short_name AS unit FROM organ_members o LEFT JOIN member_units m ON m.id = o.unit_id
     WHERE ${inOrganOnSql("o", "@asOf")} ORDER BY o.id`,
    { asOf },
  ).sort((a, b) => ORGAN_ORDER.indexOf(a.organ) - ORGAN_ORDER.indexOf(b.organ));

  const meetings = q<{ organ: string; heldOn: string; title: string; summary: string }>(
    "SELECT organ, held_on AS heldOn, title, summary FROM meetings WHERE held_on BETWEEN @start AND @end ORDER BY held_on, id",
    between,
  );

  const changes = q<{ kind: string; code: string | null; reason: string; decidedAt: string }>(
    `SELECT c.kind, p.code, c.reason, c.decided_at AS decidedAt FROM change_requests c LEFT JOIN projects p ON p.id = c.project_id
     WHERE c.status = 'approved' AND substr(c.decided_at, 1, 10) BETWEEN @start AND @end ORDER BY c.decided_at, c.id`,
    between,
  );

  const milestonesOf = (s: string, e: string) =>
    q<{ code: string; name: string; dueOn: string; status: string; expected: string }>(
      `SELECT p.code, ms.name, ms.due_on AS dueOn, ms.status, ms.expected_results AS expected FROM milestones ms JOIN projects p ON p.id = ms.project_id
       WHERE ms.due_on BETWEEN @s AND @e ORDER BY ms.due_on, p.code, ms.id`,
      { s, e },
    );
  const milestones = milestonesOf(start, end);
  const nextMilestones = milestonesOf(`${year + 1}-01-01`, `${year + 1}-12-31`);

  const checks = q<{ code: string; kind: string; scheduledOn: string; status: string; outcome: string | null; summary: string }>(
    `SELECT p.code, c.kind, c.scheduled_on AS scheduledOn, c.status, c.outcome, c.outcome_summary AS summary FROM checks c JOIN projects p ON p.id = c.project_id
     WHERE c.scheduled_on BETWEEN @start AND @end ORDER BY c.scheduled_on, c.id`,
    between,
  );

  const closeoutFrom = `FROM closeout_proposals cp
     JOIN closeout_rounds r ON r.id = cp.round_id JOIN tasks t ON t.id = cp.task_id JOIN member_units m ON m.id = t.owner_unit_id
     WHERE cp.status = 'approved' AND substr(cp.decided_at, 1, 10) BETWEEN @start AND @end`;
  const closeoutCounts = c.summarizeOver == null ? null : q<UnitCount>(`SELECT m.short_name AS unit, '' AS status, count(*) AS n ${closeoutFrom} GROUP BY 1`, between);
  const closeoutsCounted = tooLong(closeoutCounts);
  const closeouts = closeoutsCounted
    ? []
    : q<{ period: string; code: string; title: string; unit: string; decidedAt: string }>(
        `SELECT r.period, t.code, t.title, m.short_name AS unit, cp.decided_at AS decidedAt ${closeoutFrom} ORDER BY cp.decided_at, cp.id`,
        between,
      );

  const resultDay = (r: ResultRow) => r.obtainedOn ?? day(r.createdAt);
  const resultsOfYear = c.results.filter((r) => resultDay(r) >= start && resultDay(r) <= end).sort((a, b) => resultDay(a).localeCompare(resultDay(b)) || a.id - b.id);
  const known = c.results.filter((r) => resultDay(r) <= asOf);
  const clocks = known.map((r) => ({ r, clock: resultClock(r, asOf) })).filter((x) => x.clock.state === "warn18" || x.clock.state === "warn21" || x.clock.state === "pooled");
  clocks.sort((a, b) => (a.clock.poolOn ?? "").localeCompare(b.clock.poolOn ?? "") || a.r.id - b.r.id);
  const productKinds = new Set(["product", "sample", "standard"]);
  const products = known.filter((r) => productKinds.has(r.kind)).sort((a, b) => resultDay(a).localeCompare(resultDay(b)) || a.id - b.id);
  const inUseText = (r: ResultRow) => (r.inUse ? t("reports.values.inUse", { where: r.useWhere }) : t("reports.values.notInUse"));

  // TRL gains: the highest level confirmed in the year against the highest confirmed before it (or the start TRL).
  const trl = q<{ name: string; code: string; unit: string; startTrl: number; before: number | null; reached: number | null; confirmedOn: string | null }>(
    `SELECT k.name, p.code, m.short_name AS unit, k.start_trl AS startTrl,
       (SELECT max(c.trl) FROM trl_claims c WHERE c.technology_id = k.id AND c.status = 'confirmed' AND substr(c.decided_at, 1, 10) < @start) AS before,
       (SELECT max(c.trl) FROM trl_claims c WHERE c.technology_id = k.id AND c.status = 'confirmed' AND substr(c.decided_at, 1, 10) BETWEEN @start AND @end) AS reached,
       (SELECT max(substr(c.decided_at, 1, 10)) FROM trl_claims c WHERE c.technology_id = k.id AND c.status = 'confirmed' AND substr(c.decided_at, 1, 10) BETWEEN @start AND @end) AS confirmedOn
     FROM key_technologies k JOIN projects p ON p.id = k.project_id JOIN member_units m ON m.id = k.owner_unit_id ORDER BY p.code, k.id`,
    between,
  )
    .filter((k) => k.reached != null)
    .map((k) => ({ ...k, from: Math.max(k.before ?? k.startTrl, k.startTrl) }));
  const gains = trl.map((k) => Math.max(0, k.reached! - k.from));

  const funds = q<{ code: string; name: string; lead: string; budget: number; provincial: number | null; self: number | null; spent: number | null; suggested: number | null; suggestion: string | null }>(
    `SELECT p.code, p.name, m.short_name AS lead, p.budget, f.provincial_funds AS provincial, f.self_funds AS self, f.spent, f.suggested_funds AS suggested, f.suggestion
     FROM projects p JOIN member_units m ON m.id = p.lead_unit_id LEFT JOIN project_funding f ON f.project_id = p.id AND f.year = @year ORDER BY p.code`,
    { year },
  );

  const rectifications = q<{ code: string; description: string; unit: string; dueOn: string; severity: string; status: string }>(
    `SELECT p.code, r.description, m.short_name AS unit, r.due_on AS dueOn, r.severity, r.status FROM rectifications r
     JOIN checks c ON c.id = r.check_id JOIN projects p ON p.id = c.project_id JOIN member_units m ON m.id = r.owner_unit_id
     WHERE c.scheduled_on BETWEEN @start AND @end OR r.due_on BETWEEN @start AND @end ORDER BY r.due_on, r.id`,
    between,
  );

  const escalations = q<{ code: string; description: string; escalatedAt: string; status: string; resolution: string }>(
    `SELECT p.code, e.description, e.escalated_at AS escalatedAt, e.status, e.resolution FROM escalations e
     JOIN checks c ON c.id = e.check_id JOIN projects p ON p.id = c.project_id
     WHERE substr(e.escalated_at, 1, 10) BETWEEN @start AND @end ORDER BY e.escalated_at, e.id`,
    between,
  );

  const platforms = members.filter(
    (m) => (m.leftOn == null || m.leftOn > asOf) && m.joinedOn <= asOf && (["platform", "university", "institute"].includes(m.kind) || (m.subKind != null && PLATFORM_SUBKINDS.has(m.subKind))),
  );
  const unitKind = (k: string) => t(`unitKindsShort.${k}`);
  const subKind = (k: string | null) => (k ? t(`subKinds.${k}`) : "");

  const tables: Record<TableId, Built> = {
    goals: { rows: goals.map((g) => [g.year, g.phase, g.goal]) },
    indicators: indicatorsCounted
      ? { counts: indicatorCounts.map((x) => ({ ...x, status: t(`reports.values.${x.status}`) })) }
      : { rows: indicators.map((i) => [i.code, i.name, i.uom, i.direction === "yesno" ? yn(true) : i.target, yesno(i, i.latest), i.dueOn, i.unit, t(`reports.values.${i.state}`)]) },
    members: { rows: members.map((m, n) => [n + 1, m.name, unitKind(m.kind), yn(m.isSme), m.district, m.joinedOn, m.leftOn != null && m.leftOn <= asOf ? m.leftOn : ""]) },
    memberChanges: { rows: memberChanges.map((m) => [m.name, t(`reports.values.memberChange.${m.change}`), m.on, m.basis]) },
    credit: {
      rows: findings.map((r) => [r.unitName, r.personName ?? "", r.current.what, r.current.occurredOn, r.current.decision, t(r.withdrawn ? "reports.values.creditWithdrawn" : "reports.values.creditStands")]),
    },
    organs: { rows: organs.map((o) => [t(`organs.${o.organ}`), o.name, o.position, o.unit ?? ""]) },
    meetings: { rows: meetings.map((m) => [t(`organs.${m.organ}`), m.heldOn, m.title, m.summary]) },
    changes: { rows: changes.map((ch) => [label("changeKind", ch.kind), ch.code ?? "", ch.reason, day(ch.decidedAt)]) },
    milestones: { rows: milestones.map((m) => [m.code, m.name, m.dueOn, label("milestone", m.status), m.expected]) },
    checks: { rows: checks.map((ch) => [ch.code, label("checkKind", ch.kind), ch.scheduledOn, label("checkStatus", ch.status), label("outcome", ch.outcome), ch.summary]) },
    closeouts: closeoutsCounted ? { counts: closeoutCounts } : { rows: closeouts.map((co) => [roundLabel(t, co.period), `${co.code} ${co.title}`, co.unit, day(co.decidedAt)]) },
    results: {
      rows: resultsOfYear.map((r) => [t(`results.kinds.${r.kind}`), r.title, r.registrationNo, r.ownerUnitName, r.sharingUnitNames.join(t("common.listSep")), r.obtainedOn ?? "", inUseText(r)]),
    },
    pool: { rows: clocks.map(({ r, clock }) => [r.title, r.ownerUnitName, r.obtainedOn ?? "", clock.months, t(`results.clock.${clock.state}`), clock.poolOn ?? ""]) },
    trl: { rows: trl.map((k) => [k.name, k.code, k.unit, k.from, k.reached, k.confirmedOn ?? ""]) },
    funds: { rows: funds.map((f) => [f.code, f.name, f.lead, f.budget, f.provincial ?? 0, f.self ?? 0, f.spent ?? 0, f.suggested ?? 0, f.suggestion ?? ""]) },
    rectifications: { rows: rectifications.map((r) => [r.code, r.description, r.unit, r.dueOn, label("severity", r.severity), label("rectification", r.status)]) },
    escalations: { rows: escalations.map((e) => [e.code, e.description, day(e.escalatedAt), label("escalation", e.status), e.resolution]) },
    platforms: { rows: platforms.map((m) => [m.name, unitKind(m.kind), subKind(m.subKind), m.district, m.joinedOn]) },
    products: { rows: products.map((r) => [t(`results.kinds.${r.kind}`), r.title, r.ownerUnitName, r.obtainedOn ?? "", inUseText(r)]) },
    nextGoals: { rows: nextGoals.map((g) => [g.year, g.phase, g.goal]) },
    nextMilestones: { rows: nextMilestones.map((m) => [m.code, m.name, m.dueOn, m.expected]) },
  };

  const countKind = (kind: string) => resultsOfYear.filter((r) => r.kind === kind).length;
  const count = <T,>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
  const figures: ReportFigures = {
    year,
    asOf,
    members: {
      total: activeAtEnd.length,
      joined: count(memberChanges, (m) => m.change === "joined"),
      left: count(memberChanges, (m) => m.change !== "joined"),
      delisted: count(memberChanges, (m) => m.change === "delisted"),
      sme: count(activeAtEnd, (m) => Boolean(m.isSme)),
    },
    credit: { findings: count(findings, (r) => !r.withdrawn) },
    organs: { council: count(organs, (o) => o.organ === "council"), expertCommittee: count(organs, (o) => o.organ === "expert_committee") },
    meetings: {
      total: meetings.length,
      council: count(meetings, (m) => m.organ === "council"),
      expertCommittee: count(meetings, (m) => m.organ === "expert_committee"),
      other: count(meetings, (m) => m.organ !== "council" && m.organ !== "expert_committee"),
    },
    changes: { approved: changes.length, organisational: count(changes, (ch) => ch.kind === "admit_unit" || ch.kind === "remove_unit") },
    indicators: { total: total(indicatorCounts), met: indicatorsIn("met"), waived: indicatorsIn("waived"), notMet: indicatorsIn("notMet") },
    milestones: {
      due: milestones.length,
      reached: count(milestones, (m) => m.status === "reached"),
      missed: count(milestones, (m) => m.status === "missed"),
      pending: count(milestones, (m) => m.status !== "reached" && m.status !== "missed"),
    },
    checks: {
      scheduled: checks.length,
      signed: count(checks, (ch) => ch.status === "signed"),
      pass: count(checks, (ch) => ch.outcome === "pass"),
      rectify: count(checks, (ch) => ch.outcome === "rectify"),
      fail: count(checks, (ch) => ch.outcome === "fail"),
    },
    closeouts: { approved: closeoutCounts ? total(closeoutCounts) : closeouts.length },
    results: {
      total: resultsOfYear.length,
      patent: countKind("patent"),
      software_copyright: countKind("software_copyright"),
      standard: countKind("standard"),
      product: countKind("product"),
      paper: countKind("paper"),
      sample: countKind("sample"),
      inUse: count(resultsOfYear, (r) => r.inUse),
      warned: count(clocks, (x) => x.clock.state !== "pooled"),
      pooled: count(clocks, (x) => x.clock.state === "pooled"),
    },
    trl: { technologies: count(gains, (g) => g > 0), levels: gains.reduce((a, b) => a + b, 0) },
    funds: {
      budget: sum(funds.map((f) => f.budget)),
      provincial: sum(funds.map((f) => f.provincial ?? 0)),
      self: sum(funds.map((f) => f.self ?? 0)),
      spent: sum(funds.map((f) => f.spent ?? 0)),
      suggested: sum(funds.map((f) => f.suggested ?? 0)),
    },
    rectifications: {
      total: rectifications.length,
      closed: count(rectifications, (r) => r.status === "closed"),
      open: count(rectifications, (r) => r.status !== "closed"),
    },
    escalations: { total: escalations.length, resolved: count(escalations, (e) => e.status === "resolved") },
    products: {
      product: count(products, (r) => r.kind === "product"),
      sample: count(products, (r) => r.kind === "sample"),
      standard: count(products, (r) => r.kind === "standard"),
      inUse: count(products, (r) => r.inUse),
    },
    platforms: platforms.length,
    next: { goals: nextGoals.length, milestones: nextMilestones.length },
  };
  return { tables, figures };
}

/** A table with its translated title and columns (one row per unit when it was counted in SQL). */
function tableOf(id: TableId, built: Built, t: Tr, locale: Locale): ReportTable {
  const head = {
    id,
    title: t(`reports.tables.${id}`),
    columns: REPORT_TABLES[id].map((key) => ({ key, label: t(`reports.columns.${key}`), numeric: NUMERIC_COLUMNS.has(key), nowrap: NUMERIC_COLUMNS.has(key) || NOWRAP_COLUMNS.has(key) })),
  };
  return "counts" in built ? unitSummaryTable(head, built.counts, locale) : { ...head, rows: built.rows };
}

/**
 * The report of `year` in `format`, from live data as of the year's last day (or `today` for the running
 * year), in the reader's language. Narratives come from the saved draft (empty when none). `summarizeOver`
 * (a document's row limit): a table longer than that comes counted per unit (documentReport's summary,
 * read in SQL); without it every table carries every row (the data tables).
 */
export function assembleReport(db: DB, opts: { year: number; format: ReportFormat; today: string; locale?: Locale; summarizeOver?: number }): AssembledReport {
  const { year, format, today } = opts;
  const locale = opts.locale ?? "zh-CN";
  const { t, label } = translator(locale);
  const q: Q = <T,>(sql: string, params?: Record<string, SqlValue>) => all<T>(db, sql, params ?? {});
  return db.transaction(() => {
    const consortium = getConsortium(db);
    const ctx: Ctx = { q, start: `${year}-01-01`, end: `${year}-12-31`, asOf: asOfDate(year, today), year, t, label, results: allResults(db), credit: allCreditRecords(db), summarizeOver: opts.summarizeOver };
    const { tables, figures } = buildTables(ctx);
    const draft = getDraft(db, year, format);
    const outline = OUTLINES[format];
    return {
      cover: reportCover(db, consortium.name, today),
      year,
      format,
      // The consortium's own format follows its settings (reportDueMonth); the other keeps its province's month.
      dueOn: reportDueOn(format, year, format === formatOfProvince(consortium.province) ? getSettings(db).reportDueMonth : undefined),
      title: t(`reports.docTitle.${format}`, { name: consortium.name, year }),
      consortiumName: consortium.name,
      draft,
      figures,
      sections: outline.sections.map((s) => ({
        key: s.key,
        heading: t(`reports.sections.${format}.${s.key}`),
        summary: t(`reports.summaries.${s.key}`, summaryParams(s.key, figures)),
        narrative: draft?.sections[s.key] ?? "",
        tables: s.tables.map((id) => tableOf(id, tables[id], t, locale)),
      })),
    };
  });
}

/** The consortium's lead unit (牵头单位): a lead enterprise before a platform, the one leading most projects. */
const leadUnitName = (db: DB): string =>
  scalar<string>(
    db,
    `SELECT m.name FROM member_units m LEFT JOIN projects p ON p.lead_unit_id = m.id WHERE m.left_on IS NULL AND m.kind IN ('lead_enterprise','platform')
     GROUP BY m.id ORDER BY CASE m.kind WHEN 'lead_enterprise' THEN 0 ELSE 1 END, count(p.id) DESC, m.id LIMIT 1`,
  ) ?? "";

/**
 * The cover page: the consortium submits (its lead unit seals), dated the day the document is made; the
 * contact is the secretariat's first active member with his phone (the secretariat runs the reporting).
 */
function reportCover(db: DB, submitter: string, today: string): AssembledReport["cover"] {
  const lead = leadUnitName(db);
  const contact = all<{ name: string; phone: string }>(
    db,
    `SELECT u.display_name AS name, u.phone FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'secretariat' AND u.active = 1 ORDER BY u.id LIMIT 1`,
  )[0];
  return { submitter, leadUnit: lead, contact: contact?.name ?? "", phone: contact?.phone ?? "", date: today };
}

/** Every distinct data table of the report once, in outline order (one XLSX sheet each). */
export function distinctTables(report: AssembledReport): ReportTable[] {
  const seen = new Set<string>();
  return report.sections.flatMap((s) => s.tables).filter((tb) => (seen.has(tb.id) ? false : (seen.add(tb.id), true)));
}

/** Annual funding-suggestion table: one row per project for the year (the report's funds table). */
/** 年度经费拨付建议表's title (also the download's file name, known before the worker assembles the table). */
export const fundingTitle = (db: DB, year: number, locale: Locale) => translate(locale, "reports.fundingTitle", { name: getConsortium(db).name, year });

export function fundingTable(db: DB, year: number, today: string, locale: Locale): { title: string; table: ReportTable } {
  const report = assembleReport(db, { year, format: "zhejiang", today, locale });
  const table = distinctTables(report).find((tb) => tb.id === "funds")!;
  return { title: fundingTitle(db, year, locale), table };
}

/** 申报汇总表 (001 附件4): one row per consortium; this app holds one. */
export function applicationSummary(db: DB, locale: Locale): { title: string; columns: string[]; rows: Cell[][] } {
  const c = getConsortium(db);
  // Members today by their dates: not one that joins later, not one that has left.
  const units = all<{ name: string; kind: string }>(
    db,
    "SELECT name, kind FROM member_units WHERE joined_on <= ? AND (left_on IS NULL OR left_on > ?) ORDER BY CASE WHEN kind IN ('lead_enterprise','platform') THEN 0 ELSE 1 END, joined_on, id",
    db.$clock.today(), db.$clock.today(),
  );
  const lead = leadUnitName(db);
  const keys = ["seq", "name", "field", "lead", "members", "district", "type"];
  return {
    title: translate(locale, "reports.summaryTitle"),
    columns: keys.map((k) => translate(locale, `reports.summaryColumns.${k}`)),
    rows: [[1, c.name, c.field, lead, units.filter((u) => u.name !== lead).map((u) => u.name).join(translate(locale, "common.listSep")), c.district, c.applicationType]],
  };
}

/** Who may read reports and exports, and who edits narratives. */
export const canReadReport = (actor: Actor) => can(actor, "read", "report");
export const canEditReport = (actor: Actor) => can(actor, "edit", "report");
