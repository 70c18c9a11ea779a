// Organs and their members, yearly goals, organ meetings with decisions linked to tasks, funding per
// project and year, over real HTTP on the seeded demo: each write lands with its audit row and a board
// event (seen live by a socket on the consortium board); a forbidden or stale one is refused with nothing
// written (whole-database digest unchanged); the annual report reads what was written; member counts
// follow the units' join and leave dates on the clock's today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import type { Fields } from "../helpers/forms";
import { formPoster } from "../helpers/form-posts";
import { Msg } from "../../app/realtime/protocol";
import { assembleReport, fundingTable } from "../../app/models/report.server";
import { isMemberOn, memberUnitCount } from "../../app/models/units.server";
import { homeFigures } from "../../app/models/consortium.server";

let srv: TestServer;
const sockets: Socket[] = [];
const { session, post } = formPoster(() => srv);
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const col = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).pluck().all(...args);
const id = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).pluck().get(...args) as number;
const lastAudit = () => q<{ action: string; entity_id: string }>("SELECT action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1");

beforeAll(async () => {
  srv = await startServer();
}, 60_000);
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv?.close();
});


/** A socket of `who` on `board`, and a promise of the next event there. */
async function watch(who: string, board = "consortium") {
  const s = socketFor(srv.url, await loginCookie(srv.url, who));
  sockets.push(s);
  await connected(s);
  expect((await ask(s, Msg.boardJoin, { boardId: board })).ok).toBe(true);
  return { next: nextEvents(s, board, 1) };
}

const report2026 = () => assembleReport(srv.app.db, { year: 2026, format: "zhejiang", today: srv.app.db.$clock.today(), locale: "zh-CN" });
const tableRows = (id: string) => report2026().sections.flatMap((s) => s.tables).find((t) => t.id === id)!.rows;

describe("organ members", () => {
  it("the secretariat adds a council member with a term; live, audited; the report lists him", async () => {
    const seen = await watch("shouxi");
    const res = await post("mishu", "/admin/organs", { intent: "member", organ: "council", name: "钱立群", unitId: id("SELECT id FROM member_units WHERE short_name = '浙大'"), position: "副理事长", sinceOn: "2026-03-01" });
    expect(res.status).toBe(200);
    const m = q<{ id: number; version: number; position: string }>("SELECT id, version, position FROM organ_members WHERE name = '钱立群'");
    expect(m.position).toBe("副理事长");
    expect(lastAudit()).toEqual({ action: "organ_member.create", entity_id: String(m.id) });
    const [ev] = await seen.next;
    expect(ev).toMatchObject({ type: "organ_member.upserted", payload: { id: m.id, row: { name: "钱立群", organ: "council" } } });
    expect(tableRows("organs").some((r) => r.includes("钱立群") && r.includes("副理事长"))).toBe(true);
  });

  it("refuses a researcher, a nameless member and a stale edit, writing nothing", async () => {
    const m = q<{ id: number; version: number }>("SELECT id, version FROM organ_members WHERE name = '钱立群'");
    expect((await post("jiang_hao", "/admin/organs", { intent: "member", organ: "council", name: "越权" }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", "/admin/organs", { intent: "member", organ: "council", name: "" }, { unchanged: true })).status).toBe(400);
    expect((await post("mishu", "/admin/organs", { intent: "memberUpdate", id: m.id, version: m.version, organ: "council", name: "钱立群", position: "理事" })).status).toBe(200);
    const stale = await post("mishu", "/admin/organs", { intent: "memberUpdate", id: m.id, version: m.version, organ: "council", name: "钱立群", position: "理事长" }, { unchanged: true });
    expect(stale.status).toBe(409);
  });

  it("an ended term keeps the member listed but out of the report of later years", async () => {
    const m = q<{ id: number; version: number }>("SELECT id, version FROM organ_members WHERE name = '钱立群'");
    const before = report2026().figures.organs.council;
    expect((await post("mishu", "/admin/organs", { intent: "memberEnd", id: m.id, version: m.version, untilOn: "2026-06-30" })).status).toBe(200);
    expect(lastAudit().action).toBe("organ_member.end");
    expect(report2026().figures.organs.council).toBe(before - 1);
    expect(tableRows("organs").some((r) => r.includes("钱立群"))).toBe(false);
    expect(await (await fetch(`${srv.url}/admin/organs`, { headers: { cookie: (await session("mishu")).cookie } })).text()).toContain("钱立群");
  });
});

describe("goals", () => {
  it("are added, edited at the version seen and removed; the report's goals follow", async () => {
    expect((await post("mishu", "/admin/organs", { intent: "goal", year: 2026, phase: "第一阶段", goal: "完成整机样机联调并通过里程碑检查" })).status).toBe(200);
    const g = q<{ id: number; version: number }>("SELECT id, version FROM consortium_goals WHERE goal LIKE '完成整机样机联调%'");
    expect(lastAudit().action).toBe("goal.create");
    expect(tableRows("goals").some((r) => r.includes("完成整机样机联调并通过里程碑检查"))).toBe(true);
    expect((await post("mishu", "/admin/organs", { intent: "goalUpdate", id: g.id, version: g.version, year: 2026, phase: "第一阶段", goal: "整机样机联调完成" })).status).toBe(200);
    expect((await post("mishu", "/admin/organs", { intent: "goalUpdate", id: g.id, version: g.version, year: 2026, phase: "", goal: "旧版本" }, { unchanged: true })).status).toBe(409);
    expect((await post("li_ming", "/admin/organs", { intent: "goalRemove", id: g.id, version: g.version + 1 }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", "/admin/organs", { intent: "goalRemove", id: g.id, version: g.version + 1 })).status).toBe(200);
    expect(q("SELECT count(*) AS n FROM consortium_goals WHERE id = ?", g.id)).toEqual({ n: 0 });
    expect(lastAudit().action).toBe("goal.remove");
  });
});

describe("meetings", () => {
  const task = () => q<{ id: number; code: string; title: string; project_id: number }>("SELECT id, code, title, project_id FROM tasks WHERE archived_at IS NULL ORDER BY id LIMIT 1");
  const form = (over: Fields = {}): Fields => ({
    intent: "meeting",
    organ: "council",
    kind: "session",
    heldOn: "2026-11-20",
    title: "第三次理事会会议",
    place: "杭州",
    agenda: "审议年度经费拨付建议\n听取首席科学家报告",
    summary: "会议审议通过年度经费拨付建议。",
    attendeeIds: [id("SELECT id FROM users WHERE username = 'lishi'"), id("SELECT id FROM users WHERE username = 'shouxi'")],
    unitIds: [id("SELECT id FROM member_units WHERE short_name = '智元人形'")],
    presentCount: "",
    "decisions[0].text": "整机联调提前至十二月完成",
    "decisions[0].taskId": task().id,
    "decisions[1].text": "",
    "decisions[1].taskId": "",
    ...over,
  });

  it("the secretariat records one with attendance and a decision on a task: live on the task's board, in its history and in search", async () => {
    const t = task();
    const seen = await watch("mishu", `project:${t.project_id}`);
    const res = await post("mishu", "/meetings", form());
    expect(res.status).toBe(302);
    const m = q<{ id: number; present_count: number; version: number }>("SELECT id, present_count, version FROM meetings WHERE title = '第三次理事会会议'");
    expect(res.location).toBe(`/meetings/${m.id}?created=1`);
    expect(m.present_count).toBe(2);
    expect(col("SELECT text FROM meeting_decisions WHERE meeting_id = ?", m.id)).toEqual(["整机联调提前至十二月完成"]);
    const [ev] = await seen.next;
    expect(ev).toMatchObject({ type: "meeting.upserted", payload: { id: m.id } });
    // The write's two audit rows, after the demo's meetings.
    expect(col("SELECT action FROM (SELECT id, action FROM audit_log WHERE entity IN ('meeting', 'meeting_decision') ORDER BY id DESC LIMIT 2) ORDER BY id")).toEqual(["meeting_decision.create", "meeting.create"]);

    const cookie = (await session("jiang_hao")).cookie;
    const history = await (await fetch(`${srv.url}/tasks/${t.id}/history`, { headers: { cookie } })).text();
    expect(history).toContain("整机联调提前至十二月完成");
    expect(history).toContain("记录会议决定");
    const found = await (await fetch(`${srv.url}/search?q=${encodeURIComponent("经费拨付")}`, { headers: { cookie: (await session("lishi")).cookie } })).text();
    expect(found).toContain(`/meetings/${m.id}`);
    expect(tableRows("meetings").some((r) => r.includes("第三次理事会会议"))).toBe(true);
  });

  it("edits at the version seen (decisions kept by id); stale, forbidden and an unknown task are refused", async () => {
    const m = q<{ id: number; version: number }>("SELECT id, version FROM meetings WHERE title = '第三次理事会会议'");
    const d = q<{ id: number }>("SELECT id FROM meeting_decisions WHERE meeting_id = ?", m.id);
    expect((await post("lishi", `/meetings/${m.id}`, form({ version: m.version }), { unchanged: true })).status).toBe(403);
    expect((await post("mishu", `/meetings/${m.id}`, form({ version: m.version, "decisions[0].id": d.id, "decisions[0].taskId": 999999 }), { unchanged: true })).status).toBe(404);
    expect((await post("mishu", "/meetings", form({ title: "", "decisions[0].text": "" }), { unchanged: true })).status).toBe(400);
    const saved = await post("mishu", `/meetings/${m.id}`, form({ version: m.version, "decisions[0].id": d.id, "decisions[0].text": "整机联调十二月底前完成", presentCount: 9 }));
    expect(saved.status).toBe(200);
    expect(q("SELECT id, text FROM meeting_decisions WHERE meeting_id = ?", m.id)).toEqual({ id: d.id, text: "整机联调十二月底前完成" });
    expect(q("SELECT present_count AS n FROM meetings WHERE id = ?", m.id)).toEqual({ n: 9 });
    expect((await post("mishu", `/meetings/${m.id}`, form({ version: m.version, title: "过期" }), { unchanged: true })).status).toBe(409);
  });

  it("a reader of the report reads the list and the page; an expert outside it is refused", async () => {
    const m = id("SELECT id FROM meetings WHERE title = '第三次理事会会议'");
    const page = await fetch(`${srv.url}/meetings/${m}`, { headers: { cookie: (await session("lishi")).cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("整机联调十二月底前完成");
    expect((await fetch(`${srv.url}/meetings`, { headers: { cookie: (await session("zhuanjia")).cookie } })).status).toBe(403);
  });
});

describe("funding", () => {
  const rx01 = () => id("SELECT id FROM projects WHERE code = '2025ZDZX-RX-01'");
  const row = () => q<{ id: number; version: number; spent: number; proposed_spent: number | null; suggested_funds: number }>("SELECT * FROM project_funding WHERE project_id = ? AND year = 2027", rx01());

  it("the secretariat creates a year's row; the lead proposes spending, the secretariat accepts it; the table and report read it", async () => {
    const seen = await watch("shouxi");
    const first = { intent: "funding", projectId: rx01(), year: 2027, provincialFunds: 300, selfFunds: 120.5, spent: 0, suggestedFunds: 260, suggestion: "按进度拨付" };
    expect((await post("mishu", "/funding", first)).status).toBe(200);
    const [ev] = await seen.next;
    expect(ev).toMatchObject({ type: "funding.upserted" });
    expect(row()).toMatchObject({ version: 2, suggested_funds: 260 });
    // A second form made before the row existed is stale now.
    expect((await post("mishu", "/funding", { ...first, suggestedFunds: 1 }, { unchanged: true })).status).toBe(409);
    expect((await post("jiang_hao", "/funding", { intent: "propose", projectId: rx01(), year: 2027, version: 2, proposedSpent: 88 }, { unchanged: true })).status).toBe(403);
    expect((await post("li_ming", "/funding", { intent: "propose", projectId: rx01(), year: 2027, version: 2, proposedSpent: 88 })).status).toBe(200);
    expect(row()).toMatchObject({ proposed_spent: 88, spent: 0, version: 3 });
    expect(lastAudit().action).toBe("funding.propose");
    expect((await post("li_ming", "/funding", { intent: "accept", projectId: rx01(), year: 2027, version: 3 }, { unchanged: true })).status).toBe(403);
    expect((await post("mishu", "/funding", { intent: "accept", projectId: rx01(), year: 2027, version: 3 })).status).toBe(200);
    expect(row()).toMatchObject({ proposed_spent: null, spent: 88, version: 4 });
    const table = fundingTable(srv.app.db, 2027, srv.app.db.$clock.today(), "zh-CN").table;
    const line = table.rows.find((r) => r[0] === "2025ZDZX-RX-01")!;
    expect(line).toEqual(expect.arrayContaining([300, 120.5, 88, 260, "按进度拨付"]));
  });
});

describe("member counts follow join and leave dates", () => {
  it("a unit joining later or having left is not counted today; the rule is one function", async () => {
    const db = srv.app.db;
    const today = db.$clock.today();
    const before = memberUnitCount(db);
    const later = await post("mishu", "/admin/units/new", { name: "杭州未来传感有限公司", shortName: "未来传感", kind: "enterprise", isSme: "on", joinedOn: "2027-01-01" });
    expect(later.status).toBe(302);
    expect(memberUnitCount(db)).toBe(before);
    expect(homeFigures(db, today, null).units).toBe(before);
    const units = await (await fetch(`${srv.url}/admin/units`, { headers: { cookie: (await session("mishu")).cookie } })).text();
    expect(units).toContain(`在册 ${before} 家`);
    expect(units).toContain("尚未加入");
    expect(memberUnitCount(db, "2027-01-01")).toBe(before + 1);
    expect(isMemberOn({ joinedOn: "2026-01-01", leftOn: today }, today)).toBe(false);
    expect(isMemberOn({ joinedOn: today, leftOn: null }, today)).toBe(true);
  });
});
