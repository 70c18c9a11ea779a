// Rescheduling from the battle map end to end: the bars send task:update {startOn, dueOn} over the socket
// (the board's one write path); viewers of the consortium board see it, the audit log records it, and
// the server refuses a researcher moving another unit's task. Saving a milestone's deadline through the
// map's form, and the open notices each viewer's map is given. Real server, real SQLite, real sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { decode } from "turbo-stream";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, sessionCache } from "../helpers/forms";
import { fingerprint } from "../helpers/db-fingerprint";
import type { BattleMapPayload } from "../../app/models/battle-map-wire";
import { Msg, Push } from "../../app/realtime/protocol";

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
    const before = await ask(editor, Msg.boardJoin, { boardId: "consortium" });
    expect(before.ok).toBe(true);
    expect((await ask(watcher, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const t0 = openTask("1 = 1");
    const seen = nextEvents(watcher, "consortium", 1);

    const patch = { startOn: "2026-12-01", dueOn: "2027-03-31" };
    const reply = await ask(editor, Msg.taskUpdate, { id: t0.id, version: t0.version, patch });
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
    const reply = await ask(editor, Msg.taskUpdate, { id: t0.id, version: t0.version, patch: { startOn: "2027-05-01", dueOn: "2027-04-30" } });
    expect(reply).toMatchObject({ ok: false, status: 400 });
    expect(reply.message).toBe("截止日期不能早于开始日期");
    expect(fingerprint(srv.app.db)).toEqual(print);
  });

  it("a researcher cannot move another unit's task: refused, no event, nothing written", async () => {
    const me = q<any>("SELECT id, unit_id FROM users WHERE username = 'jiang_hao'");
    const theirs = openTask("owner_unit_id != ?", me.unit_id);
    const researcher = await client("jiang_hao");
    const watcher = await client("shouxi");
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    let events = 0;
    watcher.on(Push.events, (evs) => (events += evs.length));
    const print = fingerprint(srv.app.db);

    const reply = await ask(researcher, Msg.taskUpdate, { id: theirs.id, version: theirs.version, patch: { startOn: "2027-01-04", dueOn: "2027-06-30" } });
    expect(reply).toMatchObject({ ok: false, code: "forbidden", status: 403 });
    expect(fingerprint(srv.app.db)).toEqual(print);
    // A round trip on the watcher's socket after the refusal: any event would have arrived before it.
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    expect(events).toBe(0);
  });
});

// ------------------------------------------------------------------------------------------------

const session = sessionCache(() => srv.url, "/battle-map");
const post = async (username: string, path: string, fields: Record<string, string | number>, { csrf = true } = {}) =>
  postForm(srv.url, await session(username), path, fields, { csrf });
/** The map route's loader data as the browser gets it (single fetch, turbo-stream). */
async function mapData(username: string): Promise<BattleMapPayload> {
  const res = await fetch(`${srv.url}/battle-map.data?_routes=routes/battle-map`, { headers: { cookie: (await session(username)).cookie } });
  expect(res.status).toBe(200);
  const decoded = await decode(res.body!);
  await decoded.done;
  return (decoded.value as Record<string, { data: { data: BattleMapPayload } }>)["routes/battle-map"]!.data.data;
}
const milestone = (projectCode: string) =>
  q<any>("SELECT m.* FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.code = ? AND m.name = '中期检查节点'", projectCode);

describe("saving a milestone's deadline from the map (倒排工期)", () => {
  it("the project lead saves his own project's node; a viewer of the consortium board receives the row live", async () => {
    const m = milestone("2025ZDZX-RX-01");
    const watcher = await client("zongtibu");
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    const seen = nextEvents(watcher, "consortium", 1);
    const res = await post("li_ming", "/battle-map", { intent: "milestoneDue", id: m.id, version: m.version, dueOn: "2027-01-29" });
    expect(res.status).toBe(200);
    const [ev] = await seen;
    expect(ev.type).toBe("milestone.upserted");
    expect(ev.payload).toMatchObject({ entity: "milestone", id: m.id, row: { id: m.id, dueOn: "2027-01-29", version: m.version + 1 }, by: { name: "李明" } });
    expect(q<any>("SELECT due_on FROM milestones WHERE id = ?", m.id).due_on).toBe("2027-01-29");
    // The next map load carries it too, with its new version.
    expect((await mapData("zongtibu")).milestones.find((x) => x.id === m.id)).toMatchObject({ dueOn: "2027-01-29", version: m.version + 1 });
  });

  it("another project's lead is refused on the server: 403 in words, nothing written, no event", async () => {
    const m = milestone("2025ZDZX-RX-01");
    const watcher = await client("zongtibu");
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    let events = 0;
    watcher.on(Push.events, (evs) => (events += evs.length));
    await session("he_chunsheng"); // signing in is audited: before the fingerprint
    const print = fingerprint(srv.app.db);
    const res = await post("he_chunsheng", "/battle-map", { intent: "milestoneDue", id: m.id, version: m.version, dueOn: "2027-03-01" });
    expect(res.status).toBe(403);
    expect(res.html).toContain("您没有权限执行此操作");
    expect(fingerprint(srv.app.db)).toEqual(print);
    expect(q<any>("SELECT due_on, version FROM milestones WHERE id = ?", m.id)).toEqual({ due_on: m.due_on, version: m.version });
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    expect(events).toBe(0);
  });

  it("without the CSRF token, or with a stale version, nothing is saved", async () => {
    const m = milestone("2025ZDZX-RX-03");
    expect((await post("shouxi", "/battle-map", { intent: "milestoneDue", id: m.id, version: m.version, dueOn: "2027-02-01" }, { csrf: false })).status).toBe(403);
    expect((await post("shouxi", "/battle-map", { intent: "milestoneDue", id: m.id, version: m.version + 5, dueOn: "2027-02-01" })).status).toBe(409);
    expect((await post("shouxi", "/battle-map", { intent: "milestoneDue", id: m.id, version: m.version, dueOn: "2027-02-31" })).status).toBe(400);
    expect(q<any>("SELECT due_on, version FROM milestones WHERE id = ?", m.id)).toEqual({ due_on: m.due_on, version: m.version });
  });
});

describe("open 提示/督办 notices on the map", () => {
  it("each viewer's map data holds the open notices he may see; a closed one leaves every map", async () => {
    // A reminder to 精传减速 (jiang_hao's unit), issued through the notices page as the secretariat.
    const unit = q<any>("SELECT id FROM member_units WHERE short_name = '精传减速'").id;
    const task = openTask("owner_unit_id = ?", unit);
    const watcher = await client("shouxi");
    await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    const seen = nextEvents(watcher, "consortium", 1);
    const issued = await post("mishu", "/notices", { intent: "issue", taskId: task.id, kind: "reminder", body: "请按计划推进并说明进展", respondBy: "2026-12-01" });
    expect(issued.status).toBeLessThan(400);
    const [ev] = await seen;
    expect(ev).toMatchObject({ type: "notice.upserted", payload: { entity: "notice", row: { taskId: task.id, unitId: unit, status: "open" } } });
    const id = ev.payload.id as number;

    const ids = async (who: string) => (await mapData(who)).notices.map((n) => n.id);
    for (const who of ["mishu", "shouxi", "zongtibu", "jiang_hao", "zhou_guoqiang"]) expect(await ids(who), who).toContain(id);
    for (const who of ["deng_yu", "li_xiaoyan", "lishi"]) expect(await ids(who), who).not.toContain(id);
    expect((await mapData("jiang_hao")).seesAllNotices).toBe(false);
    expect((await mapData("mishu")).seesAllNotices).toBe(true);

    const version = q<any>("SELECT version FROM notices WHERE id = ?", id).version;
    expect((await post("mishu", "/notices", { intent: "close", id, version })).status).toBeLessThan(400);
    for (const who of ["mishu", "jiang_hao"]) expect(await ids(who), who).not.toContain(id);
  });
});
