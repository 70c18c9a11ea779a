// The worker-thread pool (piscina) that keeps heavy work off the event loop: exports today, imports next.
// A task is plain data naming a handler of server/jobs/worker.ts (`kind`) with its input, plus the
// database file and the app clock's instant: each worker reads the database through its own read-only
// connection whose clock is pinned at that instant, so a worker never reads the machine clock.
//
//   const pool = createWorkerPool({ databasePath, threads: 2 });
//   const report = await pool.run(db.$clock, { kind: "report-document", input }, { onProgress });
//   await pool.close();
//
// The worker runs bundled (build/server/worker.js, written by `npm run build`), like the Remix build the
// routes come from: the same code from source (tsx, vitest) and from the bundle (npm start).
import fs from "node:fs";
import path from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { PROJECT_ROOT } from "../../db/root";
import type { Clock } from "../../app/models/clock";
import { WRITE_LOCK, type WorkerTask, type TaskInput, type TaskOutput, type TaskKind, type Progress, type Refusal } from "./tasks";
import type { WriteGate } from "../../app/models/context.server";
import { DomainError } from "../../app/models/errors";
import { logger } from "../logger";

export const WORKER_FILE = path.join(PROJECT_ROOT, "build/server/worker.js");

export type RunOptions = {
  /** Called on the main thread with each progress message the handler sends (fraction 0..1 and a stage). */
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
};

/** What the server's code sees of the pool; inline-workers.ts has the same shape without threads (code already in a worker). */
export type WorkerPool = {
  run<K extends TaskKind>(clock: Clock, task: { kind: K; input: TaskInput<K> }, opts?: RunOptions): Promise<TaskOutput<K>>;
  /** Where main-thread writes wait while a worker's write transaction holds the lock (AppContext.writes). */
  writes: WriteGate;
  /** Threads alive and tasks waiting for one. */
  stats(): { threads: number; queued: number };
  close(): Promise<void>;
};

export function createWorkerPool(opts: { databasePath: string; threads: number; idleTimeoutMs?: number; heapMb?: number }): WorkerPool {
  if (!fs.existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: run \`npm run build\` first`);
  const piscina = new Piscina({
    filename: WORKER_FILE,
    // Threads start with the work, not with the server: a thread kept from start-up crashed a test process
    // once (V8 fatal error while the thread loaded the worker, in node 20's require(esm) path).
    minThreads: 0,
    maxThreads: opts.threads,
    // A thread kept for a minute after its work: its connection and compiled statements serve the next export.
    idleTimeout: opts.idleTimeoutMs ?? 60_000,
    // Workers get only what they ask for: no inherited --import loaders (the bundle needs none).
    execArgv: [],
    // A runaway export fails alone (ERR_WORKER_OUT_OF_MEMORY) instead of taking the server's memory.
    resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? 1024 },
  });
  // A thread that fails outside any task (its module did not load, say) must not take the server down with
  // an unhandled 'error' event: the pool replaces the thread and the tasks it ran fail on their own.
  piscina.on("error", (err: unknown) => logger.error({ err }, "worker thread failed outside a task"));
  // The write gate: while a worker's write transaction runs, main-thread writes wait for it here.
  let writers = 0;
  const waiting: (() => void)[] = [];
  const writes: WriteGate = { idle: () => (writers === 0 ? Promise.resolve() : new Promise<void>((r) => waiting.push(r))) };
  return {
    writes,
    async run(clock, task, runOpts = {}) {
      const { port1, port2 } = new MessageChannel();
      let holding = false;
      port1.on("message", (p: Progress | typeof WRITE_LOCK.ask) => {
        if (p !== WRITE_LOCK.ask) return runOpts.onProgress?.(p);
        // This thread's writes are synchronous, so none is under way now: from here they wait for the worker's.
        holding = true;
        writers++;
        port1.postMessage(WRITE_LOCK.granted);
      });
      const message: WorkerTask = { ...task, databasePath: opts.databasePath, now: clock.nowIso(), timeZone: clock.timeZone, progress: port2 };
      try {
        return (await piscina.run(message, { transferList: [port2], signal: runOpts.signal })) as TaskOutput<typeof task.kind>;
      } catch (err) {
        // The handler refused (a stale row, a right missing): the same DomainError as on this thread.
        const r = (err as Partial<Refusal> | null)?.refused;
        throw r ? new DomainError(r.code, r.status, r.details) : err;
      } finally {
        port1.close();
        if (holding && --writers === 0) for (const resume of waiting.splice(0)) resume();
      }
    },
    stats: () => ({ threads: piscina.threads.length, queued: piscina.queueSize }),
    close: () => piscina.close({ force: true }),
  };
}
