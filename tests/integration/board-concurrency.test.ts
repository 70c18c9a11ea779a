// Many people on one board at once, over a real server and real socket.io-client connections: each
// client keeps its own board state with the real reducer; concurrent moves must converge to the
// database's order on every client, catch-up after a disconnect must be exact, and forbidden or stale
// writes must change nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Socket } from "socket.io-client";
import { applyEvent, applyEvents, type BoardState } from "../../app/realtime/board-reducer";
import { boardData } from "../../app/models/task-board.server";
import { NO_FILTERS } from "../../app/models/board-filter";
import { byPosition, type TaskRow } from "../../app/models/tasks";
import { currentSeq } from "../../app/models/board-events.server";
import { createUser } from "../../app/models/users.server";
import { actorForSession, createSession } from "../../app/models/auth.server";
import type { Actor } from "../../app/models/context.server";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { fingerprint } from "../helpers/db-fingerprint";
import { Msg, Push, type BoardEvent } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
/** The columns a move may go between (the others belong to close-out and change requests). */
const MOVABLE = ["not_started", "in_progress"] as const;
const FORBIDDEN = "您没有权限执行此操作";

const actorOf = (username: string): Actor => {
  const { id } = q<{ id: number }>("SELECT id FROM users WHERE username = ?", username);
  return actorForSession(srv.app.db, createSession(srv.app.db, id, "test").id)!;
};

async function client(username: string) {
  const s = socketFor(srv.url, await loginCookie(srv.url, username));
  sockets.push(s);
  await connected(s);
  return s;
}

/** Deterministic randomness, so a failing run can be replayed with BOARD_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, shuffle: <T>(xs: T[]) => xs.map((x) => [next(), x] as const).sort((p, q2) => p[0] - q2[0]).map((p) => p[1]) };
}

/** A viewer as the browser keeps it: the DB snapshot taken after joining, then every event through the reducer. */
type Viewer = { name: string; socket: Socket; state: BoardState; gaps: number };

async function view(username: string, boardId: string): Promise<Viewer> {
  const socket = await client(username);
  const join = await ask(socket, Msg.boardJoin, { boardId });
  expect(join.ok).toBe(true);
  // Joined first, then read: anything committed meanwhile also arrives live and is dropped as a duplicate.
  const data = boardData(srv.app.db, actorOf(username), boardId, NO_FILTERS);
  expect(data.seq).toBeGreaterThanOrEqual(join.seq);
  const v: Viewer = { name: username, socket, state: snapshot(data.seq, data.tasks), gaps: 0 };
  socket.on(Push.events, (events: BoardEvent[]) => {
    for (const ev of events) {
      if (ev.boardId !== boardId) continue;
      const r = applyEvent(v.state, ev);
      if (r.status === "gap") v.gaps++;
      else v.state = r.state;
    }
  });
  return v;
}

const snapshot = (seq: number, rows: TaskRow[]): BoardState => ({ seq, entities: { task: Object.fromEntries(rows.map((r) => [r.id, r])) } });
const rowsOf = (s: BoardState) => Object.values(s.entities.task ?? {}) as TaskRow[];
/** Board order as every client draws it: status column, then fractional key. */
const order = (rows: TaskRow[]) =>
  [...rows].sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : byPosition(a, b))).map((r) => `${r.status}/${r.position}/#${r.id}`);

beforeAll(async () => {
  srv = await startServer();
  // Two more people with consortium-wide move rights, created through the model like an admin would.
  const admin = actorOf("admin");
  for (const username of ["mishu3", "mishu4"]) {
    await createUser(srv.app.ctx, admin, { username, password: "demo1234", displayName: `秘书${username.slice(-1)}`, unitId: 1, title: "", email: "", phone: "", roles: ["secretariat"] });
  }
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("concurrent moves by five people", () => {
  it("end with every card present exactly once and the same order on every client as in the database", async () => {
    const seed = Number(process.env.BOARD_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const board = "consortium";
    const viewers = await Promise.all(["mishu", "mishu2", "shouxi", "mishu3", "mishu4"].map((u) => view(u, board)));
    const before = boardData(srv.app.db, actorOf("mishu"), board, NO_FILTERS);
    const movable = before.tasks.filter((t) => (MOVABLE as readonly string[]).includes(t.status)).map((t) => t.id);
    const cards = rnd.shuffle(movable).slice(0, 20);
    expect(cards).toHaveLength(20);

    /** One client's move of `id`, aimed from what that client currently sees. */
    const moveFrom = (v: Viewer, id: number) => {
      const mine = v.state.entities.task![id] as TaskRow;
      const toStatus = rnd.pick(MOVABLE);
      const column = rowsOf(v.state).filter((t) => t.status === toStatus && t.id !== id).sort(byPosition);
      const neighbour = column.length ? rnd.pick(column).id : null;
      const anchor = rnd.pick(["after", "before", "top", "end"] as const);
      const hint =
        anchor === "top" || neighbour === null ? { afterId: null } : anchor === "after" ? { afterId: neighbour } : anchor === "before" ? { beforeId: neighbour } : {};
      return ask(v.socket, Msg.taskMove, { id, version: mine.version, toStatus, ...hint });
    };

    // Round 1: the 20 cards split over the 5 clients, all sent at once. Rounds 2-3: overlapping random
    // picks from possibly stale views, so some moves race for the same card and must be refused.
    const replies: any[] = [];
    const round1 = viewers.flatMap((v, i) => cards.slice(i * 4, i * 4 + 4).map((id) => moveFrom(v, id)));
    replies.push(...(await Promise.all(round1)));
    for (let round = 0; round < 2; round++) {
      const sends = viewers.flatMap((v) => Array.from({ length: 4 }, () => moveFrom(v, rnd.pick(cards))));
      replies.push(...(await Promise.all(sends)));
    }
    const refusedCodes = replies.filter((r) => !r.ok).map((r) => r.code);
    expect(new Set(refusedCodes), `seed ${seed}`).toEqual(new Set(refusedCodes.filter((c) => c === "conflict")));
    expect(replies.slice(0, 20).every((r) => r.ok), `seed ${seed}: round 1 moves distinct cards`).toBe(true);

    const finalSeq = currentSeq(srv.app.db, board);
    expect(finalSeq).toBe(before.seq + replies.filter((r) => r.ok).length);
    await vi.waitFor(() => expect(viewers.map((v) => v.state.seq)).toEqual(viewers.map(() => finalSeq)), { timeout: 10_000, interval: 20 });

    const db = boardData(srv.app.db, actorOf("mishu"), board, NO_FILTERS);
    expect(db.tasks).toHaveLength(before.tasks.length);
    expect(new Set(db.tasks.map((t) => `${t.status}/${t.position}`)).size, "keys unique per column").toBe(db.tasks.length);
    for (const v of viewers) {
      expect(v.gaps, v.name).toBe(0);
      const rows = rowsOf(v.state);
      expect(rows.map((r) => r.id).sort((a, b) => a - b), `${v.name}: every card exactly once`).toEqual(db.tasks.map((t) => t.id).sort((a, b) => a - b));
      expect(order(rows), `${v.name} (seed ${seed})`).toEqual(order(db.tasks));
      expect(v.state.entities.task, v.name).toEqual(snapshot(db.seq, db.tasks).entities.task);
    }
  });
});

describe("catch-up after a disconnect", () => {
  it("a client that misses 50 events receives exactly those 50, in order, when it rejoins with its last seq", async () => {
    const projectId = 2;
    const board = `project:${projectId}`;
    const away = await view("shouxi", board);
    const witness = await view("lishi", board);
    const writer = await client("mishu");
    const lastSeq = away.state.seq;
    away.socket.disconnect();

    const tasks = qa<{ id: number; version: number }>("SELECT id, version FROM tasks WHERE project_id = ? AND status IN ('not_started', 'in_progress') ORDER BY id LIMIT 5", projectId);
    const seen = nextEvents(witness.socket, board, 50, 15_000);
    for (let i = 0; i < 50; i++) {
      const t = tasks[i % tasks.length]!;
      const reply =
        i % 3 === 2
          ? await ask(writer, Msg.taskMove, { id: t.id, version: t.version, toStatus: MOVABLE[i % MOVABLE.length], afterId: null })
          : await ask(writer, Msg.taskUpdate, { id: t.id, version: t.version, patch: { description: `断线期间的说明 ${i}`, title: `断线期间的修改 ${i}` } });
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      t.version = reply.row.version;
    }
    const live = await seen;

    let missedLive = 0;
    away.socket.on(Push.events, (evs) => (missedLive += evs.length));
    away.socket.connect();
    await connected(away.socket);
    const rejoin = await ask(away.socket, Msg.boardJoin, { boardId: board, sinceSeq: lastSeq });
    expect(rejoin).toMatchObject({ ok: true, reload: false, seq: lastSeq + 50 });
    expect(rejoin.events.map((e: BoardEvent) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => lastSeq + 1 + i));
    expect(rejoin.events).toEqual(live);
    expect(missedLive).toBe(0);

    const caughtUp = applyEvents(away.state, rejoin.events);
    expect(caughtUp.status).toBe("applied");
    const db = boardData(srv.app.db, actorOf("shouxi"), board, NO_FILTERS);
    expect(caughtUp.state).toEqual(snapshot(db.seq, db.tasks));
    expect(caughtUp.state).toEqual(witness.state);
  });
});

describe("forbidden writes over sockets", () => {
  const unitOf = (username: string) => q<{ unit_id: number }>("SELECT unit_id FROM users WHERE username = ?", username).unit_id;
  // Any open task: the concurrent moves above may have put any of them in any open column.
  const openTask = (where: string, ...args: unknown[]) =>
    q<any>(`SELECT * FROM tasks WHERE ${where} AND status != 'closed' AND archived_at IS NULL ORDER BY id LIMIT 1`, ...args);

  it("an observer may watch the board but every write is refused, and nothing changes", async () => {
    const s = await client("zongtibu");
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const t = openTask("1 = 1");
    const before = fingerprint(srv.app.db);
    const replies = [
      await ask(s, Msg.taskUpdate, { id: t.id, version: t.version, patch: { title: "总体部改的" } }),
      await ask(s, Msg.taskMove, { id: t.id, version: t.version, toStatus: "suspended", afterId: null }),
      await ask(s, Msg.taskArchive, { id: t.id, version: t.version }),
      await ask(s, Msg.taskCreate, { projectId: t.project_id, title: "总体部加的", ownerUnitId: t.owner_unit_id, startOn: "2026-12-01", dueOn: "2026-12-31" }),
    ];
    for (const r of replies) expect(r).toMatchObject({ ok: false, code: "forbidden", status: 403, message: FORBIDDEN });
    expect(fingerprint(srv.app.db)).toEqual(before);
  });

  it("a researcher may not touch another unit's task, nor hand his own to another unit", async () => {
    const s = await client("jiang_hao");
    const mine = unitOf("jiang_hao");
    const theirs = openTask("owner_unit_id != ?", mine);
    const own = openTask("owner_unit_id = ?", mine);
    const otherUnit = q<{ id: number }>("SELECT id FROM member_units WHERE id != ? ORDER BY id LIMIT 1", mine).id;
    const before = fingerprint(srv.app.db);
    const replies = [
      await ask(s, Msg.taskUpdate, { id: theirs.id, version: theirs.version, patch: { progress: 99 } }),
      await ask(s, Msg.taskMove, { id: theirs.id, version: theirs.version, toStatus: "in_progress", afterId: null }),
      await ask(s, Msg.taskArchive, { id: theirs.id, version: theirs.version }),
      await ask(s, Msg.taskCreate, { projectId: theirs.project_id, title: "越权新建", ownerUnitId: theirs.owner_unit_id, startOn: "2026-12-01", dueOn: "2026-12-31" }),
      await ask(s, Msg.taskUpdate, { id: own.id, version: own.version, patch: { ownerUnitId: otherUnit } }),
    ];
    for (const r of replies) expect(r).toMatchObject({ ok: false, code: "forbidden", status: 403, message: FORBIDDEN });
    expect(fingerprint(srv.app.db)).toEqual(before);
  });
});

describe("stale writes", () => {
  it("a move based on an old version of a card someone else moved is refused with the current row; nothing changes", async () => {
    const a = await client("mishu");
    const b = await client("shouxi");
    const t = q<any>("SELECT * FROM tasks WHERE status IN ('not_started', 'in_progress') AND archived_at IS NULL ORDER BY id LIMIT 1");
    const to = t.status === "in_progress" ? "not_started" : "in_progress";
    const first = await ask(a, Msg.taskMove, { id: t.id, version: t.version, toStatus: to, afterId: null });
    expect(first.ok).toBe(true);

    const before = fingerprint(srv.app.db);
    // Across columns as b still sees it (the card in its old column).
    const across = await ask(b, Msg.taskMove, { id: t.id, version: t.version, toStatus: to, afterId: null });
    expect(across).toMatchObject({ ok: false, code: "conflict", status: 409 });
    expect(across.message).toMatch(/[\u4e00-\u9fff]/);
    expect(across.details.fields).toEqual(expect.arrayContaining(["status", "position"]));
    expect(across.details.current).toEqual(first.row);
    // Reordering within the column from the stale view is the same conflict (position changed).
    const within = await ask(b, Msg.taskMove, { id: t.id, version: t.version, toStatus: t.status, afterId: null });
    expect(within).toMatchObject({ ok: false, code: "conflict" });
    expect(within.details.fields).toContain("position");
    const archive = await ask(b, Msg.taskArchive, { id: t.id, version: t.version });
    expect(archive).toMatchObject({ ok: false, code: "conflict" });
    expect(fingerprint(srv.app.db)).toEqual(before);

    // With the version it now sees, the same person's move goes through.
    expect((await ask(b, Msg.taskMove, { id: t.id, version: first.row.version, toStatus: t.status, afterId: null })).ok).toBe(true);
  });
});
