// The pool's shape (WorkerPool, pool.ts) without threads, for code that already runs in a worker: a print
// view's loaders (app/exports/print-render.server.ts) run the tasks they ask for inline. Kept out of pool.ts:
// this module is in the worker threads' bundle, and pool.ts would load piscina and the logger in each of them.
import type { WorkerPool } from "./pool";

/** Each task is `run` here, inline; nothing writes, so nothing waits for writes. */
export function inlineWorkers(run: (kind: string, input: unknown) => unknown): WorkerPool {
  return {
    run: async (_clock, task) => (await run(task.kind, task.input)) as never,
    writes: { idle: () => Promise.resolve() },
    stats: () => ({ threads: 0, queued: 0 }),
    close: async () => undefined,
  };
}
