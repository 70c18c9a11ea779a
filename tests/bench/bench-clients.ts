// Client processes of the board benchmark, forked by board-latency.ts (the server runs in a process of its
// own, as `npm start` starts it). Two roles, each in processes of its own so neither delays the other:
//   fleet   headless viewers in two pools: "app" on a board of the real server, "bare" on the bare
//           Socket.IO server (bare-server.ts), so both are served to the same client processes in the same
//           run. Several fleet processes share the viewers (BENCH_FLEET_PROCS); each reports its raw
//           receipts and board-latency.ts merges them. Viewers behave like the browser hook (app/realtime/use-board.ts): join, apply events
//           strictly in seq order, rejoin with the last seq after a reconnect (the browser's retry policy,
//           RECONNECT), fetch again on a gap.
//   editor  one socket writing through task:update, like the card drawer.
// Every timed message carries its send time (process.hrtime = CLOCK_MONOTONIC, shared by every process):
// an edit in the task's description, a comment in its body (both `基准测试#k@t`), a bare broadcast in `sentAt`.
// Commands arrive over IPC as {id, cmd, ...}; every answer carries the same id.
import { io, type Socket } from "socket.io-client";
import { Msg, Push } from "../../app/realtime/protocol";
import { RECONNECT } from "../../app/realtime/socket.client";

type Ev = { boardId: string; seq: number; payload?: { entity?: string; row?: { description?: string; body?: string } }; sentAt?: string };
type Client = {
  socket: Socket;
  seq: number | null;
  applied: number;
  gaps: number;
  reloads: number;
  armSeq: number;
  rejoinedAt: bigint | null;
  caughtUpAt: bigint | null;
};
type PoolName = "app" | "bare";
/** What is timed: an edit or a comment through the real server, or a bare broadcast. */
type Kind = "edit" | "comment" | "base";
type Pool = { url: string; board: string; clients: Client[]; armed: boolean; target: number };

const MARK = /^基准测试#(\d+)@(\d+)$/;
const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// ------------------------------------------------------------------------------------------ fleet

const pools: Record<PoolName, Pool> = {
  app: { url: "", board: "", clients: [], armed: false, target: Infinity },
  bare: { url: "", board: "bench", clients: [], armed: false, target: Infinity },
};
const poolOf: Record<Kind, PoolName> = { edit: "app", comment: "app", base: "bare" };
/** Latencies and per-marker delivery counts, by kind. */
const latencies: Record<Kind, number[]> = { edit: [], comment: [], base: [] };
const counts: Record<Kind, Map<number, number>> = { edit: new Map(), comment: new Map(), base: new Map() };
/** Per marker, the latency of its last viewer so far: the time until every viewer had it. */
const slowest: Record<Kind, Map<number, number>> = { edit: new Map(), comment: new Map(), base: new Map() };
let waiter: { kind: Kind; k: number; resolve: () => void } | null = null;
/** Presence broadcasts received (coalesced by the server per board). */
let presence = 0;

function count(kind: Kind, k: number, latency: number) {
  latencies[kind].push(latency);
  slowest[kind].set(k, Math.max(latency, slowest[kind].get(k) ?? 0));
  const n = (counts[kind].get(k) ?? 0) + 1;
  counts[kind].set(k, n);
  if (waiter && waiter.kind === kind && waiter.k === k && n >= pools[poolOf[kind]].clients.length) {
    waiter.resolve();
    waiter = null;
  }
}

function apply(pool: Pool, c: Client, ev: Ev) {
  if (c.seq === null || ev.seq <= c.seq) return; // before the first join, or a duplicate
  if (ev.seq !== c.seq + 1) {
    c.gaps++;
    void join(pool, c); // a hole: fetch what is missing, as the browser does
    return;
  }
  c.seq = ev.seq;
  c.applied++;
  if (pool.armed && c.seq >= pool.target && c.caughtUpAt === null) c.caughtUpAt = now();
}

function onEvent(pool: Pool, c: Client, ev: Ev) {
  const t = now();
  if (pool === pools.bare) {
    count("base", ev.seq, ms(t - BigInt(ev.sentAt!)));
    return;
  }
  if (ev.boardId !== pool.board) return;
  const kind: Kind = ev.payload?.entity === "comment" ? "comment" : "edit";
  const m = MARK.exec((kind === "comment" ? ev.payload?.row?.body : ev.payload?.row?.description) ?? "");
  if (m) count(kind, Number(m[1]), ms(t - BigInt(m[2]!)));
  apply(pool, c, ev);
}

/**
 * Joins (or rejoins from the last seq) and applies the missed events. Safe to call concurrently. The ack
 * is handled in its callback, synchronously: ws may hand several frames over in one go, and a live event
 * right behind the ack must find the catch-up already applied (a browser runs one frame per task).
 */
function join(pool: Pool, c: Client): Promise<void> {
  const payload = c.seq === null ? { boardId: pool.board } : { boardId: pool.board, sinceSeq: c.seq };
  return new Promise((resolve) => {
    c.socket.timeout(15_000).emit(Msg.boardJoin, payload, (err: Error | null, reply: any) => {
      resolve();
      if (err || !reply?.ok) return;
      if (c.seq === null) c.seq = reply.seq;
      else if (reply.reload) {
        c.reloads++; // past the window: the browser would reload the board; events are not replayed
        c.seq = Math.max(c.seq, reply.seq);
      } else for (const ev of reply.events as Ev[]) apply(pool, c, ev);
      if (pool.armed && c.rejoinedAt === null) c.rejoinedAt = now();
      if (pool.armed && (c.seq ?? 0) >= pool.target && c.caughtUpAt === null) c.caughtUpAt = now();
    });
  });
}

function connectOne(pool: Pool, cookie: string): Promise<void> {
  const socket = io(pool.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie }, ...RECONNECT });
  const c: Client = { socket, seq: null, applied: 0, gaps: 0, reloads: 0, armSeq: 0, rejoinedAt: null, caughtUpAt: null };
  pool.clients.push(c);
  socket.on(Push.events, (events: Ev[]) => events.forEach((ev) => onEvent(pool, c, ev)));
  socket.on(Push.presence, () => presence++);
  // Like the hook: Socket.IO does not retry a server-side disconnect by itself.
  socket.on("disconnect", (reason) => reason === "io server disconnect" && setTimeout(() => socket.connect(), 500));
  return new Promise((resolve) => {
    let first = true;
    socket.on("connect", () => {
      const joined = join(pool, c);
      if (first) void joined.then(resolve);
      first = false;
    });
  });
}

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
};
const last = (xs: (bigint | null)[]) => (xs.length && xs.every((x) => x !== null) ? String(xs.reduce((a, b) => (b! > a! ? b : a))) : null);

// ------------------------------------------------------------------------------------------ editor

type Task = { id: number; version: number; busy: boolean };
let editor: Socket | null = null;
let tasks: Task[] = [];

async function edit(t: Task, k: number): Promise<boolean> {
  t.busy = true;
  // The description: a signed responsibility list freezes titles, dates and owners, never descriptions.
  const patch = { description: `基准测试#${k}@${now()}` };
  const reply = await editor!.timeout(15_000).emitWithAck(Msg.taskUpdate, { id: t.id, version: t.version, patch }).catch(() => null);
  t.busy = false;
  if (reply?.ok) t.version = reply.row.version;
  return !!reply?.ok;
}

// ------------------------------------------------------------------------------------------ commands

export const commands: Record<string, (msg: any) => Promise<unknown>> = {
  /** Where the pools connect: the real server's board, the bare server. */
  async fleet(msg) {
    Object.assign(pools.app, { url: msg.appUrl, board: msg.board });
    pools.bare.url = msg.bareUrl;
    return {};
  },

  /** Brings this process's share of a pool up to n clients, `batch` handshakes at a time. */
  async connect(msg) {
    const pool = pools[msg.pool as PoolName];
    const started = now();
    while (pool.clients.length < msg.n) {
      const batch = Math.min(msg.batch ?? 50, msg.n - pool.clients.length);
      await Promise.all(Array.from({ length: batch }, (_, i) => connectOne(pool, msg.cookies[(pool.clients.length + i) % msg.cookies.length])));
    }
    const got = presence;
    presence = 0;
    return { total: pool.clients.length, ms: ms(now() - started), presence: got };
  },

  /** Resolves when every client of its pool has marker k of the kind, or after 5 s. */
  async await(msg) {
    const kind = msg.kind as Kind;
    if ((counts[kind].get(msg.k) ?? 0) >= pools[poolOf[kind]].clients.length) return { complete: true };
    return {
      complete: await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => ((waiter = null), resolve(false)), 5000);
        waiter = { kind, k: msg.k, resolve: () => (clearTimeout(timer), resolve(true)) };
      }),
    };
  },

  /**
   * Waits until each viewer of this process had `perViewer` messages of the kind, or none arrived for 5 s
   * (a slow delivery is late, not lost: on a loaded machine a backlog drains for many seconds), then hands
   * over every latency and, per marker, its slowest viewer here (merged across processes by the caller),
   * and resets.
   */
  async report(msg) {
    const kind = msg.kind as Kind;
    const expected = (msg.perViewer ?? 0) * pools[poolOf[kind]].clients.length;
    let seen = -1;
    let quietSince = Date.now();
    while (latencies[kind].length < expected && Date.now() - quietSince < 5000) {
      if (latencies[kind].length !== seen) [seen, quietSince] = [latencies[kind].length, Date.now()];
      await sleep(50);
    }
    const s = { latencies: Float64Array.from(latencies[kind]), slowest: [...slowest[kind]] };
    latencies[kind] = [];
    counts[kind].clear();
    slowest[kind].clear();
    return s;
  },

  async "storm:arm"(msg) {
    const pool = pools[msg.pool as PoolName];
    pool.armed = true;
    pool.target = Infinity;
    for (const c of pool.clients) Object.assign(c, { armSeq: c.seq ?? 0, applied: 0, gaps: 0, reloads: 0, rejoinedAt: null, caughtUpAt: null });
    presence = 0;
    return {};
  },

  /** Once the storm's last seq is known: waits for every client to rejoin and reach it; reports timings and losses. */
  async "storm:final"(msg) {
    const pool = pools[msg.pool as PoolName];
    pool.target = msg.finalSeq;
    for (const c of pool.clients) if (c.rejoinedAt !== null && (c.seq ?? 0) >= pool.target && c.caughtUpAt === null) c.caughtUpAt = now();
    const until = Date.now() + msg.timeoutMs;
    while (pool.clients.some((c) => c.caughtUpAt === null) && Date.now() < until) await sleep(20);
    pool.armed = false;
    return {
      clients: pool.clients.length,
      rejoined: pool.clients.filter((c) => c.rejoinedAt !== null).length,
      caughtUp: pool.clients.filter((c) => c.caughtUpAt !== null).length,
      lastRejoinedAt: last(pool.clients.map((c) => c.rejoinedAt)),
      lastCaughtUpAt: last(pool.clients.map((c) => c.caughtUpAt)),
      // Every client must have applied each seq from where it stood to the last one, in order, once.
      lost: pool.clients.reduce((s, c) => s + Math.max(0, pool.target - c.armSeq - c.applied), 0),
      reloads: pool.clients.reduce((s, c) => s + c.reloads, 0),
      gaps: pool.clients.reduce((s, c) => s + c.gaps, 0),
      presence,
    };
  },

  async editor(msg) {
    tasks = msg.tasks.map((t: { id: number; version: number }) => ({ ...t, busy: false }));
    editor = io(msg.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie: msg.cookie }, ...RECONNECT });
    await new Promise((r) => editor!.once("connect", () => r(null)));
    return {};
  },

  /** One edit; ackMs is the editor's round trip (socket, zod, permission, SQLite transaction with fsync, publish). */
  async edit(msg) {
    const t = now();
    const ok = await edit(tasks[msg.k % tasks.length]!, msg.k);
    return { ok, ackMs: ms(now() - t) };
  },

  /** Open-loop load: `rate` edits per second for `seconds`, whatever the answers' speed. */
  async sustained(msg) {
    const interval = 1000 / msg.rate;
    const started = performance.now();
    const sends: Promise<boolean>[] = [];
    let skipped = 0;
    let k = msg.firstK;
    for (let i = 0; i < msg.rate * msg.seconds; i++) {
      const wait = started + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      const free = tasks.find((t) => !t.busy);
      if (!free) {
        skipped++; // every task still awaits its previous answer: the server is behind
        continue;
      }
      sends.push(edit(free, k++));
    }
    const elapsed = (performance.now() - started) / 1000;
    const accepted = (await Promise.all(sends)).filter(Boolean).length;
    return { sent: sends.length, accepted, skipped, achievedRate: sends.length / elapsed, nextK: k };
  },

  async exit() {
    for (const pool of Object.values(pools)) pool.clients.forEach((c) => c.socket.disconnect());
    editor?.disconnect();
    if (process.send) setTimeout(() => process.exit(0), 100);
    return {};
  },
};

// As a forked child, commands come over IPC.
if (process.send) {
  process.on("message", async (msg: { id: number; cmd: string }) => {
    try {
      process.send!({ id: msg.id, ok: true, result: await commands[msg.cmd]!(msg) });
    } catch (err) {
      process.send!({ id: msg.id, ok: false, error: String((err as Error)?.stack ?? err) });
    }
  });
}
