// Milestone / mid-term checks end to end over real HTTP and Socket.IO: conflict of interest at assignment
// and at signing, a failed check opening rectifications and reaching the 总体部 live, the rectification
// cycle with evidence, the 总体部's resolution, and the reminder clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { multipart, TXT } from "../helpers/evidence-fixtures";
import { issueRectificationReminders, rectificationReminders } from "../../app/models/check-reminders.server";
import { Msg, Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const rows = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const count = (sql: string, ...args: unknown[]) => q<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...args).n;
const userId = (u: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", u).id;
const unitId = (u: string) => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", u).id;
const projectId = (n: number) => q<{ id: number }>("SELECT id FROM projects WHERE code LIKE ?", `%-RX-0${n}`).id;

// Signing in opens the check list, whose first read issues the day's due reminders (audited): before any count.
const signIn = (username: string) => signInAs(srv.url, username, { page: "/checks" });
const post = (s: Session, path: string, fields: Fields) => postForm(srv.url, s, path, fields);
function nextNotify(s: Socket, match: (p: any) => boolean, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(Push.notify, on);
      reject(new Error("no matching notify"));
    }, timeoutMs);
    const on = (p: any) => {
      if (!match(p)) return;
      clearTimeout(timer);
      s.off(Push.notify, on);
      resolve(p);
    };
    s.on(Push.notify, on);
  });
}
async function socketOf(s: Session): Promise<Socket> {
  const sock = socketFor(srv.url, s.cookie);
  sockets.push(sock);
  await connected(sock);
  return sock;
}
const schedule = (s: Session, fields: Record<string, string | number | (string | number)[]>) => post(s, "/checks?index", { intent: "schedule", ...fields });
const checkVersion = (id: number) => q<{ version: number }>("SELECT version FROM checks WHERE id = ?", id).version;
const items = (checkId: number) => rows<{ id: number; kind: string; version: number; result: string | null }>("SELECT id, kind, version, result FROM check_items WHERE check_id = ? ORDER BY seq", checkId);

let mishu: Session, zhuanjia: Session, zhuanjia2: Session, liMing: Session, wang: Session, zhou: Session, zongtibu: Session;

beforeAll(async () => {
  srv = await startServer();
  [mishu, zhuanjia, zhuanjia2, liMing, wang, zhou, zongtibu] = await Promise.all(
    ["mishu", "zhuanjia", "zhuanjia2", "li_ming", "wang_jianguo", "zhou_guoqiang", "zongtibu"].map(signIn),
  );
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("conflict of interest", () => {
  it("refuses to assign zhuanjia2 (浙工大) to a project whose tasks 浙工大 executes, writing nothing", async () => {
    const zg = unitId("浙工大");
    const executed = rows<{ project_id: number }>("SELECT DISTINCT project_id FROM tasks WHERE owner_unit_id = ? ORDER BY project_id", zg);
    expect(executed.length).toBeGreaterThan(0);
    const pid = executed[0]!.project_id;
    const before = { checks: count("checks"), audit: count("audit_log"), experts: count("check_experts") };
    const res = await schedule(mishu, { projectId: pid, kind: "midterm", scheduledOn: "2026-12-10", expertIds: [userId("zhuanjia"), userId("zhuanjia2")] });
    expect(res.status).toBe(403);
    expect(res.html).toContain("郑文博 所在单位（浙工大）承担该项目任务，存在利益冲突");
    expect({ checks: count("checks"), audit: count("audit_log"), experts: count("check_experts") }).toEqual(before);
    // The page's picker shows the reason next to his name and disables him.
    const page = await (await fetch(`${srv.url}/checks`, { headers: { cookie: mishu.cookie } })).text();
    expect(page).toContain("利益冲突");
    // Without him the check is scheduled.
    const ok = await schedule(mishu, { projectId: pid, kind: "midterm", scheduledOn: "2026-12-10", expertIds: [userId("zhuanjia")] });
    expect(ok.status).toBe(200);
    expect(count("checks")).toBe(before.checks + 1);
    // The expert and the project's lead are told in their inbox (kind check_scheduled).
    const checkId = q<{ id: number }>("SELECT max(id) AS id FROM checks").id;
    const told = rows<{ user_id: number }>("SELECT user_id FROM inbox_items WHERE kind = 'check_scheduled' AND entity_id = ? ORDER BY user_id", checkId).map((r) => r.user_id);
    const lead = q<{ lead_user_id: number }>("SELECT lead_user_id FROM projects WHERE id = ?", pid).lead_user_id;
    expect(told).toEqual([userId("zhuanjia"), lead].sort((a, b) => a - b));
  });

  it("re-checks the conflict at signing: once 浙工大 executes a task of the project, zhuanjia2 can neither record nor sign", async () => {
    const p1 = projectId(1);
    const res = await schedule(mishu, { projectId: p1, kind: "midterm", scheduledOn: "2026-12-01", expertIds: [userId("zhuanjia"), userId("zhuanjia2")] });
    expect(res.status).toBe(200);
    const check = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? ORDER BY id DESC LIMIT 1", p1);
    expect(count("check_experts WHERE check_id = ?", check.id)).toBe(2);
    const [first] = items(check.id);
    expect(first).toBeDefined();
    // While 浙工大 takes no part he may record a finding.
    expect((await post(zhuanjia2, `/checks/${check.id}`, { intent: "finding", id: first!.id, version: first!.version, result: "ok", finding: "" })).status).toBe(200);
    // A change request moves a task of project 1 to 浙工大 (applied here directly, as an approved change would).
    const zg = unitId("浙工大");
    srv.app.db.$client.prepare("INSERT INTO project_units (project_id, unit_id) VALUES (?, ?)").run(p1, zg);
    srv.app.db.$client.prepare("UPDATE tasks SET owner_unit_id = ? WHERE code = 'RX01-T10'").run(zg);
    const audits = count("audit_log");
    const item = items(check.id)[1]!;
    const finding = await post(zhuanjia2, `/checks/${check.id}`, { intent: "finding", id: item.id, version: item.version, result: "ok", finding: "" });
    expect(finding.status).toBe(403);
    expect(finding.html).toContain("存在利益冲突");
    const sign = await post(zhuanjia2, `/checks/${check.id}`, { intent: "sign", checkId: check.id, version: checkVersion(check.id), outcome: "pass", summary: "通过", dueOn: "2026-12-30" });
    expect(sign.status).toBe(403);
    expect(sign.html).toContain("存在利益冲突");
    expect(q("SELECT status, outcome FROM checks WHERE id = ?", check.id)).toEqual({ status: "scheduled", outcome: null });
    expect(count("audit_log")).toBe(audits);
    // His page no longer offers the sign form; zhuanjia (outside expert) still reviews.
    const page = await (await fetch(`${srv.url}/checks/${check.id}`, { headers: { cookie: zhuanjia2.cookie } })).text();
    expect(page).not.toContain("签署结论</button>");
    const theirs = await (await fetch(`${srv.url}/checks/${check.id}`, { headers: { cookie: zhuanjia.cookie } })).text();
    expect(theirs).toContain("签署结论</button>");
    // Nor may he be added to a new check of the project now.
    const again = await schedule(mishu, { projectId: p1, kind: "milestone", milestoneId: q<{ id: number }>("SELECT id FROM milestones WHERE project_id = ? AND name = '正样鉴定'", p1).id, scheduledOn: "2026-12-05", expertIds: [userId("zhuanjia2")] });
    expect(again.status).toBe(403);
    // The project lead cannot sign at all.
    const lead = await post(liMing, `/checks/${check.id}`, { intent: "sign", checkId: check.id, version: checkVersion(check.id), outcome: "pass", summary: "通过", dueOn: "2026-12-30" });
    expect(lead.status).toBe(403);
  });
});

describe("TRL claims inside a check", () => {
  it("an assigned expert confirms a pending claim; the claim's checklist item records it in the same write", async () => {
    const p1 = projectId(1);
    const check = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? AND status != 'signed' ORDER BY id LIMIT 1", p1);
    const claim = q<any>("SELECT tc.* FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id WHERE k.project_id = ? AND tc.status = 'claimed' LIMIT 1", p1);
    expect(claim).toBeDefined();
    const item = q<any>("SELECT * FROM check_items WHERE check_id = ? AND kind = 'trl_claim' AND ref_id = ?", check.id, claim.id);
    expect(item).toMatchObject({ result: null });
    // Rejecting needs a reason; a stale version is refused.
    expect((await post(zhuanjia, `/checks/${check.id}`, { intent: "trl", claimId: claim.id, checkId: check.id, version: claim.version, decision: "rejected", comment: "" })).status).toBe(400);
    expect((await post(zhuanjia, `/checks/${check.id}`, { intent: "trl", claimId: claim.id, checkId: check.id, version: claim.version + 5, decision: "confirmed", comment: "" })).status).toBe(409);
    // The project lead is no expert of the check.
    expect((await post(liMing, `/checks/${check.id}`, { intent: "trl", claimId: claim.id, checkId: check.id, version: claim.version, decision: "confirmed", comment: "" })).status).toBe(403);
    const res = await post(zhuanjia, `/checks/${check.id}`, { intent: "trl", claimId: claim.id, checkId: check.id, version: claim.version, decision: "confirmed", comment: "样机测试报告齐全" });
    expect(res.status).toBe(200);
    expect(q("SELECT status, check_id AS checkId, decided_by AS decidedBy FROM trl_claims WHERE id = ?", claim.id)).toEqual({ status: "confirmed", checkId: check.id, decidedBy: userId("zhuanjia") });
    expect(q("SELECT result, finding, recorded_by AS by FROM check_items WHERE id = ?", item.id)).toEqual({ result: "ok", finding: "样机测试报告齐全", by: userId("zhuanjia") });
  });
});

describe("a failed check", () => {
  let checkId: number;
  let rectIds: number[] = [];
  let escalationId: number;

  it("the project lead files the self-assessment; refused outcomes change nothing", async () => {
    const p5 = projectId(5);
    // Scheduled for today: signing needs no reason for being early (check-substance.test.ts covers that).
    expect((await schedule(mishu, { projectId: p5, kind: "midterm", scheduledOn: "2026-11-23", expertIds: [userId("zhuanjia")] })).status).toBe(200);
    checkId = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? ORDER BY id DESC LIMIT 1", p5).id;
    const he = await signIn("he_chunsheng");
    const self = await post(he, `/checks/${checkId}`, { intent: "self", checkId, version: checkVersion(checkId), selfAssessment: "示范产线工位改造方案已完成，技能库构建滞后约一个月。" });
    expect(self.status).toBe(200);
    expect(q("SELECT status, self_assessment AS s FROM checks WHERE id = ?", checkId)).toEqual({ status: "self_assessed", s: "示范产线工位改造方案已完成，技能库构建滞后约一个月。" });
    // li_ming leads another project: refused.
    expect((await post(liMing, `/checks/${checkId}`, { intent: "self", checkId, version: checkVersion(checkId), selfAssessment: "越权" })).status).toBe(403);

    // Signing before every item is reviewed is refused.
    const early = await post(zhuanjia, `/checks/${checkId}`, { intent: "sign", checkId, version: checkVersion(checkId), outcome: "fail", summary: "不通过", dueOn: "2026-12-30" });
    expect(early.status).toBe(409);
    expect(early.html).toContain("尚有未核查的检查项");
    const list = items(checkId);
    expect(list.length).toBeGreaterThanOrEqual(2);
    const [a, b] = list;
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "finding", id: a!.id, version: a!.version, result: "serious", finding: "示范场景概念验证结论缺失，技术经济性未论证" })).status).toBe(200);
    // A problem without a finding is refused by the schema.
    const bare = await post(zhuanjia, `/checks/${checkId}`, { intent: "finding", id: b!.id, version: b!.version, result: "problem", finding: "" });
    expect(bare.status).toBe(400);
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "finding", id: b!.id, version: b!.version, result: "problem", finding: "搬运技能库仅完成18种，低于阶段目标" })).status).toBe(200);
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "restOk", checkId, statement: "其余各项对照自评报告与佐证材料核查，均符合" })).status).toBe(200);
    expect(count("check_items WHERE check_id = ? AND result IS NULL", checkId)).toBe(0);
    // Pass with a serious finding is refused.
    const pass = await post(zhuanjia, `/checks/${checkId}`, { intent: "sign", checkId, version: checkVersion(checkId), outcome: "pass", summary: "通过", dueOn: "2026-12-30" });
    expect(pass.status).toBe(409);
    expect(pass.html).toContain("存在严重问题");
    expect(count("rectifications WHERE check_id = ?", checkId)).toBe(0);
  });

  it("signing 不通过 opens a rectification per problem item and the escalation reaches the 总体部 live", async () => {
    const ztbSocket = await socketOf(zongtibu);
    const joined = await ask(ztbSocket, Msg.boardJoin, { boardId: "consortium", sinceSeq: q<{ seq: number }>("SELECT seq FROM boards WHERE id = 'consortium'").seq });
    expect(joined.ok).toBe(true);
    const leadSocket = await socketOf(await signIn("he_chunsheng"));
    const toObserver = nextNotify(ztbSocket, (p) => p.kind === "check" && p.event === "escalation");
    const toLead = nextNotify(leadSocket, (p) => p.kind === "check" && p.event === "rectification");
    const boardEscalation = new Promise<any>((resolve) => ztbSocket.on(Push.events, (evs: any[]) => evs.filter((ev) => ev.type === "escalation.upserted").forEach(resolve)));
    // The signature writes the check's event after its rectifications'; the project board's viewer still
    // gets them in seq order (a lower seq after a higher one is a gap to him: he would only catch up).
    const projectBoard = `project:${projectId(5)}`;
    const fromSeq = (await ask(leadSocket, Msg.boardJoin, { boardId: projectBoard })).seq;
    const projectSeqs: number[] = [];
    leadSocket.on(Push.events, (evs: { boardId: string; seq: number }[]) => projectSeqs.push(...evs.filter((ev) => ev.boardId === projectBoard).map((ev) => ev.seq)));
    const audits = count("audit_log");

    const signed = await post(zhuanjia, `/checks/${checkId}`, {
      intent: "sign",
      checkId,
      version: checkVersion(checkId),
      outcome: "fail",
      summary: "示范应用技术经济性未论证，技能库进度滞后，检查不通过。",
      dueOn: "2026-12-31",
    });
    expect(signed.status).toBe(200);
    expect(q("SELECT status, outcome FROM checks WHERE id = ?", checkId)).toEqual({ status: "signed", outcome: "fail" });
    const rects = rows<any>("SELECT * FROM rectifications WHERE check_id = ? ORDER BY id", checkId);
    expect(rects).toHaveLength(2);
    expect(rects.map((r) => [r.severity, r.status, r.due_on])).toEqual([
      ["serious", "escalated", "2026-12-31"],
      ["normal", "open", "2026-12-31"],
    ]);
    rectIds = rects.map((r) => r.id);
    // Each rectification is assigned in the inbox of the project's lead and the owner unit's leads (same transaction).
    const assigned = rows<{ user_id: number; entity_id: number; href: string }>(`SELECT user_id, entity_id, href FROM inbox_items WHERE kind = 'rectification_assigned' AND entity_id IN (${rectIds.join(",")})`);
    for (const r of rects) {
      const to = assigned.filter((a) => a.entity_id === r.id);
      expect(to.map((a) => a.user_id)).toContain(userId("he_chunsheng"));
      const leads = rows<{ id: number }>("SELECT u.id FROM users u JOIN user_roles x ON x.user_id = u.id WHERE x.role = 'unit_lead' AND u.unit_id = ?", r.owner_unit_id).map((u) => u.id);
      expect(to.map((a) => a.user_id)).toEqual(expect.arrayContaining(leads));
      expect(to[0]!.href).toBe(`/rectifications?unit=${r.owner_unit_id}#rect-${r.id}`);
    }
    const esc = rows<any>("SELECT * FROM escalations WHERE check_id = ?", checkId);
    expect(esc).toHaveLength(1);
    expect(esc[0]).toMatchObject({ rectification_id: rects[0].id, status: "open", escalated_by: userId("zhuanjia") });
    escalationId = esc[0].id;

    const live = await toObserver;
    expect(live.text).toContain("示范场景概念验证结论缺失");
    expect(live.pending).toBeGreaterThanOrEqual(1);
    expect(live.href).toBe("/escalations");
    expect((await boardEscalation).payload.row).toMatchObject({ id: escalationId, status: "open", checkId });
    expect((await toLead).text).toContain("有新的整改事项");
    await ask(leadSocket, Msg.boardJoin, { boardId: projectBoard }); // a round trip: the signature's frames are in
    const lastSeq = q<{ seq: number }>("SELECT seq FROM boards WHERE id = ?", projectBoard).seq;
    expect(lastSeq - fromSeq).toBeGreaterThanOrEqual(3); // the check and its two rectifications
    expect(projectSeqs).toEqual(Array.from({ length: lastSeq - fromSeq }, (_, i) => fromSeq + 1 + i));

    const actions = rows<{ action: string }>("SELECT action FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - ? ORDER BY id", count("audit_log") - audits).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["check.sign", "rectification.create", "rectification.create", "escalation.create"]));
    // The observer's page lists it; a signed check cannot be signed again.
    expect(await (await fetch(`${srv.url}/escalations`, { headers: { cookie: zongtibu.cookie } })).text()).toContain("示范场景概念验证结论缺失");
    const again = await post(zhuanjia, `/checks/${checkId}`, { intent: "sign", checkId, version: checkVersion(checkId), outcome: "rectify", summary: "x", dueOn: "2026-12-31" });
    expect(again.status).toBe(409);
  });

  it("the owner unit's lead answers with evidence; others are refused; an expert closes it", async () => {
    const rect = q<any>("SELECT * FROM rectifications WHERE id = ?", rectIds[1]);
    const ownerLead = q<{ username: string }>(
      "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'unit_lead' WHERE u.unit_id = ? LIMIT 1",
      rect.owner_unit_id,
    );
    const owner = await signIn(ownerLead.username);
    const other = ownerLead.username === "zhou_guoqiang" ? wang : zhou;
    const refused = await post(other, `/rectifications`, { intent: "respond", id: rect.id, version: rect.version, response: "越权答复" });
    expect(refused.status).toBe(403);

    const form = multipart({ _csrf: owner.csrf, intent: "respond", id: rect.id, version: rect.version, response: "已补充12种搬运技能，累计30种，附测试记录。" }, [{ name: "技能库测试记录.txt", bytes: TXT, type: "text/plain" }]);
    const res = await fetch(`${srv.url}/rectifications?intent=respond&id=${rect.id}`, { method: "POST", headers: { cookie: owner.cookie }, body: form });
    expect(res.status).toBe(200);
    expect(q("SELECT status, response, version FROM rectifications WHERE id = ?", rect.id)).toEqual({ status: "submitted", response: "已补充12种搬运技能，累计30种，附测试记录。", version: rect.version + 1 });
    expect(rows("SELECT name FROM evidence_files WHERE subject_type = 'rectification' AND subject_id = ?", rect.id)).toEqual([{ name: "技能库测试记录.txt" }]);

    // A stale close is refused; zhuanjia closes; it cannot be closed twice.
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version, comment: "" })).status).toBe(409);
    // Its item may be a failing indicator without a new value since: the reason is stated.
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 1, comment: "佐证充分", noValueReason: "技能库数量以测试记录核实，指标按季度统计" })).status).toBe(200);
    expect(q("SELECT status, closed_by FROM rectifications WHERE id = ?", rect.id)).toEqual({ status: "closed", closed_by: userId("zhuanjia") });
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 2, comment: "" })).status).toBe(409);
  });

  it("the secretariat may not close a rectification of its own unit", async () => {
    const own = q<any>("SELECT * FROM rectifications WHERE owner_unit_id = ? AND status = 'open' LIMIT 1", unitId("智元人形"));
    expect(own).toBeDefined(); // the seeded mid-term check's open rectification
    srv.app.db.$client.prepare("UPDATE rectifications SET status = 'submitted', version = version + 1 WHERE id = ?").run(own.id);
    const res = await post(mishu, "/rectifications", { intent: "close", id: own.id, version: own.version + 1, comment: "" });
    expect(res.status).toBe(403);
    expect(res.html).toContain("不能核销本单位的整改事项");
    expect(q<any>("SELECT status FROM rectifications WHERE id = ?", own.id).status).toBe("submitted");
  });

  it("the 总体部 records a resolution; the rectification goes back to its owner", async () => {
    const esc = q<any>("SELECT * FROM escalations WHERE id = ?", escalationId);
    expect((await post(liMing, "/escalations", { intent: "resolve", id: esc.id, version: esc.version, resolution: "越权" })).status).toBe(403);
    const res = await post(zongtibu, "/escalations", { intent: "resolve", id: esc.id, version: esc.version, resolution: "同意延期一个月补做概念验证，由概念验证中心牵头。" });
    expect(res.status).toBe(200);
    expect(q("SELECT status, resolved_by FROM escalations WHERE id = ?", esc.id)).toEqual({ status: "resolved", resolved_by: userId("zongtibu") });
    expect(q<any>("SELECT status FROM rectifications WHERE id = ?", rectIds[0]).status).toBe("open");
    expect((await post(zongtibu, "/escalations", { intent: "resolve", id: esc.id, version: esc.version + 1, resolution: "再次" })).status).toBe(409);
  });
});

describe("reminders", () => {
  it("reminds the owner unit once when due soon and once when overdue, and escalates one overdue beyond the setting", async () => {
    const seeded = q<any>("SELECT r.* FROM rectifications r WHERE r.owner_unit_id = ? AND r.due_on = '2026-11-27'", unitId("智元人形"));
    expect(seeded).toBeDefined();
    srv.app.db.$client.prepare("UPDATE rectifications SET status = 'open' WHERE id = ?").run(seeded.id);
    const due = rectificationReminders(srv.app.db, "2026-11-23");
    expect(due.find((d) => d.rectification.id === seeded.id)?.alert).toEqual({ daysLeft: 4, reminder: "due_soon", escalate: false });

    // Loading the check pages already sent the "due soon" reminder (once, recorded in the audit trail).
    const sent = () => rows<{ kind: string }>("SELECT json_extract(after, '$.kind') AS kind FROM audit_log WHERE entity = 'rectification' AND entity_id = ? AND action = 'rectification.remind'", String(seeded.id));
    expect(sent()).toEqual([{ kind: "due_soon" }]);
    expect(issueRectificationReminders(srv.app.ctx, "2026-11-23").reminded).toBe(0);
    await fetch(`${srv.url}/rectifications`, { headers: { cookie: wang.cookie } });
    expect(sent()).toHaveLength(1);

    // The day after the due date the unit's lead is told live that it is overdue, once.
    const wangSocket = await socketOf(wang);
    const overdue = nextNotify(wangSocket, (p) => p.kind === "check" && p.event === "overdue");
    expect(issueRectificationReminders(srv.app.ctx, "2026-11-28").reminded).toBeGreaterThanOrEqual(1);
    const payload = await overdue;
    expect(payload.text).toContain("整改事项已逾期（2026-11-27）");
    expect(payload.pending).toBeGreaterThanOrEqual(1);
    expect(issueRectificationReminders(srv.app.ctx, "2026-11-29").reminded).toBe(0);
    expect(sent()).toEqual([{ kind: "due_soon" }, { kind: "overdue" }]);

    // Three weeks after the due date it goes to the 总体部 automatically.
    const ztbSocket = await socketOf(zongtibu);
    const toObserver = nextNotify(ztbSocket, (p) => p.kind === "check" && p.event === "escalation");
    const later = issueRectificationReminders(srv.app.ctx, "2026-12-20");
    expect(later.escalated).toBeGreaterThanOrEqual(1);
    expect(q<any>("SELECT status FROM rectifications WHERE id = ?", seeded.id).status).toBe("escalated");
    expect(q<any>("SELECT status, escalated_by FROM escalations WHERE rectification_id = ?", seeded.id)).toEqual({ status: "open", escalated_by: userId("mishu") });
    expect((await toObserver).text).toContain("整改事项已逾期");
    expect(rows("SELECT action FROM audit_log WHERE entity = 'rectification' AND entity_id = ? AND user_id IS NULL", String(seeded.id)).map((r: any) => r.action)).toEqual(
      expect.arrayContaining(["rectification.remind", "rectification.auto_escalate"]),
    );
    // Once escalated, the timer does not escalate it again.
    expect(issueRectificationReminders(srv.app.ctx, "2026-12-21").escalated).toBe(0);
  });
});

describe("reading", () => {
  it("an expert sees only the checks of projects he supervises", async () => {
    const page = await (await fetch(`${srv.url}/checks`, { headers: { cookie: zhuanjia2.cookie } })).text();
    expect(page).toContain("整机集成与可靠性验证"); // project 4: he supervises it
    expect(page).not.toContain("灵巧手与触觉感知"); // project 2: 浙工大 takes part, he does not supervise it
    const p2check = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? LIMIT 1", projectId(2));
    expect((await fetch(`${srv.url}/checks/${p2check.id}`, { headers: { cookie: zhuanjia2.cookie } })).status).toBe(403);
  });

  it("a board event announces each check write", async () => {
    const s = await socketOf(mishu);
    const since = q<{ seq: number }>("SELECT seq FROM boards WHERE id = 'consortium'").seq;
    await ask(s, Msg.boardJoin, { boardId: "consortium", sinceSeq: since });
    const events = nextEvents(s, "consortium", 1);
    expect((await schedule(mishu, { projectId: projectId(3), kind: "midterm", scheduledOn: "2026-12-15", expertIds: [userId("zhuanjia")] })).status).toBe(200);
    const [ev] = await events;
    expect(ev.type).toBe("check.upserted");
    expect(ev.payload.row).toMatchObject({ kind: "midterm", status: "scheduled", projectId: projectId(3) });
    expect(ev.payload.row.itemCount).toBeGreaterThan(0);
  });
});
