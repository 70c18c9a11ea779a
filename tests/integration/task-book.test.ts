// 任务书 and its 论证 against a real server on its own seeded SQLite file: versions, a stale submission,
// the reviewer rules (lead-unit expert, non-expert) leaving the database untouched, the review, and
// creating the tasks and indicators from the reviewed version (one transaction, events on the boards).
// Forms go over HTTP with CSRF and real multipart uploads where the route is the subject.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseDigest } from "../helpers/db-fingerprint";
import { actorCache, refusedUnchanged as unchanged } from "../helpers/refusals";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn } from "../helpers/forms";
import { EXE, PDF } from "../helpers/evidence-fixtures";
import { checkUploadedFile } from "../../app/models/evidence.server";
import { createTasksFromTaskBook, reviewTaskBook, submitTaskBook, taskBookPage } from "../../app/models/task-book.server";
import { taskBookSubmitSchema, type TaskBookSubmitInput } from "../../app/models/task-book";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const as = actorCache(() => srv.app.db);
const ctx = () => srv.app.ctx;
const unitBy = (short: string) => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", short).id;

const refusedUnchanged = (fn: () => unknown) => unchanged(srv.app.db, fn);

let project: { id: number; code: string; start_on: string; end_on: string };
let zy: number;
let jc: number;
const pdf = () => checkUploadedFile("任务书.pdf", PDF);

function book(version: number, goals: string): TaskBookSubmitInput {
  return taskBookSubmitSchema.parse({
    projectId: project.id,
    version,
    goals,
    termStart: project.start_on,
    termEnd: project.end_on,
    division: [
      { unitId: zy, title: "关节模组总体集成", duty: "负责关节模组总体方案、集成与验证" },
      { unitId: jc, title: "高精度谐波减速器研制", duty: "负责谐波减速器设计、试制与寿命试验" },
    ],
    indicators: [
      { name: "关节峰值扭矩密度", unitOfMeasure: "N·m/kg", baseline: 80, target: 120, direction: "higher", dueOn: project.end_on, unitId: zy },
      { name: "减速器传动误差", unitOfMeasure: "arcmin", baseline: 1.5, target: 0.8, direction: "lower", dueOn: project.end_on, unitId: jc },
      { name: "减速器寿命", unitOfMeasure: "h", baseline: 6000, target: 10000, direction: "higher", dueOn: project.end_on, unitId: jc },
    ],
  });
}

beforeAll(async () => {
  srv = await startServer();
  project = q("SELECT id, code, start_on, end_on FROM projects WHERE code LIKE '%RX-01'");
  zy = unitBy("智元人形");
  jc = unitBy("精传减速");
  ["li_ming", "jiang_hao", "zhuanjia", "zhuanjia2"].forEach(as);
});
afterAll(async () => {
  await srv.close();
});

describe("任务书 versions", () => {
  it("starts empty, then keeps every submitted version readable", async () => {
    const empty = taskBookPage(srv.app.db, as("li_ming"), project.id);
    expect(empty.book).toBeNull();
    expect(empty.versions).toEqual([]);
    expect(empty.mayWrite).toBe(true);

    const v1 = submitTaskBook(ctx(), as("li_ming"), book(0, "研制高功率密度关节模组（第一稿）"), [await pdf()]);
    expect(v1.version).toBe(1);
    // The project's responsible experts outside its units are told; the submitter is not.
    const told = qa<{ username: string; params: string }>("SELECT u.username, i.params FROM inbox_items i JOIN users u ON u.id = i.user_id WHERE i.kind = 'taskbook_submitted' ORDER BY u.username");
    expect(told.map((r) => r.username)).toEqual(["zhuanjia", "zhuanjia2"]);
    expect(JSON.parse(told[0]!.params)).toMatchObject({ version: 1 });

    const v2 = submitTaskBook(ctx(), as("li_ming"), { ...book(1, "研制高功率密度关节模组（第二稿，指标细化）"), note: "细化寿命指标" }, [await pdf()]);
    expect(v2.version).toBe(2);
    const page = taskBookPage(srv.app.db, as("zhuanjia2"), project.id);
    expect(page.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(page.versions[1]!.goals).toBe("研制高功率密度关节模组（第一稿）");
    expect(page.versions[0]!.note).toBe("细化寿命指标");
    expect(page.versions[0]!.division.map((d) => d.unitName)).toEqual(["智元人形", "精传减速"]);
    expect(page.documents[page.versions[1]!.id]!.map((d) => d.name)).toEqual(["任务书.pdf"]);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'taskBook.submit'").n).toBe(2);
  });

  it("refuses a stale submission (made against version 1 after version 2) and changes nothing", async () => {
    const file = await pdf();
    const err = refusedUnchanged(() => submitTaskBook(ctx(), as("li_ming"), book(1, "基于旧版本的修改"), [file]));
    expect(err.code).toBe("taskBookStale");
    expect(err.status).toBe(409);
    expect(err.details).toMatchObject({ current: 2 });
  });

  it("refuses a researcher, a submission without its document and a unit outside the project", async () => {
    const file = await pdf();
    expect(refusedUnchanged(() => submitTaskBook(ctx(), as("jiang_hao"), book(2, "x"), [file])).code).toBe("forbidden");
    expect(refusedUnchanged(() => submitTaskBook(ctx(), as("li_ming"), book(2, "x"), [])).code).toBe("taskBookNoDocument");
    const outside = book(2, "x");
    outside.division[1]!.unitId = unitBy("灵犀科技");
    outside.indicators.forEach((i) => (i.unitId = zy));
    expect(refusedUnchanged(() => submitTaskBook(ctx(), as("li_ming"), outside, [file])).code).toBe("taskBookUnitNotInProject");
  });

  it("refuses a disguised document over HTTP (type sniffed by the evidence store) and writes nothing", async () => {
    const s = await signIn(srv.url, "li_ming", { page: `/projects/${project.id}/taskbook` });
    const before = databaseDigest(srv.app.db);
    const res = await postForm(srv.url, s, `/projects/${project.id}/taskbook?intent=submit&id=${project.id}`, { intent: "submit", projectId: project.id, version: 2, goals: "x" }, { files: [{ name: "任务书.pdf", bytes: EXE }] });
    expect(res.status).toBe(415);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });
});

describe("论证 by responsible experts", () => {
  it("refuses an expert of the project's lead unit (conflict of interest) with the database unchanged", () => {
    // 王建国 of 智元人形 (the lead unit) made an expert of RX-01: he must still not review it.
    const wang = q<{ id: number }>("SELECT id FROM users WHERE username = 'wang_jianguo'").id;
    srv.app.db.$client.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'expert')").run(wang);
    srv.app.db.$client.prepare("INSERT INTO project_experts (project_id, user_id) VALUES (?, ?)").run(project.id, wang);
    as("wang_jianguo");
    const err = refusedUnchanged(() => reviewTaskBook(ctx(), as("wang_jianguo"), { projectId: project.id, version: 2, conclusion: "pass", text: "同意" }));
    expect(err.code).toBe("taskBookCoiUnit");
    expect(err.status).toBe(403);
    expect(taskBookPage(srv.app.db, as("wang_jianguo"), project.id).reviewRefusal).toContain("智元人形");
  });

  it("refuses someone who is not a responsible expert of the project, with the database unchanged", () => {
    expect(refusedUnchanged(() => reviewTaskBook(ctx(), as("jiang_hao"), { projectId: project.id, version: 2, conclusion: "pass", text: "同意" })).code).toBe("taskBookNotExpert");
    expect(refusedUnchanged(() => reviewTaskBook(ctx(), as("li_ming"), { projectId: project.id, version: 2, conclusion: "pass", text: "同意" })).code).toBe("taskBookNotExpert");
  });

  it("refuses creating tasks before a passing review", () => {
    const err = refusedUnchanged(() => createTasksFromTaskBook(ctx(), as("li_ming"), { projectId: project.id, version: 2 }));
    expect(err.code).toBe("taskBookNotReviewed");
  });

  it("records an outside expert's review over HTTP, once per version, and tells the project lead", async () => {
    const s = await signIn(srv.url, "zhuanjia2", { page: `/projects/${project.id}/taskbook` });
    const stale = await postForm(srv.url, s, `/projects/${project.id}/taskbook`, { intent: "review", projectId: project.id, version: 1, conclusion: "pass", text: "同意" });
    expect(stale.status).toBe(409);
    const res = await postForm(srv.url, s, `/projects/${project.id}/taskbook`, { intent: "review", projectId: project.id, version: 2, conclusion: "pass_with_changes", text: "指标可考核，建议补充寿命试验条件" });
    expect(res.status).toBe(200);
    const page = taskBookPage(srv.app.db, as("li_ming"), project.id);
    expect(page.versions[0]!.reviews).toMatchObject([{ expertName: "郑文博", conclusion: "pass_with_changes", text: "指标可考核，建议补充寿命试验条件" }]);
    expect(page.versions[1]!.reviews).toEqual([]);
    expect(page.createRefusal).toBeNull();
    const told = q<{ params: string }>("SELECT i.params FROM inbox_items i JOIN users u ON u.id = i.user_id WHERE u.username = 'li_ming' AND i.kind = 'taskbook_reviewed'");
    expect(JSON.parse(told.params)).toMatchObject({ version: 2, conclusion: "pass_with_changes" });
    expect(refusedUnchanged(() => reviewTaskBook(ctx(), as("zhuanjia2"), { projectId: project.id, version: 2, conclusion: "pass", text: "再次" })).code).toBe("taskBookReviewedTwice");
  });
});

describe("creating tasks and indicators from the reviewed task book", () => {
  it("creates one task per unit with its indicators in one transaction, audited, on the boards", () => {
    const seqBefore = q<{ seq: number }>("SELECT seq FROM boards WHERE id = ?", `project:${project.id}`).seq;
    const tasksBefore = q<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE project_id = ?", project.id).n;
    const { taskIds, indicatorIds } = createTasksFromTaskBook(ctx(), as("li_ming"), { projectId: project.id, version: 2 });
    expect(taskIds).toHaveLength(2);
    expect(indicatorIds).toHaveLength(3);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE project_id = ?", project.id).n).toBe(tasksBefore + 2);
    const tasks = qa<{ id: number; title: string; owner_unit_id: number; start_on: string; due_on: string; status: string }>(
      `SELECT id, title, owner_unit_id, start_on, due_on, status FROM tasks WHERE id IN (${taskIds.join(",")}) ORDER BY id`,
    );
    expect(tasks.map((t) => [t.title, t.owner_unit_id, t.status])).toEqual([
      ["关节模组总体集成", zy, "not_started"],
      ["高精度谐波减速器研制", jc, "not_started"],
    ]);
    expect(tasks.every((t) => t.start_on === project.start_on && t.due_on === project.end_on)).toBe(true);
    const inds = qa<{ name: string; task_id: number; responsible_unit_id: number; target: number; direction: string }>(
      `SELECT name, task_id, responsible_unit_id, target, direction FROM indicators WHERE id IN (${indicatorIds.join(",")}) ORDER BY id`,
    );
    expect(inds).toEqual([
      { name: "关节峰值扭矩密度", task_id: taskIds[0], responsible_unit_id: zy, target: 120, direction: "higher" },
      { name: "减速器传动误差", task_id: taskIds[1], responsible_unit_id: jc, target: 0.8, direction: "lower" },
      { name: "减速器寿命", task_id: taskIds[1], responsible_unit_id: jc, target: 10000, direction: "higher" },
    ]);
    const events = qa<{ type: string }>("SELECT type FROM board_events WHERE board_id = ? AND seq > ? ORDER BY seq", `project:${project.id}`, seqBefore).map((e) => e.type);
    expect(events.filter((t) => t === "task.upserted").length).toBeGreaterThanOrEqual(2);
    expect(events.filter((t) => t === "indicator.upserted")).toHaveLength(3);
    expect(events.at(-1)).toBe("taskBook.upserted");
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'task.create_from_taskbook'").n).toBe(2);
    expect(q<{ tasks_from_version: number }>("SELECT tasks_from_version FROM task_books WHERE project_id = ?", project.id).tasks_from_version).toBe(2);
  });

  it("does it once only", () => {
    expect(refusedUnchanged(() => createTasksFromTaskBook(ctx(), as("li_ming"), { projectId: project.id, version: 2 })).code).toBe("taskBookTasksCreated");
  });

  it("a new version makes an old version's review or creation stale", async () => {
    submitTaskBook(ctx(), as("li_ming"), { ...book(2, "第三稿"), note: "补充寿命试验条件" }, [await pdf()]);
    expect(refusedUnchanged(() => reviewTaskBook(ctx(), as("zhuanjia"), { projectId: project.id, version: 2, conclusion: "pass", text: "同意" })).code).toBe("taskBookStale");
  });
});
