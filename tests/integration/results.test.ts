// The results registry over real HTTP and Socket.IO: forms posted with CSRF, permissions by unit and
// project, optimistic versions, "mark in use" stopping the 先用后转 clock, and the live board event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => q<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...args).n;

const signIn = (username: string) => signInAs(srv.url, username, { page: "/results" });
const post = (s: Session, fields: Fields) => postForm(srv.url, s, "/results", fields);
const unit = (short: string) => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", short).id;
const project = (n: number) => q<{ id: number }>("SELECT id FROM projects WHERE code LIKE ?", `%RX-0${n}`).id;

let jiang: Session, li: Session, mishu: Session;
let watcher: Socket;

beforeAll(async () => {
  srv = await startServer();
  [jiang, li, mishu] = await Promise.all([signIn("jiang_hao"), signIn("li_ming"), signIn("mishu")]);
  watcher = socketFor(srv.url, mishu.cookie);
  sockets.push(watcher);
  await connected(watcher);
  expect((await ask(watcher, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("the results registry", () => {
  let resultId: number;

  it("lists the seeded registry with the clock: one result in the pool, two under warning", async () => {
    const html = await (await fetch(`${srv.url}/results`, { headers: { cookie: mishu.cookie } })).text();
    expect(html).toContain("谐波减速器双圆弧齿形柔轮及其设计方法");
    expect(html).toMatch(/data-testid="fig-pooled"[^>]*>1</);
    expect(html).toMatch(/data-testid="fig-warned"[^>]*>2</);
    expect(html).toContain('data-clock="pooled"');
    expect(html).toContain('data-clock="warn21"');
    expect(html).toContain('data-clock="warn18"');
  });

  it("a researcher registers a result of his own unit; it is audited and published live", async () => {
    const live = nextEvents(watcher, "consortium", 1);
    const res = await post(jiang, {
      intent: "create",
      kind: "patent",
      title: "一种谐波减速器柔轮应力测试装置",
      registrationNo: "ZL202620000001.1",
      ownerUnitId: unit("精传减速"),
      projectId: project(1),
      obtainedOn: "2026-11-01",
      isCommonTech: "on",
      sharingUnitIds: [unit("智元人形"), unit("精传减速"), unit("浙大")],
    });
    expect(res.status).toBe(200);
    const row = q<any>("SELECT * FROM results ORDER BY id DESC LIMIT 1");
    expect(row).toMatchObject({ title: "一种谐波减速器柔轮应力测试装置", owner_unit_id: unit("精传减速"), is_common_tech: 1, in_use: 0, version: 1, obtained_on: "2026-11-01" });
    resultId = row.id;
    // The owner is never its own sharing unit.
    const sharing = srv.app.db.$client.prepare("SELECT unit_id FROM result_sharing_units WHERE result_id = ? ORDER BY unit_id").all(resultId) as { unit_id: number }[];
    expect(sharing.map((s) => s.unit_id).sort()).toEqual([unit("智元人形"), unit("浙大")].sort());
    const [ev] = await live;
    expect(ev).toMatchObject({ type: "result.upserted", payload: { entity: "result", id: resultId, row: { title: "一种谐波减速器柔轮应力测试装置", sharingUnitNames: expect.arrayContaining(["智元人形", "浙大"]) } } });
    expect(q("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1")).toEqual({ action: "result.create", entity: "result" });
  });

  it("refuses a researcher writing for another unit, and a project lead outside his project; nothing is written", async () => {
    const before = count("results");
    const audits = count("audit_log");
    const other = await post(jiang, { intent: "create", kind: "paper", title: "越权登记", ownerUnitId: unit("驰动伺服") });
    expect(other.status).toBe(403);
    // li_ming leads RX01: a result of 驰动伺服 in RX01 is his project's; without the project it is not.
    const inProject = await post(li, { intent: "create", kind: "product", title: "伺服驱动器样机 SD-5K", ownerUnitId: unit("驰动伺服"), projectId: project(1), obtainedOn: "2026-10-10" });
    expect(inProject.status).toBe(200);
    const outside = await post(li, { intent: "create", kind: "product", title: "越权产品", ownerUnitId: unit("驰动伺服") });
    expect(outside.status).toBe(403);
    expect(count("results")).toBe(before + 1);
    expect(count("audit_log")).toBe(audits + 1);
  });

  it("validates: a future date and 'in use' without where are refused with field messages", async () => {
    const before = count("results");
    const future = await post(jiang, { intent: "create", kind: "patent", title: "未来专利", ownerUnitId: unit("精传减速"), obtainedOn: "2027-01-01" });
    expect(future.status).toBe(400);
    expect(future.html).toContain("取得日期不能晚于今天");
    const nowhere = await post(jiang, { intent: "create", kind: "patent", title: "已实施专利", ownerUnitId: unit("精传减速"), obtainedOn: "2026-01-01", inUse: "on" });
    expect(nowhere.status).toBe(400);
    expect(nowhere.html).toContain("已实施的成果请填写实施单位与应用场景");
    expect(count("results")).toBe(before);
  });

  it("an edit with a stale version is a conflict and changes nothing; marking in use stops the clock", async () => {
    const edit = await post(jiang, { intent: "update", id: resultId, version: 1, kind: "patent", title: "柔轮应力测试装置（修订）", ownerUnitId: unit("精传减速"), obtainedOn: "2026-11-01", isCommonTech: "on" });
    expect(edit.status).toBe(200);
    expect(q<any>("SELECT version, title FROM results WHERE id = ?", resultId)).toEqual({ version: 2, title: "柔轮应力测试装置（修订）" });
    const stale = await post(mishu, { intent: "update", id: resultId, version: 1, kind: "patent", title: "秘书处改名", ownerUnitId: unit("精传减速") });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("该记录已被他人修改");
    expect(q<any>("SELECT title FROM results WHERE id = ?", resultId).title).toBe("柔轮应力测试装置（修订）");

    const pooled = q<{ id: number; version: number }>("SELECT id, version FROM results WHERE title = '谐波减速器双圆弧齿形柔轮及其设计方法'");
    const foreign = await post(li, { intent: "use", id: pooled.id, version: pooled.version, useWhere: "智元人形关节模组产线" });
    expect(foreign.status).toBe(403);
    const live = nextEvents(watcher, "consortium", 1);
    const used = await post(jiang, { intent: "use", id: pooled.id, version: pooled.version, useWhere: "智元人形关节模组产线" });
    expect(used.status).toBe(200);
    expect(q<any>("SELECT in_use, use_where, version FROM results WHERE id = ?", pooled.id)).toEqual({ in_use: 1, use_where: "智元人形关节模组产线", version: pooled.version + 1 });
    expect((await live)[0]).toMatchObject({ payload: { action: "use", row: { inUse: true } } });
    const html = await (await fetch(`${srv.url}/results`, { headers: { cookie: mishu.cookie } })).text();
    expect(html).toMatch(/data-testid="fig-pooled"[^>]*>0</);
  });

  it("experts (no report reading right) are refused the registry", async () => {
    const cookie = await loginCookie(srv.url, "zhuanjia");
    expect((await fetch(`${srv.url}/results`, { headers: { cookie } })).status).toBe(403);
  });
});
