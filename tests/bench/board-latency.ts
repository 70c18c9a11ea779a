// Live server benchmark (issues #4, #15, #17). Run on demand: `npm run build && npm run bench:board`; not CI.
// The server is started as `npm start` starts it (BENCH_SERVER, default the command server/scripts/start.sh
// execs after building) in a process of its own, on a temporary demo database. The viewers are spread over
// BENCH_FLEET_PROCS forked client processes (bench-clients.ts; default 4: one process holding 500 or 1,000
// sockets would measure itself), the editor is one more; the baseline is a bare Socket.IO server
// (bare-server.ts, port BENCH_BARE_PORT), also a process of its own, served to the same fleet processes in the
// same run. Times compare across processes: process.hrtime is CLOCK_MONOTONIC, shared by the whole machine,
// so "the last viewer had it" is the slowest over every process.
//
//   start         spawn -> /healthz answers, 3 starts each on the demo database and a grown one
//                 (BENCH_START_TASKS, default 0,20000; 0 = the demo as seeded)
//   edit          one editor's task:update (the real write path) -> each viewer's receipt; N = BENCH_SIZES
//   baseline      a bare broadcast of a same-size payload by the bare server to N viewers of its own
//   sustained     BENCH_RATE edits/s for BENCH_SECONDS on 500 viewers, and the bare server at the same rate
//   comment       BENCH_COMMENTS comments on a task posted through the real comment form (POST /comments)
//                 -> each of 500 viewers of its board
//   storm         BENCH_STORM viewers; the server is killed (kill -9) and started again while edits land
//                 (20 while it is down, 20 over the first second after it is up): time until every viewer
//                 rejoined and caught up, and events lost; the same kill and restart of the bare server
//   memory        the server's RSS per connected viewer
// "all" figures are per message: the time until the LAST viewer had it (what "reached 500 viewers" means).
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

process.env.LOG_LEVEL = "silent";
const APP_NOW = "2026-11-23T10:00:00+08:00";
const { serverProbe, cpuMsOf } = await import("./server-probe");
const { loginCookie } = await import("../helpers/server");
const { signIn, postForm } = await import("../helpers/forms");
const { contextFor, actor: actorOf } = await import("../helpers/db");
const { growDatabase } = await import("../helpers/scale-data");
const { openDatabase } = await import("../../db/client");
const { applyMigrations } = await import("../../db/migrate");
const { seedDemo } = await import("../../db/seed");
const { createClock } = await import("../../app/models/clock");
const { currentSeq } = await import("../../app/models/board-events.server");
const { createTask, getTask, updateTask } = await import("../../app/models/tasks.server");
const { taskCreateSchema } = await import("../../app/models/tasks");
const { percentile: pct } = await import("./bench-clients");

const SIZES = (process.env.BENCH_SIZES ?? "100,500,1000").split(",").map(Number);
const START_TASKS = (process.env.BENCH_START_TASKS ?? "0,20000").split(",").filter(Boolean).map(Number);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 100);
const SUSTAINED = { clients: 500, rate: Number(process.env.BENCH_RATE ?? 100), seconds: Number(process.env.BENCH_SECONDS ?? 10) };
const STORM_CLIENTS = Number(process.env.BENCH_STORM ?? 1000);
const SERVER = (process.env.BENCH_SERVER ?? "node --enable-source-maps build/server/index.js").split(" ");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SERVER_DIR = path.resolve(process.env.BENCH_SERVER_DIR ?? ROOT);
const PORT = Number(process.env.BENCH_PORT ?? 3236);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? PORT + 1);
const FLEET_PROCS = Math.max(1, Number(process.env.BENCH_FLEET_PROCS ?? 4));
const url = `http://127.0.0.1:${PORT}`;
const BOARD = "project:1";
const READERS = ["mishu2", "shouxi", "lishi", "zongtibu", "li_ming", "wang_jianguo"];

const hr = () => process.hrtime.bigint();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const load = () => os.loadavg().map(f1).join(" ");
const secs = (from: bigint, to: bigint | string | null) => (to === null ? NaN : Number(BigInt(to) - from) / 1e9);

// ------------------------------------------------------------------------------------------ databases and servers

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-board-"));

async function buildDatabase(tasks: number): Promise<string> {
  const file = path.join(dir, `bench-${tasks}.db`);
  const db = openDatabase(file, createClock({ pinnedAt: APP_NOW }));
  applyMigrations(db);
  await seedDemo(db);
  if (tasks) growDatabase(db, { tasks });
  // The edited board gets 40 more open tasks: 100 edits/s with one answer awaited per task needs many.
  else for (let i = 1; i <= 40; i++) createTask(contextFor(db), actorOf(db, "mishu"), taskCreateSchema.parse({ projectId: 1, title: `基准任务 ${i}`, description: "", ownerUnitId: 1, startOn: "2026-01-01", dueOn: "2026-12-31" }));
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return file;
}

/** Starts the server as `npm start` does, on `file`; resolves once /healthz answers, with the time that took. */
async function startServer(file: string): Promise<{ proc: ChildProcess; startMs: number }> {
  const t0 = hr();
  const proc = spawn(SERVER[0]!, SERVER.slice(1), {
    cwd: SERVER_DIR,
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: file, PORT: String(PORT), HOST: "127.0.0.1", APP_NOW, SESSION_SECRET: "bench", LOG_LEVEL: "warn", BACKUP_EVERY_HOURS: "0", INTEGRITY_CHECK_HOURS: "0" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  servers.current = proc;
  started.add(proc);
  await serverProbe(url, "mishu").waitHealthy(120_000);
  return { proc, startMs: Number(hr() - t0) / 1e6 };
}

async function stop(proc: ChildProcess, signal: NodeJS.Signals) {
  if (proc.exitCode != null || proc.signalCode != null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  process.kill(-proc.pid!, signal);
  await exited;
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

/** The bare Socket.IO server, on `port` (again after a kill). */
async function startBare(port: number): Promise<{ proc: ChildProcess; port: number; startMs: number }> {
  const t0 = hr();
  const proc = fork(path.join(ROOT, "tests/bench/bare-server.ts"), [String(port)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const got = await new Promise<number>((resolve) => proc.once("message", (m: any) => resolve(m.port)));
  return { proc, port: got, startMs: Number(hr() - t0) / 1e6 };
}

// ------------------------------------------------------------------------------------------ child processes over IPC

/** Every process this benchmark started, ended with it (also when it fails). */
const started = new Set<ChildProcess>();
// A process may have ended on its own just before (ESRCH): that is no failure of the run.
const kill = (pid: number) => { try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ } };
process.on("exit", () => started.forEach((p) => p.exitCode == null && p.signalCode == null && p.pid && kill(p === servers.current ? -p.pid : p.pid)));
const servers: { current: ChildProcess | null } = { current: null };

type Child = { proc: ChildProcess; pending: Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }> };
let nextId = 1;
function child(proc: ChildProcess): Child {
  started.add(proc);
  const c: Child = { proc, pending: new Map() };
  proc.on("message", (m: any) => {
    if (typeof m !== "object" || m.id == null) return;
    const p = c.pending.get(m.id);
    c.pending.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(new Error(m.error));
  });
  proc.on("exit", (code) => code && c.pending.forEach((p) => p.reject(new Error(`child process exited with ${code}`))));
  return c;
}
// Advanced serialization: a fleet's report carries every latency (500,000 in the sustained phase) as a Float64Array.
const clientProcess = () => child(fork(path.join(ROOT, "tests/bench/bench-clients.ts"), [], { execArgv: ["--import", "tsx"], stdio: "inherit", serialization: "advanced" }));
function ask<T = any>(c: Child, cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    c.pending.set(id, { resolve, reject });
    c.proc.send({ id, cmd, ...args });
  });
}

// ------------------------------------------------------------------------------------------ phases

let fleets: Child[] = [];
let editor: Child;
let bare: Child;

const askFleets = <T = any>(cmd: string, args: Record<string, unknown> = {}) => Promise.all(fleets.map((f) => ask<T>(f, cmd, args)));
/** Process i's share of n viewers. */
const share = (n: number, i: number) => Math.floor(n / fleets.length) + (i < n % fleets.length ? 1 : 0);

/** Brings a pool up to n viewers over the fleet processes, 50 handshakes in flight in all. */
async function connect(pool: "app" | "bare", n: number, cookies: string[]) {
  const t = hr();
  const batch = Math.ceil(50 / fleets.length);
  const got = await Promise.all(fleets.map((f, i) => ask(f, "connect", { pool, n: share(n, i), batch, cookies })));
  return { ms: Number(hr() - t) / 1e6, presence: got.reduce((s, g) => s + g.presence, 0) };
}

/** Resolves when every viewer, in every process, had marker k of the kind (or one process gave up after 5 s). */
const awaitAll = async (kind: string, k: number) => ({ complete: (await askFleets("await", { kind, k })).every((r) => r.complete) });

/** Every process's latencies of the kind, merged; "all" = per marker, the slowest viewer over all processes. */
async function report(kind: string, perViewer = 0) {
  const parts = await askFleets<{ latencies: Float64Array; slowest: [number, number][] }>("report", { kind, perViewer });
  const xs = new Float64Array(parts.reduce((s, p) => s + p.latencies.length, 0));
  let at = 0;
  for (const p of parts) xs.set(p.latencies, (at += p.latencies.length) - p.latencies.length);
  xs.sort();
  const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * (xs.length - 1)))]! : NaN);
  const slowest = new Map<number, number>();
  for (const p of parts) for (const [k, v] of p.slowest) slowest.set(k, Math.max(v, slowest.get(k) ?? 0));
  const all = [...slowest.values()];
  return { n: xs.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1), allP50: pct(all, 0.5), allP99: pct(all, 0.99) };
}

/** The storm's figures over every process: the last rejoin and catch-up are the latest of all. */
async function stormFinal(pool: "app" | "bare", finalSeq: number, timeoutMs: number) {
  const parts = await askFleets("storm:final", { pool, finalSeq, timeoutMs });
  const sum = (key: string) => parts.reduce((s, p) => s + p[key], 0);
  const latest = (key: string) => (parts.every((p) => p[key] !== null) ? String(parts.map((p) => BigInt(p[key])).reduce((a, b) => (b > a ? b : a))) : null);
  return { clients: sum("clients"), rejoined: sum("rejoined"), caughtUp: sum("caughtUp"), lastRejoinedAt: latest("lastRejoinedAt"), lastCaughtUpAt: latest("lastCaughtUpAt"), lost: sum("lost"), reloads: sum("reloads"), gaps: sum("gaps") };
}

/** k bare broadcasts, each awaited at every bare viewer. */
async function baseline(sample: object, k: number, gapMs: number) {
  for (let i = 1; i <= k; i++) {
    await ask(bare, "emit", { sample, k: i });
    await awaitAll("base", i);
    await sleep(gapMs);
  }
  return report("base");
}

/** k edits through the editor's socket, one at a time, each awaited at every viewer (latency without queueing). */
let nextK = 1;
async function edits(k: number, gapMs: number) {
  let refused = 0;
  let incomplete = 0;
  const ackMs: number[] = [];
  for (let i = 0; i < k; i++) {
    const mark = nextK++;
    const sent = await ask(editor, "edit", { k: mark });
    ackMs.push(sent.ackMs);
    if (!sent.ok) refused++;
    else if (!(await awaitAll("edit", mark)).complete) incomplete++;
    await sleep(gapMs);
  }
  return { ...(await report("edit")), refused, incomplete, ackMs };
}

/** k comments on a task through the comment form, one at a time, each awaited at every viewer. */
async function comments(taskId: number, k: number, gapMs: number) {
  const session = await signIn(url, "mishu", { page: `/tasks/${taskId}` });
  let refused = 0;
  let incomplete = 0;
  const postMs: number[] = [];
  for (let i = 1; i <= k; i++) {
    const t = hr();
    const res = await postForm(url, session, "/comments", { intent: "add", entity: "task", entityId: taskId, body: `基准测试#${i}@${t}`, mentions: "" });
    postMs.push(Number(hr() - t) / 1e6);
    if (res.status >= 400) refused++;
    else if (!(await awaitAll("comment", i)).complete) incomplete++;
    await sleep(gapMs);
  }
  return { ...(await report("comment")), refused, incomplete, postMs };
}

async function main() {
  console.log(`live server benchmark · node ${process.version} · ${os.cpus().length} cores · server: ${SERVER.join(" ")} (own process)`);
  console.log(`viewers in ${FLEET_PROCS} client processes, the editor in one more; server port ${PORT}, bare server port ${BARE_PORT}`);
  console.log(`load average at start ${load()} (other work on this machine inflates every figure)`);

  // Start to listening.
  const starts: Record<string, string>[] = [];
  for (const n of START_TASKS) {
    const file = await buildDatabase(n);
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { proc, startMs } = await startServer(file);
      ms.push(startMs);
      await stop(proc, "SIGTERM");
    }
    starts.push({ database: n ? `demo + ${n.toLocaleString("en")} tasks` : "demo", "starts ms": ms.map(Math.round).join(", "), "median ms": f1(pct(ms, 0.5)), load: load() });
  }
  if (starts.length) {
    console.log("\nStart to listening: spawn -> /healthz answers");
    console.table(starts);
  }

  const file = await buildDatabase(0);
  let server = await startServer(file);
  const base = await startBare(BARE_PORT);
  let bareProc = base.proc;
  bare = child(bareProc);
  const editorCookie = await loginCookie(url, "mishu");
  const cookies = await Promise.all(READERS.map((u) => loginCookie(url, u)));
  const reader = openDatabase(file, createClock({ pinnedAt: APP_NOW }));
  const projectId = Number(BOARD.split(":")[1]);
  // The editor's tasks and, apart, the ones edited while the server is down (no stale versions for the editor).
  const open = reader.$client
    .prepare("SELECT id, version FROM tasks WHERE project_id = ? AND status != 'closed' AND archived_at IS NULL ORDER BY id LIMIT 40")
    .all(projectId) as { id: number; version: number }[];
  const half = Math.ceil(open.length / 2);
  const [tasks, offlineTasks] = [open.slice(0, half), open.slice(half)];
  // A real event of this board, as the same-size payload for the bare broadcast.
  const sample = { boardId: BOARD, seq: 0, type: "task.upserted", payload: { entity: "task", id: tasks[0]!.id, row: getTask(reader, tasks[0]!.id), by: { id: 2, name: "陈思远" }, action: "update" }, at: APP_NOW };

  fleets = Array.from({ length: FLEET_PROCS }, clientProcess);
  editor = clientProcess();
  await askFleets("fleet", { appUrl: url, board: BOARD, bareUrl: `http://127.0.0.1:${base.port}` });
  await ask(editor, "editor", { url, cookie: editorCookie, tasks });
  const rss0 = rssKb(server.proc.pid!);

  const rows: Record<string, string | number>[] = [];
  const resources: Record<string, string | number>[] = [];
  let sustained: Record<string, string | number> | null = null;
  let sustainedBase: Record<string, string | number> | null = null;
  let comment: Record<string, string | number> | null = null;
  for (const n of SIZES) {
    const conn = await connect("app", n, cookies);
    await connect("bare", n, cookies);
    await sleep(500); // let the coalesced presence broadcasts drain
    const rss = rssKb(server.proc.pid!);
    const edit = await edits(EDITS, 20);
    const b = await baseline(sample, EDITS, 20);
    rows.push({
      viewers: n,
      "edit p50": f1(edit.p50),
      "edit p99": f1(edit.p99),
      "edit all p99": f1(edit.allP99),
      "base p50": f1(b.p50),
      "base p99": f1(b.p99),
      "base all p99": f1(b.allP99),
      "ack p50": f1(pct(edit.ackMs, 0.5)),
      "ack p99": f1(pct(edit.ackMs, 0.99)),
      deliveries: `${edit.n}/${EDITS * n}`,
      load: load(),
    });
    resources.push({ viewers: n, "connect+join s": f1(conn.ms / 1000), "presence msgs": conn.presence, "server RSS KB/viewer": f1((rss - rss0) / n) });
    if (edit.refused || edit.incomplete) console.log(`  N=${n}: ${edit.refused} edits refused, ${edit.incomplete} not delivered to every viewer within 5 s`);
    if (n === SUSTAINED.clients) {
      // Server CPU per message (user + system, all threads): what the load average does not inflate much.
      const cpu0 = cpuMsOf(server.proc.pid!);
      const run = await ask(editor, "sustained", { rate: SUSTAINED.rate, seconds: SUSTAINED.seconds, firstK: nextK });
      nextK = run.nextK;
      const got = await report("edit", run.accepted);
      const cpuPerEdit = (cpuMsOf(server.proc.pid!) - cpu0) / run.accepted;
      sustained = { "": "ours", "achieved /s": f1(run.achievedRate), accepted: run.accepted, skipped: run.skipped, deliveries: `${got.n}/${run.accepted * n}`, lost: run.accepted * n - got.n, "p50 ms": f1(got.p50), "p95 ms": f1(got.p95), "p99 ms": f1(got.p99), "max ms": f1(got.max), "all p99 ms": f1(got.allP99), "server CPU ms/msg": f1(cpuPerEdit), load: load() };
      const sent = SUSTAINED.rate * SUSTAINED.seconds;
      const bareCpu0 = cpuMsOf(bareProc.pid!);
      await ask(bare, "sustained", { sample, k: 1_000_000, rate: SUSTAINED.rate, seconds: SUSTAINED.seconds });
      const bg = await report("base", sent);
      const cpuPerBroadcast = (cpuMsOf(bareProc.pid!) - bareCpu0) / sent;
      sustainedBase = { "": "bare Socket.IO", "achieved /s": f1(SUSTAINED.rate), accepted: sent, skipped: 0, deliveries: `${bg.n}/${sent * n}`, lost: sent * n - bg.n, "p50 ms": f1(bg.p50), "p95 ms": f1(bg.p95), "p99 ms": f1(bg.p99), "max ms": f1(bg.max), "all p99 ms": f1(bg.allP99), "server CPU ms/msg": f1(cpuPerBroadcast), load: load() };

      const c = await comments(tasks[0]!.id, COMMENTS, 20);
      comment = { viewers: n, comments: COMMENTS, refused: c.refused, "not all within 5 s": c.incomplete, deliveries: `${c.n}/${(COMMENTS - c.refused) * n}`, "p50 ms": f1(c.p50), "p99 ms": f1(c.p99), "all p50 ms": f1(c.allP50), "all p99 ms": f1(c.allP99), "post p50 ms": f1(pct(c.postMs, 0.5)), load: load() };
    }
  }

  console.log("\nEdit-to-every-viewer latency (ms) through task:update, and a bare Socket.IO broadcast in the same run");
  console.table(rows);
  console.log("ack = the editor's round trip; all p99 = p99 over edits of the time until the last viewer had it");
  console.log("\nConnections and server memory (viewers added in batches of 50)");
  console.table(resources);
  if (sustained && sustainedBase) {
    console.log(`\nSustained load: ${SUSTAINED.rate} edits/s for ${SUSTAINED.seconds} s on ${SUSTAINED.clients} viewers`);
    console.table([sustained, sustainedBase]);
  }
  if (comment) {
    console.log(`\nComments on a task posted through POST /comments (the comment form), ${SUSTAINED.clients} viewers of its board, one at a time`);
    console.table([comment]);
  }

  // Reconnect storm (BENCH_STORM=0 skips it, e.g. to profile the server: it then ends with SIGTERM, not kill -9).
  let storm: Awaited<ReturnType<typeof stormFinal>> | null = null;
  let killed = 0n;
  if (STORM_CLIENTS > 0) {
    // Reconnect storm: the fleet grows to STORM_CLIENTS, then the server is killed and started again.
    await connect("app", STORM_CLIENTS, cookies);
    await sleep(500);
    await askFleets("storm:arm", { pool: "app" });
    const seqBefore = currentSeq(reader, BOARD);
    killed = hr();
    await stop(server.proc, "SIGKILL");
    // While the server is down, writes land in the log only (as from another process): the viewers can get
    // these solely through catch-up.
    const offline = openDatabase(file, createClock({ pinnedAt: APP_NOW }));
    const secretary = actorOf(offline, "mishu");
    for (let i = 0; i < 20; i++) {
      const t = offlineTasks[i % offlineTasks.length]!;
      updateTask(contextFor(offline), secretary, { id: t.id, version: getTask(offline, t.id).version, patch: { description: `重启期间的编辑 ${i}` } });
    }
    offline.$client.close();
    const spawned = hr();
    server = await startServer(file);
    // Then 20 edits/s for 1 s through the editor's socket (it reconnects too) while the viewers rejoin.
    const during = await ask(editor, "sustained", { rate: 20, seconds: 1, firstK: nextK });
    nextK = during.nextK;
    const finalSeq = currentSeq(reader, BOARD);
    storm = await stormFinal("app", finalSeq, 30_000);
    const stormRow = (label: string, s: any, startMs: number, from: bigint, up: bigint) => ({
      "": label,
      viewers: s.clients,
      "start ms": Math.round(startMs),
      rejoined: `${s.rejoined}/${s.clients}`,
      "all rejoined s (from kill)": f1(secs(from, s.lastRejoinedAt)),
      "all caught up s (from kill)": f1(secs(from, s.lastCaughtUpAt)),
      "all caught up s (from spawn)": f1(secs(up, s.lastCaughtUpAt)),
      "lost events": s.lost,
      reloads: s.reloads,
      gaps: s.gaps,
      load: load(),
    });
    const stormRows = [stormRow("ours", storm!, server.startMs, killed, spawned)];

    // The same for the bare server: killed, forked again on its port; its viewers rejoin.
    await connect("bare", STORM_CLIENTS, cookies);
    await sleep(500);
    await askFleets("storm:arm", { pool: "bare" });
    const bareKilled = hr();
    bareProc.kill("SIGKILL");
    await new Promise((r) => bareProc.once("exit", r));
    const bareSpawned = hr();
    const again = await startBare(base.port);
    bareProc = again.proc;
    bare = child(bareProc);
    const bareStorm = await stormFinal("bare", 0, 30_000);
    stormRows.push(stormRow("bare Socket.IO", bareStorm, again.startMs, bareKilled, bareSpawned));
    console.log(`\nReconnect storm: kill -9, then started again on the same database and port; ${finalSeq - seqBefore} events during the storm`);
    console.log("(20 committed while the server was down, 20 over the first second after it was up, through the editor's socket)");
    console.table(stormRows);
  }

  const at500 = rows.find((r) => r.viewers === 500);
  const demoStart = starts.find((s) => s.database === "demo");
  const bigStart = starts.find((s) => s.database !== "demo");
  const caughtUp = storm ? secs(killed, storm.lastCaughtUpAt) : NaN;
  const checks = [
    demoStart && [`start to listening (demo) ${demoStart["median ms"]} ms < 1,000 ms`, Number(demoStart["median ms"]) < 1000],
    bigStart && [`start to listening (${bigStart.database}) ${bigStart["median ms"]} ms < 1,000 ms`, Number(bigStart["median ms"]) < 1000],
    at500 && [`500 viewers: edit p99 ${at500["edit p99"]} ms < 100 ms`, Number(at500["edit p99"]) < 100],
    sustained && [`${SUSTAINED.rate} edits/s on 500 viewers: p99 ${sustained["p99 ms"]} ms < 100 ms, ${sustained.deliveries} delivered`, Number(sustained["p99 ms"]) < 100 && !sustained.skipped && sustained.deliveries.toString().split("/")[0] === sustained.deliveries.toString().split("/")[1]],
    comment && [`a comment reaches all 500 viewers: p99 ${comment["all p99 ms"]} ms (edits: ${at500?.["edit all p99"]} ms, bare: ${at500?.["base all p99"]} ms)`, !comment.refused && !comment["not all within 5 s"]],
    storm && [`${STORM_CLIENTS} viewers caught up ${f1(caughtUp)} s after kill -9 ≤ 5 s`, caughtUp <= 5],
    storm && [`no event lost (${storm.lost} lost, ${storm.reloads} reloads)`, storm.lost === 0 && storm.reloads === 0],
  ].filter(Boolean) as [string, boolean][];
  console.log(`\nload average at end ${load()}`);
  console.log("\nTargets");
  for (const [label, ok] of checks) console.log(`  ${ok ? "met   " : "MISSED"} ${label}`);

  await Promise.all([askFleets("exit"), ask(editor, "exit")]);
  reader.$client.close();
  await stop(server.proc, "SIGTERM");
  bareProc.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

await main();
