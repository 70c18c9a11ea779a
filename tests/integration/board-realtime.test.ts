// The board's one write path end to end: real server, real SQLite, real Socket.IO clients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { actorForSession, createSession } from "../../app/models/auth.server";
import { getUser, updateUser } from "../../app/models/users.server";
import { ask, askAnything, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { csrfOf } from "../helpers/forms";
import { Msg, Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];

async function client(username: string) {
  const s = socketFor(srv.url, await loginCookie(srv.url, username));
  sockets.push(s);
  await connected(s);
  return s;
}
const userOf = (username: string) => q<{ id: number; unit_id: number }>("SELECT id, unit_id FROM users WHERE username = ?", username);
const taskOfUnit = (unitId: number, not = false) =>
  q<any>(`SELECT * FROM tasks WHERE owner_unit_id ${not ? "!=" : "="} ? AND status IN ('not_started','in_progress') AND archived_at IS NULL ORDER BY id LIMIT 1`, unitId);
const task = (id: number) => q<any>("SELECT * FROM tasks WHERE id = ?", id);

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("socket authentication and rooms", () => {
  it("refuses a socket without a valid session cookie", async () => {
    const s = socketFor(srv.url);
    sockets.push(s);
    await expect(connected(s)).rejects.toThrow("unauthenticated");
    const forged = socketFor(srv.url, "cw_session=forged.value");
    sockets.push(forged);
    await expect(connected(forged)).rejects.toThrow("unauthenticated");
  });

  it("lets an expert join only the boards of projects he supervises", async () => {
    const s = await client("zhuanjia2");
    const own = q<{ project_id: number }>("SELECT project_id FROM project_experts pe JOIN users u ON u.id = pe.user_id WHERE u.username = 'zhuanjia2'");
    const other = q<{ id: number }>("SELECT id FROM projects WHERE id NOT IN (SELECT project_id FROM project_experts pe JOIN users u ON u.id = pe.user_id WHERE u.username = 'zhuanjia2') LIMIT 1");
    expect((await ask(s, Msg.boardJoin, { boardId: `project:${own.project_id}` })).ok).toBe(true);
    const refused = await ask(s, Msg.boardJoin, { boardId: `project:${other.id}` });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(refused.message).toBe("您没有权限执行此操作");
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(false);
  });
});

describe("permissions are enforced on the server", () => {
  it("a researcher cannot change another unit's task, and nothing changes", async () => {
    const me = userOf("jiang_hao");
    const theirs = taskOfUnit(me.unit_id, true);
    const s = await client("jiang_hao");
    const before = task(theirs.id);
    const reply = await ask(s, Msg.taskUpdate, { id: theirs.id, version: theirs.version, patch: { title: "越权修改" } });
    expect(reply).toMatchObject({ ok: false, code: "forbidden", status: 403 });
    const move = await ask(s, Msg.taskMove, { id: theirs.id, version: theirs.version, toStatus: theirs.status === "in_progress" ? "not_started" : "in_progress" });
    expect(move).toMatchObject({ ok: false, code: "forbidden" });
    expect(task(theirs.id)).toEqual(before);
  });

  it("the same researcher may edit his own unit's task, audited like every write", async () => {
    const me = userOf("jiang_hao");
    const mine = taskOfUnit(me.unit_id);
    const s = await client("jiang_hao");
    // (Not progress: this unit's tasks have 考核指标, so their progress is computed, never typed in.)
    const reply = await ask(s, Msg.taskUpdate, { id: mine.id, version: mine.version, patch: { description: "按寿命试验大纲执行" } });
    expect(reply).toMatchObject({ ok: true, row: { id: mine.id, version: mine.version + 1 } });
    expect(task(mine.id).description).toBe("按寿命试验大纲执行");
    expect(task(mine.id).version).toBe(mine.version + 1);
    const audit = q<any>("SELECT * FROM audit_log WHERE entity = 'task' AND entity_id = ? ORDER BY id DESC LIMIT 1", String(mine.id));
    expect(audit.action).toBe("task.update");
  });

  it("takes board writes over the socket only: a form post to the board page changes nothing", async () => {
    const cookie = await loginCookie(srv.url, "mishu");
    const csrf = await csrfOf(srv.url, cookie, "/board");
    const t0 = taskOfUnit(userOf("jiang_hao").unit_id);
    for (const path of ["/board", `/projects/${t0.project_id}/board`]) {
      const res = await fetch(`${srv.url}${path}`, {
        method: "POST",
        headers: { cookie },
        body: new URLSearchParams({ _csrf: csrf, intent: "update", payload: JSON.stringify({ id: t0.id, version: t0.version, patch: { title: "x" } }) }),
      });
      expect(res.status, path).toBe(405);
    }
    expect(task(t0.id)).toEqual(t0);
  });
});

describe("live events and versioned writes", () => {
  it("publishes a committed change with the next seq to every viewer of the board", async () => {
    const a = await client("mishu");
    const b = await client("shouxi");
    const t0 = taskOfUnit(userOf("deng_yu").unit_id);
    const board = `project:${t0.project_id}`;
    const joinA = await ask(a, Msg.boardJoin, { boardId: board });
    await ask(b, Msg.boardJoin, { boardId: board });
    const seen = nextEvents(b, board, 1);
    const reply = await ask(a, Msg.taskUpdate, { id: t0.id, version: t0.version, patch: { title: "灵巧手触觉阵列标定（修订）" } });
    expect(reply.ok).toBe(true);
    const [ev] = await seen;
    expect(ev).toMatchObject({ boardId: board, seq: joinA.seq + 1, type: "task.upserted" });
    expect(ev.payload.row).toMatchObject({ id: t0.id, title: "灵巧手触觉阵列标定（修订）", version: t0.version + 1 });
  });

  it("sends the writes one disk sync made durable as one frame per board, every event once and in seq order", async () => {
    const a = await client("mishu");
    const b = await client("shouxi");
    const t0 = taskOfUnit(userOf("deng_yu").unit_id);
    const board = `project:${t0.project_id}`;
    const tasks = qa<{ id: number; version: number }>("SELECT id, version FROM tasks WHERE project_id = ? AND status IN ('not_started','in_progress') AND archived_at IS NULL ORDER BY id LIMIT 6", t0.project_id);
    expect(tasks.length).toBe(6);
    const { seq } = await ask(b, Msg.boardJoin, { boardId: board });
    const frames: number[][] = [];
    b.on(Push.events, (events) => frames.push(events.filter((e) => e.boardId === board).map((e) => e.seq)));
    // Sent at once: the commits land in one turn of the server's loop, before the first sync ends.
    const replies = await Promise.all(tasks.map((t, i) => ask(a, Msg.taskUpdate, { id: t.id, version: t.version, patch: { description: `批量 ${i}` } })));
    expect(replies.every((r) => r.ok)).toBe(true);
    await ask(b, Msg.boardJoin, { boardId: board }); // a round trip: every frame published before the acks has arrived
    expect(frames.flat()).toEqual(Array.from({ length: 6 }, (_, i) => seq + 1 + i));
    expect(frames.length).toBeLessThan(6);
  });

  it("refuses a stale write to the same field, showing the current row; merges a stale write to another field", async () => {
    const a = await client("mishu");
    const b = await client("shouxi");
    const t0 = taskOfUnit(userOf("wang_jianguo").unit_id);
    expect((await ask(a, Msg.taskUpdate, { id: t0.id, version: t0.version, patch: { dueOn: "2027-01-31" } })).ok).toBe(true);
    const stale = await ask(b, Msg.taskUpdate, { id: t0.id, version: t0.version, patch: { dueOn: "2027-02-28" } });
    expect(stale).toMatchObject({ ok: false, code: "conflict", status: 409 });
    expect(stale.details.fields).toEqual(["dueOn"]);
    expect(stale.details.current.dueOn).toBe("2027-01-31");
    expect(task(t0.id).due_on).toBe("2027-01-31");
    const merged = await ask(b, Msg.taskUpdate, { id: t0.id, version: t0.version, patch: { description: "补充：需与总体部对接接口" } });
    expect(merged, JSON.stringify(merged.details?.fields)).toMatchObject({ ok: true });
    expect(task(t0.id)).toMatchObject({ due_on: "2027-01-31", description: "补充：需与总体部对接接口", version: t0.version + 2 });
    // Moving a card someone just edited is not a conflict.
    const other = t0.status === "in_progress" ? "not_started" : "in_progress";
    const moved = await ask(a, Msg.taskMove, { id: t0.id, version: t0.version, toStatus: other, afterId: null });
    expect(moved.ok).toBe(true);
    expect(task(t0.id).status).toBe(other);
  });

  it("never lets two concurrent moves to the same place collide", async () => {
    const a = await client("mishu");
    const b = await client("shouxi");
    const cards = qa<any>("SELECT * FROM tasks WHERE status = 'not_started' AND archived_at IS NULL ORDER BY position LIMIT 4");
    const [anchor, x, y] = [cards[0], cards[2], cards[3]];
    const results = await Promise.all([
      ask(a, Msg.taskMove, { id: x.id, version: x.version, toStatus: "in_progress", afterId: null }),
      ask(b, Msg.taskMove, { id: y.id, version: y.version, toStatus: "in_progress", afterId: null }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const dup = q<{ n: number }>("SELECT count(*) AS n FROM (SELECT status, position FROM tasks GROUP BY status, position HAVING count(*) > 1)");
    expect(dup.n).toBe(0);
    expect(task(x.id).status).toBe("in_progress");
    expect(task(y.id).status).toBe("in_progress");
    expect(anchor.id).toBeTruthy();
  });

  it("refuses dragging into 已销号 (only a close-out gets there)", async () => {
    const a = await client("mishu");
    const t0 = taskOfUnit(userOf("deng_yu").unit_id);
    const reply = await ask(a, Msg.taskMove, { id: t0.id, version: task(t0.id).version, toStatus: "closed" });
    expect(reply).toMatchObject({ ok: false, code: "closeOnlyByCloseout" });
  });
});

describe("task history", () => {
  it("reads a task's changes from the audit trail, only for those who may read its board", async () => {
    const t0 = q<any>("SELECT * FROM tasks WHERE project_id = 2 AND status = 'in_progress' LIMIT 1");
    const s = await client("mishu");
    // (Not progress: tasks with 考核指标 have it computed, never typed in.)
    expect((await ask(s, Msg.taskUpdate, { id: t0.id, version: task(t0.id).version, patch: { description: "补充触觉标定要求" } })).ok).toBe(true);
    const ok = await fetch(`${srv.url}/tasks/${t0.id}/history`, { headers: { cookie: await loginCookie(srv.url, "shouxi") } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.history[0]).toMatchObject({ by: "陈思远", action: "task.update" });
    expect(body.history[0].fields).toContainEqual({ field: "description", from: t0.description, to: "补充触觉标定要求" });
    // zhuanjia2 supervises projects 1, 3 and 4, not 2.
    const refused = await fetch(`${srv.url}/tasks/${t0.id}/history`, { headers: { cookie: await loginCookie(srv.url, "zhuanjia2") } });
    expect(refused.status).toBe(403);
  });
});

describe("catch-up after a reconnect", () => {
  it("sends only the events a client missed, and asks for a reload past the window", async () => {
    const a = await client("mishu");
    const t0 = taskOfUnit(userOf("deng_yu").unit_id);
    const board = `project:${t0.project_id}`;
    const { seq } = await ask(a, Msg.boardJoin, { boardId: board });
    let version = task(t0.id).version;
    for (const description of ["一", "二", "三"]) {
      const r = await ask(a, Msg.taskUpdate, { id: t0.id, version, patch: { description } });
      version = r.row.version;
    }
    const b = await client("shouxi");
    const catchUp = await ask(b, Msg.boardJoin, { boardId: board, sinceSeq: seq });
    expect(catchUp.reload).toBe(false);
    expect(catchUp.events.map((e: any) => e.seq)).toEqual([seq + 1, seq + 2, seq + 3]);
    expect(catchUp.events.map((e: any) => e.payload.row.description)).toEqual(["一", "二", "三"]);
    const fresh = await ask(b, Msg.boardJoin, { boardId: board, sinceSeq: seq + 3 });
    expect(fresh.events).toEqual([]);
    // Events older than the window are gone: the client must reload.
    srv.app.db.$client.prepare("DELETE FROM board_events WHERE board_id = ? AND seq <= ?").run(board, seq + 1);
    expect((await ask(b, Msg.boardJoin, { boardId: board, sinceSeq: seq })).reload).toBe(true);
  });
});

describe("hostile and broken messages", () => {
  it("answers unknown, malformed and oversized messages with an error and changes nothing", async () => {
    const s = await client("mishu");
    const before = q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n;
    expect(await askAnything(s, "task:explode", { id: 1 })).toMatchObject({ ok: false, code: "unknownMessage" });
    expect(await ask(s, Msg.taskUpdate, "not an object")).toMatchObject({ ok: false, code: "invalid" });
    expect(await ask(s, Msg.taskUpdate, { id: -1, version: "x", patch: { nope: 1 } })).toMatchObject({ ok: false, code: "invalid" });
    const bad = await ask(s, Msg.taskUpdate, { id: 1, version: 1, patch: { title: "" } });
    expect(bad.fieldErrors["patch.title"]).toBe("此项必填");
    expect(await ask(s, Msg.taskUpdate, { id: 1, version: 1, patch: { description: "长".repeat(20000) } })).toMatchObject({ ok: false, code: "tooLarge" });
    expect(await ask(s, Msg.boardJoin, { boardId: "../../etc" })).toMatchObject({ ok: false, code: "notFound" });
    expect(await ask(s, Msg.boardJoin, { boardId: "project:99999999" })).toMatchObject({ ok: false, code: "notFound" });
    expect(await ask(s, Msg.taskUpdate, { id: 999999, version: 1, patch: { title: "x" } })).toMatchObject({ ok: false, code: "notFound" });
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n).toBe(before);
    // Still serving.
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
  });
});

describe("presence and eviction", () => {
  it("shows who views a board and which card someone edits", async () => {
    const a = await client("li_ming");
    const b = await client("mishu");
    const board = "project:1";
    await ask(b, Msg.boardJoin, { boardId: board });
    const seen = new Promise<any>((resolve) => b.on(Push.presence, (p) => p.viewers.some((v: any) => v.editing === 3) && resolve(p)));
    await ask(a, Msg.boardJoin, { boardId: board });
    await ask(a, Msg.presenceEditing, { boardId: board, taskId: 3 });
    const p = await seen;
    expect(p.viewers.find((v: any) => v.editing === 3).name).toBe("李明");
  });

  it("sends an unchanged viewer list only to the socket that just joined (a reconnect storm is not n² messages)", async () => {
    const board = "project:2";
    const first = await client("shouxi");
    const heard: any[] = [];
    first.on(Push.presence, (p) => p.boardId === board && heard.push(p));
    await ask(first, Msg.boardJoin, { boardId: board });
    await expect.poll(() => heard.length).toBe(1);
    // The same person's second tab: the list of people is the same.
    const second = await client("shouxi");
    const got = new Promise<any>((resolve) => second.on(Push.presence, (p) => p.boardId === board && resolve(p)));
    await ask(second, Msg.boardJoin, { boardId: board });
    expect((await got).viewers.map((v: any) => v.name)).toEqual(heard[0].viewers.map((v: any) => v.name));
    // Someone new (not among the viewers earlier tests left on the board): the list changed, the whole room hears it.
    const names = heard[0].viewers.map((v: any) => v.name);
    const newcomer = ["mishu", "lishi", "zongtibu", "li_ming"].find((u) => !names.includes(q<{ display_name: string }>("SELECT display_name FROM users WHERE username = ?", u).display_name))!;
    const other = await client(newcomer);
    await ask(other, Msg.boardJoin, { boardId: board });
    await expect.poll(() => heard.length).toBe(2);
    expect(heard[1].viewers).toHaveLength(names.length + 1);
  });

  it("evicts a user's sockets at once when an admin takes his role away; he can no longer join the board", async () => {
    const s = await client("deng_yu");
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const gone = new Promise<string>((resolve) => s.on("disconnect", resolve));
    const admin = actorForSession(srv.app.db, createSession(srv.app.db, userOf("admin").id, "test").id)!;
    const user = getUser(srv.app.db, userOf("deng_yu").id);
    updateUser(srv.app.ctx, admin, { ...user, unitId: user.unitId ?? undefined, outsideBodyId: undefined, roles: [], active: true });
    expect(await gone).toBe("io server disconnect");
    const again = await client("deng_yu");
    expect(await ask(again, Msg.boardJoin, { boardId: "consortium" })).toMatchObject({ ok: false, code: "forbidden" });
  });
});
