// 信用管理 over real HTTP (seed 002 七(三)): the secretariat and the council record dishonesty findings
// (with evidence) and de-list units; records are append-only (corrections and withdrawals are new rows, the
// table refuses UPDATE and DELETE); a unit lead reads only his own unit's records and their evidence; every
// refusal leaves the database unchanged; a de-listed unit keeps its records, has left (left_on set, audited),
// takes no new task, and its standing shows where the council decides admissions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connected, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Session } from "../helpers/forms";
import { multipart, PDF } from "../helpers/evidence-fixtures";
import { databaseDigest } from "../helpers/db-fingerprint";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const signIn = (username: string) => signInAs(srv.url, username, { page: "/" });
let mishu: Session, lishi: Session, zhou: Session, li: Session, deng: Session, liMing: Session;
let lx: { id: number; version: number; credit_code: string }, jc: { id: number }, dengId: number;
const today = "2026-11-23";

const send = (s: Session, intent: string, fields: Record<string, string | number>, files: { name: string; bytes: Uint8Array }[] = []) =>
  postForm(srv.url, s, `/credit?intent=${intent}&id=0`, multipart({ _csrf: s.csrf, intent, ...fields }, files));
const get = (s: Session, path: string) => fetch(srv.url + path, { headers: { cookie: s.cookie }, redirect: "manual" });

/** The write is refused with `status` and `text`, and no row of any table changed. */
async function refused(write: () => Promise<{ status: number; html: string }>, status: number, text: string) {
  const before = databaseDigest(srv.app.db);
  const res = await write();
  expect(res.status).toBe(status);
  expect(res.html).toContain(text);
  expect(databaseDigest(srv.app.db)).toBe(before);
}

const finding = { what: "2026 年度报告虚报灵巧手样机测试数据", occurredOn: "2026-11-02", decision: "理事会 2026-11-20 决定记入失信信息记录" };

beforeAll(async () => {
  srv = await startServer();
  lx = q("SELECT id, version, credit_code FROM member_units WHERE short_name = '灵犀科技'");
  jc = q("SELECT id FROM member_units WHERE short_name = '精传减速'");
  dengId = q<{ id: number }>("SELECT id FROM users WHERE username = 'deng_yu'").id;
  [mishu, lishi, zhou, li, deng, liMing] = await Promise.all(["mishu", "lishi", "zhou_guoqiang", "li_xiaoyan", "deng_yu", "li_ming"].map(signIn));
});
afterAll(async () => {
  await srv?.close();
});

describe("recording findings", () => {
  it("refuses those who may not record, a future date and a person of another unit; nothing written", async () => {
    await refused(() => send(deng, "finding", { unitId: lx.id, ...finding }), 403, "您没有权限执行此操作");
    await refused(() => send(zhou, "finding", { unitId: jc.id, ...finding }), 403, "您没有权限执行此操作");
    await refused(() => send(mishu, "finding", { unitId: lx.id, ...finding, occurredOn: "2026-12-01" }), 400, "日期不能晚于今天");
    await refused(() => send(mishu, "finding", { unitId: jc.id, userId: dengId, ...finding }), 400, "负责人必须属于承担单位");
    await refused(() => send(mishu, "finding", { unitId: lx.id, ...finding, what: "" }), 400, "此项必填");
  });

  it("records a finding against a person with evidence, audited", async () => {
    const res = await send(mishu, "finding", { unitId: lx.id, userId: dengId, ...finding }, [{ name: "核查报告.pdf", bytes: PDF }]);
    expect(res.status).toBe(200);
    const row = q<any>("SELECT * FROM credit_records ORDER BY id DESC LIMIT 1");
    expect(row).toMatchObject({ kind: "finding", unit_id: lx.id, user_id: dengId, what: finding.what, occurred_on: "2026-11-02", corrects_id: null });
    expect(row.recorded_at).toBe("2026-11-23T02:00:00.000Z");
    expect(q<any>("SELECT name FROM evidence_files WHERE subject_type = 'credit_record' AND subject_id = ?", row.id).name).toBe("核查报告.pdf");
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'credit' AND entity_id = ?", String(row.id)).action).toBe("credit.finding");
  });
});

describe("who reads", () => {
  it("the council and the secretariat read all; the unit's lead his own; others nothing", async () => {
    for (const s of [mishu, lishi]) expect(await (await get(s, "/credit")).text()).toContain(finding.what);
    const own = await get(li, "/credit");
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(finding.what);
    expect((await get(zhou, `/credit?unit=${lx.id}`)).status).toBe(403);
    expect(await (await get(zhou, "/credit")).text()).not.toContain(finding.what);
    expect((await get(liMing, "/credit")).status).toBe(403);
  });

  it("the evidence downloads only for those who read the record", async () => {
    const file = q<{ id: number }>("SELECT id FROM evidence_files WHERE subject_type = 'credit_record' ORDER BY id DESC LIMIT 1");
    expect((await get(lishi, `/evidence/${file.id}`)).status).toBe(200);
    expect((await get(li, `/evidence/${file.id}`)).status).toBe(200);
    expect((await get(zhou, `/evidence/${file.id}`)).status).toBe(403);
    expect((await get(deng, `/evidence/${file.id}`)).status).toBe(403);
  });
});

describe("append-only", () => {
  it("a correction is a new row; the original is unchanged; amending the old row again is stale", async () => {
    const original = q<any>("SELECT * FROM credit_records WHERE kind = 'finding' ORDER BY id DESC LIMIT 1");
    const res = await send(lishi, "correct", { recordId: original.id, what: "2026 年度报告虚报灵巧手样机寿命数据", occurredOn: "2026-11-03", decision: finding.decision, reason: "核查组更正了行为描述" });
    expect(res.status).toBe(200);
    expect(q<any>("SELECT * FROM credit_records WHERE id = ?", original.id)).toEqual(original);
    expect(q<any>("SELECT kind, corrects_id, what FROM credit_records WHERE corrects_id = ?", original.id)).toMatchObject({ kind: "correction", what: "2026 年度报告虚报灵巧手样机寿命数据" });
    await refused(() => send(mishu, "withdraw", { recordId: original.id, reason: "申诉成立" }), 409, "该记录已被他人更正或撤销");
    const page = await (await get(mishu, `/credit?unit=${lx.id}`)).text();
    expect(page).toContain("2026 年度报告虚报灵巧手样机寿命数据");
    expect(page).toContain("核查组更正了行为描述");
  });

  it("the table itself refuses UPDATE and DELETE", () => {
    expect(() => srv.app.db.$client.prepare("UPDATE credit_records SET what = 'x'").run()).toThrow(/append-only/);
    expect(() => srv.app.db.$client.prepare("DELETE FROM credit_records").run()).toThrow(/append-only/);
  });
});

describe("de-listing (摘牌)", () => {
  it("is refused to the unit lead and on a stale page; nothing written", async () => {
    const fields = { unitId: lx.id, version: lx.version, what: "严重弄虚作假", occurredOn: today, decision: "省科技厅决定予以摘牌" };
    await refused(() => send(li, "delist", fields), 403, "您没有权限执行此操作");
    await refused(() => send(mishu, "delist", { ...fields, version: lx.version + 5 }), 409, "该记录已被他人修改");
  });

  it("records the decision, sets left_on (audited) and keeps every record; the unit takes no new task", async () => {
    const res = await send(mishu, "delist", { unitId: lx.id, version: lx.version, what: "严重弄虚作假", occurredOn: today, decision: "省科技厅决定予以摘牌" });
    expect(res.status).toBe(200);
    expect(q<any>("SELECT left_on FROM member_units WHERE id = ?", lx.id).left_on).toBe(today);
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'unit' AND entity_id = ? ORDER BY id DESC", String(lx.id)).action).toBe("unit.update");
    expect(q<any>("SELECT count(*) AS n FROM credit_records WHERE unit_id = ?", lx.id).n).toBe(3);
    const page = await (await get(lishi, `/credit?unit=${lx.id}`)).text();
    expect(page).toContain("严重弄虚作假");
    expect(page).toContain("2026 年度报告虚报灵巧手样机寿命数据");
    // Not offered, and refused by the server.
    const project = q<{ project_id: number }>("SELECT project_id FROM project_units WHERE unit_id = ? LIMIT 1", lx.id);
    const board = socketFor(srv.url, mishu.cookie);
    await connected(board);
    const before = databaseDigest(srv.app.db);
    const ack = await ask(board, Msg.taskCreate, { projectId: project.project_id, title: "摘牌后新任务", ownerUnitId: lx.id, startOn: "2026-12-01", dueOn: "2026-12-31" });
    board.disconnect();
    expect(ack).toMatchObject({ ok: false, code: "unitHasLeft" });
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("cannot be withdrawn nor repeated; nothing written", async () => {
    const delisting = q<any>("SELECT id FROM credit_records WHERE kind = 'delisting'");
    await refused(() => send(lishi, "withdraw", { recordId: delisting.id, reason: "误判" }), 400, "摘牌决定不能撤销");
    const unit = q<any>("SELECT version FROM member_units WHERE id = ?", lx.id);
    await refused(() => send(mishu, "delist", { unitId: lx.id, version: unit.version, what: "再次", occurredOn: today, decision: "再次" }), 409, "该单位已退出联合体");
  });

  it("shows the standing where the council decides an admission of the former member", async () => {
    const res = await postForm(
      srv.url,
      mishu,
      "/changes",
      multipart({ _csrf: mishu.csrf, intent: "propose", kind: "admit_unit", "unit.name": "杭州灵犀新手科技有限公司", "unit.shortName": "灵犀新手", "unit.kind": "enterprise", "unit.creditCode": lx.credit_code, "unit.joinedOn": "2026-12-15", reason: "重新申请加入" }, []),
    );
    expect(res.status).toBe(200);
    const page = await (await get(lishi, "/changes?status=pending&kind=admit_unit")).text();
    expect(page).toContain("该单位曾为成员单位");
    expect(page).toContain("曾于 2026-11-23 被摘牌");
    expect(page).toContain(`/credit?unit=${lx.id}`);
    // A researcher sees the request but not the standing.
    expect(await (await get(deng, "/changes?status=pending&kind=admit_unit")).text()).not.toContain("data-testid=\"credit-standing\"");
  });
});
