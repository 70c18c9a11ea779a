// The structures a consortium sets up in the UI (project groups, projects with participants and experts,
// milestone nodes) and the admin's password reset, over real HTTP on the seeded demo: each write lands
// with its audit row and board events; a forbidden, stale or rule-breaking one is refused with nothing
// written (the whole database digest unchanged). Also the admin:create script on an empty database.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connected, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn, type Fields } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { formPoster } from "../helpers/form-posts";
import { PINNED_NOW } from "../helpers/clock";
import { actor } from "../helpers/db";
import { refusal } from "../helpers/refusals";
import { getMilestone, setMilestoneTasks } from "../../app/models/milestones.server";

let srv: TestServer;
const { session, post } = formPoster(() => srv);
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const id = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).pluck().get(...args) as number;

beforeAll(async () => {
  srv = await startServer();
}, 60_000);
afterAll(() => srv?.close());


const unit = (shortName: string) => id("SELECT id FROM member_units WHERE short_name = ?", shortName);
const user = (username: string) => id("SELECT id FROM users WHERE username = ?", username);

describe("project groups", () => {
  it("the secretariat adds and renames one; a researcher, a duplicate code and a stale version are refused", async () => {
    const created = await post("mishu", "/admin/projects", { intent: "group", code: "G3", name: "灵巧作业", description: "" });
    expect(created.status).toBe(200);
    const g = q<{ id: number; version: number }>("SELECT id, version FROM project_groups WHERE code = 'G3'");
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("projectgroup.create");

    expect((await post("jiang_hao", "/admin/projects", { intent: "group", code: "G4", name: "x" }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", "/admin/projects", { intent: "group", code: "G3", name: "重复" }, { unchanged: true })).html).toContain("已有相同编号的项目群");
    expect((await post("mishu", "/admin/projects", { intent: "groupUpdate", id: g.id, version: g.version, code: "G3", name: "灵巧作业与操作" })).status).toBe(200);
    const stale = await post("mishu", "/admin/projects", { intent: "groupUpdate", id: g.id, version: g.version, code: "G3", name: "旧版本" }, { unchanged: true });
    expect(stale.status).toBe(409);
  });
});

describe("projects", () => {
  const form = (over: Fields = {}): Fields => ({
    intent: "project",
    groupId: id("SELECT id FROM project_groups ORDER BY id LIMIT 1"),
    code: "2026ZDZX-RX-09",
    name: "人形机器人灵巧手触觉融合",
    leadUnitId: unit("灵犀科技"),
    leadUserId: "",
    budget: "320",
    startOn: "2026-01-01",
    endOn: "2028-12-31",
    description: "",
    unitIds: [unit("柔感电子"), unit("浙大")],
    expertIds: [user("zhuanjia2")],
    ...over,
  });

  it("the secretariat creates a project with participants and experts; it reaches the boards live", async () => {
    const res = await post("mishu", "/admin/projects/new", form());
    expect(res.status).toBe(302);
    const p = q<{ id: number }>("SELECT id FROM projects WHERE code = '2026ZDZX-RX-09'");
    expect(res.location).toBe(`/admin/projects/${p.id}?created=1`);
    expect(srv.app.db.$client.prepare("SELECT unit_id FROM project_units WHERE project_id = ? ORDER BY unit_id").pluck().all(p.id)).toEqual(
      [unit("灵犀科技"), unit("柔感电子"), unit("浙大")].sort((a, b) => a - b),
    );
    expect(srv.app.db.$client.prepare("SELECT user_id FROM project_experts WHERE project_id = ?").pluck().all(p.id)).toEqual([user("zhuanjia2")]);
    const events = srv.app.db.$client.prepare("SELECT board_id, type FROM board_events WHERE type = 'project.upserted' ORDER BY rowid").all();
    expect(events).toEqual([
      { board_id: "consortium", type: "project.upserted" },
      { board_id: `project:${p.id}`, type: "project.upserted" },
    ]);
    // The new project's board offers 新建任务 to those who may create tasks, with no tasks yet.
    const board = await fetch(`${srv.url}/projects/${p.id}/board`, { headers: { cookie: (await session("mishu")).cookie } });
    expect(await board.text()).toContain("还没有任务");
  });

  it("refuses a researcher, a taken code, a lead from another unit and a non-expert, writing nothing", async () => {
    expect((await post("jiang_hao", "/admin/projects/new", form({ code: "2026ZDZX-RX-10" }), { unchanged: true })).status).toBe(403);
    expect((await post("mishu", "/admin/projects/new", form(), { unchanged: true })).html).toContain("已有相同任务书编号的项目");
    expect((await post("mishu", "/admin/projects/new", form({ code: "2026ZDZX-RX-10", leadUserId: user("jiang_hao") }), { unchanged: true })).html).toContain("项目负责人必须是牵头单位的人员");
    expect((await post("mishu", "/admin/projects/new", form({ code: "2026ZDZX-RX-10", expertIds: [user("jiang_hao")] }), { unchanged: true })).html).toContain("须具有“责任专家”角色");
    expect((await post("mishu", "/admin/projects/new", form({ code: "2026ZDZX-RX-10", endOn: "2025-12-31" }), { unchanged: true })).status).toBe(400);
  });

  it("edits at the version seen; a stale form and dropping a unit that owns tasks are refused", async () => {
    const rx01 = q<{ id: number; version: number; group_id: number; lead_unit_id: number; lead_user_id: number }>("SELECT * FROM projects WHERE code = '2025ZDZX-RX-01'");
    const others = srv.app.db.$client.prepare("SELECT unit_id FROM project_units WHERE project_id = ? AND unit_id != ?").pluck().all(rx01.id, rx01.lead_unit_id) as number[];
    const edit = (over: Fields) =>
      form({ code: "2025ZDZX-RX-01", groupId: rx01.group_id, leadUnitId: rx01.lead_unit_id, leadUserId: rx01.lead_user_id, unitIds: others, expertIds: [], version: rx01.version, startOn: "2025-01-01", endOn: "2028-12-31", ...over });
    const owning = id("SELECT owner_unit_id FROM tasks WHERE project_id = ? AND owner_unit_id != ? AND archived_at IS NULL LIMIT 1", rx01.id, rx01.lead_unit_id);
    expect((await post("mishu", `/admin/projects/${rx01.id}`, edit({ unitIds: others.filter((u) => u !== owning) }), { unchanged: true })).html).toContain("仍承担本项目的任务");
    const saved = await post("mishu", `/admin/projects/${rx01.id}`, edit({ name: "整机集成与运动控制（调整）" }));
    expect(saved.status).toBe(302);
    expect(q("SELECT name, version FROM projects WHERE id = ?", rx01.id)).toEqual({ name: "整机集成与运动控制（调整）", version: rx01.version + 1 });
    expect((await post("mishu", `/admin/projects/${rx01.id}`, edit({ name: "过期的修改" }), { unchanged: true })).status).toBe(409);
    // The project lead may edit his own project's milestones, not create projects.
    expect((await post("li_ming", "/admin/projects/new", form({ code: "2026ZDZX-RX-11" }), { unchanged: true })).status).toBe(403);
  });
});

describe("milestones", () => {
  it("are added within the term and edited at the version seen; outside the term, stale or forbidden is refused", async () => {
    const p = q<{ id: number; start_on: string; end_on: string }>("SELECT id, start_on, end_on FROM projects WHERE code = '2026ZDZX-RX-09'");
    const add = await post("mishu", `/admin/projects/${p.id}`, { intent: "milestone", name: "触觉手样机", dueOn: "2027-06-30", expectedResults: "样机 1 台" });
    expect(add.status).toBe(200);
    const m = q<{ id: number; version: number }>("SELECT id, version FROM milestones WHERE project_id = ? AND name = '触觉手样机'", p.id);
    expect(srv.app.db.$client.prepare("SELECT board_id FROM board_events WHERE type = 'milestone.upserted' ORDER BY rowid DESC LIMIT 2").pluck().all()).toEqual([`project:${p.id}`, "consortium"]);

    expect((await post("mishu", `/admin/projects/${p.id}`, { intent: "milestone", name: "超期节点", dueOn: "2030-01-01" }, { unchanged: true })).html).toContain("须在项目实施期内");
    expect((await post("jiang_hao", `/admin/projects/${p.id}`, { intent: "milestone", name: "越权", dueOn: "2027-01-01" }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", `/admin/projects/${p.id}`, { intent: "milestoneUpdate", id: m.id, version: m.version, name: "触觉手样机 v1", dueOn: "2027-07-31", expectedResults: "" })).status).toBe(200);
    expect((await post("mishu", `/admin/projects/${p.id}`, { intent: "milestoneUpdate", id: m.id, version: m.version, name: "旧", dueOn: "2027-07-31", expectedResults: "" }, { unchanged: true })).status).toBe(409);
  });
});

describe("milestone outcomes and feeding tasks", () => {
  const node = (name: string) => q<{ id: number; version: number; project_id: number; due_on: string }>(
    "SELECT m.id, m.version, m.project_id, m.due_on FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.code LIKE '%-RX-01' AND m.name = ?",
    name,
  );

  it("the secretariat judges a node on or after its day; before it, by a researcher, or stale is refused with nothing written", async () => {
    const past = node("初样评审");
    const url = `/admin/projects/${past.project_id}`;
    expect(q("SELECT status FROM milestones WHERE id = ?", past.id).status).toBe("reached"); // the demo's lead judged it
    const judged = await post("mishu", url, { intent: "milestoneStatus", id: past.id, version: past.version, status: "missed" });
    expect(judged.status).toBe(200);
    expect(q("SELECT status, version FROM milestones WHERE id = ?", past.id)).toEqual({ status: "missed", version: past.version + 1 });
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("milestone.status");
    expect(q("SELECT type, board_id FROM board_events ORDER BY rowid DESC LIMIT 1")).toEqual({ type: "milestone.upserted", board_id: `project:${past.project_id}` });

    const ahead = node("中期检查节点");
    const early = await post("mishu", url, { intent: "milestoneStatus", id: ahead.id, version: ahead.version, status: "reached" }, { unchanged: true });
    expect(early.status).toBe(409);
    expect(early.html).toContain("尚未到期");
    expect((await post("jiang_hao", url, { intent: "milestoneStatus", id: past.id, version: past.version + 1, status: "reached" }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", url, { intent: "milestoneStatus", id: past.id, version: past.version, status: "reached" }, { unchanged: true })).status).toBe(409);
    expect((await post("mishu", url, { intent: "milestoneStatus", id: past.id, version: past.version + 1, status: "done" }, { unchanged: true })).status).toBe(400);
  });

  it("links only tasks of its project due on or before it; the set replaces the old one, audited", () => {
    const ahead = node("中期检查节点");
    const before = getMilestone(srv.app.db, ahead.id);
    expect(before.taskIds.length).toBeGreaterThan(0); // the demo's lead linked them with the task list
    const lead = actor(srv.app.db, "li_ming"); // the project lead, through the model (actors made before the digest: each is a session row)
    const researcher = actor(srv.app.db, "jiang_hao");
    const later = id("SELECT id FROM tasks WHERE project_id = ? AND due_on > ? ORDER BY id LIMIT 1", ahead.project_id, ahead.due_on);
    const elsewhere = id("SELECT id FROM tasks WHERE project_id <> ? AND due_on <= ? ORDER BY id LIMIT 1", ahead.project_id, ahead.due_on);
    const digest = databaseDigest(srv.app.db);
    expect(refusal(() => setMilestoneTasks(srv.app.ctx, lead, { id: ahead.id, version: ahead.version, taskIds: [...before.taskIds, later] })).code).toBe("milestoneTaskOutside");
    expect(refusal(() => setMilestoneTasks(srv.app.ctx, lead, { id: ahead.id, version: ahead.version, taskIds: [elsewhere] })).code).toBe("milestoneTaskOutside");
    expect(refusal(() => setMilestoneTasks(srv.app.ctx, researcher, { id: ahead.id, version: ahead.version, taskIds: [] })).code).toBe("forbidden");
    expect(databaseDigest(srv.app.db)).toBe(digest);

    const after = setMilestoneTasks(srv.app.ctx, lead, { id: ahead.id, version: ahead.version, taskIds: before.taskIds.slice(1) });
    expect(after).toMatchObject({ taskIds: before.taskIds.slice(1), version: ahead.version + 1 });
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("milestone.tasks");
    expect(refusal(() => setMilestoneTasks(srv.app.ctx, lead, { id: ahead.id, version: ahead.version, taskIds: [] })).code).toBe("conflict");
  });
});

describe("admin password reset", () => {
  it("is refused for oneself, for a consortium-wide role by the secretariat and when stale, writing nothing", async () => {
    const chief = q<{ id: number; version: number }>("SELECT id, version FROM users WHERE username = 'shouxi'");
    expect((await post("mishu", `/admin/users/${chief.id}`, { intent: "resetPassword", version: chief.version, password: "temporary-1" }, { unchanged: true })).status).toBe(403);
    const admin = q<{ id: number; version: number }>("SELECT id, version FROM users WHERE username = 'admin'");
    expect((await post("admin", `/admin/users/${admin.id}`, { intent: "resetPassword", version: admin.version, password: "temporary-1" }, { unchanged: true })).status).toBe(400);
    const r = q<{ id: number; version: number }>("SELECT id, version FROM users WHERE username = 'deng_yu'");
    expect((await post("admin", `/admin/users/${r.id}`, { intent: "resetPassword", version: r.version - 1, password: "temporary-1" }, { unchanged: true })).status).toBe(409);
    expect((await post("jiang_hao", `/admin/users/${r.id}`, { intent: "resetPassword", version: r.version, password: "temporary-1" }, { unchanged: true })).status).toBe(403);
  });

  it("ends the user's sessions and forces a new password at the next sign-in", async () => {
    const old = await signIn(srv.url, "deng_yu");
    const r = q<{ id: number; version: number }>("SELECT id, version FROM users WHERE username = 'deng_yu'");
    const res = await post("admin", `/admin/users/${r.id}`, { intent: "resetPassword", version: r.version, password: "temporary-1" });
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("temporary-1");
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("password.reset");
    expect((await fetch(`${srv.url}/board`, { headers: { cookie: old.cookie }, redirect: "manual" })).headers.get("location")).toMatch(/^\/login/);

    const s = await signIn(srv.url, "deng_yu", { password: "temporary-1", page: "/account" });
    const board = await fetch(`${srv.url}/board`, { headers: { cookie: s.cookie }, redirect: "manual" });
    expect(board.headers.get("location")).toBe("/account?mustChange=1");
    expect(await (await fetch(`${srv.url}/account?mustChange=1`, { headers: { cookie: s.cookie } })).text()).toContain("您正在使用管理员设置的临时密码");
    // Nor do the live boards take him before he has chosen his own password.
    const socket = socketFor(srv.url, s.cookie);
    await expect(connected(socket)).rejects.toThrow("unauthenticated");
    socket.close();
    const changed = await postForm(srv.url, s, "/account", { intent: "password", currentPassword: "temporary-1", newPassword: "my-own-pass-1", confirmPassword: "my-own-pass-1" });
    expect(changed.status).toBe(302);
    const fresh = await signIn(srv.url, "deng_yu", { password: "my-own-pass-1" });
    expect((await fetch(`${srv.url}/board`, { headers: { cookie: fresh.cookie }, redirect: "manual" })).status).toBe(200);
  });
});

describe("npm run admin:create", () => {
  const run = promisify(execFile);
  const script = path.resolve(__dirname, "../../server/scripts/admin-create.ts");
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-cli-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, DATABASE_PATH: path.join(dir, "c.db"), APP_NOW: PINNED_NOW, SESSION_SECRET: "cli-test" } }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
    );

  it("on an empty database needs the consortium too, then completes the first run with a one-time password", async () => {
    const bare = await cli(["--name", "吴运维"]);
    expect(bare.code).toBe(2);
    expect(bare.out).toContain("尚无联合体");
    const ok = await cli(["--name", "吴运维", "--username", "ops", "--consortium", "江苏省集成电路创新联合体", "--province", "jiangsu", "--district", "南京市", "--founded-on", "2026-05-01", "--goal-start-year", "2026"]);
    expect(ok.code).toBe(0);
    const password = /一次性密码 \(one-time password\): (\S+)/.exec(ok.out)![1]!;
    expect((await cli(["--name", "重复", "--username", "ops"])).out).toContain("用户名已被占用");

    const server = await startServer({ env: { SEED_DEMO: "0", DATABASE_PATH: path.join(dir, "c.db") } });
    try {
      expect(server.app.setupPath).toBeNull();
      const s = await signIn(server.url, "ops", { password, page: "/account" });
      const home = await fetch(`${server.url}/`, { headers: { cookie: s.cookie }, redirect: "manual" });
      expect(home.headers.get("location")).toBe("/account?mustChange=1");
      expect(server.app.db.$client.prepare("SELECT province FROM consortium").pluck().get()).toBe("jiangsu");
    } finally {
      await server.close();
    }
  }, 60_000);
});
