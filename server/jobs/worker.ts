// A worker thread of the pool (bundled to build/server/worker.js). It keeps one read-only connection per
// database file (and a read-write one for the kinds that write) for its lifetime and gives each task a clock pinned at the task's instant: what the
// handler computes is what the main thread would have computed at that moment.
import type { DB } from "../../db/client";
import { openDatabase, openReadOnly } from "../../db/client";
import { createClock } from "../../app/models/clock";
import { handlers, WRITERS } from "./handlers";
import type { MessagePort } from "node:worker_threads";
import { WRITE_LOCK, type BeforeWrite, type Progress, type Refusal, type WorkerTask } from "./tasks";
import { DomainError } from "../../app/models/errors";
import { backgroundPriority } from "./priority";

// Exports, imports and print views are background work: this thread yields the CPU to the event loop.
backgroundPriority();

const connections = new Map<string, DB>();

/** Asks the main thread to hold its writes (pool.ts) and waits until it does: then the transaction may begin. */
const beforeWrite =
  (port: MessagePort): BeforeWrite =>
  () =>
    new Promise((resolve) => {
      port.once("message", (m) => m === WRITE_LOCK.granted && resolve());
      port.postMessage(WRITE_LOCK.ask);
    });

export default async function runTask(task: WorkerTask): Promise<unknown> {
  const clock = createClock({ pinnedAt: task.now, timeZone: task.timeZone });
  // Writers (an import's commit) get a read-write connection opened like the server's own; the rest read only.
  const writes = WRITERS.has(task.kind);
  const key = `${writes ? "rw" : "ro"}:${task.databasePath}`;
  let db = connections.get(key);
  if (!db) connections.set(key, (db = writes ? openDatabase(task.databasePath, clock) : openReadOnly(task.databasePath, clock)));
  db.$clock = clock; // one task at a time per thread
  const progress = (fraction: number, stage: Progress["stage"]) => task.progress.postMessage({ fraction, stage } satisfies Progress);
  try {
    const handler = handlers[task.kind] as (db: DB, input: unknown, progress: (fraction: number, stage: Progress["stage"]) => void, beforeWrite: BeforeWrite) => unknown;
    return await handler(db, task.input, progress, beforeWrite(task.progress));
  } catch (err) {
    if (err instanceof DomainError) throw { refused: { code: err.code, status: err.status, details: err.details } } satisfies Refusal;
    throw err;
  } finally {
    task.progress.close();
  }
}
