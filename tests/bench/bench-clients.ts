// Client processes of the board benchmark, forked by board-latency.ts. Two roles, each in its own
// process so neither shares the server's core nor delays the other (BENCH_INPROCESS=1 runs both in the
// server's process instead, to show how much that skews the figures):
//   fleet   N headless clients on one board, behaving like the browser hook (app/realtime/use-board.ts):
//           join, apply events strictly in seq order, rejoin with the last seq after a disconnect
//           (500 ms after a server-side disconnect, then Socket.IO's backoff), fetch again on a gap.
//   editor  one socket writing through task:update, like the card drawer.
// The editor stamps each edit's title with its send time (process.hrtime = CLOCK_MONOTONIC, shared by
// every process), so a client's receive time minus that stamp is the edit-to-client latency.
// Commands arrive over IPC as {id, cmd, ...}; every answer carries the same id.
import { io, type Socket } from "socket.io-client";
import { Msg, Push } from "../../app/realtime/protocol";

type Ev = { boardId: string; seq: number; payload?: { row?: { title?: string } }; sentAt?: string };
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

const MARK = "基准测试#";
const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

let url = "";
let board = "";

// ------------------------------------------------------------------------------------------ fleet

const clients: Client[] = [];
let armed = false;
let target = Infinity; // the storm's last seq, once known
/** Latencies and per-marker delivery counts, by kind: "edit" (through the server) or "base" (bare broadcast). */
const latencies = { edit: [] as number[], base: [] as number[] };
const counts = { edit: new Map<number, number>(), base: new Map<number, number>() };
let waiter: { kind: "edit" | "base"; k: number; resolve: () => void } | null = null;
/** Presence broadcasts received (every join re-sends the viewer list to the whole room). */
let presence = 0;

function count(kind: "edit" | "base", k: number) {
  const n = (counts[kind].get(k) ?? 0) + 1;
  counts[kind].set(k, n);
  if (waiter && waiter.kind === kind && waiter.k === k && n >= clients.length) {
    waiter.resolve();
    waiter = null;
  }
}

function apply(c: Client, ev: Ev) {
  if (c.seq === null || ev.seq <= c.seq) return; // before the first join, or a duplicate
  if (ev.seq !== c.seq + 1) {
    c.gaps++;
    void join(c); // a hole: fetch what is missing, as the browser does
    return;
  }
  c.seq = ev.seq;
  c.applied++;
  if (armed && c.seq >= target && c.caughtUpAt === null) c.caughtUpAt = now();
}

function onEvent(c: Client, ev: Ev) {
  const t = now();
  if (ev.boardId === "bench") {
    latencies.base.push(ms(t - BigInt(ev.sentAt!)));
    count("base", ev.seq);
    return;
  }
  if (ev.boardId !== board) return;
  const m = /^基准测试#(\d+)@(\d+)$/.exec(ev.payload?.row?.title ?? "");
  if (m) {
    latencies.edit.push(ms(t - BigInt(m[2]!)));
    count("edit", Number(m[1]));
  }
  apply(c, ev);
}

/**
 * Joins (or rejoins from the last seq) and applies the missed events. Safe to call concurrently. The ack
 * is handled in its callback, synchronously: ws may hand several frames over in one go, and a live event
 * right behind the ack must find the catch-up already applied (a browser runs one frame per task).
 */
function join(c: Client): Promise<void> {
  const payload = c.seq === null ? { boardId: board } : { boardId: board, sinceSeq: c.seq };
  return new Promise((resolve) => {
    c.socket.timeout(15_000).emit(Msg.boardJoin, payload, (err: Error | null, reply: any) => {
      resolve();
      if (err || !reply?.ok) return;
      if (c.seq === null) c.seq = reply.seq;
      else if (reply.reload) {
        c.reloads++; // past the window: the browser would reload the board; events are not replayed
        c.seq = Math.max(c.seq, reply.seq);
      } else for (const ev of reply.events as Ev[]) apply(c, ev);
      if (armed && c.rejoinedAt === null) c.rejoinedAt = now();
      if (armed && (c.seq ?? 0) >= target && c.caughtUpAt === null) c.caughtUpAt = now();
    });
  });
}

function connectOne(cookie: string): Promise<void> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie }, reconnectionDelayMax: 5000 });
  const c: Client = { socket, seq: null, applied: 0, gaps: 0, reloads: 0, armSeq: 0, rejoinedAt: null, caughtUpAt: null };
  clients.push(c);
  socket.on(Push.event, (ev: Ev) => onEvent(c, ev));
  socket.on(Push.presence, () => presence++);
  // Like the hook: Socket.IO does not retry a server-side disconnect by itself.
  socket.on("disconnect", (reason) => reason === "io server disconnect" && setTimeout(() => socket.connect(), 500));
  return new Promise((resolve) => socket.on("connect", () => void join(c).then(resolve)));
}

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), max: percentile(xs, 1) });
const last = (xs: (bigint | null)[]) => (xs.length && xs.every((x) => x !== null) ? String(xs.reduce((a, b) => (b! > a! ? b : a))) : null);

// ------------------------------------------------------------------------------------------ editor

type Task = { id: number; version: number; busy: boolean };
let editor: Socket | null = null;
let tasks: Task[] = [];

async function edit(t: Task, k: number): Promise<boolean> {
  t.busy = true;
  const patch = { title: `${MARK}${k}@${now()}` };
  const reply = await editor!.timeout(15_000).emitWithAck(Msg.taskUpdate, { id: t.id, version: t.version, patch }).catch(() => null);
  t.busy = false;
  if (reply?.ok) t.version = reply.row.version;
  return !!reply?.ok;
}

// ------------------------------------------------------------------------------------------ commands

export const commands: Record<string, (msg: any) => Promise<unknown>> = {
  async fleet(msg) {
    url = msg.url;
    board = msg.board;
    return {};
  },

  /** Brings the fleet up to n clients, 50 handshakes at a time. */
  async connect(msg) {
    const started = now();
    while (clients.length < msg.n) {
      const batch = Math.min(50, msg.n - clients.length);
      await Promise.all(Array.from({ length: batch }, (_, i) => connectOne(msg.cookies[(clients.length + i) % msg.cookies.length])));
    }
    const got = presence;
    presence = 0;
    return { total: clients.length, ms: ms(now() - started), presence: got };
  },

  /** Resolves when every client has marker k of the kind, or after 5 s. */
  async await(msg) {
    const kind = msg.kind as "edit" | "base";
    if ((counts[kind].get(msg.k) ?? 0) >= clients.length) return { complete: true };
    return {
      complete: await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => ((waiter = null), resolve(false)), 5000);
        waiter = { kind, k: msg.k, resolve: () => (clearTimeout(timer), resolve(true)) };
      }),
    };
  },

  /** Waits until `expected` deliveries of the kind arrived (10 s at most), then reports and resets. */
  async report(msg) {
    const kind = msg.kind as "edit" | "base";
    const until = Date.now() + 10_000;
    while (latencies[kind].length < (msg.expected ?? 0) && Date.now() < until) await sleep(50);
    const s = summary(latencies[kind]);
    latencies[kind] = [];
    counts[kind].clear();
    return s;
  },

  async "storm:arm"() {
    armed = true;
    target = Infinity;
    for (const c of clients) Object.assign(c, { armSeq: c.seq ?? 0, applied: 0, gaps: 0, reloads: 0, rejoinedAt: null, caughtUpAt: null });
    presence = 0;
    return { seqs: [...new Set(clients.map((c) => c.seq))] };
  },

  /** Once the storm's last seq is known: waits for every client to reach it; reports timings and losses. */
  async "storm:final"(msg) {
    target = msg.finalSeq;
    for (const c of clients) if ((c.seq ?? 0) >= target && c.caughtUpAt === null) c.caughtUpAt = now();
    const until = Date.now() + msg.timeoutMs;
    while (clients.some((c) => (c.seq ?? 0) < target) && Date.now() < until) await sleep(20);
    armed = false;
    return {
      clients: clients.length,
      rejoined: clients.filter((c) => c.rejoinedAt !== null).length,
      caughtUp: clients.filter((c) => c.caughtUpAt !== null).length,
      lastRejoinedAt: last(clients.map((c) => c.rejoinedAt)),
      lastCaughtUpAt: last(clients.map((c) => c.caughtUpAt)),
      // Every client must have applied each seq from where it stood to the last one, in order, once.
      lost: clients.reduce((s, c) => s + Math.max(0, target - c.armSeq - c.applied), 0),
      reloads: clients.reduce((s, c) => s + c.reloads, 0),
      gaps: clients.reduce((s, c) => s + c.gaps, 0),
      presence,
    };
  },

  async editor(msg) {
    url = msg.url;
    tasks = msg.tasks.map((t: { id: number; version: number }) => ({ ...t, busy: false }));
    editor = io(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie: msg.cookie } });
    await new Promise((r) => editor!.on("connect", () => r(null)));
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
    clients.forEach((c) => c.socket.disconnect());
    editor?.disconnect();
    if (process.send) setTimeout(() => process.exit(0), 100);
    return {};
  },
};

// As a forked child (the default), commands come over IPC; BENCH_INPROCESS=1 imports this module instead.
if (process.send) {
  process.on("message", async (msg: { id: number; cmd: string }) => {
    try {
      process.send!({ id: msg.id, ok: true, result: await commands[msg.cmd]!(msg) });
    } catch (err) {
      process.send!({ id: msg.id, ok: false, error: String((err as Error)?.stack ?? err) });
    }
  });
}
