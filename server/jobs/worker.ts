// A worker thread of the pool (bundled to build/server/worker.js). It keeps one read-only connection per
// database file for its lifetime and gives each task a clock pinned at the task's instant: what the
// handler computes is what the main thread would have computed at that moment.
import type { DB } from "../../db/client";
import { openReadOnly } from "../../db/client";
import { createClock } from "../../app/models/clock";
import { handlers } from "./handlers";
import type { Progress, WorkerTask } from "./tasks";

const connections = new Map<string, DB>();

export default async function runTask(task: WorkerTask): Promise<unknown> {
  const clock = createClock({ pinnedAt: task.now, timeZone: task.timeZone });
  let db = connections.get(task.databasePath);
  if (!db) connections.set(task.databasePath, (db = openReadOnly(task.databasePath, clock)));
  db.$clock = clock; // one task at a time per thread
  const progress = (fraction: number, stage: Progress["stage"]) => task.progress.postMessage({ fraction, stage } satisfies Progress);
  try {
    const handler = handlers[task.kind] as (db: DB, input: unknown, progress: (fraction: number, stage: Progress["stage"]) => void) => unknown;
    return await handler(db, task.input, progress);
  } finally {
    task.progress.close();
  }
}
