// Day one, every structure of a consortium (#14 point 3) set up through the same forms and socket
// messages the UI posts, on an empty install (SEED_DEMO=0) with nothing seeded: units with a sub-kind and
// join dates, the expert pool, people, a project group, a project with participants and a responsible
// expert, milestones, tasks with a predecessor, organ members, goals, a meeting whose decision names a
// task, a year's funding row, and an admin's password reset. Then what the consortium reads comes from
// them alone: the annual report's tables and figures, the funding table, the boards and the map.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connected, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn, type Fields, type Session } from "../helpers/forms";
import { Msg } from "../../app/realtime/protocol";
import { assembleReport, fundingTable } from "../../app/models/report.server";
import { memberUnitCount } from "../../app/models/units.server";
import { verifyAuditChain } from "../../app/models/audit.server";
import { postSetup, setupForm, setupToken } from "../helpers/first-run";

let srv: TestServer;
const sessions: Record<string, Session> = {};
const sql = () => srv.app.db.$client;
const id = (query: string, ...args: unknown[]) => sql().prepare(query).pluck().get(...args) as number;
const get = (path: string, who: string) => fetch(`${srv.url}${path}`, { headers: { cookie: sessions[who]!.cookie }, redirect: "manual" });
/** A form posted as `who`; every write here must be accepted. */
async function ok(who: string, url: string, fields: Fields, status = [200, 302]) {
  const res = await postForm(srv.url, sessions[who]!, url, fields);
  expect(status, `${who} ${url} ${JSON.stringify(fields)}: ${res.status} ${res.html.slice(0, 300)}`).toContain(res.status);
  return res;
}
const report2026 = () => assembleReport(srv.app.db, { year: 2026, format: "zhejiang", today: srv.app.db.$clock.today(), locale: "zh-CN" });
const tableRows = (tableId: string) => report2026().sections.flatMap((s) => s.tables).find((t) => t.id === tableId)!.rows;

beforeAll(async () => {
  srv = await startServer({ env: { SEED_DEMO: "0" } });
  const setup = await postSetup(
    srv,
    setupForm(setupToken(srv), { name: "浙江省智能传感创新联合体", shortName: "传感联合体", field: "微电子与光电子", district: "杭州市滨江区", foundedOn: "2026-01-01" }),
  );
  expect(setup.status).toBe(302);
  sessions.zhou = await signIn(srv.url, "zhou", { password: "first-admin-1" });
}, 60_000);
afterAll(() => srv?.close());

describe("an empty install set up through the UI's own writes", () => {
  it("units with kinds, a sub-kind and join dates; the pool; people of every role", async () => {
    const unit = (over: Fields) => ok("zhou", "/admin/units/new", { kind: "enterprise", district: "杭州市滨江区", externalProjects: "0", joinedOn: "2026-01-01", ...over });
    await unit({ name: "杭州感知芯片有限公司", shortName: "感知芯片", isSme: "on" });
    await unit({ name: "浙江工业大学", shortName: "浙工大", kind: "university" });
    await unit({ name: "浙江省传感检测中心", shortName: "检测中心", kind: "service", subKind: "testing" });
    await unit({ name: "宁波后来传感有限公司", shortName: "后来传感", joinedOn: "2027-03-01" });
    expect(sql().prepare("SELECT short_name, kind, sub_kind FROM member_units ORDER BY id").all()).toEqual([
      { short_name: "感知芯片", kind: "enterprise", sub_kind: null },
      { short_name: "浙工大", kind: "university", sub_kind: null },
      { short_name: "检测中心", kind: "service", sub_kind: "testing" },
      { short_name: "后来传感", kind: "enterprise", sub_kind: null },
    ]);
    // The unit joining next year is on the list but not yet counted.
    expect(memberUnitCount(srv.app.db)).toBe(3);
    expect(await (await get("/admin/units", "zhou")).text()).toContain("检验检测");

    await ok("zhou", "/admin/bodies", { intent: "body", name: "省专家库", kind: "expert_pool" });
    const chip = id("SELECT id FROM member_units WHERE short_name = '感知芯片'");
    const zjut = id("SELECT id FROM member_units WHERE short_name = '浙工大'");
    const people: [string, string, Fields][] = [
      ["chen", "陈秘书", { unitId: chip, roles: ["secretariat"] }],
      ["gao", "高首席", { unitId: zjut, roles: ["chief_scientist"] }],
      ["wu_lead", "吴负责", { unitId: chip, roles: ["project_lead", "unit_lead"] }],
      ["li_yan", "李妍", { unitId: zjut, roles: ["researcher", "unit_lead"] }],
      ["sun_exp", "孙专家", { outsideBodyId: id("SELECT id FROM outside_bodies"), roles: ["expert"] }],
    ];
    for (const [username, displayName, over] of people) {
      await ok("zhou", "/admin/users/new", { username, displayName, password: `${username}-pass-1`, ...over });
      sessions[username] = await signIn(srv.url, username, { password: `${username}-pass-1` });
    }
  });

  it("a group, a project with participants and a responsible expert, and its milestones", async () => {
    await ok("chen", "/admin/projects", { intent: "group", code: "CG", name: "柔性传感器件", description: "" });
    await ok("chen", "/admin/projects/new", {
      intent: "project",
      groupId: id("SELECT id FROM project_groups"),
      code: "2026ZDZX-CG-01",
      name: "柔性压力传感阵列研制",
      leadUnitId: id("SELECT id FROM member_units WHERE short_name = '感知芯片'"),
      leadUserId: id("SELECT id FROM users WHERE username = 'wu_lead'"),
      budget: "500",
      startOn: "2026-01-01",
      endOn: "2028-12-31",
      description: "",
      unitIds: [id("SELECT id FROM member_units WHERE short_name = '浙工大'"), id("SELECT id FROM member_units WHERE short_name = '检测中心'")],
      expertIds: [id("SELECT id FROM users WHERE username = 'sun_exp'")],
    });
    const project = id("SELECT id FROM projects");
    expect(sql().prepare("SELECT user_id FROM project_experts WHERE project_id = ?").pluck().all(project)).toEqual([id("SELECT id FROM users WHERE username = 'sun_exp'")]);
    // The project lead adds a node from his project's own page; the secretariat another from the admin page.
    await ok("wu_lead", `/projects/${project}/milestones`, { intent: "milestone", name: "阵列样片流片", dueOn: "2026-12-31", expectedResults: "样片 20 片" });
    await ok("chen", `/admin/projects/${project}`, { intent: "milestone", name: "中期检查", dueOn: "2027-06-30", expectedResults: "" });
    expect(sql().prepare("SELECT name FROM milestones ORDER BY due_on").pluck().all()).toEqual(["阵列样片流片", "中期检查"]);
  });

  it("tasks made on the live board, one the other's predecessor, linked to a node", async () => {
    const project = id("SELECT id FROM projects");
    const socket = socketFor(srv.url, sessions.wu_lead!.cookie);
    try {
      await connected(socket);
      expect((await ask(socket, Msg.boardJoin, { boardId: `project:${project}` })).ok).toBe(true);
      const make = async (title: string, unit: string, startOn: string, dueOn: string) => {
        const ack = await ask(socket, Msg.taskCreate, { projectId: project, title, ownerUnitId: id("SELECT id FROM member_units WHERE short_name = ?", unit), startOn, dueOn });
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
        return id("SELECT id FROM tasks WHERE title = ?", title);
      };
      const design = await make("传感阵列结构设计", "感知芯片", "2026-02-01", "2026-08-31");
      const tapeout = await make("阵列样片流片与测试", "浙工大", "2026-09-01", "2026-12-20");
      await ok("wu_lead", `/tasks/${tapeout}/links`, { intent: "add", taskId: tapeout, version: id("SELECT version FROM tasks WHERE id = ?", tapeout), predecessorId: design });
      expect(sql().prepare("SELECT predecessor_id AS p, successor_id AS s FROM task_dependencies").all()).toEqual([{ p: design, s: tapeout }]);
      const node = id("SELECT id FROM milestones WHERE name = '阵列样片流片'");
      await ok("wu_lead", `/projects/${project}/milestones`, { intent: "milestoneTasks", id: node, version: id("SELECT version FROM milestones WHERE id = ?", node), taskIds: [design, tapeout] });
      expect(sql().prepare("SELECT task_id FROM milestone_tasks WHERE milestone_id = ? ORDER BY task_id").pluck().all(node)).toEqual([design, tapeout]);
    } finally {
      socket.close();
    }
  });

  it("organs, goals, a meeting with a decision on a task, and a year's funding", async () => {
    const chip = id("SELECT id FROM member_units WHERE short_name = '感知芯片'");
    await ok("chen", "/admin/organs", { intent: "member", organ: "council", name: "钱理事长", unitId: chip, position: "理事长", sinceOn: "2026-01-01" });
    await ok("chen", "/admin/organs", { intent: "member", organ: "expert_committee", name: "赵委员", unitId: id("SELECT id FROM member_units WHERE short_name = '浙工大'"), position: "主任委员", sinceOn: "2026-01-01" });
    await ok("chen", "/admin/organs", { intent: "goal", year: 2026, phase: "第一阶段", goal: "完成柔性压力传感阵列样片流片" });
    const task = id("SELECT id FROM tasks WHERE title = '阵列样片流片与测试'");
    await ok("chen", "/meetings", {
      intent: "meeting",
      organ: "council",
      kind: "session",
      heldOn: "2026-11-20",
      title: "第一次理事会会议",
      place: "杭州",
      agenda: "审议年度工作计划",
      summary: "审议通过年度工作计划。",
      attendeeIds: [id("SELECT id FROM users WHERE username = 'gao'"), id("SELECT id FROM users WHERE username = 'wu_lead'")],
      unitIds: [chip],
      presentCount: "",
      "decisions[0].text": "流片提前至十二月中旬完成",
      "decisions[0].taskId": task,
    });
    await ok("chen", "/funding", { intent: "funding", projectId: id("SELECT id FROM projects"), year: 2026, provincialFunds: 200, selfFunds: 80, spent: 150, suggestedFunds: 180, suggestion: "按进度拨付" });
  });

  it("an admin resets a forgotten password: the user must choose his own at the next sign-in", async () => {
    const u = sql().prepare("SELECT id, version FROM users WHERE username = 'li_yan'").get() as { id: number; version: number };
    await ok("zhou", `/admin/users/${u.id}`, { intent: "resetPassword", version: u.version, password: "temporary-1" });
    const s = await signIn(srv.url, "li_yan", { password: "temporary-1", page: "/account" });
    const board = await fetch(`${srv.url}/board`, { headers: { cookie: s.cookie }, redirect: "manual" });
    expect(board.headers.get("location")).toBe("/account?mustChange=1");
  });

  it("the report, the funding table, the boards and the map read what was set up, and nothing else", async () => {
    const report = report2026();
    expect(report.figures.organs.council).toBe(1);
    expect(tableRows("organs").some((r) => r.includes("钱理事长") && r.includes("理事长"))).toBe(true);
    expect(tableRows("organs").some((r) => r.includes("赵委员"))).toBe(true);
    expect(tableRows("goals").some((r) => r.includes("完成柔性压力传感阵列样片流片"))).toBe(true);
    expect(tableRows("meetings").some((r) => r.includes("第一次理事会会议"))).toBe(true);
    const funding = fundingTable(srv.app.db, 2026, srv.app.db.$clock.today(), "zh-CN").table;
    expect(funding.rows).toHaveLength(1);
    expect(funding.rows[0]).toEqual(expect.arrayContaining(["2026ZDZX-CG-01", 200, 80, 150, 180, "按进度拨付"]));

    const board = await (await get(`/projects/${id("SELECT id FROM projects")}/board`, "chen")).text();
    expect(board).toContain("传感阵列结构设计");
    expect(board).toContain("阵列样片流片与测试");
    const map = await (await get("/battle-map", "gao")).text();
    expect(map).toContain("阵列样片流片与测试");
    expect(map).toContain("阵列样片流片"); // the node on the project's lane
    const history = await (await get(`/tasks/${id("SELECT id FROM tasks WHERE title = '阵列样片流片与测试'")}/history`, "wu_lead")).text();
    expect(history).toContain("流片提前至十二月中旬完成");
    // Every write above is in the audit chain, whose hashes verify.
    const actions = sql().prepare("SELECT DISTINCT action FROM audit_log").pluck().all();
    expect(actions).toEqual(expect.arrayContaining(["unit.create", "user.create", "project.create", "milestone.create", "task.create", "organ_member.create", "goal.create", "meeting.create", "task_dependency.add", "milestone.tasks", "funding.update", "password.reset"]));
    expect(verifyAuditChain(srv.app.db).ok).toBe(true);
  });
});
