// 销号 and 下家考核上家 end to end: real server and SQLite, forms (multipart with evidence files) posted over
// HTTP with CSRF, board events and personal notifications on real sockets. Today is pinned to 2026-11-23;
// the seed has an open round 2026-11 with proposals for RX01-T06 / RX04-T06 (智元人形) and RX03-T05.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { actor } from "../helpers/db";
import { PDF, TXT } from "../helpers/evidence-fixtures";
import { recordValue } from "../../app/models/indicator-writes.server";
import { createTask } from "../../app/models/tasks.server";
import { Msg, Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const all = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const count = (sql: string, ...args: unknown[]) => q<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...args).n;
const taskOf = (code: string) => q<{ id: number; status: string; version: number; owner_unit_id: number; project_id: number }>("SELECT * FROM tasks WHERE code = ?", code);
const proposalOf = (code: string) => q<any>("SELECT p.* FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id WHERE t.code = ? ORDER BY p.id DESC LIMIT 1", code);

const signIn = (username: string) => signInAs(srv.url, username, { page: "/closeout" });
const post = (s: Session, fields: Fields, path = "/closeout") => postForm(srv.url, s, path, fields);
const postFiles = (s: Session, fields: Record<string, string | number>, files: { name: string; bytes: Uint8Array }[], path = "/closeout") =>
  postForm(srv.url, s, path, fields, { files });
function nextNotify(s: Socket, kind: string, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} notify`)), timeoutMs);
    const on = (p: any) => {
      if (p?.kind !== kind) return;
      clearTimeout(timer);
      s.off(Push.notify, on);
      resolve(p);
    };
    s.on(Push.notify, on);
  });
}
/** The proposal form's fields for a task: one item per live indicator, in order. */
const indicatorsOf = (taskId: number) => all<{ id: number; name: string }>("SELECT id, name FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id", taskId);

let mishu: Session, jiang: Session, shouxi: Session, wangJianguo: Session, zhouGuoqiang: Session, liXiaoyan: Session, caoJun: Session, xuWenjie: Session;
let mishuSocket: Socket;

beforeAll(async () => {
  srv = await startServer();
  [mishu, jiang, shouxi, wangJianguo, zhouGuoqiang, liXiaoyan, caoJun, xuWenjie] = await Promise.all(
    ["mishu", "jiang_hao", "shouxi", "wang_jianguo", "zhou_guoqiang", "li_xiaoyan", "cao_jun", "xu_wenjie"].map(signIn),
  );
  mishuSocket = socketFor(srv.url, mishu.cookie);
  sockets.push(mishuSocket);
  await connected(mishuSocket);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("approvers outside the executing unit", () => {
  it("the executing unit's own lead cannot approve; nor can mishu, the secretary who belongs to 智元人形", async () => {
    const p = proposalOf("RX01-T06"); // 智元人形's task, proposed in the seed
    expect(p).toMatchObject({ status: "proposed", version: 1 });
    const audits = count("audit_log");
    const lead = await post(wangJianguo, { intent: "approve", id: p.id, version: 1 });
    expect(lead.status).toBe(403);
    expect(lead.html).toContain("您没有权限执行此操作");
    const sec = await post(mishu, { intent: "approve", id: p.id, version: 1 });
    expect(sec.status).toBe(403);
    expect(sec.html).toContain("不能审批本单位承担的任务");
    const ret = await post(mishu, { intent: "return", id: p.id, version: 1, comment: "退回试试" });
    expect(ret.status).toBe(403);
    expect(proposalOf("RX01-T06")).toMatchObject({ status: "proposed", version: 1, decided_by: null });
    expect(taskOf("RX01-T06").status).toBe("pending_closeout");
    expect(count("audit_log")).toBe(audits);
    // The page does not offer him the decision either.
    const page = await (await fetch(`${srv.url}/closeout`, { headers: { cookie: mishu.cookie } })).text();
    expect(page).toContain("本单位任务，您不能审批");
  });

  it("the chief scientist of 具身实验室 cannot approve that unit's task; the secretariat (another unit) can", async () => {
    // A finished 具身实验室 task without indicators (recorded progress 100 %), proposed by its unit lead.
    const sec = actor(srv.app.db, "mishu");
    const project = q<{ id: number }>("SELECT project_id AS id FROM tasks WHERE code = 'RX02-T01'").id;
    const unit = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '具身实验室'").id;
    const created = createTask(srv.app.ctx, sec, { projectId: project, title: "灵巧手遥操作数据采集规范", description: "", ownerUnitId: unit, startOn: "2026-09-01", dueOn: "2026-11-20", isKey: false, status: "in_progress" });
    srv.app.db.$client.prepare("UPDATE tasks SET progress = 100 WHERE id = ?").run(created.id);
    expect((await post(xuWenjie, { intent: "propose", taskId: created.id, note: "规范已发布" })).status).toBe(200);
    const p = proposalOf(created.code);
    const refused = await post(shouxi, { intent: "approve", id: p.id, version: p.version });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("不能审批本单位承担的任务");
    expect(q<any>("SELECT status FROM tasks WHERE id = ?", created.id).status).toBe("pending_closeout");
    expect((await post(mishu, { intent: "approve", id: p.id, version: p.version })).status).toBe(200);
    expect(q<any>("SELECT status FROM tasks WHERE id = ?", created.id).status).toBe("closed");
  });
});

describe("propose with evidence, return, propose again, approve", () => {
  let first: any;

  it("a researcher records a value, proposes his task with a file per indicator and a waiver; approvers are notified", async () => {
    const task = taskOf("RX01-T08"); // 精传减速, jiang_hao's, in progress
    const [hours, samples] = indicatorsOf(task.id);
    recordValue(srv.app.ctx, actor(srv.app.db, "jiang_hao"), { indicatorId: hours!.id, value: 10000, measuredOn: "2026-11-20", note: "寿命试验完成" }, []);
    // The server's connection tells the boards once the write is on disk (group commit): let that pass first.
    await srv.app.db.$durable?.();
    const audits = count("audit_log");
    const live = nextNotify(mishuSocket, "closeout");
    const events = new Promise<any[]>((resolve) => {
      const got: any[] = [];
      const on = (evs: any[]) => {
        got.push(...evs.filter((ev) => ev.boardId === "consortium"));
        if (got.length >= 2) {
          mishuSocket.off(Push.events, on);
          resolve(got.slice(0, 2));
        }
      };
      mishuSocket.on(Push.events, on);
    });
    expect((await ask(mishuSocket, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const res = await postFiles(
      jiang,
      {
        intent: "propose",
        taskId: task.id,
        note: "1万小时寿命试验完成，背隙与效率衰减曲线见报告",
        "items[0].indicatorId": hours!.id,
        "items[0].fileCount": 2,
        "items[1].indicatorId": samples!.id,
        "items[1].fileCount": 1,
        "items[1].waiverReason": "2件样件用于正样装配验证，未参与寿命试验",
      },
      [
        { name: "寿命试验报告.pdf", bytes: PDF },
        { name: "背隙记录.txt", bytes: TXT },
        { name: "样件清单.txt", bytes: TXT },
      ],
    );
    expect(res.status).toBe(200);
    first = proposalOf("RX01-T08");
    expect(first).toMatchObject({ status: "proposed", version: 1, note: "1万小时寿命试验完成，背隙与效率衰减曲线见报告" });
    const items = all<any>("SELECT * FROM closeout_items WHERE proposal_id = ? ORDER BY indicator_id", first.id);
    expect(items.map((i) => [i.indicator_id, i.waiver_reason])).toEqual([
      [hours!.id, null],
      [samples!.id, "2件样件用于正样装配验证，未参与寿命试验"],
    ]);
    const files = all<any>("SELECT subject_id, name FROM evidence_files WHERE subject_type = 'closeout_item' AND subject_id IN (?, ?) ORDER BY id", items[0].id, items[1].id);
    expect(files).toEqual([
      { subject_id: items[0].id, name: "寿命试验报告.pdf" },
      { subject_id: items[0].id, name: "背隙记录.txt" },
      { subject_id: items[1].id, name: "样件清单.txt" },
    ]);
    expect(taskOf("RX01-T08").status).toBe("pending_closeout");
    const actions = all<{ action: string }>("SELECT action FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - ? ORDER BY id", count("audit_log") - audits).map((a) => a.action);
    expect(actions).toEqual(["evidence.upload", "evidence.upload", "evidence.upload", "task.closeoutPropose", "closeout.propose"]);
    expect((await live).proposal).toMatchObject({ id: first.id, taskCode: "RX01-T08", status: "proposed" });
    const evs = await events;
    expect(evs.map((e) => e.type)).toEqual(["task.upserted", "closeout.upserted"]);
    expect(evs[0].payload.row.status).toBe("pending_closeout");
    // The approver's page shows it with the evidence links and the waiver.
    const page = await (await fetch(`${srv.url}/closeout`, { headers: { cookie: mishu.cookie } })).text();
    expect(page).toContain("寿命试验报告.pdf");
    expect(page).toContain("2件样件用于正样装配验证");
  });

  it("a second proposal while one is pending is refused", async () => {
    const task = taskOf("RX01-T08");
    const [h, s] = indicatorsOf(task.id);
    const res = await post(jiang, { intent: "propose", taskId: task.id, "items[0].indicatorId": h!.id, "items[1].indicatorId": s!.id, "items[1].waiverReason": "同上" });
    expect(res.status).toBe(409);
    expect(res.html).toContain("已有待审批的销号申请");
  });

  it("returning needs a comment; a stale version is refused; a return puts the task back in progress", async () => {
    const empty = await post(mishu, { intent: "return", id: first.id, version: 1, comment: "" });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("此项必填");
    const stale = await post(mishu, { intent: "return", id: first.id, version: 0, comment: "x" });
    expect(stale.status).toBe(409);
    expect(proposalOf("RX01-T08")).toMatchObject({ status: "proposed", version: 1 });
    const jiangSocket = socketFor(srv.url, jiang.cookie);
    sockets.push(jiangSocket);
    await connected(jiangSocket);
    const toProposer = nextNotify(jiangSocket, "closeout");
    const ok = await post(mishu, { intent: "return", id: first.id, version: 1, comment: "样件数量豁免需附正样装配计划，请补充后重新申请" });
    expect(ok.status).toBe(200);
    expect(proposalOf("RX01-T08")).toMatchObject({ status: "returned", version: 2, decision_comment: "样件数量豁免需附正样装配计划，请补充后重新申请" });
    expect(taskOf("RX01-T08").status).toBe("in_progress");
    expect((await toProposer).proposal).toMatchObject({ status: "returned" });
  });

  it("the returned proposal can be proposed again: a new proposal, the returned one stays in the history", async () => {
    const task = taskOf("RX01-T08");
    const [h, s] = indicatorsOf(task.id);
    const res = await postFiles(
      jiang,
      { intent: "propose", taskId: task.id, note: "已补充正样装配计划", "items[0].indicatorId": h!.id, "items[1].indicatorId": s!.id, "items[1].waiverReason": "2件用于正样装配，计划见附件", "items[1].fileCount": 1 },
      [{ name: "正样装配计划.pdf", bytes: PDF }],
    );
    expect(res.status).toBe(200);
    const rows = all<any>("SELECT id, status, decision_comment FROM closeout_proposals WHERE task_id = ? ORDER BY id", task.id);
    expect(rows.map((r) => r.status)).toEqual(["returned", "proposed"]);
    expect(rows[0].decision_comment).toContain("请补充后重新申请");
    expect(taskOf("RX01-T08").status).toBe("pending_closeout");
    // The round counts the task once, by its latest proposal; the return is still counted as a decision.
    const round = q<{ id: number }>("SELECT id FROM closeout_rounds WHERE status = 'open'");
    const summary = await (await fetch(`${srv.url}/closeout/${round.id}`, { headers: { cookie: mishu.cookie } })).text();
    expect(summary).toContain("样件数量豁免需附正样装配计划");
    expect(summary).toContain("已补充正样装配计划");
  });

  it("the secretariat approves: the task is 已销号 live on the board, the waiver is recorded on the indicator", async () => {
    const p = proposalOf("RX01-T08");
    const task = taskOf("RX01-T08");
    const closed = new Promise<any>((resolve) => {
      const on = (evs: any[]) => {
        const ev = evs.find((e) => e.boardId === "consortium" && e.type === "task.upserted" && e.payload.row.status === "closed");
        if (ev) {
          mishuSocket.off(Push.events, on);
          resolve(ev);
        }
      };
      mishuSocket.on(Push.events, on);
    });
    expect((await post(mishu, { intent: "approve", id: p.id, version: p.version, comment: "同意销号" })).status).toBe(200);
    expect((await closed).payload.row).toMatchObject({ id: task.id, status: "closed" });
    expect(proposalOf("RX01-T08")).toMatchObject({ status: "approved", decision_comment: "同意销号" });
    const [, samples] = indicatorsOf(task.id);
    expect(q<any>("SELECT waived_reason FROM indicators WHERE id = ?", samples!.id).waived_reason).toBe("2件用于正样装配，计划见附件");
    // Closed is final: neither moved back on the board nor proposed again.
    const move = await ask(mishuSocket, Msg.taskMove, { id: task.id, version: taskOf("RX01-T08").version, toStatus: "in_progress" });
    expect(move.ok).toBe(false);
    const again = await post(jiang, { intent: "propose", taskId: task.id });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(taskOf("RX01-T08").status).toBe("closed");
  });
});

describe("withdrawing", () => {
  it("the proposer withdraws before a decision: the task is back in progress; a colleague of the unit may not", async () => {
    const p = proposalOf("RX01-T06"); // liu_yang's task, proposed by him in the seed
    const [liuYang, chenJing] = await Promise.all([signIn("liu_yang"), signIn("chen_jing")]);
    expect((await post(chenJing, { intent: "withdraw", id: p.id, version: p.version })).status).toBe(403);
    expect(proposalOf("RX01-T06").status).toBe("proposed");
    expect((await post(liuYang, { intent: "withdraw", id: p.id, version: p.version })).status).toBe(200);
    expect(proposalOf("RX01-T06")).toMatchObject({ status: "withdrawn", decided_by: null });
    expect(taskOf("RX01-T06").status).toBe("in_progress");
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'closeout_proposal' ORDER BY id DESC LIMIT 1").action).toBe("closeout.withdraw");
    // Nothing left to decide.
    expect((await post(shouxi, { intent: "approve", id: p.id, version: p.version + 1 })).status).toBe(409);
  });
});

describe("a unit without accounts: its project's lead proposes on its behalf (代为提出)", () => {
  /** A finished task of project RX-05 owned by `unit`, created by the secretariat. */
  const finishedTask = (unit: string, title: string) => {
    const project = q<{ id: number }>("SELECT project_id AS id FROM tasks WHERE code = 'RX05-T01'").id;
    const unitId = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", unit).id;
    const created = createTask(srv.app.ctx, actor(srv.app.db, "mishu"), { projectId: project, title, description: "", ownerUnitId: unitId, startOn: "2026-09-01", dueOn: "2026-11-20", isKey: false, status: "in_progress" });
    srv.app.db.$client.prepare("UPDATE tasks SET progress = 100 WHERE id = ?").run(created.id);
    return created;
  };

  it("another project's lead and a researcher of the project are refused; nothing is written", async () => {
    expect(count("users WHERE unit_id = (SELECT id FROM member_units WHERE short_name = '概念验证') AND active = 1")).toBe(0);
    const task = finishedTask("概念验证", "示范场景投资回报测算");
    const [liMing, yuTao] = await Promise.all([signIn("li_ming"), signIn("yu_tao")]);
    const audits = count("audit_log");
    for (const who of [liMing, yuTao]) {
      const refused = await post(who, { intent: "propose", taskId: task.id, note: "代为提出试试" });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("您没有权限执行此操作");
    }
    expect(count("closeout_proposals WHERE task_id = ?", task.id)).toBe(0);
    expect(count("audit_log")).toBe(audits);
    expect(taskOf(task.code).status).toBe("in_progress");
  });

  it("the project's lead may not speak for a unit that has accounts, and is told why in Chinese", async () => {
    const task = finishedTask("浙工大", "示范产线节拍仿真复核");
    const heChunsheng = await signIn("he_chunsheng");
    const audits = count("audit_log");
    const refused = await post(heChunsheng, { intent: "propose", taskId: task.id, note: "代为提出试试" });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("浙工大 有可用账号，销号须由任务负责人或该单位负责人提出");
    expect(count("closeout_proposals WHERE task_id = ?", task.id)).toBe(0);
    expect(count("audit_log")).toBe(audits);
  });

  it("the project's lead proposes for 概念验证: recorded and shown as 代为提出 by him; someone outside the unit decides", async () => {
    const task = finishedTask("概念验证", "示范场景技术经济性复评");
    const heChunsheng = await signIn("he_chunsheng");
    const html = async (who: Session, path: string) => (await fetch(`${srv.url}${path}`, { headers: { cookie: who.cookie } })).text();
    expect(await html(heChunsheng, `/closeout?task=${task.id}`)).toContain("概念验证 没有可用账号：由项目负责人代为提出销号申请");
    expect((await post(heChunsheng, { intent: "propose", taskId: task.id, note: "概念验证中心无系统账号，由项目负责人代为提出。" })).status).toBe(200);
    const p = proposalOf(task.code);
    expect(p).toMatchObject({ status: "proposed", proposed_by: q<{ id: number }>("SELECT id FROM users WHERE username = 'he_chunsheng'").id });
    expect(taskOf(task.code).status).toBe("pending_closeout");
    const audit = q<{ user_id: number; after: string }>("SELECT user_id, after FROM audit_log WHERE entity = 'closeout_proposal' AND action = 'closeout.propose' AND entity_id = ?", String(p.id));
    expect(audit.user_id).toBe(p.proposed_by);
    expect(JSON.parse(audit.after)).toMatchObject({ onBehalf: true, proposerName: "何春生" });
    expect(await html(mishu, "/closeout")).toMatch(/何春生[\s\S]{0,200}代为提出/);
    // He proposes; he does not decide (no approve right); the secretariat, outside the unit, does.
    expect((await post(heChunsheng, { intent: "approve", id: p.id, version: p.version })).status).toBe(403);
    expect((await post(mishu, { intent: "approve", id: p.id, version: p.version, comment: "材料齐全，同意销号。" })).status).toBe(200);
    expect(taskOf(task.code).status).toBe("closed");
  });
});

describe("下家考核上家: the accepting unit's signed acceptance", () => {
  it("close-out of a task that names an accepting unit is refused until that unit accepted it", async () => {
    const task = taskOf("RX02-T04"); // 感知力传, accepted by 灵犀科技 (seed)
    const items = Object.fromEntries(indicatorsOf(task.id).flatMap((i, k) => [[`items[${k}].indicatorId`, i.id]]));
    const before = count("closeout_proposals");
    const refused = await post(caoJun, { intent: "propose", taskId: task.id, ...items });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("交付物尚未经灵犀科技签署验收");
    expect(count("closeout_proposals")).toBe(before);

    // Neither another unit's lead nor the executing unit's own lead may sign for 灵犀科技.
    expect((await post(zhouGuoqiang, { intent: "sign", taskId: task.id, decision: "accepted" }, "/acceptance")).status).toBe(403);
    expect((await post(caoJun, { intent: "sign", taskId: task.id, decision: "accepted" }, "/acceptance")).status).toBe(403);
    // A rejection needs reasons.
    expect((await post(liXiaoyan, { intent: "sign", taskId: task.id, decision: "rejected", comment: "" }, "/acceptance")).status).toBe(400);
    const rejected = await postFiles(liXiaoyan, { intent: "sign", taskId: task.id, decision: "rejected", comment: "耦合误差复测2.6%FS，超出要求" }, [{ name: "复测记录.pdf", bytes: PDF }], "/acceptance");
    expect(rejected.status).toBe(200);
    expect((await post(caoJun, { intent: "propose", taskId: task.id, ...items })).html).toContain("交付物验收未通过（灵犀科技）");

    const signed = await postFiles(liXiaoyan, { intent: "sign", taskId: task.id, decision: "accepted", comment: "整改后复测1.6%FS，验收通过" }, [{ name: "验收单.pdf", bytes: PDF }], "/acceptance");
    expect(signed.status).toBe(200);
    const rows = all<any>("SELECT decision, signed_by FROM acceptances WHERE task_id = ? ORDER BY id", task.id);
    expect(rows.map((r) => r.decision)).toEqual(["rejected", "accepted"]);
    expect(count("evidence_files WHERE subject_type = 'acceptance'")).toBe(2);
    expect((await post(caoJun, { intent: "propose", taskId: task.id, ...items })).status).toBe(200);
    expect(proposalOf("RX02-T04").status).toBe("proposed");
  });

  it("the accepting unit cannot be the executing unit; only someone who may edit the task sets the requirement", async () => {
    const task = taskOf("RX01-T07"); // 驰动伺服
    const own = task.owner_unit_id;
    const zy = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '智元人形'").id;
    const self = await post(mishu, { intent: "set", taskId: task.id, version: 0, deliverable: "伺服驱动器样机", acceptingUnitId: own, acceptanceKind: "downstream" }, "/acceptance");
    expect(self.status).toBe(400);
    expect(self.html).toContain("验收单位不能是任务的承担单位");
    expect((await post(jiang, { intent: "set", taskId: task.id, version: 0, deliverable: "伺服驱动器样机", acceptingUnitId: zy, acceptanceKind: "system" }, "/acceptance")).status).toBe(403);
    expect((await post(mishu, { intent: "set", taskId: task.id, version: 0, deliverable: "伺服驱动器样机", acceptingUnitId: zy, acceptanceKind: "system" }, "/acceptance")).status).toBe(200);
    expect((await post(mishu, { intent: "set", taskId: task.id, version: 0, deliverable: "重复创建", acceptingUnitId: zy, acceptanceKind: "system" }, "/acceptance")).status).toBe(409);
    expect(q<any>("SELECT deliverable, version FROM task_deliverables WHERE task_id = ?", task.id)).toEqual({ deliverable: "伺服驱动器样机", version: 1 });
    // 智元人形's lead sees it waiting for his unit.
    const page = await (await fetch(`${srv.url}/acceptance`, { headers: { cookie: wangJianguo.cookie } })).text();
    expect(page).toContain("伺服驱动器样机");
    expect((await post(mishu, { intent: "clear", taskId: task.id, version: 1 }, "/acceptance")).status).toBe(200);
    expect(count("task_deliverables WHERE task_id = ?", task.id)).toBe(0);
  });
});

describe("rounds", () => {
  it("one open round per period; closing it stops new proposals; only the secretariat opens and closes", async () => {
    const round = q<{ id: number; version: number; period: string }>("SELECT id, version, period FROM closeout_rounds WHERE status = 'open'");
    expect(round.period).toBe("2026-11");
    const dup = await post(mishu, { intent: "open" });
    expect(dup.status).toBe(409);
    expect(dup.html).toContain("该期间已有开放的销号轮次");
    expect((await post(jiang, { intent: "close", id: round.id, version: round.version })).status).toBe(403);
    expect((await post(mishu, { intent: "close", id: round.id, version: round.version })).status).toBe(200);
    expect(q<any>("SELECT status, closed_by FROM closeout_rounds WHERE id = ?", round.id).status).toBe("closed");
    // Still-open proposals remain decidable; new ones wait for a round.
    const deng = await signIn("deng_yu");
    const noRound = await post(deng, { intent: "propose", taskId: taskOf("RX02-T08").id });
    expect(noRound.status).toBe(409);
    expect(noRound.html).toContain("当前没有开放的销号轮次");
    const p = proposalOf("RX04-T06");
    expect((await post(shouxi, { intent: "approve", id: p.id, version: p.version })).status).toBe(200);
    // A new round for the month opens with the setting's default closing day.
    expect((await post(mishu, { intent: "open" })).status).toBe(200);
    expect(q<any>("SELECT name, closes_on, status FROM closeout_rounds ORDER BY id DESC LIMIT 1")).toEqual({ name: "2026年11月销号轮次", closes_on: "2026-11-28", status: "open" });
  });
});
