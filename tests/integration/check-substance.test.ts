// Checks that cannot be rubber-stamped (issue 20), over real HTTP: signing refused without the date (or a
// reason), the self-assessment (or the secretariat's waiver) and every item judged; the bulk marking only
// under a statement; the evidence behind each row and who opened it; a rectification of a failing
// indicator closed only on a new value (or a stated reason); acceptance signed only by the accepting
// unit's lead or his delegate. Every refusal leaves the whole database as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { multipart, PDF } from "../helpers/evidence-fixtures";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const rows = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const userId = (u: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", u).id;
const signIn = (username: string) => signInAs(srv.url, username, { page: "/checks" });
const post = (s: Session, path: string, fields: Fields) => postForm(srv.url, s, path, fields);
const page = async (s: Session, path: string) => (await (await fetch(`${srv.url}${path}`, { headers: { cookie: s.cookie } })).text());
const checkVersion = (id: number) => q<{ version: number }>("SELECT version FROM checks WHERE id = ?", id).version;

/** Posts and expects a refusal that wrote nothing at all. */
async function refused(s: Session, path: string, fields: Fields, status: number, text: string) {
  const before = databaseDigest(srv.app.db);
  const res = await post(s, path, fields);
  expect(res.status).toBe(status);
  expect(res.html).toContain(text);
  expect(databaseDigest(srv.app.db)).toBe(before);
}

/** Indicators of tasks still open take new values. */
const OPEN_TASK = "t.status NOT IN ('closed', 'suspended') AND t.archived_at IS NULL";

let mishu: Session, zhuanjia: Session, lead: Session;
let checkId: number;
let indicatorItem: { id: number; version: number; ref_id: number };
const p3 = () => q<{ id: number; lead: string }>("SELECT p.id, u.username AS lead FROM projects p JOIN users u ON u.id = p.lead_user_id WHERE p.code LIKE '%-RX-03'");

beforeAll(async () => {
  srv = await startServer();
  [mishu, zhuanjia] = await Promise.all(["mishu", "zhuanjia"].map(signIn));
  lead = await signIn(p3().lead);
  // A mid-term check of project 3 a week from today (the tests' today is 2026-11-23).
  const res = await post(mishu, "/checks?index", { intent: "schedule", projectId: p3().id, kind: "midterm", scheduledOn: "2026-11-30", expertIds: [userId("zhuanjia")] });
  expect(res.status).toBe(200);
  checkId = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? AND kind = 'midterm' ORDER BY id DESC LIMIT 1", p3().id).id;
  indicatorItem = q(
    `SELECT i.id, i.version, i.ref_id FROM check_items i JOIN indicators ind ON ind.id = i.ref_id JOIN tasks t ON t.id = ind.task_id
     WHERE i.check_id = ? AND i.kind = 'indicator' AND ${OPEN_TASK} ORDER BY i.seq LIMIT 1`,
    checkId,
  );
  expect(indicatorItem).toBeDefined();
});
afterAll(async () => {
  await srv.close();
});

// The indicator's rectification goes to 智元人形 (its lead answers it).
const sign = (extra: Fields = {}) => ({
  intent: "sign",
  checkId,
  version: checkVersion(checkId),
  outcome: "rectify",
  summary: "指标未达阶段目标，整改后通过。",
  dueOn: "2026-12-31",
  "rect[0].itemId": indicatorItem.id,
  "rect[0].ownerUnitId": q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '智元人形'").id,
  "rect[0].dueOn": "2026-12-31",
  ...extra,
});

describe("signing a check needs substance", () => {
  it("refuses to sign while items are unjudged, writing nothing", async () => {
    await refused(zhuanjia, `/checks/${checkId}`, sign({ earlyReason: "专家日程冲突" }), 409, "尚有未核查的检查项");
  });

  it("refuses the bulk marking without a statement; with one, records it on the check, its items and the audit", async () => {
    const finding = await post(zhuanjia, `/checks/${checkId}`, { intent: "finding", id: indicatorItem.id, version: indicatorItem.version, result: "problem", finding: "实测值低于阶段目标" });
    expect(finding.status).toBe(200);
    await refused(zhuanjia, `/checks/${checkId}`, { intent: "restOk", checkId }, 400, "此项必填");
    await refused(zhuanjia, `/checks/${checkId}`, { intent: "restOk", checkId, statement: "   " }, 400, "此项必填");
    const statement = "其余各项已对照自评报告、实测记录和佐证材料逐一核查，均符合要求";
    const ok = await post(zhuanjia, `/checks/${checkId}`, { intent: "restOk", checkId, statement });
    expect(ok.status).toBe(200);
    expect(q("SELECT rest_statement AS s, rest_statement_by AS by FROM checks WHERE id = ?", checkId)).toEqual({ s: statement, by: userId("zhuanjia") });
    expect(q("SELECT count(*) AS n FROM check_items WHERE check_id = ? AND result IS NULL", checkId)).toEqual({ n: 0 });
    expect(q("SELECT bulk FROM check_items WHERE id = ?", indicatorItem.id)).toEqual({ bulk: 0 });
    expect(q<{ n: number }>("SELECT count(*) AS n FROM check_items WHERE check_id = ? AND bulk = 1", checkId).n).toBeGreaterThan(0);
    const audit = q<{ after: string }>("SELECT after FROM audit_log WHERE action = 'check.review_rest' AND entity_id = ? ORDER BY id DESC LIMIT 1", String(checkId));
    expect(JSON.parse(audit.after).statement).toBe(statement);
    const html = await page(mishu, `/checks/${checkId}`);
    expect(html).toContain("统一记为符合的说明");
    expect(html).toContain(statement);
    // Nothing is left to mark.
    await refused(zhuanjia, `/checks/${checkId}`, { intent: "restOk", checkId, statement }, 409, "已没有未核查的检查项");
  });

  it("refuses to sign before the check date without a reason, writing nothing", async () => {
    await refused(zhuanjia, `/checks/${checkId}`, sign(), 409, "检查日期（2026-11-30）未到，提前签署须填写理由");
  });

  it("refuses to sign without the self-assessment or a waiver, writing nothing", async () => {
    await refused(zhuanjia, `/checks/${checkId}`, sign({ earlyReason: "专家下周出国，经秘书处同意提前检查" }), 409, "项目负责人尚未提交自评");
  });

  it("only the secretariat waives the self-assessment, with a reason; then the expert signs early with his reason, both kept in the record", async () => {
    await refused(lead, `/checks/${checkId}`, { intent: "waive", checkId, version: checkVersion(checkId), reason: "自己免" }, 403, "没有权限");
    await refused(mishu, `/checks/${checkId}`, { intent: "waive", checkId, version: checkVersion(checkId), reason: "" }, 400, "此项必填");
    const reason = "项目负责人出差在外，经秘书处同意本次检查免予自评，以月度推进表代替";
    expect((await post(mishu, `/checks/${checkId}`, { intent: "waive", checkId, version: checkVersion(checkId), reason })).status).toBe(200);
    expect(q("SELECT self_waiver AS w, self_waived_by AS by FROM checks WHERE id = ?", checkId)).toEqual({ w: reason, by: userId("mishu") });

    const early = "专家下周出国，经秘书处同意提前检查";
    const res = await post(zhuanjia, `/checks/${checkId}`, sign({ earlyReason: early }));
    expect(res.status).toBe(200);
    expect(q("SELECT status, outcome, early_reason AS e FROM checks WHERE id = ?", checkId)).toEqual({ status: "signed", outcome: "rectify", e: early });
    const html = await page(lead, `/checks/${checkId}`);
    expect(html).toContain(`提前签署（检查日期 2026-11-30）：${early}`);
    expect(html).toContain(`秘书处已免予自评：${reason}`);
  });

  it("a check signed on its date with the self-assessment filed needs no reason, and none is kept", async () => {
    const p5 = q<{ id: number }>("SELECT id FROM projects WHERE code LIKE '%-RX-05'").id;
    expect((await post(mishu, "/checks?index", { intent: "schedule", projectId: p5, kind: "midterm", scheduledOn: "2026-11-23", expertIds: [userId("zhuanjia")] })).status).toBe(200);
    const id = q<{ id: number }>("SELECT id FROM checks WHERE project_id = ? ORDER BY id DESC LIMIT 1", p5).id;
    const he = await signIn("he_chunsheng");
    expect((await post(he, `/checks/${id}`, { intent: "self", checkId: id, version: checkVersion(id), selfAssessment: "各项任务按计划推进。" })).status).toBe(200);
    for (const item of rows<{ id: number; version: number }>("SELECT id, version FROM check_items WHERE check_id = ?", id)) {
      expect((await post(zhuanjia, `/checks/${id}`, { intent: "finding", id: item.id, version: item.version, result: "ok", finding: "" })).status).toBe(200);
    }
    const res = await post(zhuanjia, `/checks/${id}`, { intent: "sign", checkId: id, version: checkVersion(id), outcome: "pass", summary: "通过", dueOn: "2026-12-31", earlyReason: "多余" });
    expect(res.status).toBe(200);
    expect(q("SELECT status, early_reason AS e FROM checks WHERE id = ?", id)).toEqual({ status: "signed", e: "" });
  });
});

describe("the evidence behind the checklist", () => {
  it("links each row's evidence through the check; an assigned expert's first opening is recorded and listed, nobody else's", async () => {
    // The project lead records a value of another indicator on the checklist with its test report.
    const other = q<{ ref_id: number; task_id: number; target: number }>(
      `SELECT i.ref_id, ind.task_id, ind.target FROM check_items i JOIN indicators ind ON ind.id = i.ref_id JOIN tasks t ON t.id = ind.task_id
       WHERE i.check_id = ? AND i.kind = 'indicator' AND ${OPEN_TASK} AND i.id != ? ORDER BY i.seq LIMIT 1`,
      checkId,
      indicatorItem.id,
    );
    const recorded = await fetch(`${srv.url}/tasks/${other.task_id}?intent=record&id=${other.ref_id}`, {
      method: "POST",
      headers: { cookie: lead.cookie },
      body: multipart({ _csrf: lead.csrf, intent: "record", indicatorId: other.ref_id, value: other.target ?? 1, measuredOn: "2026-11-22", note: "第三方测试", confirmJump: "on" }, [{ name: "第三方测试报告.pdf", bytes: PDF, type: "application/pdf" }]),
    });
    expect(recorded.status).toBe(200);
    const withFiles = q<{ itemId: number; evidenceId: number; name: string } | undefined>(
      `SELECT i.id AS itemId, e.id AS evidenceId, e.name FROM check_items i JOIN effective_indicator_values v ON v.indicator_id = i.ref_id
       JOIN evidence_files e ON e.subject_type = 'indicator_value' AND e.subject_id = v.id WHERE i.check_id = ? AND i.kind = 'indicator' LIMIT 1`,
      checkId,
    );
    expect(withFiles).toBeDefined();
    const { evidenceId, name } = withFiles!;
    const html = await page(zhuanjia, `/checks/${checkId}`);
    expect(html).toContain(`href="/evidence/${evidenceId}?check=${checkId}"`);
    expect(html).toContain("专家尚未从本页打开佐证材料");

    const opens = () => rows("SELECT user_id AS userId FROM check_evidence_opens WHERE check_id = ? AND evidence_id = ?", checkId, evidenceId);
    // The secretariat's download is not the expert's examination.
    expect((await fetch(`${srv.url}/evidence/${evidenceId}?check=${checkId}`, { headers: { cookie: mishu.cookie } })).status).toBe(200);
    expect(opens()).toEqual([]);
    const audits = q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'check.evidence_open'").n;
    for (let i = 0; i < 2; i++) expect((await fetch(`${srv.url}/evidence/${evidenceId}?check=${checkId}`, { headers: { cookie: zhuanjia.cookie } })).status).toBe(200);
    expect(opens()).toEqual([{ userId: userId("zhuanjia") }]);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'check.evidence_open'").n).toBe(audits + 1);
    // A file that is not this check's records nothing.
    // Through another check of his whose checklist does not hold the file, nothing is recorded.
    const elsewhere = q<{ id: number }>("SELECT c.id FROM checks c JOIN check_experts e ON e.check_id = c.id AND e.user_id = ? WHERE c.id != ? ORDER BY c.id DESC LIMIT 1", userId("zhuanjia"), checkId);
    await fetch(`${srv.url}/evidence/${evidenceId}?check=${elsewhere.id}`, { headers: { cookie: zhuanjia.cookie } });
    expect(rows("SELECT 1 FROM check_evidence_opens WHERE check_id = ?", elsewhere.id)).toEqual([]);
    const after = await page(mishu, `/checks/${checkId}`);
    expect(after).toContain("专家查阅的佐证材料");
    const listed = after.slice(after.indexOf(`data-evidence="${evidenceId}"`));
    expect(listed).toMatch(/^data-evidence="\d+"><strong>孙立民<\/strong>/);
    expect(listed.slice(0, 300)).toContain(name);
  });
});

describe("closing a rectification of a failing indicator", () => {
  it("needs a value recorded since it was opened, or the reason why not", async () => {
    const rect = q<{ id: number; version: number; owner_unit_id: number }>("SELECT id, version, owner_unit_id FROM rectifications WHERE check_id = ? AND check_item_id = ?", checkId, indicatorItem.id);
    expect(rect).toBeDefined();
    const ownerLead = q<{ username: string }>("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'unit_lead' WHERE u.unit_id = ? LIMIT 1", rect.owner_unit_id);
    const owner = await signIn(ownerLead.username);
    const respond = (version: number) => post(owner, "/rectifications", { intent: "respond", id: rect.id, version, response: "已完成改进并复测" });
    expect((await respond(rect.version)).status).toBe(200);
    // The value recorded before the check was signed does not count.
    await refused(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 1, comment: "" }, 409, "须在整改开始后记录新的测量值");
    await refused(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 1, comment: "", noValueReason: "  " }, 409, "须在整改开始后记录新的测量值");

    // With the reason, it closes and the reason is kept and shown.
    const reason = "复测须待12月样机到货，先以设计复核报告核销";
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 1, comment: "", noValueReason: reason })).status).toBe(200);
    expect(q("SELECT status, no_value_reason AS r, closing_value_id AS v FROM rectifications WHERE id = ?", rect.id)).toEqual({ status: "closed", r: reason, v: null });
    expect(await page(lead, `/checks/${checkId}`)).toContain(`未取得新测量值的理由：${reason}`);

    // Returned, answered again, and a new value is recorded (an hour later): closing rests on it.
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "reopen", id: rect.id, version: rect.version + 2, comment: "须补实测" })).status).toBe(200);
    expect((await respond(rect.version + 3)).status).toBe(200);
    await srv.app.db.$clock.advance(3600_000);
    const ind = q<{ task_id: number; target: number }>("SELECT task_id, target FROM indicators WHERE id = ?", indicatorItem.ref_id);
    const recorded = await fetch(`${srv.url}/tasks/${ind.task_id}?intent=record&id=${indicatorItem.ref_id}`, {
      method: "POST",
      headers: { cookie: lead.cookie },
      body: multipart({ _csrf: lead.csrf, intent: "record", indicatorId: indicatorItem.ref_id, value: ind.target ?? 1, measuredOn: "2026-11-23", note: "整改后复测", confirmJump: "on" }, []),
    });
    expect(recorded.status).toBe(200);
    const value = q<{ id: number }>("SELECT id FROM indicator_values WHERE indicator_id = ? ORDER BY id DESC LIMIT 1", indicatorItem.ref_id);
    expect((await post(zhuanjia, `/checks/${checkId}`, { intent: "close", id: rect.id, version: rect.version + 4, comment: "复测达标" })).status).toBe(200);
    expect(q("SELECT status, no_value_reason AS r, closing_value_id AS v FROM rectifications WHERE id = ?", rect.id)).toEqual({ status: "closed", r: "", v: value.id });
    expect(await page(lead, `/checks/${checkId}`)).toContain("核销依据：新测量值");
  });
});

describe("acceptance signed by those who answer for it", () => {
  const task = () => q<{ id: number }>("SELECT id FROM tasks WHERE code = 'RX02-T04'"); // accepted by 灵犀科技 (seed)

  it("refuses a researcher of the accepting unit who is neither its lead nor his delegate, and a project lead, writing nothing", async () => {
    const deng = await signIn("deng_yu");
    await refused(deng, "/acceptance", { intent: "sign", taskId: task().id, decision: "accepted", comment: "" }, 403, "只有验收单位（灵犀科技）的单位负责人或其委托的人员可以签署验收");
    await refused(deng, "/acceptance", { intent: "delegate", taskId: task().id, version: 0, userId: userId("deng_yu") }, 403, "没有权限");
    const liMing = await signIn("li_ming"); // leads project 1, of 智元人形, which accepts RX02-T08
    const t8 = q<{ id: number }>("SELECT id FROM tasks WHERE code = 'RX02-T08'").id;
    await refused(liMing, "/acceptance", { intent: "sign", taskId: t8, decision: "accepted", comment: "" }, 403, "只有验收单位（智元人形）的单位负责人");
  });

  it("the unit lead delegates one person of his unit for the deliverable; the delegate signs, recorded as such", async () => {
    const li = await signIn("li_xiaoyan");
    const deng = await signIn("deng_yu");
    await refused(li, "/acceptance", { intent: "delegate", taskId: task().id, version: 0, userId: userId("jiang_hao") }, 400, "受委托人须是验收单位（灵犀科技）的在职人员");
    expect((await post(li, "/acceptance", { intent: "delegate", taskId: task().id, version: 0, userId: userId("deng_yu") })).status).toBe(200);
    expect(q("SELECT user_id AS u, delegated_by AS by, version FROM acceptance_delegations WHERE task_id = ?", task().id)).toEqual({ u: userId("deng_yu"), by: userId("li_xiaoyan"), version: 1 });
    expect(q<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'deliverable' ORDER BY id DESC LIMIT 1").action).toBe("deliverable.delegate");
    // A stale delegation is refused.
    await refused(li, "/acceptance", { intent: "delegate", taskId: task().id, version: 0, userId: userId("deng_yu") }, 409, "已被他人修改");
    expect(await page(deng, "/acceptance")).toContain("已委托 邓宇 签署");

    const res = await post(deng, "/acceptance", { intent: "sign", taskId: task().id, decision: "accepted", comment: "标定样件复测合格" });
    expect(res.status).toBe(200);
    expect(q("SELECT signed_by AS by, delegated_by AS lead FROM acceptances WHERE task_id = ? ORDER BY id DESC LIMIT 1", task().id)).toEqual({ by: userId("deng_yu"), lead: userId("li_xiaoyan") });
    expect(await page(li, "/acceptance")).toContain("受 李晓燕 委托");

    // Withdrawn: he may no longer sign.
    expect((await post(li, "/acceptance", { intent: "delegate", taskId: task().id, version: 1 })).status).toBe(200);
    await refused(deng, "/acceptance", { intent: "sign", taskId: task().id, decision: "rejected", comment: "再议" }, 403, "单位负责人或其委托的人员");
  });
});
