// 动态调整 and 责任清单 end to end: a real server on its own seeded SQLite file, model calls through the
// server's own context (real publisher), forms posted over HTTP with CSRF, real Socket.IO clients and the
// XLSX export read back with exceljs. Nothing is mocked.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Socket } from "socket.io-client";
import { actor } from "../helpers/db";
import { fingerprint } from "../helpers/db-fingerprint";
import { refusal } from "../helpers/refusals";
import { ask, connected, loginCookie, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { approveChange, proposeChange, rejectChange, withdrawChange } from "../../app/models/change-requests.server";
import { getChangeRequest } from "../../app/models/change-views.server";
import { responsibilityList, signList } from "../../app/models/responsibility.server";
import { isFrozen } from "../../app/models/responsibility-freeze.server";
import { updateTask } from "../../app/models/tasks.server";
import { taskHistory } from "../../app/models/task-history.server";
import { getIndicator } from "../../app/models/indicators.server";
import { updateIndicator } from "../../app/models/indicator-writes.server";
import { orderedItems } from "../../app/models/responsibility";
import { Msg, Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const as = (username: string) => actor(srv.app.db, username);
const ctx = () => srv.app.ctx;
const taskBy = (code: string) => q<any>("SELECT * FROM tasks WHERE code = ?", code);
const unitBy = (short: string) => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", short).id;
const userBy = (username: string) => q<{ id: number; unit_id: number }>("SELECT id, unit_id FROM users WHERE username = ?", username);

/** Everything a change request may touch: the board fingerprint plus the rows of the other tables it writes. */
function snapshot() {
  const sum = (table: string) => createHash("sha256").update(JSON.stringify(qa(`SELECT * FROM ${table} ORDER BY rowid`))).digest("hex");
  return { ...fingerprint(srv.app.db), indicators: sum("indicators"), units: sum("member_units"), requests: sum("change_requests"), signoffs: sum("responsibility_signoffs") };
}


const signIn = (username: string) => signInAs(srv.url, username, { page: "/changes" });
const post = (s: Session, path: string, fields: Fields) => postForm(srv.url, s, path, fields);

/** Resolves with the first event on a board that satisfies `match`. */
function eventWhere(s: Socket, boardId: string, match: (ev: any) => boolean, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(Push.events, on);
      reject(new Error(`no matching event on ${boardId}`));
    }, timeoutMs);
    const on = (events: any[]) => {
      const ev = events.find((e) => e.boardId === boardId && match(e));
      if (!ev) return;
      clearTimeout(timer);
      s.off(Push.events, on);
      resolve(ev);
    };
    s.on(Push.events, on);
  });
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("approving applies atomically", () => {
  // RX01-T09 (智元人形, owner li_ming) with two indicators; 智元人形 has not signed, the task is due 2027.
  let requestId: number;
  let version: number;
  let indicatorId: number;
  const newDue = "2027-02-26";

  it("a project lead proposes a date and target adjustment; the request keeps what it was made against", () => {
    const task = taskBy("RX01-T09");
    const ind = q<any>("SELECT * FROM indicators WHERE task_id = ? AND direction = 'higher' ORDER BY id LIMIT 1", task.id);
    indicatorId = ind.id;
    const v = proposeChange(ctx(), as("li_ming"), {
      kind: "adjust_task",
      reason: "正样评审推迟，顺延一个月",
      taskId: task.id,
      title: task.title, // unchanged: dropped
      dueOn: newDue,
      indicators: [{ id: ind.id, target: 90, dueOn: ind.due_on }],
    });
    requestId = v.id;
    version = v.version;
    expect(v).toMatchObject({ kind: "adjust_task", status: "pending", projectId: task.project_id, targetId: task.id, taskIds: [task.id] });
    expect(v.diff).toEqual([
      { subject: `task:${task.id}`, field: "dueOn", from: task.due_on, to: newDue },
      { subject: `indicator:${ind.id}`, field: "target", from: ind.target, to: 90 },
    ]);
    expect(JSON.parse(q<any>("SELECT payload FROM change_requests WHERE id = ?", v.id).payload)).toEqual({
      kind: "adjust_task",
      taskId: task.id,
      dueOn: newDue,
      indicators: [{ id: ind.id, target: 90 }],
    });
  });

  it("a failure injected after the first write of the approval leaves nothing partially applied", () => {
    const before = snapshot();
    for (const at of [1, 2]) {
      const err = (() => {
        try {
          approveChange(ctx(), as("shouxi"), { id: requestId, version, comment: "" }, { afterWrite: (n) => {
            if (n === at) throw new Error(`injected after write ${n}`);
          } });
        } catch (e) {
          return e as Error;
        }
        return null;
      })();
      expect(err?.message).toBe(`injected after write ${at}`);
      expect(snapshot()).toEqual(before);
    }
    expect(taskBy("RX01-T09").due_on).not.toBe(newDue);
    expect(getChangeRequest(srv.app.db, requestId)).toMatchObject({ status: "pending", version });
  });

  it("a later write that violates a rule rolls back the earlier ones too", () => {
    // The indicator's responsible person moves to another unit: the task write passes, the indicator write fails.
    const ind = getIndicator(srv.app.db, indicatorId);
    const person = ind.responsibleUserId!;
    const home = q<any>("SELECT unit_id FROM users WHERE id = ?", person).unit_id;
    srv.app.db.$client.prepare("UPDATE users SET unit_id = ? WHERE id = ?").run(unitBy("浙大"), person);
    const before = snapshot();
    const err = refusal(() => approveChange(ctx(), as("shouxi"), { id: requestId, version, comment: "" }));
    expect(err.code).toBe("ownerNotInUnit");
    expect(snapshot()).toEqual(before);
    srv.app.db.$client.prepare("UPDATE users SET unit_id = ? WHERE id = ?").run(home, person);
  });

  it("the chief scientist approves: task, indicator and request change together, all audited, visible in the task's history", () => {
    const audits = q<any>("SELECT max(id) AS id FROM audit_log").id;
    const done = approveChange(ctx(), as("shouxi"), { id: requestId, version, comment: "同意" });
    expect(done).toMatchObject({ status: "approved", decisionComment: "同意", deciderName: "吴振华" });
    expect(taskBy("RX01-T09").due_on).toBe(newDue);
    expect(getIndicator(srv.app.db, indicatorId).target).toBe(90);
    const actions = qa<any>("SELECT action FROM audit_log WHERE id > ? ORDER BY id", audits).map((a) => a.action);
    expect(actions).toContain("task.change_adjust");
    expect(actions).toContain("indicator.change_adjust");
    expect(actions.at(-1)).toBe("change.approve");
    // The task's history names the approved change (after it, the progress recomputed from the new target).
    const history = taskHistory(srv.app.db, as("li_ming"), taskBy("RX01-T09").id);
    const adjusted = history.find((h) => h.action === "task.change_adjust");
    expect(adjusted).toMatchObject({ by: "吴振华", fields: [{ field: "dueOn", from: expect.any(String), to: newDue }] });
    // Among the task's own newest rows (the history also tells of its indicators' changes).
    expect(history.filter((h) => h.entity === "task").indexOf(adjusted!)).toBeLessThan(2);
    // Decided once: a second approval is refused.
    expect(refusal(() => approveChange(ctx(), as("shouxi"), { id: requestId, version: done.version, comment: "" })).code).toBe("changeNotPending");
  });

  it("a request whose rows changed since it was made is refused as stale, with what changed", () => {
    const task = taskBy("RX01-T10"); // 浙大, not signed, due 2027
    const v = proposeChange(ctx(), as("li_ming"), { kind: "adjust_task", reason: "顺延", taskId: task.id, startOn: "2027-01-05" });
    updateTask(ctx(), as("li_ming"), { id: task.id, version: task.version, patch: { startOn: "2026-12-28" } });
    const before = snapshot();
    const err = refusal(() => approveChange(ctx(), as("shouxi"), { id: v.id, version: v.version, comment: "" }));
    expect(err.code).toBe("changeStale");
    expect(err.details.stale).toEqual([{ subject: `task:${task.id}`, field: "startOn", from: task.start_on, to: "2026-12-28" }]);
    expect(snapshot()).toEqual(before);
    expect(getChangeRequest(srv.app.db, v.id).stale).toHaveLength(1);
    withdrawChange(ctx(), as("li_ming"), { id: v.id, version: v.version });
  });
});

describe("who decides", () => {
  it("a researcher cannot approve, nor can the council approve a task change; both change nothing", () => {
    const suspension = q<any>("SELECT id, version FROM change_requests WHERE kind = 'suspend_task' AND status = 'pending'");
    const before = snapshot();
    for (const who of ["jiang_hao", "lishi"]) {
      const err = refusal(() => approveChange(ctx(), as(who), { id: suspension.id, version: suspension.version, comment: "" }));
      expect(err).toMatchObject({ code: "forbidden", status: 403 });
    }
    expect(snapshot()).toEqual(before);
  });

  it("a researcher's approval over HTTP is refused with a Chinese message", async () => {
    const suspension = q<any>("SELECT id, version FROM change_requests WHERE kind = 'suspend_task' AND status = 'pending'");
    const res = await post(await signIn("jiang_hao"), "/changes", { intent: "approve", id: suspension.id, version: suspension.version, comment: "" });
    expect(res.status).toBe(403);
    expect(res.html).toContain("您没有权限执行此操作");
    expect(q<any>("SELECT status FROM change_requests WHERE id = ?", suspension.id).status).toBe("pending");
  });

  it("the council admits a unit; the chief scientist cannot", () => {
    const admission = q<any>("SELECT id, version FROM change_requests WHERE kind = 'admit_unit' AND status = 'pending'");
    const before = snapshot();
    expect(refusal(() => approveChange(ctx(), as("shouxi"), { id: admission.id, version: admission.version, comment: "" })).code).toBe("forbidden");
    expect(snapshot()).toEqual(before);
    const done = approveChange(ctx(), as("lishi"), { id: admission.id, version: admission.version, comment: "理事会第三次会议审议通过" });
    const unit = q<any>("SELECT * FROM member_units WHERE name = '杭州未来智造检测技术有限公司'");
    expect(unit).toMatchObject({ short_name: "未来智造检测", kind: "service", sub_kind: "testing", is_sme: 1, left_on: null });
    expect(done).toMatchObject({ status: "approved", targetId: unit.id });
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'unit' AND entity_id = ?", String(unit.id)).action).toBe("unit.create");
  });

  it("removing a unit that still owns open work is refused at proposal", () => {
    const err = refusal(() => proposeChange(ctx(), as("mishu"), { kind: "remove_unit", reason: "退出", unitId: unitBy("驰动伺服"), leftOn: "2026-12-31" }));
    expect(err).toMatchObject({ code: "unitHasOpenTasks" });
    expect(err.details.n).toBeGreaterThan(0);
    // A unit lead may not propose member changes at all.
    expect(refusal(() => proposeChange(ctx(), as("zhou_guoqiang"), { kind: "remove_unit", reason: "退出", unitId: unitBy("钱塘科创"), leftOn: "2026-12-31" })).code).toBe("forbidden");
  });
});

describe("proposing every kind through the page's form", () => {
  it("a project lead's 新增 request (flat fields) creates the task on approval, audited as task.change_add", async () => {
    const lead = await signIn("li_ming");
    const jc = unitBy("精传减速");
    const res = await post(lead, "/changes", {
      intent: "propose",
      kind: "add_task",
      projectId: 1,
      title: "关节模组EMC整改",
      description: "针对EMC预测试暴露的问题整改驱动板布局",
      ownerUnitId: jc,
      ownerUserId: userBy("lin_feng").id,
      startOn: "2026-12-01",
      dueOn: "2027-02-28",
      isKey: "on",
      reason: "EMC预测试未通过，需新增整改任务",
    });
    expect(res.status).toBe(200);
    const r = q<any>("SELECT * FROM change_requests ORDER BY id DESC LIMIT 1");
    expect(r).toMatchObject({ kind: "add_task", status: "pending", project_id: 1, target_id: null });
    expect(JSON.parse(r.payload)).toMatchObject({ title: "关节模组EMC整改", ownerUnitId: jc, isKey: true, startOn: "2026-12-01" });
    expect(q<any>("SELECT count(*) AS n FROM tasks WHERE title = '关节模组EMC整改'").n).toBe(0);
    const done = approveChange(ctx(), as("shouxi"), { id: r.id, version: r.version, comment: "" });
    const task = q<any>("SELECT * FROM tasks WHERE title = '关节模组EMC整改'");
    expect(task).toMatchObject({ owner_unit_id: jc, is_key: 1, status: "not_started", due_on: "2027-02-28" });
    expect(task.code).toMatch(/^.+-T13$/);
    expect(done.targetId).toBe(task.id);
    expect(done.taskIds).toEqual([task.id]);
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = ?", String(task.id)).action).toBe("task.change_add");
  });

  it("the secretariat's admission request (nested unit fields) is validated by the member-unit schema", async () => {
    const mishu = await signIn("mishu");
    const bad = await post(mishu, "/changes", { intent: "propose", kind: "admit_unit", "unit.name": "", "unit.shortName": "甲", "unit.kind": "service", "unit.joinedOn": "2026-12-01", reason: "x" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("此项必填");
    const before = q<any>("SELECT count(*) AS n FROM change_requests").n;
    const ok = await post(mishu, "/changes", {
      intent: "propose",
      kind: "admit_unit",
      "unit.name": "宁波数智传感检测有限公司",
      "unit.shortName": "数智检测",
      "unit.kind": "service",
      "unit.subKind": "testing",
      "unit.isSme": "on",
      "unit.joinedOn": "2026-12-15",
      reason: "补充传感器检测能力",
    });
    expect(ok.status).toBe(200);
    expect(q<any>("SELECT count(*) AS n FROM change_requests").n).toBe(before + 1);
    expect(JSON.parse(q<any>("SELECT payload FROM change_requests ORDER BY id DESC LIMIT 1").payload).unit).toMatchObject({ name: "宁波数智传感检测有限公司", isSme: true, subKind: "testing" });
    // A project lead may not propose member changes.
    const lead = await post(await signIn("li_ming"), "/changes", { intent: "propose", kind: "remove_unit", unitId: unitBy("钱塘科创"), leftOn: "2026-12-31", reason: "x" });
    expect(lead.status).toBe(403);
  });

  it("the council approves a unit's removal: the unit gets its leaving date", () => {
    const qt = unitBy("钱塘科创");
    const v = proposeChange(ctx(), as("mishu"), { kind: "remove_unit", reason: "投资服务合同到期，经协商退出", unitId: qt, leftOn: "2026-12-31" });
    expect(v.diff).toEqual([{ subject: `unit:${qt}`, field: "leftOn", from: null, to: "2026-12-31" }]);
    expect(refusal(() => approveChange(ctx(), as("shouxi"), { id: v.id, version: v.version, comment: "" })).code).toBe("forbidden");
    approveChange(ctx(), as("lishi"), { id: v.id, version: v.version, comment: "" });
    expect(q<any>("SELECT left_on FROM member_units WHERE id = ?", qt).left_on).toBe("2026-12-31");
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'unit' AND entity_id = ? ORDER BY id DESC LIMIT 1", String(qt)).action).toBe("unit.update");
  });

  it("the requester withdraws; nobody else can", () => {
    const task = taskBy("RX01-T12");
    const v = proposeChange(ctx(), as("zhou_guoqiang"), { kind: "suspend_task", reason: "试制取消", taskId: task.id });
    expect(refusal(() => proposeChange(ctx(), as("zhou_guoqiang"), { kind: "suspend_task", reason: "再次", taskId: task.id })).code).toBe("changeDuplicate");
    expect(refusal(() => withdrawChange(ctx(), as("li_ming"), { id: v.id, version: v.version })).code).toBe("changeWithdrawOwn");
    expect(refusal(() => approveChange(ctx(), as("zhou_guoqiang"), { id: v.id, version: v.version, comment: "" })).code).toBe("forbidden");
    expect(withdrawChange(ctx(), as("zhou_guoqiang"), { id: v.id, version: v.version }).status).toBe("withdrawn");
    expect(taskBy("RX01-T12").status).toBe(task.status);
  });
});

describe("rejecting", () => {
  it("needs a comment, and a rejected request changes nothing but itself", async () => {
    const suspension = q<any>("SELECT id, version, target_id FROM change_requests WHERE kind = 'suspend_task' AND status = 'pending'");
    const shouxi = await signIn("shouxi");
    const noComment = await post(shouxi, "/changes", { intent: "reject", id: suspension.id, version: suspension.version, comment: "" });
    expect(noComment.status).toBe(400);
    expect(noComment.html).toContain("此项必填");
    const before = snapshot();
    const res = await post(shouxi, "/changes", { intent: "reject", id: suspension.id, version: suspension.version, comment: "示范线仍需快换方案作为备选，暂不中止" });
    expect(res.status).toBe(200);
    const after = snapshot();
    expect(after.tasksChecksum).toBe(before.tasksChecksum);
    expect(after.indicators).toBe(before.indicators);
    expect(after.units).toBe(before.units);
    expect(after.audit - before.audit).toBe(1);
    expect(q<any>("SELECT status FROM tasks WHERE id = ?", suspension.target_id).status).toBe("in_progress");
    expect(q<any>("SELECT status, decision_comment FROM change_requests WHERE id = ?", suspension.id)).toEqual({ status: "rejected", decision_comment: "示范线仍需快换方案作为备选，暂不中止" });
  });
});

describe("merging tasks", () => {
  it("B's indicators move to A, A's dates cover both, B is suspended and archived", () => {
    const a = taskBy("RX03-T09");
    const b = taskBy("RX03-T10");
    const bIndicators = qa<any>("SELECT id FROM indicators WHERE task_id = ? AND archived_at IS NULL", b.id).map((r) => r.id);
    expect(bIndicators.length).toBeGreaterThan(0);
    const lead = q<any>("SELECT u.username FROM projects p JOIN users u ON u.id = p.lead_user_id WHERE p.id = ?", a.project_id).username;
    const v = proposeChange(ctx(), as(lead), { kind: "merge_tasks", reason: "流片与回片测试由同一团队连续完成，合并管理", taskId: a.id, mergeId: b.id });
    approveChange(ctx(), as("shouxi"), { id: v.id, version: v.version, comment: "" });
    expect(taskBy("RX03-T09")).toMatchObject({ start_on: a.start_on, due_on: b.due_on });
    expect(taskBy("RX03-T10")).toMatchObject({ status: "suspended" });
    expect(taskBy("RX03-T10").archived_at).not.toBeNull();
    for (const id of bIndicators) expect(getIndicator(srv.app.db, id).taskId).toBe(a.id);
    expect(taskHistory(srv.app.db, as("shouxi"), b.id)[0]!.action).toBe("task.change_merged_into");
  });
});

describe("signed lists are frozen", () => {
  // 灵犀科技's lead signs its 2026 list; RX02-T08 (owner deng_yu, due 2026-12-22) is in it.
  it("the unit lead signs once per year; the seed's signature of 精传减速 is there too", () => {
    const lx = unitBy("灵犀科技");
    const task = taskBy("RX02-T08");
    expect(isFrozen(srv.app.db, { unitId: lx, dueOn: task.due_on })).toBe(false);
    expect(refusal(() => signList(ctx(), as("zhou_guoqiang"), { unitId: lx, year: 2026 })).code).toBe("forbidden");
    const s = signList(ctx(), as("li_xiaoyan"), { unitId: lx, year: 2026 });
    expect(s).toMatchObject({ unitId: lx, year: 2026, signerName: "李晓燕" });
    expect(isFrozen(srv.app.db, { unitId: lx, dueOn: task.due_on })).toBe(true);
    expect(isFrozen(srv.app.db, { unitId: lx, dueOn: "2027-06-22" })).toBe(false);
    expect(refusal(() => signList(ctx(), as("li_xiaoyan"), { unitId: lx, year: 2026 })).code).toBe("listAlreadySigned");
    expect(refusal(() => signList(ctx(), as("li_xiaoyan"), { unitId: lx, year: 2030 })).code).toBe("listEmpty");
    expect(q<any>("SELECT s.year, u.username FROM responsibility_signoffs s JOIN users u ON u.id = s.signed_by WHERE s.unit_id = ?", unitBy("精传减速"))).toEqual({ year: 2026, username: "zhou_guoqiang" });
  });

  it("a direct change of a frozen item's due date is refused with a clear Chinese message, over the socket too", async () => {
    const task = taskBy("RX02-T08");
    const s = socketFor(srv.url, await loginCookie(srv.url, "deng_yu"));
    sockets.push(s);
    await connected(s);
    const deng = as("deng_yu");
    const before = snapshot();
    const err = refusal(() => updateTask(ctx(), deng, { id: task.id, version: task.version, patch: { dueOn: "2026-12-20" } }));
    expect(err.code).toBe("listFrozen");
    const reply = await ask(s, Msg.taskUpdate, { id: task.id, version: task.version, patch: { dueOn: "2026-12-20" } });
    expect(reply).toMatchObject({ ok: false, code: "listFrozen" });
    expect(reply.message).toContain("灵犀科技 2026 年度已签署的责任清单");
    expect(reply.message).toContain("调整申请");
    expect(snapshot()).toEqual(before);
    // Fields the signature does not freeze still change directly.
    const ok = await ask(s, Msg.taskUpdate, { id: task.id, version: task.version, patch: { description: "补充：测试物体清单见附件" } });
    expect(ok.ok).toBe(true);
  });

  it("a frozen indicator's target is refused directly too", () => {
    const ind = q<any>("SELECT * FROM indicators WHERE task_id = ? AND direction = 'higher' LIMIT 1", taskBy("RX02-T08").id);
    const i = getIndicator(srv.app.db, ind.id);
    const err = refusal(() =>
      updateIndicator(ctx(), as("li_xiaoyan"), {
        id: i.id,
        version: i.version,
        name: i.name,
        unitOfMeasure: i.unitOfMeasure,
        baseline: i.baseline,
        target: (i.target ?? 0) + 2,
        direction: i.direction,
        dueOn: i.dueOn,
        responsibleUnitId: i.responsibleUnitId,
        responsibleUserId: i.responsibleUserId,
      }),
    );
    expect(err.code).toBe("listFrozen");
    expect(getIndicator(srv.app.db, ind.id).target).toBe(i.target);
  });

  it("the same change through an approved request works, and the list shows it against the signature", () => {
    const task = taskBy("RX02-T08");
    const v = proposeChange(ctx(), as("li_xiaoyan"), { kind: "adjust_task", reason: "测试台排期再次推迟", taskId: task.id, dueOn: "2026-12-20" });
    approveChange(ctx(), as("shouxi"), { id: v.id, version: v.version, comment: "同意" });
    expect(taskBy("RX02-T08").due_on).toBe("2026-12-20");
    const list = responsibilityList(srv.app.db, { unitId: task.owner_unit_id, year: 2026, today: "2026-11-23" });
    expect(list.signoff).toMatchObject({ signerName: "李晓燕" });
    expect(list.sinceSigning).toContainEqual(expect.objectContaining({ key: `task:${task.id}`, change: "changed", fields: [{ field: "dueOn", from: "2026-12-22", to: "2026-12-20" }] }));
  });
});

describe("signing over HTTP", () => {
  it("the unit lead signs once; others cannot; the signed year then freezes his unit's items", async () => {
    const zy = unitBy("智元人形");
    const lead = await signIn("wang_jianguo");
    const outsider = await post(await signIn("li_ming"), "/responsibility", { unitId: zy, year: 2026 });
    expect(outsider.status).toBe(403);
    const before = q<any>("SELECT count(*) AS n FROM responsibility_signoffs").n;
    const res = await post(lead, "/responsibility", { unitId: zy, year: 2026 });
    expect(res.status).toBe(200);
    expect(res.html).toContain("2026 年度责任清单已冻结");
    const row = q<any>("SELECT * FROM responsibility_signoffs WHERE unit_id = ? AND year = 2026", zy);
    expect(row.signed_by).toBe(userBy("wang_jianguo").id);
    const snap = JSON.parse(row.snapshot);
    const list = responsibilityList(srv.app.db, { unitId: zy, year: 2026, today: "2026-11-23" });
    expect(snap.items.map((i: any) => i.key)).toEqual(orderedItems(list.groups).map((i) => i.key));
    expect(q<any>("SELECT count(*) AS n FROM responsibility_signoffs").n).toBe(before + 1);
    expect(q<any>("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("list.sign");
    const again = await post(lead, "/responsibility", { unitId: zy, year: 2026 });
    expect(again.status).toBe(409);
    expect(again.html).toContain("已签署，不能重复签署");
    const t08 = taskBy("RX04-T08"); // 智元人形, due 2026-12-22
    expect(refusal(() => updateTask(ctx(), as("wang_jianguo"), { id: t08.id, version: t08.version, patch: { ownerUserId: userBy("liu_yang").id } })).code).toBe("listFrozen");
  });
});

describe("live and export", () => {
  it("an approval over HTTP reaches a second socket client: the task's new dates and the decided request", async () => {
    const lead = await signIn("li_ming");
    const task = taskBy("RX01-T11"); // 智元人形, due 2027: not frozen
    const proposed = await post(lead, "/changes", { intent: "propose", kind: "adjust_task", taskId: task.id, startOn: "2027-03-02", dueOn: "2027-07-06", reason: "环境试验箱排期调整" });
    expect(proposed.status).toBe(200);
    const request = q<any>("SELECT id, version FROM change_requests ORDER BY id DESC LIMIT 1");
    const watcher = socketFor(srv.url, lead.cookie);
    sockets.push(watcher);
    await connected(watcher);
    expect((await ask(watcher, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const taskEvent = eventWhere(watcher, "consortium", (ev) => ev.type === "task.upserted" && ev.payload.id === task.id);
    const changeEvent = eventWhere(watcher, "consortium", (ev) => ev.type === "change.upserted" && ev.payload.id === request.id && ev.payload.row.status === "approved");
    const res = await post(await signIn("shouxi"), "/changes", { intent: "approve", id: request.id, version: request.version, comment: "" });
    expect(res.status).toBe(200);
    // The requester is told in his inbox (kind change_decided).
    expect(q<any>("SELECT i.user_id, json_extract(i.params, '$.decision') AS decision FROM inbox_items i WHERE i.kind = 'change_decided' AND i.entity_id = ?", request.id)).toEqual({
      user_id: q<any>("SELECT requested_by FROM change_requests WHERE id = ?", request.id).requested_by,
      decision: "approved",
    });
    const ev = await taskEvent;
    expect(ev.payload.row).toMatchObject({ startOn: "2027-03-02", dueOn: "2027-07-06" });
    expect(ev.payload.action).toBe("change_adjust");
    const ch = await changeEvent;
    expect(ch.payload.row.diff).toContainEqual({ subject: `task:${task.id}`, field: "dueOn", from: task.due_on, to: "2027-07-06" });
    // The change event comes after the task event (same transaction, published in order).
    expect(ch.seq).toBeGreaterThan(ev.seq);
  });

  it("the XLSX of a unit's list reads back with the columns and rows of the page, overdue first", async () => {
    const cd = unitBy("驰动伺服");
    const cookie = await loginCookie(srv.url, "yang_fan");
    const res = await fetch(`${srv.url}/responsibility.xlsx?unit=${cd}&year=2026&paper=A3`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: "landscape" });
    expect(ws.getCell(1, 1).value).toBe("驰动伺服 2026 年度目标量化责任清单");
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(["序号", "事项", "类型", "所属项目", "责任单位", "责任人", "考核指标", "目标值", "截止日期", "状态", "进度"]);
    const items = orderedItems(responsibilityList(srv.app.db, { unitId: cd, year: 2026, today: "2026-11-23" }).groups);
    expect(items.length).toBeGreaterThan(2);
    const rows = items.map((_, n) => (ws.getRow(3 + n).values as unknown[]).slice(1));
    items.forEach((item, n) => {
      expect(rows[n]![0]).toBe(n + 1);
      expect(rows[n]![1]).toBe(`${item.code} ${item.title}`);
      expect(rows[n]![4]).toBe("驰动伺服");
      expect(rows[n]![8]).toBe(item.dueOn);
    });
    // RX01-T07 is overdue: it and its open indicators come first, marked red.
    expect(rows[0]![1]).toBe("RX01-T07 伺服驱动器高带宽电流环开发");
    expect(rows[0]![2]).toBe("任务");
    expect(rows[0]![9]).toBe("进行中");
    expect((ws.getCell(3, 9).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFF8D7DA");
    expect(ws.getRow(3 + items.length).values).toEqual([]);
    expect(String(ws.getCell(4 + items.length, 1).value)).toContain("单位负责人签字");
    // A4 is the default paper.
    const a4 = await fetch(`${srv.url}/responsibility.xlsx?unit=${cd}&year=2026`, { headers: { cookie } });
    const wb4 = new ExcelJS.Workbook();
    await wb4.xlsx.load(await a4.arrayBuffer());
    expect(wb4.worksheets[0]!.pageSetup.paperSize).toBe(9);
  });

  it("a person's list holds his tasks and the indicators he answers for", () => {
    const deng = userBy("deng_yu");
    const items = orderedItems(responsibilityList(srv.app.db, { userId: deng.id, year: 2026, today: "2026-11-23" }).groups);
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.userName).toBe("邓宇");
    expect(items.some((i) => i.kind === "task")).toBe(true);
    expect(items.some((i) => i.kind === "indicator")).toBe(true);
  });

  it("the seed's approved adjustment was applied to its task", () => {
    const r = q<any>("SELECT * FROM change_requests WHERE kind = 'adjust_task' AND status = 'approved' ORDER BY id LIMIT 1");
    expect(r.target_id).toBe(taskBy("RX01-T12").id);
    const payload = JSON.parse(r.payload);
    expect(payload.dueOn).toBe("2027-12-06");
    expect(JSON.parse(r.before)).toEqual({ [`task:${r.target_id}`]: { dueOn: "2027-11-22", archived: false } });
  });

  it("a rejected owner change from the seed stays rejected and the owner unchanged", () => {
    const r = q<any>("SELECT * FROM change_requests WHERE kind = 'adjust_task' AND status = 'rejected'");
    expect(taskBy("RX01-T07").owner_user_id).toBe(JSON.parse(r.before)[`task:${r.target_id}`].ownerUserId);
    expect(refusal(() => rejectChange(ctx(), as("shouxi"), { id: r.id, version: r.version, comment: "再次驳回" })).code).toBe("changeNotPending");
  });
});
