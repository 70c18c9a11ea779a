// Start to listening (issue #17), run on demand: `npm run build && npm run bench:start`; not CI.
// spawn → /healthz answers, the server started as `npm start` starts it (`node --enable-source-maps
// build/server/index.js`, NODE_ENV=production) in its own process, BENCH_STARTS times (default 5) on each
// database, with the server's CPU time by then. Beside it, in the same rounds: the floor, a bare
// `node -e ""` (spawn → exit), and with BENCH_BASE_DIR another built checkout (e.g. a worktree of the
// commit before a change) started the same way on a copy of the same file, the two taking turns so
// they share the machine's load.
//   databases   the demo (seeded by a first start of this checkout on an empty file, not timed) and
//               BENCH_START_DBS (comma-separated files, default $BENCH_DB_DIR/scale-20000.db when it exists),
//               each copied first: the originals are never opened
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cpuMsOf, serverProbe } from "./server-probe";

const APP_NOW = "2026-11-23T10:00:00+08:00";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BASE_DIR = process.env.BENCH_BASE_DIR ? path.resolve(process.env.BENCH_BASE_DIR) : null;
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 3236);
const url = `http://127.0.0.1:${PORT}`;
const keptDb = process.env.BENCH_DB_DIR ? path.join(process.env.BENCH_DB_DIR, "scale-20000.db") : null;
const EXTRA_DBS = (process.env.BENCH_START_DBS ?? (keptDb && fs.existsSync(keptDb) ? keptDb : "")).split(",").filter(Boolean);

const hr = () => process.hrtime.bigint();
const f1 = (x: number) => x.toFixed(1);
const load = () => os.loadavg().map(f1).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-start-"));

let running: ChildProcess | null = null;
process.on("exit", () => {
  if (running?.exitCode == null && running?.signalCode == null && running?.pid) process.kill(-running.pid, "SIGKILL");
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** One start of the server built in `dir` on `file`: wall ms to /healthz and the server's CPU ms by then. */
async function startOnce(dir: string, file: string): Promise<{ wall: number; cpu: number }> {
  const t0 = hr();
  const proc = spawn("node", ["--enable-source-maps", "build/server/index.js"], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: file, PORT: String(PORT), HOST: "127.0.0.1", APP_NOW, SESSION_SECRET: "bench", LOG_LEVEL: "warn", BACKUP_EVERY_HOURS: "0", INTEGRITY_CHECK_HOURS: "0" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  running = proc;
  await serverProbe(url, "mishu").waitHealthy(120_000);
  const wall = Number(hr() - t0) / 1e6;
  const cpu = cpuMsOf(proc.pid!);
  const exited = new Promise((r) => proc.once("exit", r));
  process.kill(-proc.pid!, "SIGTERM");
  await exited;
  return { wall, cpu };
}

/** The floor: node itself, spawn → exit of an empty script. */
function bareNode(): number {
  const t0 = hr();
  spawnSync("node", ["-e", ""]);
  return Number(hr() - t0) / 1e6;
}

const copy = (from: string, name: string) => {
  const to = path.join(tmp, name);
  fs.copyFileSync(from, to);
  return to;
};

console.log(`start to listening · node ${process.version} · ${os.cpus().length} cores · ${STARTS} starts per database · load ${load()}`);
const demo = path.join(tmp, "demo.db");
await startOnce(ROOT, demo); // seeds the demo on the empty file
const databases = [{ name: "demo", file: demo }, ...EXTRA_DBS.map((f) => ({ name: path.basename(f), file: f }))];

const rows: Record<string, string>[] = [];
for (const { name, file } of databases) {
  const servers = [{ label: "this checkout", dir: ROOT, file: copy(file, `ours-${name}`) }];
  if (BASE_DIR) servers.push({ label: `base ${BASE_DIR}`, dir: BASE_DIR, file: copy(file, `base-${name}`) });
  const runs = new Map(servers.map((s) => [s.label, { wall: [] as number[], cpu: [] as number[] }]));
  const floor: number[] = [];
  const loads: string[] = [];
  await startOnce(ROOT, servers[0]!.file); // untimed: the file and the packages in the page cache for every timed start
  for (let i = 0; i < STARTS; i++) {
    floor.push(bareNode());
    for (const s of i % 2 ? [...servers].reverse() : servers) {
      const r = await startOnce(s.dir, s.file);
      runs.get(s.label)!.wall.push(r.wall);
      runs.get(s.label)!.cpu.push(r.cpu);
    }
    loads.push(os.loadavg()[0]!.toFixed(1));
  }
  for (const s of servers) {
    const r = runs.get(s.label)!;
    rows.push({ database: name, server: s.label, "starts ms": r.wall.map(Math.round).join(", "), "median ms": f1(median(r.wall)), "median CPU ms": f1(median(r.cpu)) });
  }
  rows.push({ database: name, server: 'node -e ""', "starts ms": floor.map(Math.round).join(", "), "median ms": f1(median(floor)), "median CPU ms": "", "load (1 min)": loads.join(" ") });
}
console.log("\nStart to listening: spawn → /healthz answers");
console.table(rows);
process.exit(0);
