// Reminders and supervision end to end: real server, real SQLite, forms posted over HTTP with CSRF, and
// the unit lead's own socket receiving the live "notify".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { connected, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => q<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...args).n;

const signIn = (username: string) => signInAs(srv.url, username, { page: "/notices" });
const post = (s: Session, fields: Fields) => postForm(srv.url, s, "/notices", fields);
/** The next bell update (kind "notice"; the same write also pushes the person's new inbox row). */
function nextNotify(s: Socket, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notify")), timeoutMs);
    const on = (p: any) => {
      if (p?.kind !== "notice") return;
      clearTimeout(timer);
      s.off(Push.notify, on);
      resolve(p);
    };
    s.on(Push.notify, on);
  });
}

// RX01-T07 of 驰动伺服, due 2026-09-22 and in progress: late on 2026-11-23. Its unit lead is yang_fan.
let lateTask: { id: number; owner_unit_id: number };
let mishu: Session, yang: Session, zhou: Session;
let yangSocket: Socket;

beforeAll(async () => {
  srv = await startServer();
  lateTask = q("SELECT id, owner_unit_id FROM tasks WHERE code = 'RX01-T07'");
  [mishu, yang, zhou] = await Promise.all([signIn("mishu"), signIn("yang_fan"), signIn("zhou_guoqiang")]);
  yangSocket = socketFor(srv.url, yang.cookie);
  sockets.push(yangSocket);
  await connected(yangSocket);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("reminders and supervision notices", () => {
  let noticeId: number;

  it("the secretariat issues a 督办 for a late task; the owner unit's lead is notified live", async () => {
    expect(q("SELECT unit_id FROM users WHERE username = 'yang_fan'")).toEqual({ unit_id: lateTask.owner_unit_id });
    const audits = count("audit_log");
    const live = nextNotify(yangSocket);
    const res = await post(mishu, { intent: "issue", taskId: lateTask.id, kind: "supervision", body: "请说明逾期原因并提出整改计划", respondBy: "2026-11-30" });
    expect(res.status).toBe(200);
    const n = q<any>("SELECT * FROM notices ORDER BY id DESC LIMIT 1");
    expect(n).toMatchObject({ task_id: lateTask.id, unit_id: lateTask.owner_unit_id, kind: "supervision", status: "open", version: 1 });
    noticeId = n.id;
    const payload = await live;
    expect(payload).toMatchObject({ kind: "notice", pending: 1, notice: { id: noticeId, status: "open", kind: "supervision" } });
    expect(count("audit_log") - audits).toBe(1);
    expect(q("SELECT action, entity, entity_id FROM audit_log ORDER BY id DESC LIMIT 1")).toEqual({ action: "notice.issue", entity: "notice", entity_id: String(noticeId) });
    expect(q<any>("SELECT type FROM board_events WHERE board_id = 'consortium' ORDER BY seq DESC LIMIT 1").type).toBe("notice.upserted");
    // The lead's page lists it and his bell counts it.
    const page = await (await fetch(`${srv.url}/notices`, { headers: { cookie: yang.cookie } })).text();
    expect(page).toContain("请说明逾期原因并提出整改计划");
    expect(page).toMatch(/data-testid="notice-count"[^>]*>1</);
  });

  it("refuses a 督办 for an on-track task and a respond-by date in the past, writing nothing", async () => {
    const onTrack = q<{ id: number }>("SELECT id FROM tasks WHERE status = 'in_progress' AND start_on > '2026-11-23' LIMIT 1")
      ?? q<{ id: number }>("SELECT id FROM tasks WHERE status = 'not_started' AND start_on > '2026-11-23' LIMIT 1");
    const before = count("notices");
    const refused = await post(mishu, { intent: "issue", taskId: onTrack.id, kind: "supervision", body: "督办", respondBy: "2026-11-30" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("该任务按计划推进");
    const past = await post(mishu, { intent: "issue", taskId: lateTask.id, kind: "reminder", body: "提示", respondBy: "2026-11-01" });
    expect(past.status).toBe(400);
    expect(past.html).toContain("答复期限不能早于今天");
    expect(count("notices")).toBe(before);
  });

  it("another unit's lead is refused and nothing is written", async () => {
    const audits = count("audit_log");
    const res = await post(zhou, { intent: "acknowledge", id: noticeId, version: 1 });
    expect(res.status).toBe(403);
    expect(res.html).toContain("您没有权限执行此操作");
    const answer = await post(zhou, { intent: "answer", id: noticeId, version: 1, response: "越权答复" });
    expect(answer.status).toBe(403);
    expect(q("SELECT status, version, response FROM notices WHERE id = ?", noticeId)).toEqual({ status: "open", version: 1, response: "" });
    expect(count("audit_log")).toBe(audits);
    // Nor can a unit lead issue notices.
    expect((await post(yang, { intent: "issue", taskId: lateTask.id, kind: "reminder", body: "x", respondBy: "2026-11-30" })).status).toBe(403);
  });

  it("the unit lead acknowledges and answers; a stale version is refused; every step is audited and the issuer notified", async () => {
    const audits = count("audit_log");
    const mishuSocket = socketFor(srv.url, mishu.cookie);
    sockets.push(mishuSocket);
    await connected(mishuSocket);

    expect((await post(yang, { intent: "acknowledge", id: noticeId, version: 1 })).status).toBe(200);
    expect(q("SELECT status, version FROM notices WHERE id = ?", noticeId)).toEqual({ status: "acknowledged", version: 2 });

    const stale = await post(yang, { intent: "answer", id: noticeId, version: 1, response: "旧版本上的答复" });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("该记录已被他人修改");
    expect(q<any>("SELECT response FROM notices WHERE id = ?", noticeId).response).toBe("");

    const toIssuer = nextNotify(mishuSocket);
    expect((await post(yang, { intent: "answer", id: noticeId, version: 2, response: "电流环调试已于11月完成，预计12月5日交付" })).status).toBe(200);
    expect(await toIssuer).toMatchObject({ kind: "notice", pending: 1, notice: { id: noticeId, status: "answered" } });
    const row = q<any>("SELECT * FROM notices WHERE id = ?", noticeId);
    expect(row).toMatchObject({ status: "answered", version: 3, response: "电流环调试已于11月完成，预计12月5日交付" });
    expect(row.responded_by).toBe(q<any>("SELECT id FROM users WHERE username = 'yang_fan'").id);

    const actions = srv.app.db.$client.prepare("SELECT action FROM audit_log WHERE entity = 'notice' AND entity_id = ? ORDER BY id").all(String(noticeId));
    expect(actions.map((a: any) => a.action)).toEqual(["notice.issue", "notice.acknowledge", "notice.answer"]);
    expect(count("audit_log") - audits).toBe(2);

    // The lead cannot close; the secretariat can, and only once.
    expect((await post(yang, { intent: "close", id: noticeId, version: 3 })).status).toBe(403);
    expect((await post(mishu, { intent: "close", id: noticeId, version: 3 })).status).toBe(200);
    expect((await post(mishu, { intent: "close", id: noticeId, version: 4 })).status).toBe(409);
    expect(q<any>("SELECT status FROM notices WHERE id = ?", noticeId).status).toBe("closed");
  });

  it("a unit member sees only his unit's notices; the secretariat sees all", async () => {
    const other = await signIn("jiang_hao");
    const theirs = await (await fetch(`${srv.url}/notices`, { headers: { cookie: other.cookie } })).text();
    expect(theirs).not.toContain("请说明逾期原因并提出整改计划");
    const all = await (await fetch(`${srv.url}/notices`, { headers: { cookie: mishu.cookie } })).text();
    expect(all).toContain("请说明逾期原因并提出整改计划");
  });
});
