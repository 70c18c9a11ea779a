// 重点任务推进表 end to end on real SQLite: saving and filing by the owner unit, refusals that change
// nothing, the lock after the filing day and the secretariat's reopening; then over HTTP on a real
// server: the page's action with CSRF and the XLSX export, read back with exceljs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { DB } from "../../db/client";
import { actor, contextFor, seededDb } from "../helpers/db";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { signIn, type Session } from "../helpers/forms";
import { fileUnitMonth, keyTaskTable, reopenFiling, saveReport } from "../../app/models/key-tasks.server";
import { DomainError } from "../../app/models/errors";
import { translate } from "../../app/i18n/catalog";
import { instantAt } from "../../app/models/clock";

const MONTH = "2026-11";
let db: DB;

const q = <T = any>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
const fingerprint = () => ({
  reports: qa("SELECT * FROM key_task_reports ORDER BY id"),
  reopenings: qa("SELECT * FROM filing_reopenings ORDER BY id"),
  audit: q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n,
  events: q<{ n: number }>("SELECT count(*) AS n FROM board_events").n,
});
const unitOf = (username: string) => q<{ unit_id: number }>("SELECT unit_id FROM users WHERE username = ?", username).unit_id;
const keyTaskOf = (unitId: number) => q<{ id: number; code: string }>("SELECT id, code FROM tasks WHERE is_key = 1 AND archived_at IS NULL AND owner_unit_id = ? ORDER BY code LIMIT 1", unitId);
/** A context whose clock has moved on to 10:00 Beijing time of `today`. */
const ctxOn = async (today: string) => {
  await db.$clock.advance(instantAt(today, "10:00", db.$clock.timeZone).getTime() - db.$clock.now().getTime());
  return contextFor(db);
};
const edit = (taskId: number, version: number, actualProgress = 40) => ({
  taskId,
  month: MONTH,
  version,
  plannedTarget: "完成初样装配",
  actualProgress,
  problems: "关节模组到货延迟",
  nextSteps: "协调供应商加快交付",
});

async function refused(fn: () => unknown, code: string) {
  const before = fingerprint();
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  expect(fingerprint()).toEqual(before);
  return err as DomainError;
}

describe("saving and filing (model, real SQLite)", () => {
  beforeEach(async () => {
    db = await seededDb();
  });

  it("the owner unit's lead saves a row: versioned, audited, published on the consortium board", async () => {
    const ctx = await ctxOn("2026-11-23");
    const wang = actor(db, "wang_jianguo");
    const task = keyTaskOf(unitOf("wang_jianguo"));
    const row = saveReport(ctx, wang, edit(task.id, 0));
    expect(row).toMatchObject({ taskId: task.id, month: MONTH, actualProgress: 40, status: "draft", version: 1, updatedBy: wang.id });
    const again = saveReport(ctx, wang, edit(task.id, 1, 55));
    expect(again.version).toBe(2);
    const audit = qa<any>("SELECT * FROM audit_log WHERE entity = 'keyreport' AND entity_id = ? ORDER BY id", String(row.id));
    expect(audit.map((a) => a.action)).toEqual(["keyreport.save", "keyreport.save"]);
    expect(JSON.parse(audit[1].before).actualProgress).toBe(40);
    expect(JSON.parse(audit[1].after).actualProgress).toBe(55);
    expect(ctx.published.map((e) => [e.boardId, e.type])).toEqual([
      ["consortium", "keyreport.upserted"],
      ["consortium", "keyreport.upserted"],
    ]);
    expect(ctx.published[1]!.payload).toMatchObject({ entity: "keyreport", id: row.id, row: { actualProgress: 55, version: 2 } });
  });

  it("another unit's lead, a researcher and an observer are refused and nothing is written", async () => {
    const ctx = await ctxOn("2026-11-23");
    const task = keyTaskOf(unitOf("wang_jianguo"));
    const other = q<{ username: string }>("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'unit_lead' AND u.unit_id != ? LIMIT 1", unitOf("wang_jianguo"));
    for (const who of [other.username, "jiang_hao", "zongtibu"]) {
      await refused(() => saveReport(ctx, actor(db, who), edit(task.id, 0)), "forbidden");
      await refused(() => fileUnitMonth(ctx, actor(db, who), { unitId: unitOf("wang_jianguo"), month: MONTH }), "forbidden");
    }
    await refused(() => reopenFiling(ctx, actor(db, "wang_jianguo"), { unitId: unitOf("wang_jianguo"), month: MONTH, until: "2026-11-30" }), "forbidden");
    expect(ctx.published).toEqual([]);
  });

  it("a stale version is refused with the current row", async () => {
    const ctx = await ctxOn("2026-11-23");
    const wang = actor(db, "wang_jianguo");
    const task = keyTaskOf(unitOf("wang_jianguo"));
    const saved = saveReport(ctx, wang, edit(task.id, 0));
    const err = await refused(() => saveReport(ctx, wang, edit(task.id, 0, 90)), "conflict");
    expect(err.status).toBe(409);
    expect(err.details.current).toMatchObject({ id: saved.id, version: 1, actualProgress: 40 });
  });

  it("a task that is not a key task cannot be reported", async () => {
    const ctx = await ctxOn("2026-11-23");
    const plain = q<{ id: number }>("SELECT id FROM tasks WHERE is_key = 0 AND owner_unit_id = ? LIMIT 1", unitOf("wang_jianguo"));
    await refused(() => saveReport(ctx, actor(db, "wang_jianguo"), edit(plain.id, 0)), "notKeyTask");
  });

  it("filing marks every key task row of the unit filed, audited, and the table shows the unit as filed", async () => {
    const ctx = await ctxOn("2026-11-25");
    const wang = actor(db, "wang_jianguo");
    const unitId = unitOf("wang_jianguo");
    const keyTasks = qa<{ id: number }>("SELECT id FROM tasks WHERE is_key = 1 AND archived_at IS NULL AND owner_unit_id = ?", unitId);
    expect(keyTasks.length).toBeGreaterThan(1);
    saveReport(ctx, wang, edit(keyTasks[0]!.id, 0));
    const filedBefore = q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'keyreport.file'").n; // the demo's months
    const rows = fileUnitMonth(ctx, wang, { unitId, month: MONTH });
    expect(rows).toHaveLength(keyTasks.length);
    expect(rows.every((r) => r.status === "filed" && r.filedBy === wang.id)).toBe(true);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'keyreport.file'").n - filedBefore).toBe(keyTasks.length);
    const table = keyTaskTable(db, actor(db, "mishu"), MONTH, "2026-11-26");
    const units = new Map(table.units.map((u) => [u.unitId, u]));
    expect(units.get(unitId)).toMatchObject({ state: "filed", locked: true });
    // Every other unit with key tasks has not filed by the deadline: late.
    expect([...units.values()].filter((u) => u.unitId !== unitId).every((u) => u.state === "late")).toBe(true);
    expect(table.units.flatMap((u) => u.lines).length).toBe(q<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE is_key = 1 AND archived_at IS NULL").n);
  });

  it("the page's view filters and windows the lines in SQL while the filing states still count every key task", async () => {
    const ctx = await ctxOn("2026-11-25");
    const wang = actor(db, "wang_jianguo");
    const unitId = unitOf("wang_jianguo");
    fileUnitMonth(ctx, wang, { unitId, month: MONTH });
    const all = qa<{ id: number; owner_unit_id: number; project_id: number; status: string; due_on: string }>(
      "SELECT id, owner_unit_id, project_id, status, due_on FROM tasks WHERE is_key = 1 AND archived_at IS NULL",
    );
    const mishu = actor(db, "mishu");
    const whole = keyTaskTable(db, mishu, MONTH, "2026-11-26");
    const lineIds = (tb: typeof whole) => tb.units.flatMap((u) => u.lines.map((l) => l.taskId)).sort((a, b) => a - b);
    const ids = (rows: typeof all) => rows.map((r) => r.id).sort((a, b) => a - b);
    // A window of two lines: the filing states and key-task counts are those of the whole table.
    const window = keyTaskTable(db, mishu, MONTH, "2026-11-26", { limit: 2 });
    expect([window.shown, window.matching]).toEqual([2, all.length]);
    const head = (tb: typeof whole) => tb.units.map((u) => ({ ...u, lines: undefined }));
    expect(head(window)).toEqual(head(whole));
    expect(window.units.find((u) => u.unitId === unitId)).toMatchObject({ state: "filed", keyTasks: all.filter((r) => r.owner_unit_id === unitId).length });
    // The unit lead's own unit comes first.
    const own = keyTaskTable(db, wang, MONTH, "2026-11-26", { limit: 1 });
    expect(own.units.flatMap((u) => u.lines)[0]!.ownerUnitId).toBe(unitId);
    // Each filter picks the same rows as a plain reading of the tasks.
    const project = all[0]!.project_id;
    expect(lineIds(keyTaskTable(db, mishu, MONTH, "2026-11-26", { unit: unitId }))).toEqual(ids(all.filter((r) => r.owner_unit_id === unitId)));
    expect(lineIds(keyTaskTable(db, mishu, MONTH, "2026-11-26", { project }))).toEqual(ids(all.filter((r) => r.project_id === project)));
    expect(lineIds(keyTaskTable(db, mishu, MONTH, "2026-11-26", { status: "in_progress" }))).toEqual(ids(all.filter((r) => r.status === "in_progress")));
    const overdue = keyTaskTable(db, mishu, MONTH, "2026-11-26", { overdue: true });
    expect(lineIds(overdue)).toEqual(ids(all.filter((r) => r.due_on < "2026-11-26" && ["not_started", "in_progress"].includes(r.status))));
    expect(overdue.matching).toBe(overdue.shown);
  });

  it("after the filing day saving and filing are refused with 填报已截止 until the secretariat reopens", async () => {
    const wang = actor(db, "wang_jianguo");
    const unitId = unitOf("wang_jianguo");
    const task = keyTaskOf(unitId);
    // The deadline day itself is still open.
    saveReport(await ctxOn("2026-11-25"), wang, edit(task.id, 0));
    const late = await ctxOn("2026-11-26");
    const err = await refused(() => saveReport(late, wang, edit(task.id, 1, 60)), "filingLocked");
    expect(translate("zh-CN", `errors.${err.code}`)).toContain("填报已截止");
    await refused(() => fileUnitMonth(late, wang, { unitId, month: MONTH }), "filingLocked");
    // Reopening until a past date is refused; a reopening for another unit does not help this one.
    const mishu = actor(db, "mishu");
    await refused(() => reopenFiling(late, mishu, { unitId, month: MONTH, until: "2026-11-25" }), "reopenInPast");
    reopenFiling(late, mishu, { unitId: unitId + 1, month: MONTH, until: "2026-11-30" });
    await refused(() => saveReport(late, wang, edit(task.id, 1, 60)), "filingLocked");
    reopenFiling(late, mishu, { unitId, month: MONTH, until: "2026-11-27" });
    expect(q<any>("SELECT * FROM audit_log WHERE action = 'keyreport.reopen' ORDER BY id DESC LIMIT 1").user_id).toBe(mishu.id);
    expect(late.published.at(-1)).toMatchObject({ boardId: "consortium", type: "keyreopen.upserted" });
    expect(saveReport(late, wang, edit(task.id, 1, 60)).actualProgress).toBe(60);
    expect(fileUnitMonth(await ctxOn("2026-11-27"), wang, { unitId, month: MONTH }).every((r) => r.status === "filed")).toBe(true);
    // The reopening ends with its last day.
    const after = await ctxOn("2026-11-28");
    await refused(() => saveReport(after, wang, edit(task.id, 3, 70)), "filingLocked");
  });
});

describe("over HTTP on a real server", () => {
  let srv: TestServer;
  const sessions: Record<string, Session> = {};

  beforeAll(async () => {
    srv = await startServer();
    for (const who of ["wang_jianguo", "mishu", "jiang_hao"]) sessions[who] = await signIn(srv.url, who, { page: "/key-tasks" });
  });
  afterAll(async () => {
    await srv.close();
  });

  const post = async (who: string, fields: Record<string, string>, csrf = true) => {
    const s = sessions[who]!;
    const body = new URLSearchParams({ ...(csrf ? { _csrf: s.csrf } : {}), ...fields });
    // Single fetch: the action's reply as the browser's fetchers receive it (turbo-stream text).
    const res = await fetch(`${srv.url}/key-tasks.data`, { method: "POST", headers: { cookie: s.cookie }, body });
    return { status: res.status, text: await res.text() };
  };
  const sq = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;

  it("the page lists every key task and the owner's lead saves and files through the form action", async () => {
    const page = await (await fetch(`${srv.url}/key-tasks?month=${MONTH}`, { headers: { cookie: sessions.mishu!.cookie } })).text();
    const keyCount = sq<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE is_key = 1 AND archived_at IS NULL").n;
    expect(page.match(/data-testid="kt-row"/g)).toHaveLength(keyCount);
    const unitId = sq<{ unit_id: number }>("SELECT unit_id FROM users WHERE username = 'wang_jianguo'").unit_id;
    const task = sq<{ id: number }>("SELECT id FROM tasks WHERE is_key = 1 AND owner_unit_id = ? ORDER BY code LIMIT 1", unitId);
    const fields = { intent: "save", taskId: String(task.id), month: MONTH, version: "0", plannedTarget: "完成正样", actualProgress: "35", problems: "", nextSteps: "开展试验" };
    expect((await post("wang_jianguo", fields, false)).status).toBe(403);
    const bad = await post("wang_jianguo", { ...fields, actualProgress: "150" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("validation.tooBig");
    const forbidden = await post("jiang_hao", fields);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain("您没有权限执行此操作");
    // The demo files the two months before this one; this month's row does not exist yet.
    expect(sq("SELECT * FROM key_task_reports WHERE task_id = ? AND month = ?", task.id, MONTH)).toBeUndefined();
    expect((await post("wang_jianguo", fields)).status).toBe(200);
    expect(sq<any>("SELECT * FROM key_task_reports WHERE task_id = ? AND month = ?", task.id, MONTH)).toMatchObject({ actual_progress: 35, planned_target: "完成正样", version: 1 });
    expect((await post("wang_jianguo", { intent: "file", unitId: String(unitId), month: MONTH })).status).toBe(200);
    expect(sq<any>("SELECT status FROM key_task_reports WHERE task_id = ? AND month = ?", task.id, MONTH).status).toBe("filed");
  });

  it("exports the month as an XLSX that opens with exceljs: title, the columns, one row per key task", async () => {
    const res = await fetch(`${srv.url}/key-tasks.xlsx?month=${MONTH}`, { headers: { cookie: sessions.mishu!.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("重点任务推进表-2026-11.xlsx")}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const name = sq<{ name: string }>("SELECT name FROM consortium LIMIT 1").name;
    expect(ws.getCell(1, 1).value).toBe(`${name} 重点任务推进表（2026年11月）`);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(["序号", "任务编号", "重点任务", "承担单位", "责任人", "计划目标", "实际进展(%)", "状态", "存在问题", "下步计划", "填报状态"]);
    const keyTasks = srv.app.db.$client.prepare("SELECT code FROM tasks WHERE is_key = 1 AND archived_at IS NULL").all() as { code: string }[];
    expect(ws.rowCount - 2).toBe(keyTasks.length);
    const codes = Array.from({ length: keyTasks.length }, (_, i) => ws.getCell(i + 3, 2).value);
    expect(new Set(codes)).toEqual(new Set(keyTasks.map((t) => t.code)));
    expect(Array.from({ length: keyTasks.length }, (_, i) => ws.getCell(i + 3, 1).value)).toEqual(keyTasks.map((_, i) => i + 1));
    // The row saved above travels with its figures and filing state.
    const saved = sq<{ code: string }>("SELECT t.code FROM key_task_reports r JOIN tasks t ON t.id = r.task_id WHERE r.actual_progress = 35 AND r.month = ?", MONTH);
    const line = Array.from({ length: keyTasks.length }, (_, i) => ws.getRow(i + 3)).find((r) => r.getCell(2).value === saved.code)!;
    expect([line.getCell(6).value, line.getCell(7).value, line.getCell(10).value, line.getCell(11).value]).toEqual(["完成正样", 35, "开展试验", "已提交"]);
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 8 });
    expect(ws.getCell(3, 3).alignment?.wrapText).toBe(true);
    expect(ws.getCell(3, 3).border?.top?.style).toBe("thin");
  });

  it("refuses a malformed month and readers without the consortium board", async () => {
    expect((await fetch(`${srv.url}/key-tasks.xlsx?month=2026-13`, { headers: { cookie: sessions.mishu!.cookie } })).status).toBe(400);
    const expert = await loginCookie(srv.url, "zhuanjia");
    expect((await fetch(`${srv.url}/key-tasks.xlsx?month=${MONTH}`, { headers: { cookie: expert } })).status).toBe(403);
    expect((await fetch(`${srv.url}/key-tasks.xlsx?month=${MONTH}`, { redirect: "manual" })).status).toBe(302);
  });
});
