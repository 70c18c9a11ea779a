// Rescheduling from the battle map end to end: the bars send task:update {startOn, dueOn} over the socket
// (the board's one write path); viewers of the consortium board see it, the audit log records it, and
// the server refuses a researcher moving another unit's task. Real server, real SQLite, real sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { fingerprint } from "../helpers/db-fingerprint";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;

async function client(username: string) {
  const s = socketFor(srv.url, await loginCookie(srv.url, username));
  sockets.push(s);
  await connected(s);
  return s;
}
const openTask = (where: string, ...args: unknown[]) =>
  q<any>(`SELECT * FROM tasks WHERE ${where} AND status IN ('not_started','in_progress') AND archived_at IS NULL ORDER BY id LIMIT 1`, ...args);

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("battle map rescheduling over sockets", () => {
  it("a resized bar reaches a second viewer of the consortium board and is audited with both dates", async () => {
    const editor = await client("mishu");
    const watcher = await client("shouxi");
    const before = await ask(editor, "board:join", { boardId: "consortium" });
    expect(before.ok).toBe(true);
    expect((await ask(watcher, "board:join", { boardId: "consortium" })).ok).toBe(true);
    const t0 = openTask("1 = 1");
    const seen = nextEvents(watcher, "consortium", 1);

    const patch = { startOn: "2026-12-01", dueOn: "2027-03-31" };
    const reply = await ask(editor, "task:update", { id: t0.id, version: t0.version, patch });
    expect(reply).toMatchObject({ ok: true });
    const [ev] = await seen;
    expect(ev).toMatchObject({ boardId: "consortium", seq: before.seq + 1, type: "task.upserted" });
    expect(ev.payload.row).toMatchObject({ id: t0.id, ...patch, version: t0.version + 1 });

    expect(q<any>("SELECT start_on, due_on FROM tasks WHERE id = ?", t0.id)).toEqual({ start_on: patch.startOn, due_on: patch.dueOn });
    const audit = q<any>("SELECT * FROM audit_log WHERE entity = 'task' AND entity_id = ? ORDER BY id DESC LIMIT 1", String(t0.id));
    expect(audit.action).toBe("task.update");
    expect(audit.user_id).toBe(q<any>("SELECT id FROM users WHERE username = 'mishu'").id);
    expect(JSON.parse(audit.before)).toMatchObject({ startOn: t0.start_on, dueOn: t0.due_on });
    expect(JSON.parse(audit.after)).toMatchObject(patch);
  });

  it("a due date before the start date is refused in Chinese and nothing is written", async () => {
    const editor = await client("mishu");
    const t0 = openTask("1 = 1");
    const print = fingerprint(srv.app.db);
    const reply = await ask(editor, "task:update", { id: t0.id, version: t0.version, patch: { startOn: "2027-05-01", dueOn: "2027-04-30" } });
    expect(reply).toMatchObject({ ok: false, status: 400 });
    expect(reply.message).toBe("截止日期不能早于开始日期");
    expect(fingerprint(srv.app.db)).toEqual(print);
  });

  it("a researcher cannot move another unit's task: refused, no event, nothing written", async () => {
    const me = q<any>("SELECT id, unit_id FROM users WHERE username = 'jiang_hao'");
    const theirs = openTask("owner_unit_id != ?", me.unit_id);
    const researcher = await client("jiang_hao");
    const watcher = await client("shouxi");
    await ask(watcher, "board:join", { boardId: "consortium" });
    let events = 0;
    watcher.on("event", () => events++);
    const print = fingerprint(srv.app.db);

    const reply = await ask(researcher, "task:update", { id: theirs.id, version: theirs.version, patch: { startOn: "2027-01-04", dueOn: "2027-06-30" } });
    expect(reply).toMatchObject({ ok: false, code: "forbidden", status: 403 });
    expect(fingerprint(srv.app.db)).toEqual(print);
    // A round trip on the watcher's socket after the refusal: any event would have arrived before it.
    await ask(watcher, "board:join", { boardId: "consortium" });
    expect(events).toBe(0);
  });
});
