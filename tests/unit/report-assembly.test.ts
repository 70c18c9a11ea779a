// The annual report assembled from the seeded demo (today 2026-11-23): the numbers are computed here
// independently from the seed definitions (results, meetings, funding in db/seed-extras/results.ts; the
// base seed's milestone months and member units), not by calling the assembly's own helpers. Also: an
// empty consortium assembles without errors, and narratives save with per-section conflict handling.
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, format, parseISO } from "date-fns";
import type { DB } from "../../db/client";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { pinnedClock } from "../helpers/clock";
import { actor, contextFor, seededDb } from "../helpers/db";
import { assembleReport, distinctTables } from "../../app/models/report.server";
import { getDraft, saveNarrative } from "../../app/models/report-drafts.server";
import { OUTLINES, defaultReportYear, documentReport, reportDueOn, sectionKeys } from "../../app/models/report";
import { FUNDING_DEFS, MEETING_DEFS, REPORT_DRAFT_SECTIONS, RESULT_DEFS, obtainedOnOf } from "../../db/seed-extras/results";
import { zhCN } from "../../app/i18n/zh-CN";
import { en } from "../../app/i18n/en";
import { DomainError } from "../../app/models/errors";

const TODAY = "2026-11-23";
const today = parseISO(TODAY);
let db: DB;

beforeAll(async () => {
  db = await seededDb();
});

const inYear = (d: string, y: number) => d.startsWith(`${y}-`);

describe("report data for 2026 from the seeded demo", () => {
  it("counts the year's results, their kinds, use and the 先用后转 clock as the seed defines them", () => {
    const r = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    const ofYear = RESULT_DEFS.filter((d) => inYear(obtainedOnOf(d, today), 2026));
    expect(ofYear.length).toBe(12);
    expect(r.figures.results.total).toBe(ofYear.length);
    expect(r.figures.results.patent).toBe(ofYear.filter((d) => d.kind === "patent").length);
    expect(r.figures.results.software_copyright).toBe(ofYear.filter((d) => d.kind === "software_copyright").length);
    expect(r.figures.results.inUse).toBe(ofYear.filter((d) => d.useWhere).length);
    // The clock, counted here with plain month arithmetic: common tech, not in use, 18/21/24 months.
    const running = RESULT_DEFS.filter((d) => d.commonTech && !d.useWhere).map((d) => parseISO(obtainedOnOf(d, today)));
    const reached = (from: Date, months: number) => format(addMonths(from, months), "yyyy-MM-dd") <= TODAY;
    expect(r.figures.results.pooled).toBe(running.filter((d) => reached(d, 24)).length);
    expect(r.figures.results.pooled).toBe(1);
    expect(r.figures.results.warned).toBe(running.filter((d) => reached(d, 18) && !reached(d, 24)).length);
    expect(r.figures.results.warned).toBe(2);
    const results = distinctTables(r).find((t) => t.id === "results")!;
    expect(results.rows).toHaveLength(12);
    const pool = distinctTables(r).find((t) => t.id === "pool")!;
    expect(pool.rows.map((row) => row[4])).toEqual(["已入成果池", "满 21 个月", "满 18 个月"]);
  });

  it("counts members, organs and meetings of the year", () => {
    const r = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    // All 16 demo units joined within 3 months of the founding (2025-09-23), none left; other features'
    // seeds may admit more, so compare with the units table read directly as well.
    const units = db.$client.prepare("SELECT joined_on AS j, left_on AS l FROM member_units").all() as { j: string; l: string | null }[];
    expect(r.figures.members.total).toBe(units.filter((u) => u.j <= "2026-12-31" && (u.l == null || u.l > "2026-12-31")).length);
    expect(r.figures.members.total).toBeGreaterThanOrEqual(16);
    const meetings = MEETING_DEFS.filter((m) => inYear(format(addMonths(today, -m.monthsAgo), "yyyy-MM-dd"), 2026));
    expect(r.figures.meetings.total).toBe(meetings.length);
    expect(r.figures.meetings.total).toBe(7);
    expect(r.figures.meetings.council).toBe(meetings.filter((m) => m.organ === "council").length);
    expect(r.figures.organs).toEqual({ council: 5, expertCommittee: 5 });
    const last = assembleReport(db, { year: 2025, format: "zhejiang", today: TODAY });
    expect(last.figures.members.joined).toBe(16);
    expect(last.figures.meetings.total).toBe(2);
  });

  it("counts milestones due in the year from the base seed's milestone months", () => {
    // db/seed.ts: milestones at these month offsets from today, per project.
    const months = [[-4, 1, 13], [-5, 1, 12], [-7, 1, 14], [-1, 2, 14], [-5, 2, 13]].flat();
    const due = months.map((m) => format(addMonths(today, m), "yyyy-MM-dd")).filter((d) => inYear(d, 2026));
    const r = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    expect(r.figures.milestones.due).toBe(due.length);
    expect(r.figures.milestones.due).toBe(8);
    expect(r.figures.milestones.pending).toBe(due.filter((d) => d >= TODAY).length);
    expect(r.figures.milestones.reached + r.figures.milestones.missed).toBe(due.filter((d) => d < TODAY).length);
    const stored = db.$client.prepare("SELECT count(*) AS n FROM milestones WHERE status = 'reached' AND due_on LIKE '2026-%'").get() as { n: number };
    expect(r.figures.milestones.reached).toBe(stored.n);
  });

  it("counts the indicators due in the year and those met by their latest value on the as-of day", () => {
    const rows = db.$client
      .prepare(
        `SELECT i.direction, i.target, i.waived_reason AS waived,
           (SELECT v.value FROM indicator_values v WHERE v.indicator_id = i.id AND v.measured_on <= '2026-11-23' ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latest
         FROM indicators i WHERE i.archived_at IS NULL AND i.due_on BETWEEN '2026-01-01' AND '2026-12-31'`,
      )
      .all() as { direction: string; target: number | null; waived: string | null; latest: number | null }[];
    const met = rows.filter((i) => {
      if (i.waived || i.latest == null) return false;
      if (i.direction === "yesno") return i.latest === 1;
      return i.direction === "lower" ? i.latest <= i.target! : i.latest >= i.target!;
    }).length;
    const r = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    expect(r.figures.indicators.total).toBe(rows.length);
    expect(r.figures.indicators.met).toBe(met);
    expect(r.figures.indicators.waived).toBe(rows.filter((i) => i.waived).length);
    expect(r.figures.indicators.met + r.figures.indicators.waived + r.figures.indicators.notMet).toBe(rows.length);
  });

  it("counts a long table per unit in SQL exactly as the document summarizes its rows", () => {
    const full = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    const indicators = distinctTables(full).find((t) => t.id === "indicators")!;
    const limit = Math.floor(indicators.rows.length / 2);
    expect(limit).toBeGreaterThan(2);
    for (const locale of ["zh-CN", "en"] as const) {
      const counted = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY, locale, summarizeOver: limit });
      const fromRows = documentReport(assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY, locale }), locale, limit);
      const table = distinctTables(counted).find((t) => t.id === "indicators")!;
      expect(table.summarized).toBe(true);
      expect(table.rows.reduce((a, r) => a + Number(r[1]), 0)).toBe(indicators.rows.length);
      expect(documentReport(counted, locale, limit)).toEqual(fromRows);
      expect(counted.figures).toEqual(fromRows.figures);
    }
  });

  it("sums the funds of the year per project and the budgets", () => {
    const r = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    const total = (i: 0 | 1 | 2 | 3) => FUNDING_DEFS.reduce((s, f) => s + f.current[i], 0);
    expect(r.figures.funds).toEqual({ budget: 2600 + 1800 + 2200 + 3000 + 1200, provincial: total(0), self: total(1), spent: total(2), suggested: total(3) });
    const funds = distinctTables(r).find((t) => t.id === "funds")!;
    expect(funds.rows).toHaveLength(5);
    expect(funds.columns.map((c) => c.key)).toEqual(["code", "projectName", "leadUnit", "budget", "provincialFunds", "selfFunds", "spent", "suggestedFunds", "suggestion"]);
    const last = assembleReport(db, { year: 2025, format: "zhejiang", today: TODAY });
    expect(last.figures.funds.provincial).toBe(FUNDING_DEFS.reduce((s, f) => s + f.last[0], 0));
  });

  it("lays out the Zhejiang and Jiangsu outlines with the seeds' headings, in each language", () => {
    const zj = assembleReport(db, { year: 2026, format: "zhejiang", today: TODAY });
    expect(zj.sections.map((s) => s.heading)).toEqual(["一、战略目标实施情况", "二、组织架构与运行机制", "三、重大项目任务执行完成情况", "四、经费投入与保障措施", "五、存在问题与整改情况", "六、下年度工作计划"]);
    const js = assembleReport(db, { year: 2026, format: "jiangsu", today: TODAY });
    expect(js.sections.map((s) => s.heading)).toEqual([
      "一、战略目标实施和重大项目任务执行情况",
      "二、高水平研发平台建设情况",
      "三、人员团队建设情况",
      "四、科技成果转化情况",
      "五、标志性产品应用推广情况",
      "六、下年度工作计划",
    ]);
    expect(zj.dueOn).toBe("2027-01-31");
    expect(js.dueOn).toBe("2027-05-31");
    const english = assembleReport(db, { year: 2026, format: "jiangsu", today: TODAY, locale: "en" });
    expect(english.sections.map((s) => s.heading)).toEqual(sectionKeys("jiangsu").map((k) => (en.reports.sections.jiangsu as Record<string, string>)[k]));
    expect(english.sections[3]!.summary).toContain("results were obtained");
    // Every section's summary is filled in (no placeholder left).
    for (const s of [...zj.sections, ...js.sections, ...english.sections]) expect(s.summary).not.toMatch(/\{\w+\}/);
  });

  it("reads last year's narrative from the seeded draft", () => {
    const r = assembleReport(db, { year: 2025, format: "zhejiang", today: TODAY });
    expect(r.sections.find((s) => s.key === "goals")!.narrative).toBe(REPORT_DRAFT_SECTIONS.goals);
    expect(r.sections.find((s) => s.key === "funds")!.narrative).toBe("");
  });
});

describe("due dates and the default year", () => {
  it("Zhejiang reports in January, Jiangsu by the end of May, for the previous year", () => {
    expect(reportDueOn("zhejiang", 2025)).toBe("2026-01-31");
    expect(reportDueOn("jiangsu", 2025)).toBe("2026-05-31");
    expect(defaultReportYear("zhejiang", "2026-01-31")).toBe(2025);
    expect(defaultReportYear("zhejiang", "2026-02-01")).toBe(2026);
    expect(defaultReportYear("jiangsu", "2026-05-31")).toBe(2025);
    expect(defaultReportYear("jiangsu", "2026-06-01")).toBe(2026);
    expect(OUTLINES.jiangsu.sections).toHaveLength(6);
  });
});

describe("an empty consortium", () => {
  it("assembles with every table empty and zero figures", () => {
    const empty = openDatabase(":memory:", pinnedClock());
    applyMigrations(empty);
    empty.$client
      .prepare("INSERT INTO consortium (name, field, district, province, founded_on, goal_start_year) VALUES ('空联合体', '新材料', '杭州市', 'jiangsu', '2026-01-01', 2026)")
      .run();
    const r = assembleReport(empty, { year: 2026, format: "jiangsu", today: TODAY });
    expect(r.sections).toHaveLength(6);
    for (const t of distinctTables(r)) expect(t.rows).toEqual([]);
    expect(r.figures.members.total).toBe(0);
    expect(r.figures.funds.spent).toBe(0);
    expect(r.draft).toBeNull();
  });
});

describe("saving narratives", () => {
  it("creates the draft, merges a stale save of another section and refuses a stale save of the same one", async () => {
    const ctx = contextFor(db);
    const mishu = actor(db, "mishu");
    const mishu2 = actor(db, "mishu2");
    const first = saveNarrative(ctx, mishu, { year: 2026, format: "jiangsu", key: "platforms", text: "平台建设情况", version: 0, base: "" });
    expect(first).toMatchObject({ version: 1, sections: { platforms: "平台建设情况" } });
    expect(ctx.published.at(-1)).toMatchObject({ boardId: "consortium", type: "report.upserted", payload: { entity: "report", id: first.id, key: "platforms" } });
    // mishu2 loaded version 0 too: another section is merged ...
    const second = saveNarrative(ctx, mishu2, { year: 2026, format: "jiangsu", key: "team", text: "团队建设", version: 0, base: "" });
    expect(second.version).toBe(2);
    expect(second.sections).toEqual({ platforms: "平台建设情况", team: "团队建设" });
    // ... the same section is a conflict carrying the current draft, and nothing changes.
    const audits = (db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
    let err: unknown;
    try {
      saveNarrative(ctx, mishu2, { year: 2026, format: "jiangsu", key: "platforms", text: "覆盖", version: 0, base: "" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("conflict");
    expect((err as DomainError).details.current).toMatchObject({ version: 2 });
    expect(getDraft(db, 2026, "jiangsu")!.sections.platforms).toBe("平台建设情况");
    expect((db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n).toBe(audits);
    // The base defaults to an empty section: a stale save may fill an empty section, never overwrite text.
    expect(() => saveNarrative(ctx, mishu, { year: 2026, format: "jiangsu", key: "platforms", text: "x", version: 1, base: "" })).toThrow(DomainError);
    const audit = db.$client.prepare("SELECT action, entity, after FROM audit_log ORDER BY id DESC LIMIT 1").get() as { action: string; entity: string; after: string };
    expect(audit).toMatchObject({ action: "report.save", entity: "report" });
    expect(JSON.parse(audit.after)).toMatchObject({ key: "team", text: "团队建设", version: 2 });
  });

  it("refuses users without edit:report and unknown section keys", () => {
    const ctx = contextFor(db);
    expect(() => saveNarrative(ctx, actor(db, "jiang_hao"), { year: 2026, format: "zhejiang", key: "goals", text: "x", version: 0, base: "" })).toThrow(/forbidden/);
    expect(() => saveNarrative(ctx, actor(db, "mishu"), { year: 2026, format: "zhejiang", key: "platforms", text: "x", version: 0, base: "" })).toThrow(/invalid/);
    expect(zhCN.reports.sections.zhejiang.goals).toBe("一、战略目标实施情况");
  });
});
