// Data-scale benchmark (issue #17). Run on demand: `npm run build && npm run bench:scale`; not part of CI.
//
// For each size (BENCH_SIZES, default 500,2000,5000,20000 tasks) a database is built: the demo seed, then
// grown by bulk SQL (tests/helpers/scale-data.ts: one unit and one project per 100 tasks, two indicators
// per task, two values per indicator). The server is started as `npm start` starts it (BENCH_SERVER,
// default `node build/server/index.js`, in BENCH_SERVER_DIR, default this checkout) in its own process.
// A separate prober process asks /healthz every 10 ms; the longest answer while a request runs is that
// request's stall of the server's event loop, as every other user and socket feels it.
//
//   start         spawn → /healthz answers (wall) and the server's CPU time by then
//   pages         GET of every main page as BENCH_USER (median of 3 after a warm-up), size, server CPU, stall
//   exports       every export as BENCH_USER (once), size, stall
//   memory        the server's peak resident memory (VmHWM) over the whole size
//
// BENCH_PAGES / BENCH_EXPORTS (comma lists, "" for none) pick what is timed; BENCH_DOM=1 also opens /board
// in Chromium (twice) and reports its DOM nodes, first contentful paint, TTI and longest main-thread task
// (boardInBrowser states the TTI definition). BENCH_DB_DIR keeps the built databases
// there (scale-<size>.db) and reuses them on the next run (new migrations are applied to them first).
//
// Example, before/after: BENCH_SERVER_DIR=/tmp/base BENCH_SERVER="node --import tsx server/index.ts" npm run bench:scale
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

process.env.LOG_LEVEL = "silent";
const APP_NOW = "2026-11-23T10:00:00+08:00";
const { serverProbe, cpuMsOf } = await import("./server-probe");

const { openDatabase } = await import("../../db/client");
const { applyMigrations } = await import("../../db/migrate");
const { seedDemo } = await import("../../db/seed");
const { createClock } = await import("../../app/models/clock");
const { growDatabase } = await import("../helpers/scale-data");

const SIZES = (process.env.BENCH_SIZES ?? "500,2000,5000,20000").split(",").map(Number);
const SERVER = (process.env.BENCH_SERVER ?? "node build/server/index.js").split(" ");
const SERVER_DIR = path.resolve(process.env.BENCH_SERVER_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../.."));
const PORT = Number(process.env.BENCH_PORT ?? 3234);
const url = `http://127.0.0.1:${PORT}`;
// BENCH_USER: who signs in (default the secretariat, mishu); "shouxi" (the chief scientist) gets the chief view and his front page.
const USER = process.env.BENCH_USER ?? "mishu";
const { waitHealthy, login, stallProbe } = serverProbe(url, USER);

const pick = (env: string | undefined, all: string[]) => (env == null ? all : env.split(",").filter(Boolean));
const PAGES = pick(process.env.BENCH_PAGES, ["/dashboard", "/dashboard?view=chief", "/board", "/indicators", "/key-tasks", "/battle-map", "/responsibility", "/reports/2026?format=zhejiang", "/results", "/checks"]);
const EXPORTS = pick(process.env.BENCH_EXPORTS, ["/reports/2026.docx?format=zhejiang", "/reports/2026.xlsx?format=zhejiang", "/reports/2026.pdf?format=zhejiang", "/key-tasks.xlsx", "/responsibility.xlsx", "/reports/funding/2026.xlsx", "/battle-map.pdf"]);

type BoardInBrowser = { nodes: number; fcpMs: number; ttiMs: number; longestTaskMs: number; longTasks: number; longestTaskCpuMs: number; codeBytes: number; codeFiles: number };

/**
 * The longest task of the page's main thread in CPU time, from a Chromium trace (a task's thread time):
 * on a shared, loaded machine a task's wall time counts the time the thread waited for a core, its CPU
 * time does not, so this figure compares two checkouts even when the load differs between their runs.
 */
function longestTaskCpuMs(trace: Buffer): number {
  type Ev = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number };
  const events = (JSON.parse(trace.toString("utf8")) as { traceEvents: Ev[] }).traceEvents;
  // The page's renderer thread: the one that parsed the most HTML.
  const parsed = new Map<string, number>();
  for (const e of events) if (e.name === "ParseHTML") parsed.set(`${e.pid}:${e.tid}`, (parsed.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...parsed].sort((a, b) => b[1] - a[1])[0]?.[0];
  let longest = 0;
  for (const e of events) if (e.name === "RunTask" && e.ph === "X" && `${e.pid}:${e.tid}` === main) longest = Math.max(longest, (e.tdur ?? 0) / 1000);
  return longest;
}

/**
 * /board in Chromium as a user opens it: DOM nodes once the columns are drawn, first contentful paint,
 * the main thread's long tasks (PerformanceObserver 'longtask', every task over 50 ms) and TTI, defined
 * here as the end of the last long task before the first 5 s window after FCP without one (FCP itself
 * when there is none): the time from navigation at which the page answers input promptly.
 */
async function boardInBrowser(cookie: string): Promise<BoardInBrowser> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; end: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${url}/board`, { timeout: 180_000 });
    await page.getByTestId("board").waitFor({ timeout: 180_000 });
    const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
    // Wait for the quiet window, then read what the page saw. (A string: tsx would wrap named
    // functions of a callback in a helper the page does not have.)
    const seen = await page.evaluate<{ fcp: number; tti: number; longest: number; count: number; codeBytes: number; codeFiles: number }>(`new Promise((resolve) => {
      const read = () => {
        const tasks = [...window.__longTasks].sort((a, b) => a.start - b.start);
        const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
        let tti = fcp;
        for (const t of tasks) {
          if (t.start - tti >= 5000) break; // a quiet 5 s window before this task: interactive at tti
          if (t.end > tti) tti = t.end;
        }
        if (performance.now() - tti < 5000) return void setTimeout(read, 250);
        // What the page downloaded to run: its scripts and its message catalogue (decoded bytes).
        const code = performance.getEntriesByType("resource").filter((e) => /\\.js$|\\/i18n\\//.test(new URL(e.name).pathname));
        resolve({ fcp, tti, longest: Math.max(0, ...tasks.map((t) => t.end - t.start)), count: tasks.length, codeBytes: code.reduce((n, e) => n + e.decodedBodySize, 0), codeFiles: code.length });
      };
      read();
    })`);
    const trace = await browser.stopTracing();
    return { nodes, fcpMs: seen.fcp, ttiMs: seen.tti, longestTaskMs: seen.longest, longTasks: seen.count, longestTaskCpuMs: longestTaskCpuMs(trace), codeBytes: seen.codeBytes, codeFiles: seen.codeFiles };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${Math.round(n / 1024).toLocaleString("en")} KB`;
const ms = (n: number) => `${Math.round(n).toLocaleString("en")} ms`;
// The machine is shared: every figure is printed with the 1-minute load average it was taken under.
const load = () => os.loadavg()[0]!.toFixed(2);

const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

async function timedGet(p: string, cookie: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}${p}`, { headers: { cookie, "accept-encoding": "identity" }, signal: AbortSignal.timeout(180_000) }).catch((err: Error) => ({ status: 0, arrayBuffer: async () => new ArrayBuffer(0), err }));
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, bytes: body.byteLength, status: res.status };
}

const KEEP_DIR = process.env.BENCH_DB_DIR ? path.resolve(process.env.BENCH_DB_DIR) : null;

/** The database of `size` tasks: built afresh, or the kept one (migrated to this checkout's schema). */
async function databaseOf(size: number): Promise<{ file: string; dir: string | null; note: string }> {
  if (KEEP_DIR) fs.mkdirSync(KEEP_DIR, { recursive: true });
  const dir = KEEP_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), `cw-bench-scale-${size}-`));
  const file = path.join(KEEP_DIR ?? dir!, KEEP_DIR ? `scale-${size}.db` : "bench.db");
  const reuse = KEEP_DIR != null && fs.existsSync(file);
  const tBuild = performance.now();
  const db = openDatabase(file, createClock({ pinnedAt: APP_NOW }));
  applyMigrations(db);
  if (!reuse) {
    await seedDemo(db);
    growDatabase(db, { tasks: size });
  }
  const count = (t: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const scale = { tasks: count("tasks"), units: count("member_units"), projects: count("projects"), indicators: count("indicators"), values: count("indicator_values") };
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return { file, dir, note: `${JSON.stringify(scale)}, ${reuse ? "reused" : "built"} in ${ms(performance.now() - tBuild)}, ${kb(fs.statSync(file).size)}` };
}

const rows: string[][] = [];
for (const size of SIZES) {
  const { file, dir, note } = await databaseOf(size);
  console.log(`\n== ${size} tasks: ${note}, signed in as ${USER}`);

  const t0 = performance.now();
  const server: ChildProcess = spawn(SERVER[0]!, SERVER.slice(1), {
    cwd: SERVER_DIR,
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: file, PORT: String(PORT), HOST: "127.0.0.1", APP_NOW, SESSION_SECRET: "bench", LOG_LEVEL: "warn", BACKUP_EVERY_HOURS: "0", INTEGRITY_CHECK_HOURS: "0" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  try {
    await waitHealthy(120_000);
    const startWall = performance.now() - t0;
    const startCpu = cpuMsOf(server.pid!);
    console.log(`start: ${ms(startWall)} to /healthz, ${ms(startCpu)} server CPU`);
    rows.push([String(size), "start to listening", ms(startWall), `${ms(startCpu)} CPU`, ""]);
    const cookie = await login();
    const probe = await stallProbe();
    try {
      // The prober's own noise floor on this machine: the longest /healthz answer while nothing else runs.
      // Also its CPU time meanwhile (the probe's /healthz answers): the floor of the pages' CPU figure below.
      const idleCpu = cpuMsOf(server.pid!);
      const idle = await probe.measure(() => new Promise((r) => setTimeout(r, 2000)));
      const idleCpuMs = cpuMsOf(server.pid!) - idleCpu;
      console.log(`idle: longest /healthz wait ${ms(idle.stallMs)}, server CPU ${ms(idleCpuMs)} in 2 s`);
      rows.push([String(size), "idle (noise floor)", "2,000 ms", `${ms(idleCpuMs)} CPU`, ms(idle.stallMs), ""]);
      for (const p of PAGES) {
        await timedGet(p, cookie); // warm
        const runs: { ms: number; bytes: number; status: number }[] = [];
        let stall = 0;
        // The server's CPU time per request (mean of the 3): unlike wall time, it does not
        // count the waits for a core of a shared, loaded machine, so it compares two checkouts run at different loads.
        const cpu0 = cpuMsOf(server.pid!);
        for (let i = 0; i < 3; i++) {
          const { value, stallMs } = await probe.measure(() => timedGet(p, cookie));
          runs.push(value);
          stall = Math.max(stall, stallMs);
        }
        // Less the probe's own share (its idle rate over the requests' wall time), so what is left is the pages'.
        const cpu = (cpuMsOf(server.pid!) - cpu0 - (idleCpuMs / 2000) * runs.reduce((s, x) => s + x.ms, 0)) / 3;
        const r = { ms: median(runs.map((x) => x.ms)), bytes: runs[0]!.bytes, status: runs[0]!.status };
        console.log(`GET ${p}: ${r.status} ${ms(r.ms)} ${kb(r.bytes)}, server CPU ${ms(cpu)} per request, longest /healthz wait ${ms(stall)}, load ${load()}`);
        rows.push([String(size), `GET ${p}`, ms(r.ms), `${kb(r.bytes)} · ${ms(cpu)} CPU`, ms(stall), String(r.status), load()]);
      }
      for (const p of EXPORTS) {
        const { value: r, stallMs } = await probe.measure(() => timedGet(p, cookie));
        console.log(`export ${p}: ${r.status} ${ms(r.ms)} ${kb(r.bytes)}, longest /healthz wait ${ms(stallMs)}, load ${load()}`);
        rows.push([String(size), `export ${p}`, ms(r.ms), kb(r.bytes), ms(stallMs), String(r.status), load()]);
      }
      if (process.env.BENCH_DOM === "1") {
        // Twice: the machine is shared, one run can meet another engineer's burst.
        for (let i = 1; i <= 2; i++) {
          const b = await boardInBrowser(cookie);
          console.log(`/board in Chromium (run ${i}): ${b.nodes.toLocaleString("en")} DOM nodes, FCP ${ms(b.fcpMs)}, TTI ${ms(b.ttiMs)}, longest main-thread task ${ms(b.longestTaskMs)} (${b.longTasks} over 50 ms; longest in CPU time ${ms(b.longestTaskCpuMs)}), scripts and messages ${kb(b.codeBytes)} in ${b.codeFiles} files, load ${load()}`);
          rows.push([String(size), `/board in Chromium, run ${i}: DOM nodes · FCP · TTI · longest task`, `TTI ${ms(b.ttiMs)}`, `${b.nodes.toLocaleString("en")} nodes`, `FCP ${ms(b.fcpMs)} · longest task ${ms(b.longestTaskMs)} (CPU ${ms(b.longestTaskCpuMs)})`, `${kb(b.codeBytes)} code`, load()]);
        }
      }
    } finally {
      probe.close();
    }
    const peak = server.exitCode == null ? peakRss(server.pid!) : 0;
    console.log(`server peak memory: ${Math.round(peak / 1048576)} MB`);
    rows.push([String(size), "server peak RSS", `${Math.round(peak / 1048576)} MB`, "", ""]);
  } finally {
    // A server that died (out of memory, say) is reported as such.
    if (server.exitCode == null && server.signalCode == null) {
      process.kill(-server.pid!, "SIGTERM");
      await new Promise((r) => server.once("exit", r));
    } else {
      console.log(`server exited by itself: ${server.exitCode ?? server.signalCode}`);
      rows.push([String(size), "server exited by itself", String(server.exitCode ?? server.signalCode), "", ""]);
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log("\n| tasks | what | time | size | longest stall | status | load (1 min) |\n|---|---|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
