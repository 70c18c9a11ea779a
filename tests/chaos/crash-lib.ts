// Crash test machinery, shared by the on-demand chaos run (tests/chaos/crash-test.ts) and the quick CI
// variant (tests/integration/crash.test.ts). The real server runs as a child process in its own process
// group on its own database; several Socket.IO clients edit tasks (update progress/title, move) and
// record every acknowledged write; the whole group gets SIGKILL mid-load; the server restarts on the
// same file; then the database must hold every acknowledged edit and no half-applied one.
//
// The invariant for "half-applied": every task write is ONE transaction that bumps the task's version,
// appends exactly one task.* audit row (whose `after` is the new row) and one event on the consortium
// board and one on the project board. Seeded tasks start at version 1 with no audit rows, so for every
// task: number of task.* audit rows = version − 1, and the newest audit row's `after` equals the row;
// the consortium board's seq = number of task.* audit rows = the sum of the project boards' seqs, and
// each board's events are gap-free up to its seq. Any torn transaction breaks one of these equalities.
import Database from "better-sqlite3";
import { PINNED_NOW } from "../helpers/clock";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { verifyAuditChain } from "../../app/models/audit.server";
import type { DB } from "../../db/client";
import { ask, connected, loginCookie, socketFor } from "../helpers/server";
import { Msg } from "../../app/realtime/protocol";

const root = path.resolve(import.meta.dirname, "../..");

export type CrashOptions = {
  cycles: number;
  /** Kill only once at least this many edits were acknowledged in the cycle... */
  minAcks: number;
  /** ...and after a random delay in this range (ms) from the start of the load. */
  killAfterMs: [number, number];
  log?: (line: string) => void;
  /** Keep the temporary directory (the caller removes report.dir). */
  keep?: boolean;
};

export type CrashReport = {
  cycles: number;
  acknowledged: number;
  foundAfterRestart: number;
  inDoubt: number;
  inDoubtApplied: number;
  halfApplied: number;
  auditRows: number;
  auditIntact: boolean;
  integrity: string;
  gracefulExit: number | null;
  problems: string[];
  dir: string;
  dbPath: string;
  acks: Ack[];
  /** The counters before the load (the seeded demo's own audit rows and board events). */
  base: Counters;
};

export type Ack = { taskId: number; version: number; progress: number; title: string; status: string; position: string };
type Pending = { taskId: number; fromVersion: number };
type TaskRow = { id: number; version: number; progress: number; title: string; status: string; position: string; archived_at: string | null; project_id: number; owner_unit_id: number };

// Who edits: people with task rights everywhere, plus a unit lead on his own unit's tasks.
const EDITORS = ["mishu", "mishu2", "shouxi", "wang_jianguo"] as const;
// The columns a move may go between (待销号, 已销号, 已暂停 belong to close-out and change requests).
const STATUSES = ["not_started", "in_progress"] as const;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { child: ChildProcess; url: string; exited: Promise<number | null> };

/** Starts `node --import tsx server/index.ts` detached (its own process group) on the given database. */
export async function startServerProcess(dbPath: string, port: number, logFile: string): Promise<ServerProcess> {
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_PATH: dbPath,
      PORT: String(port),
      HOST: "127.0.0.1",
      SESSION_SECRET: "crash-test-secret",
      LOG_LEVEL: "warn",
      BACKUP_EVERY_HOURS: "0",
      // The suite's one instant, so the demo seeded by the child is the one the checks expect on any date.
      APP_NOW: process.env.APP_NOW ?? PINNED_NOW,
    },
  });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let down = false;
  void exited.then(() => (down = true));
  while (Date.now() < deadline && !down) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return { child, url, exited };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  killGroup(child, "SIGKILL");
  throw new Error(`server did not become healthy (see ${logFile})`);
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

type Editor = { socket: Socket; tasks: number[]; versions: Map<number, number> };

/** Splits the editable tasks between the editors so that their writes never conflict. */
function assignTasks(rows: TaskRow[]): Map<string, number[]> {
  const editable = rows.filter((t) => !t.archived_at && (STATUSES as readonly string[]).includes(t.status));
  const plan = new Map<string, number[]>(EDITORS.map((e) => [e, []]));
  const everywhere = EDITORS.filter((e) => e !== "wang_jianguo");
  let i = 0;
  for (const t of editable) {
    if (t.owner_unit_id === 1 && i % 4 === 0) plan.get("wang_jianguo")!.push(t.id);
    else plan.get(everywhere[i % everywhere.length]!)!.push(t.id);
    i++;
  }
  return plan;
}

const readTasks = (c: Database.Database) => c.prepare("SELECT id, version, progress, title, status, position, archived_at, project_id, owner_unit_id FROM tasks ORDER BY id").all() as TaskRow[];

/** One cycle of load: returns acknowledged and in-doubt edits once the server is gone. */
async function load(srv: ServerProcess, dbPath: string, opts: CrashOptions, cycle: number): Promise<{ acks: Ack[]; pending: Pending[] }> {
  const reader = new Database(dbPath, { readonly: true });
  const rows = readTasks(reader);
  reader.close();
  const plan = assignTasks(rows);
  const editors: Editor[] = [];
  for (const name of EDITORS) {
    const socket = socketFor(srv.url, await loginCookie(srv.url, name));
    await connected(socket);
    editors.push({ socket, tasks: plan.get(name)!, versions: new Map(rows.map((r) => [r.id, r.version])) });
  }
  const acks: Ack[] = [];
  const pending = new Set<Pending>();
  let stop = false;
  const gone = new Promise<void>((resolve) => void srv.exited.then(() => resolve()));

  const drive = async (e: Editor, n: number) => {
    let k = 0;
    while (!stop && e.tasks.length) {
      const taskId = e.tasks[k++ % e.tasks.length]!;
      const version = e.versions.get(taskId)!;
      const move = k % 3 === 0;
      const payload = move
        ? { id: taskId, version, toStatus: STATUSES[(k + n) % STATUSES.length], afterId: k % 2 ? null : undefined }
        : { id: taskId, version, patch: { description: `崩溃测试说明 ${(k * 7 + n) % 101}`, title: `崩溃测试 c${cycle} e${n} #${k}` } }; // progress: computed on tasks with 考核指标
      const p: Pending = { taskId, fromVersion: version };
      pending.add(p);
      let reply: any;
      try {
        reply = await Promise.race([ask(e.socket, move ? Msg.taskMove : Msg.taskUpdate, payload), gone.then(() => null)]);
      } catch {
        reply = null; // the connection died with the server
      }
      if (!reply) return; // no answer: the edit stays in doubt
      pending.delete(p);
      if (reply.ok) {
        const r = reply.row;
        acks.push({ taskId, version: r.version, progress: r.progress, title: r.title, status: r.status, position: r.position });
        e.versions.set(taskId, r.version);
      } else if (reply.code === "conflict") {
        e.versions.set(taskId, reply.details.current.version);
      } else {
        throw new Error(`unexpected reply ${JSON.stringify(reply).slice(0, 200)}`);
      }
    }
  };

  const started = Date.now();
  const delay = opts.killAfterMs[0] + Math.random() * (opts.killAfterMs[1] - opts.killAfterMs[0]);
  const drivers = editors.map((e, n) => drive(e, n));
  drivers.forEach((d) => d.catch(() => {})); // reported by Promise.all below, not as an unhandled rejection
  while (Date.now() - started < delay || acks.length < opts.minAcks) {
    if (Date.now() - started > 60_000) throw new Error("load too slow: no kill point reached in 60 s");
    await new Promise((r) => setTimeout(r, 5));
  }
  killGroup(srv.child, "SIGKILL");
  await srv.exited;
  stop = true;
  await Promise.all(drivers);
  editors.forEach((e) => e.socket.disconnect());
  opts.log?.(`cycle ${cycle}: kill -9 after ${Date.now() - started} ms with ${acks.length} acknowledged and ${pending.size} in flight`);
  return { acks, pending: [...pending] };
}

type AuditAfter = { version: number; progress: number; title: string; status: string; position: string; archivedAt: string | null };

/** Task audit rows and board sequences: read once before the load (the seed has its own) and after each restart. */
export type Counters = { taskAudits: number; consortiumSeq: number; projectSeqs: number };

function counters(c: Database.Database, taskIds: Iterable<number>): Counters {
  const auditsOf = c.prepare("SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id = ? AND action LIKE 'task.%'").pluck();
  let taskAudits = 0;
  for (const id of taskIds) taskAudits += auditsOf.get(String(id)) as number;
  const consortiumSeq = (c.prepare("SELECT seq FROM boards WHERE id = 'consortium'").pluck().get() as number | undefined) ?? 0;
  const projectSeqs = c.prepare("SELECT coalesce(sum(seq), 0) FROM boards WHERE id LIKE 'project:%'").pluck().get() as number;
  return { taskAudits, consortiumSeq, projectSeqs };
}

export function readCounters(dbPath: string): Counters {
  const c = new Database(dbPath, { readonly: true });
  try {
    return counters(c, readTasks(c).map((t) => t.id));
  } finally {
    c.close();
  }
}

/** Checks the restarted database against the counters read before the load. Returns how many acks were found and what is wrong. */
export function verify(dbPath: string, base: Counters, acks: Ack[], pending: Pending[]) {
  const c = new Database(dbPath, { readonly: true });
  const problems: string[] = [];
  try {
    const tasks = new Map(readTasks(c).map((t) => [t.id, t]));
    const auditOf = c.prepare("SELECT after FROM audit_log WHERE entity = 'task' AND entity_id = ? AND action LIKE 'task.%' ORDER BY id");
    const history = new Map<number, AuditAfter[]>();
    for (const id of tasks.keys()) history.set(id, (auditOf.pluck().all(String(id)) as string[]).map((a) => JSON.parse(a) as AuditAfter));

    let found = 0;
    for (const a of acks) {
      const row = tasks.get(a.taskId)!;
      const rec = history.get(a.taskId)!.find((h) => h.version === a.version);
      const same = (x: { progress: number; title: string; status: string; position: string }) =>
        x.progress === a.progress && x.title === a.title && x.status === a.status && x.position === a.position;
      const present = row.version >= a.version && !!rec && same(rec) && (row.version > a.version || same(row));
      if (present) found++;
      else problems.push(`acknowledged edit lost: task ${a.taskId} v${a.version}`);
    }

    let halfApplied = 0;
    for (const [id, row] of tasks) {
      const h = history.get(id)!;
      const last = h.at(-1);
      // Every version from the first audited one (1 when the task's creation was audited, as the demo seed's
      // are; 2 otherwise) up to the row's own has exactly one audit row.
      const first = row.version - h.length + 1;
      const consistent =
        (first === 1 || first === 2) &&
        h.every((x, i) => x.version === first + i) &&
        (!last || (last.version === row.version && last.progress === row.progress && last.title === row.title && last.status === row.status && last.position === row.position));
      if (!consistent) {
        halfApplied++;
        problems.push(`task ${id}: version ${row.version} but ${h.length} audit rows / last audit v${last?.version}`);
      }
    }
    // Since the load began, each task edit is one audit row and one event on the consortium board and one
    // on its project's board.
    const now = counters(c, tasks.keys());
    const edits = now.taskAudits - base.taskAudits;
    if (now.consortiumSeq - base.consortiumSeq !== edits || now.projectSeqs - base.projectSeqs !== edits) {
      halfApplied++;
      problems.push(`board sequences +${now.consortiumSeq - base.consortiumSeq}/+${now.projectSeqs - base.projectSeqs} != +${edits} task audit rows`);
    }
    for (const b of c.prepare("SELECT b.id, b.seq, count(e.seq) AS n, max(e.seq) AS top, min(e.seq) AS low FROM boards b LEFT JOIN board_events e ON e.board_id = b.id GROUP BY b.id").all() as { id: string; seq: number; n: number; top: number; low: number }[]) {
      if (b.top !== b.seq || b.n !== b.seq - b.low + 1) {
        halfApplied++;
        problems.push(`board ${b.id}: seq ${b.seq}, events ${b.low}..${b.top} (${b.n})`);
      }
    }
    // An in-doubt edit may have committed or not, but wholly: its version exists in the audit or not at all.
    const inDoubtApplied = pending.filter((p) => history.get(p.taskId)!.some((h) => h.version === p.fromVersion + 1) && tasks.get(p.taskId)!.version > p.fromVersion).length;
    const chain = verifyAuditChain({ $client: c } as unknown as DB);
    const integrity = c.pragma("integrity_check", { simple: true }) as string;
    if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBadId}`);
    if (integrity !== "ok") problems.push(`integrity_check: ${integrity}`);
    return { found, halfApplied, inDoubtApplied, chain, integrity, problems };
  } finally {
    c.close();
  }
}

export async function runCrashTest(opts: CrashOptions): Promise<CrashReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-crash-"));
  const dbPath = path.join(dir, "crash.db");
  const logFile = path.join(dir, "server.log");
  const report: CrashReport = { cycles: 0, acknowledged: 0, foundAfterRestart: 0, inDoubt: 0, inDoubtApplied: 0, halfApplied: 0, auditRows: 0, auditIntact: true, integrity: "ok", gracefulExit: null, problems: [], dir, dbPath, acks: [], base: { taskAudits: 0, consortiumSeq: 0, projectSeqs: 0 } };
  let srv: ServerProcess | null = null;
  try {
    const port = await freePort();
    srv = await startServerProcess(dbPath, port, logFile);
    report.base = readCounters(dbPath);
    const allAcks: Ack[] = [];
    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      const { acks, pending } = await load(srv, dbPath, opts, cycle);
      allAcks.push(...acks);
      srv = await startServerProcess(dbPath, port, logFile); // restart on the same file: SQLite recovers the WAL
      const v = verify(dbPath, report.base, allAcks, pending);
      report.cycles = cycle;
      report.acknowledged = allAcks.length;
      report.acks = allAcks;
      report.foundAfterRestart = v.found;
      report.inDoubt += pending.length;
      report.inDoubtApplied += v.inDoubtApplied;
      report.halfApplied += v.halfApplied;
      report.auditRows = v.chain.rows;
      report.auditIntact &&= v.chain.ok;
      report.integrity = v.integrity;
      report.problems.push(...v.problems);
      opts.log?.(`cycle ${cycle}: restarted; ${v.found}/${allAcks.length} acknowledged edits found, ${v.inDoubtApplied}/${pending.length} in-doubt edits committed (wholly), half-applied ${v.halfApplied}, audit ${v.chain.ok ? "intact" : "BROKEN"} (${v.chain.rows} rows)`);
    }
    // Finally a graceful stop: SIGTERM must close cleanly (exit 0).
    killGroup(srv.child, "SIGTERM");
    report.gracefulExit = await srv.exited;
    srv = null;
    return report;
  } finally {
    if (srv) killGroup(srv.child, "SIGKILL");
    if (report.problems.length === 0 && !opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    else if (!opts.keep) opts.log?.(`kept ${dir} for inspection`);
  }
}
