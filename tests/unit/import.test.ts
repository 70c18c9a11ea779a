// The Excel import on a real SQLite database: property tests (any valid sheet round-trips; column order,
// date formats, title and blank rows do not change what is read), and every kind of bad file refused
// with the database unchanged (digest of every table).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import ExcelJS from "exceljs";
import { getSignoff, signList } from "../../app/models/responsibility.server";
import { seededDb, contextFor, actor } from "../helpers/db";
import { databaseDigest } from "../helpers/db-fingerprint";
import { workbookBytes, type DateStyle, type SheetRow } from "../helpers/import-sheets";
import { planImport, type ImportPlan } from "../../app/models/import-plan.server";
import { commitImport } from "../../app/models/import.server";
import { importWorkbook } from "../../app/exports/import-workbook.server";
import { projectOptions } from "../../app/models/projects.server";
import { closestName, parseDate, SHEET_COLUMNS } from "../../app/models/import-sheet";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";
import { boardsOf } from "../../app/models/boards.server";
import { progressByTask } from "../../app/models/progress.server";
import { BOARD_RELOAD } from "../../app/realtime/protocol";

// One session per person and database, made before any digest is taken (signing in writes a session row).
const sessions = new WeakMap<DB, Map<string, Actor>>();
function who(db: DB, username: string): Actor {
  const byName = sessions.get(db) ?? sessions.set(db, new Map()).get(db)!;
  return byName.get(username) ?? byName.set(username, actor(db, username)).get(username)!;
}
async function freshDb() {
  const db = await seededDb();
  for (const u of ["mishu", "li_ming", "liu_yang", "wang_jianguo"]) who(db, u);
  return db;
}
const TASK_SHEETS = ["tasks", "indicators"] as const;
const plan = (db: DB, bytes: Uint8Array, username = "mishu", fileName = "清单.xlsx") => planImport(db, { actor: who(db, username), fileName, bytes });
const changed = (p: ImportPlan) => p.counts.create + p.counts.update;

/** Projects with their units and those units' people, for generating valid rows. */
function world(db: DB) {
  const projects = projectOptions(db);
  const units = db.$client.prepare("SELECT id, name FROM member_units").all() as { id: number; name: string }[];
  const people = db.$client.prepare("SELECT display_name AS name, unit_id AS unitId FROM users WHERE active = 1 AND unit_id IS NOT NULL").all() as { name: string; unitId: number }[];
  return { projects, unitName: new Map(units.map((u) => [u.id, u.name])), people };
}

const isoDay = fc.integer({ min: 0, max: 600 }).map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));

/** A valid task list of 1–12 new tasks (2027, outside any signed list), with predecessors only backwards (no cycle). */
function taskListArb(db: DB) {
  const w = world(db);
  return fc
    .array(
      fc.record({
        p: fc.nat(),
        u: fc.nat(),
        owner: fc.boolean(),
        title: fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/[\s'=+\-@]/g, "").normalize("NFKC").trim() || "任务"),
        start: isoDay,
        days: fc.integer({ min: 0, max: 200 }),
        key: fc.boolean(),
        preds: fc.array(fc.nat(), { maxLength: 3 }),
        desc: fc.constantFrom("", "研制样机", "完成测试报告"),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((specs) => {
      const rows: SheetRow[] = [];
      specs.forEach((s, i) => {
        const project = w.projects[s.p % w.projects.length]!;
        const unitId = project.unitIds[s.u % project.unitIds.length]!;
        const person = s.owner ? w.people.find((x) => x.unitId === unitId) : undefined;
        const due = new Date(Date.UTC(Number(s.start.slice(0, 4)), Number(s.start.slice(5, 7)) - 1, Number(s.start.slice(8)) + s.days)).toISOString().slice(0, 10);
        const earlier = rows.filter((r) => r.project === project.code).map((r) => String(r.code));
        const preds = earlier.length ? [...new Set(s.preds.map((n) => earlier[n % earlier.length]!))] : [];
        rows.push({ project: project.code, code: `IMP-${i + 1}`, title: s.title, unit: w.unitName.get(unitId)!, owner: person?.name ?? "", startOn: s.start, dueOn: due, isKey: s.key ? "是" : "否", predecessors: preds.join("、"), description: s.desc });
      });
      return rows;
    });
}

// The demo seed itself imports the task lists: count this test's own import rows from a baseline.
const importAudits = (db: DB): number => db.$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'task.import'").pluck().get() as number;

describe("import: reading", () => {
  it("reads dates as Excel dates, serials and text in the usual spellings", () => {
    for (const v of ["2026-03-01", "2026/3/1", "2026年3月1日", "２０２６－０３－０１", "2026.3.1", "20260301", 46082, "46082", new Date(Date.UTC(2026, 2, 1))]) {
      expect(parseDate(v), String(v)).toBe("2026-03-01");
    }
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("下月")).toBeNull();
  });

  it("suggests the closest known name", () => {
    expect(closestName("之江实验", ["之江实验室", "浙江大学"])).toBe("之江实验室");
    expect(closestName("浙江大雪", ["之江实验室", "浙江大学"])).toBe("浙江大学");
    expect(closestName("完全不同的名字", ["之江实验室"])).toBeNull();
  });
});

describe("import: round trips", () => {
  it("the export in the template's format imports as no change, and so does the template's own header", async () => {
    const db = await freshDb();
    const bytes = new Uint8Array(await importWorkbook(db, "zh-CN", true, TASK_SHEETS));
    const p = await plan(db, bytes);
    const before = databaseDigest(db);
    expect(p.issues).toEqual([]);
    expect(p.counts.unchanged).toBeGreaterThan(10);
    expect(changed(p)).toBe(0);
    commitImport(contextFor(db), who(db, "mishu"), p);
    expect(databaseDigest(db)).toBe(before);
    const template = await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", false, TASK_SHEETS)));
    expect(template.issues).toEqual([]);
    expect(template.counts.create).toBe(2); // the sample task and its sample indicator
  });

  it("any valid generated sheet imports, then reads back (its own file and the export) as no change", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), async (seed) => {
        const db = await freshDb();
        const rows = fc.sample(taskListArb(db), { seed, numRuns: 1 })[0]!;
        const bytes = await workbookBytes({ tasks: rows });
        const first = await plan(db, bytes);
        expect(first.issues).toEqual([]);
        expect(first.counts.create).toBe(rows.length);
        const ctx = contextFor(db);
        const imported = importAudits(db);
        const result = commitImport(ctx, who(db, "mishu"), first);
        expect(result.tasks.created).toBe(rows.length);
        // Every row audited; the boards told once each (one reload per board the rows are on), not per row.
        expect(importAudits(db) - imported).toBe(rows.length);
        expect(ctx.published.map((e) => e.type)).toEqual(ctx.published.map(() => BOARD_RELOAD));
        expect(ctx.published.map((e) => e.boardId).sort()).toEqual(boardsOf(...first.tasks.map((t) => t.projectId)).sort());
        const after = databaseDigest(db);
        const again = await plan(db, bytes);
        expect(changed(again)).toBe(0);
        const exported = await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", true, TASK_SHEETS)));
        expect(exported.issues).toEqual([]);
        expect(changed(exported)).toBe(0);
        expect(databaseDigest(db)).toBe(after);
      }),
      { numRuns: 8 },
    );
  });

  it("shuffled columns, odd date formats, title rows and blank rows read the same", async () => {
    const db = await freshDb();
    const styles: DateStyle[] = ["date", "serial", "iso", "slash", "chinese", "fullwidth"];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 << 30 }), fc.constantFrom(...styles), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 }), async (seed, dateStyle, titleRows, blankEvery, headerSynonym) => {
        const rows = fc.sample(taskListArb(db), { seed, numRuns: 1 })[0]!;
        const keys = SHEET_COLUMNS.tasks.map((c) => c.key);
        const order = fc.sample(fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }), { seed, numRuns: 1 })[0]!;
        const plain = await plan(db, await workbookBytes({ tasks: rows }));
        const odd = await plan(db, await workbookBytes({ tasks: rows }, { order, dateStyle, titleRows, blankEvery, headerSynonym }));
        expect(odd.issues).toEqual([]);
        expect(odd.tasks.map((t) => ({ ...t, row: 0 }))).toEqual(plain.tasks.map((t) => ({ ...t, row: 0 })));
        expect(odd.digest).not.toBe(""); // rows differ (Excel row numbers), the operations do not
      }),
      { numRuns: 12 },
    );
  });

  it("a changed row updates the task by code, versioned and audited", async () => {
    const db = await freshDb();
    const rows = fc.sample(taskListArb(db), { seed: 7, numRuns: 1 })[0]!;
    const imported = importAudits(db);
    commitImport(contextFor(db), who(db, "mishu"), await plan(db, await workbookBytes({ tasks: rows })));
    const edited = rows.map((r, i) => (i === 0 ? { ...r, title: "改过的名称", dueOn: "2028-12-31" } : r));
    const p = await plan(db, await workbookBytes({ tasks: edited }));
    expect(p.counts).toMatchObject({ update: 1, create: 0 });
    expect(p.rows.find((r) => r.outcome === "update")!.changes).toEqual(expect.arrayContaining(["title", "dueOn"]));
    commitImport(contextFor(db), who(db, "mishu"), p);
    const t = db.$client.prepare("SELECT title, due_on AS dueOn, version FROM tasks WHERE code = ?").get(rows[0]!.code) as { title: string; dueOn: string; version: number };
    expect(t).toMatchObject({ title: "改过的名称", dueOn: "2028-12-31", version: 2 });
    expect(importAudits(db) - imported).toBe(rows.length + 1);
  });

  it("imports indicators on new and existing tasks through the indicator rules", async () => {
    const db = await freshDb();
    const rows = fc.sample(taskListArb(db), { seed: 3, numRuns: 1 })[0]!;
    const ind = (r: SheetRow, n: number): SheetRow => ({ taskCode: r.code, name: `指标${n}`, unitOfMeasure: "项", baseline: 0, target: n + 1, direction: "提高", dueOn: String(r.dueOn), unit: r.unit, owner: "" });
    const bytes = await workbookBytes({ tasks: rows, indicators: rows.flatMap((r) => [ind(r, 1), ind(r, 2)]) });
    const p = await plan(db, bytes);
    expect(p.issues).toEqual([]);
    const result = commitImport(contextFor(db), who(db, "mishu"), p);
    expect(result.indicators.created).toBe(rows.length * 2);
    expect(changed(await plan(db, bytes))).toBe(0);
    expect(changed(await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", true, TASK_SHEETS))))).toBe(0);
    // A target that does not improve on the baseline is the indicator form's own error, at its column.
    const bad = await plan(db, await workbookBytes({ tasks: rows, indicators: [{ ...ind(rows[0]!, 1), baseline: 5, target: 3 }] }));
    expect(bad.issues[0]).toMatchObject({ sheet: "indicators", row: 2, column: "目标值", key: "indicators.targetAboveBaseline" });
    // A count cannot be negative (the indicator rules' range check), also at its column.
    const negative = await plan(db, await workbookBytes({ tasks: rows, indicators: [{ ...ind(rows[0]!, 1), target: -1 }] }));
    expect(negative.issues[0]).toMatchObject({ sheet: "indicators", row: 2, column: "目标值", key: "errors.indicatorValueNegative" });
  });

  it("recomputes a task's progress once, after all its new indicators, and audits that once", async () => {
    const db = await freshDb();
    // A task whose progress comes from indicators with values: every new indicator (no value yet) lowers it.
    const tasks = db.$client
      .prepare(
        `SELECT t.id, t.code, t.due_on AS dueOn, t.progress, u.name AS unit FROM tasks t JOIN member_units u ON u.id = t.owner_unit_id
         WHERE t.archived_at IS NULL AND t.status = 'in_progress' AND t.progress > 0
           AND EXISTS (SELECT 1 FROM indicators i JOIN indicator_values v ON v.indicator_id = i.id WHERE i.task_id = t.id AND i.archived_at IS NULL)
         ORDER BY t.id`,
      )
      .all() as { id: number; code: string; dueOn: string; progress: number; unit: string }[];
    type Candidate = (typeof tasks)[number];
    const rows = (t: Candidate) => [1, 2, 3].map((n) => ({ taskCode: t.code, name: `新增指标${n}`, unitOfMeasure: "项", baseline: 0, target: 2, direction: "提高", dueOn: t.dueOn, unit: t.unit, owner: "" }));
    // The first such task outside a signed list (whose indicators change only by change request).
    let chosen: { t: Candidate; p: ImportPlan } | undefined;
    for (const t of tasks) {
      const p = await plan(db, await workbookBytes({ indicators: rows(t) }));
      if (p.issues.length) continue;
      chosen = { t, p };
      break;
    }
    expect(chosen).toBeDefined();
    const { t, p } = chosen!;
    const progressAudits = () => db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id = ? AND json_extract(after, '$.progress') IS NOT json_extract(before, '$.progress')").pluck().get(String(t.id));
    const audited = progressAudits();
    commitImport(contextFor(db), who(db, "mishu"), p);
    expect(progressAudits()).toBe(Number(audited) + 1);
    const now = db.$client.prepare("SELECT progress FROM tasks WHERE id = ?").pluck().get(t.id) as number;
    expect(now).toBe(progressByTask(db).get(t.id));
    expect(now).toBeLessThan(t.progress);
  });
});

describe("import: bad files are refused with nothing written", () => {
  it.each([
    ["not an xlsx", async () => ({ bytes: new TextEncoder().encode("项目,任务编号\nP1,T1"), name: "清单.csv" }), "import.errors.notXlsx"],
    ["an xlsx name on other bytes", async () => ({ bytes: new TextEncoder().encode("PK not really"), name: "清单.xlsx" }), "import.errors.notXlsx"],
    ["no recognisable header", async () => ({ bytes: await workbookBytes({ tasks: [] }, { order: ["title", "description"] }), name: "x.xlsx" }), "import.errors.noHeader"],
  ])("%s", async (_name, make, key) => {
    const db = await freshDb();
    const before = databaseDigest(db);
    const f = await make();
    const p = await plan(db, f.bytes, "mishu", f.name);
    expect(p.issues.map((i) => i.key)).toEqual([key]);
    expect(() => commitImport(contextFor(db), who(db, "mishu"), p)).toThrow();
    expect(databaseDigest(db)).toBe(before);
  });

  it("unknown names (with the closest match), duplicate codes, bad dates, cycles and too many rows", async () => {
    const db = await freshDb();
    const rows = fc.sample(taskListArb(db), { seed: 11, numRuns: 1 })[0]!;
    const base: SheetRow = { ...rows[0]!, predecessors: "" };
    const unit = String(base.unit);
    const cases: [SheetRow[], Partial<{ key: string; column: string; row: number }>][] = [
      [[{ ...base, unit: unit.slice(0, -1) }], { key: "import.errors.unknownUnitSuggest", column: "承担单位", row: 2 }],
      [[{ ...base, owner: "无此人" }], { key: "import.errors.unknownPerson", column: "负责人" }],
      [[{ ...base, project: "不存在的项目" }], { key: "import.errors.unknownProject", column: "项目" }],
      [[base, { ...base, title: "另一个" }], { key: "import.errors.duplicateCode", row: 3, column: "任务编号" }],
      [[{ ...base, startOn: "明年三月" }], { key: "import.errors.badDate", column: "开始日期" }],
      [[{ ...base, dueOn: "2026-01-01", startOn: "2026-06-01" }], { key: "errors.datesOrder", column: "截止日期" }],
      [[{ ...base, code: "A", predecessors: "B" }, { ...base, code: "B", predecessors: "A" }], { key: "import.errors.cycle" }],
      [[{ ...base, predecessors: "NOPE-1" }], { key: "import.errors.unknownPredecessor", column: "前置任务" }],
      [[{ ...base, isKey: "也许" }], { key: "import.errors.badYesNo", column: "重点任务" }],
    ];
    const before = databaseDigest(db);
    for (const [sheet, expected] of cases) {
      const p = await plan(db, await workbookBytes({ tasks: sheet }));
      expect(p.issues.length, JSON.stringify(expected)).toBeGreaterThan(0);
      expect(p.issues[0]).toMatchObject(expected);
      expect(() => commitImport(contextFor(db), who(db, "mishu"), p)).toThrow();
    }
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...base, code: `M${i}` }));
    const p = await plan(db, await workbookBytes({ tasks: many }));
    expect(p.issues.map((i) => i.key)).toEqual(["import.errors.tooManyRows"]);
    expect(databaseDigest(db)).toBe(before);
  });

  it("a project lead imports his own project only; a researcher not at all", async () => {
    const db = await freshDb();
    const lead = who(db, "li_ming");
    const rows = fc.sample(taskListArb(db), { seed: 5, numRuns: 1 })[0]!;
    const mine = new Set(lead.projectIds);
    const codes = new Map(projectOptions(db).map((p) => [p.code, p.id]));
    const p = await plan(db, await workbookBytes({ tasks: rows.map((r) => ({ ...r, predecessors: "" })) }), "li_ming");
    const foreign = rows.filter((r) => !mine.has(codes.get(String(r.project))!)).length;
    expect(p.issues.filter((i) => i.key === "import.errors.forbiddenRow").length).toBe(foreign);
    const before = databaseDigest(db);
    expect(() => commitImport(contextFor(db), who(db, "liu_yang"), p)).toThrow();
    expect(databaseDigest(db)).toBe(before);
    // His own project's rows alone commit (the right is checked per project, not consortium-wide).
    const own = rows.filter((r) => mine.has(codes.get(String(r.project))!)).map((r) => ({ ...r, predecessors: "" }));
    const ownPlan = await plan(db, await workbookBytes({ tasks: own }), "li_ming");
    expect(ownPlan.issues).toEqual([]);
    expect(commitImport(contextFor(db), lead, ownPlan).tasks.created).toBe(own.length);
  });

  it("rows of a signed list are refused with the reason, the others import", async () => {
    const db = await freshDb();
    const lead = who(db, "wang_jianguo");
    const task = db.$client.prepare("SELECT t.code, t.title, t.due_on AS dueOn FROM tasks t WHERE t.owner_unit_id = ? AND t.archived_at IS NULL AND t.status IN ('not_started', 'in_progress') ORDER BY t.id LIMIT 1").get(lead.unitId) as { code: string; title: string; dueOn: string };
    const year = Number(task.dueOn.slice(0, 4));
    if (!getSignoff(db, lead.unitId!, year)) signList(contextFor(db), lead, { unitId: lead.unitId!, year });
    const bytes = new Uint8Array(await importWorkbook(db, "zh-CN", true, TASK_SHEETS));
    const exported = await plan(db, bytes);
    expect(exported.counts.refused).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("任务清单")!;
    ws.eachRow((row) => {
      if (row.getCell(2).value === task.code) row.getCell(3).value = `${task.title}（改）`;
    });
    const p = await plan(db, new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(p.issues).toEqual([]);
    expect(p.rows.filter((r) => r.outcome === "refused")).toEqual([expect.objectContaining({ code: task.code, reason: expect.objectContaining({ key: "errors.listFrozen" }) })]);
    expect(p.tasks).toEqual([]);
  });
});
