// A project's own milestone page (/projects/:id/milestones), over real HTTP on the seeded demo: the
// project lead records a node's outcome and chooses the tasks feeding it there (the admin page's forms
// and actions); a researcher and another project's lead are refused with nothing written (the whole
// database digest unchanged); a stale, outside or malformed post is refused with a Chinese message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { formPoster } from "../helpers/form-posts";

let srv: TestServer;
const { session, post } = formPoster(() => srv);
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const col = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).pluck().all(...args) as number[];

beforeAll(async () => {
  srv = await startServer();
}, 60_000);
afterAll(() => srv?.close());

const page = async (who: string, url: string) => {
  const res = await fetch(`${srv.url}${url}`, { headers: { cookie: (await session(who)).cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
};

type Node = { id: number; version: number; project_id: number; due_on: string; status: string };
const node = (name: string) =>
  q<Node>("SELECT m.id, m.version, m.project_id, m.due_on, m.status FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.code LIKE '%-RX-01' AND m.name = ?", name);

describe("the project's milestone page", () => {
  it("is linked from the project board; the lead sees the forms, a researcher reads without them", async () => {
    const past = node("初样评审");
    const url = `/projects/${past.project_id}/milestones`;
    expect((await page("li_ming", `/projects/${past.project_id}/board`)).html).toContain(`href="${url}"`);
    const lead = await page("li_ming", url);
    expect(lead.status).toBe(200);
    expect(lead.html).toContain("初样评审");
    expect(lead.html).toContain("选择关联任务");
    expect(lead.html).toContain("添加节点");
    const linked = col("SELECT t.code FROM milestone_tasks mt JOIN tasks t ON t.id = mt.task_id WHERE mt.milestone_id = ?", node("中期检查节点").id);
    expect(linked.length).toBeGreaterThan(0);
    for (const code of linked) expect(lead.html).toContain(String(code));

    const researcher = await page("jiang_hao", url);
    expect(researcher.status).toBeLessThan(500);
    expect(researcher.html).not.toContain("选择关联任务");
    expect(researcher.html).not.toContain('value="milestoneStatus"');
  });

  it("the project lead records a node's outcome: versioned, audited, live on the project's boards", async () => {
    const past = node("初样评审");
    const url = `/projects/${past.project_id}/milestones`;
    const res = await post("li_ming", url, { intent: "milestoneStatus", id: past.id, version: past.version, status: "missed" });
    expect(res.status).toBe(200);
    expect(res.html).toContain("已保存节点");
    expect(q("SELECT status, version FROM milestones WHERE id = ?", past.id)).toEqual({ status: "missed", version: past.version + 1 });
    const audit = q<{ action: string; user_id: number; entity_id: string }>("SELECT action, user_id, entity_id FROM audit_log ORDER BY id DESC LIMIT 1");
    expect(audit).toEqual({ action: "milestone.status", user_id: q<{ id: number }>("SELECT id FROM users WHERE username = 'li_ming'").id, entity_id: String(past.id) });
    expect(srv.app.db.$client.prepare("SELECT board_id FROM board_events WHERE type = 'milestone.upserted' ORDER BY rowid DESC LIMIT 2").pluck().all().sort()).toEqual(
      ["consortium", `project:${past.project_id}`].sort(),
    );
  });

  it("refuses a researcher, another project's lead, a stale version and an unknown outcome, writing nothing", async () => {
    const past = node("初样评审");
    const url = `/projects/${past.project_id}/milestones`;
    const fields = { intent: "milestoneStatus", id: past.id, version: past.version, status: "reached" };
    expect((await post("jiang_hao", url, fields, { unchanged: true })).status).toBe(403);
    expect((await post("zhao_xiaoyan", url, fields, { unchanged: true })).status).toBe(403);
    // Nor through another project's page: the rights are the node's project's.
    expect((await post("zhao_xiaoyan", `/projects/${past.project_id + 1}/milestones`, fields, { unchanged: true })).status).toBe(403);
    const stale = await post("li_ming", url, { ...fields, version: past.version - 1 }, { unchanged: true });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("载入最新内容");
    const bad = await post("li_ming", url, { ...fields, status: "done" }, { unchanged: true });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("提交的内容不正确");
  });

  it("the lead adds a node to the project in the page's URL; another lead cannot", async () => {
    const p = node("初样评审").project_id;
    expect((await post("li_ming", `/projects/${p}/milestones`, { intent: "milestone", name: "正样联调", dueOn: "2027-09-30", expectedResults: "正样 2 套" })).status).toBe(200);
    expect(q("SELECT project_id FROM milestones WHERE name = '正样联调'")).toEqual({ project_id: p });
    expect((await post("zhao_xiaoyan", `/projects/${p}/milestones`, { intent: "milestone", name: "越权", dueOn: "2027-09-30", expectedResults: "" }, { unchanged: true })).status).toBe(403);
  });
});

describe("choosing the tasks feeding a node", () => {
  it("offers the project's live tasks due by the node, and saves the ticked set: audited, live", async () => {
    const ahead = node("中期检查节点");
    const url = `/projects/${ahead.project_id}/milestones`;
    const fitting = col("SELECT id FROM tasks WHERE project_id = ? AND archived_at IS NULL AND due_on <= ? ORDER BY id", ahead.project_id, ahead.due_on);
    const later = col("SELECT id FROM tasks WHERE project_id = ? AND archived_at IS NULL AND due_on > ? ORDER BY id", ahead.project_id, ahead.due_on);
    expect(fitting.length).toBeGreaterThan(1);
    expect(later.length).toBeGreaterThan(0);
    const form = await page("li_ming", `${url}?link=${ahead.id}`);
    expect(form.html).toContain('data-testid="milestone-tasks-form"');
    const offered = [...form.html.matchAll(/<input type="checkbox" name="taskIds"[^>]*?value="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(offered).toEqual(fitting); // none due after the node
    expect(later.some((id) => offered.includes(id))).toBe(false);

    const chosen = fitting.slice(0, 2);
    const res = await post("li_ming", `${url}?link=${ahead.id}`, { intent: "milestoneTasks", id: ahead.id, version: ahead.version, taskIds: chosen });
    expect(res.status).toBe(200);
    expect(res.html).toContain("已保存关联任务");
    expect(col("SELECT task_id FROM milestone_tasks WHERE milestone_id = ? ORDER BY task_id", ahead.id)).toEqual(chosen);
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("milestone.tasks");
    expect(q("SELECT type, board_id FROM board_events ORDER BY rowid DESC LIMIT 1")).toEqual({ type: "milestone.upserted", board_id: `project:${ahead.project_id}` });
    // The node lists them, each a link to its task.
    const shown = (await page("jiang_hao", url)).html;
    for (const id of chosen) expect(shown).toContain(`href="/tasks/${id}"`);
  });

  it("refuses a task due after the node, a stale set, a researcher and a malformed id, writing nothing", async () => {
    const ahead = node("中期检查节点");
    const url = `/projects/${ahead.project_id}/milestones`;
    const later = col("SELECT id FROM tasks WHERE project_id = ? AND archived_at IS NULL AND due_on > ? ORDER BY id LIMIT 1", ahead.project_id, ahead.due_on);
    const outside = await post("li_ming", url, { intent: "milestoneTasks", id: ahead.id, version: ahead.version, taskIds: later }, { unchanged: true });
    expect(outside.status).toBe(400);
    expect(outside.html).toContain("只能关联本项目中截止日期不晚于该里程碑");
    expect((await post("li_ming", url, { intent: "milestoneTasks", id: ahead.id, version: ahead.version - 1, taskIds: [] }, { unchanged: true })).status).toBe(409);
    expect((await post("jiang_hao", url, { intent: "milestoneTasks", id: ahead.id, version: ahead.version, taskIds: [] }, { unchanged: true })).status).toBe(403);
    const bad = await post("li_ming", `${url}?link=${ahead.id}`, { intent: "milestoneTasks", id: ahead.id, version: ahead.version, taskIds: ["abc"] }, { unchanged: true });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("提交的内容不正确");
  });

  it("no box ticked clears the links; the admin page answers the same form", async () => {
    const ahead = node("中期检查节点");
    const cleared = await post("li_ming", `/projects/${ahead.project_id}/milestones`, { intent: "milestoneTasks", id: ahead.id, version: ahead.version });
    expect(cleared.status).toBe(200);
    expect(col("SELECT task_id FROM milestone_tasks WHERE milestone_id = ?", ahead.id)).toEqual([]);
    const one = col("SELECT id FROM tasks WHERE project_id = ? AND archived_at IS NULL AND due_on <= ? ORDER BY id LIMIT 1", ahead.project_id, ahead.due_on);
    const admin = await post("mishu", `/admin/projects/${ahead.project_id}`, { intent: "milestoneTasks", id: ahead.id, version: ahead.version + 1, taskIds: one });
    expect(admin.status).toBe(200);
    expect(col("SELECT task_id FROM milestone_tasks WHERE milestone_id = ?", ahead.id)).toEqual(one);
  });
});
