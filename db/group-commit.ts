// Group commit for the server's connection (openDatabase's `groupCommit`, db/client.ts). With
// synchronous=NORMAL in WAL mode a commit writes its frames to the WAL (in the OS's cache: they survive the
// process being killed) without an fsync, which on this kind of disk costs 3-50 ms per commit. The WAL is
// synced on libuv's thread pool instead, and a write is acknowledged and published only after a sync that
// started after its commit has finished: it then survives a power cut too.
import fs from "node:fs";
import { Worker } from "node:worker_threads";

/** Makes every write made to the file before the call durable. */
export type Syncer = { sync(): Promise<void> };

/**
 * How many syncs may run at once. A commit made while one runs starts the next at once instead of waiting
 * for it to end (it cannot count on the running one, which may have started before it wrote): its wait is
 * one sync, not the rest of another plus one. Later commits share whichever sync starts next.
 */
export const SYNCS_AT_ONCE = 2;

type Waiter = { upTo: number; resolve: () => void; reject: (err: unknown) => void };

/**
 * `mark()` grows with every commit (SQLite's total_changes()). Returns `durable()`: resolves once every
 * commit made before the call is on disk, at once when nothing was committed since the last sync (reads
 * pay one `mark()`). A failed sync rejects the commits it was to cover.
 */
export function groupCommit(mark: () => number, syncer: Syncer, atOnce = SYNCS_AT_ONCE): () => Promise<void> {
  let synced = mark(); // every commit up to here is on disk
  let covered = synced; // every commit up to here has a sync running (or done) that started after it
  let running = 0;
  const waiting: Waiter[] = []; // in mark order: marks never decrease

  const start = () => {
    const upTo = mark();
    covered = upTo;
    running++;
    syncer.sync().then(
      () => done(upTo, null),
      (err: unknown) => done(upTo, err),
    );
  };
  const done = (upTo: number, err: unknown) => {
    running--;
    if (err === null) synced = Math.max(synced, upTo);
    while (waiting.length && waiting[0]!.upTo <= synced) waiting.shift()!.resolve();
    // A sync that failed may have lost its pages (Linux marks them clean): its commits are not retried.
    if (err !== null) while (waiting.length && waiting[0]!.upTo <= upTo) waiting.shift()!.reject(err);
    if (running < atOnce && waiting.length && waiting[waiting.length - 1]!.upTo > covered) start();
  };
  return () => {
    const upTo = mark();
    if (upTo <= synced) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiting.push({ upTo, resolve, reject });
      if (upTo > covered && running < atOnce) start();
    });
  };
}

/** How long the WAL's descriptor stays open after the last sync. */
const KEEP_OPEN_MS = 1000;

/**
 * fdatasync of the WAL through a descriptor kept open while commits come (one hop to the thread pool per
 * sync instead of three: open, sync, close). SQLite never replaces the WAL while the server's connection is
 * open (only the last connection to close deletes it), so the descriptor names the file SQLite writes.
 * No WAL yet: nothing committed in it waits for the disk.
 */
export function walSyncer(walFile: string): Syncer {
  let fd: Promise<number | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = 0;
  const close = () => {
    const open = fd;
    fd = null;
    void open?.then((f) => f !== null && fs.close(f, () => undefined), () => undefined);
  };
  return {
    async sync() {
      running++;
      if (timer) clearTimeout(timer);
      timer = null;
      try {
        fd ??= new Promise((resolve, reject) => fs.open(walFile, "r", (err, f) => (!err ? resolve(f) : err.code === "ENOENT" ? resolve(null) : reject(err))));
        const f = await fd.catch((err: unknown) => {
          fd = null;
          throw err;
        });
        if (f === null) fd = null;
        else await new Promise<void>((resolve, reject) => fs.fdatasync(f, (err) => (err ? reject(err) : resolve())));
      } finally {
        // Closed only when no sync uses it: a descriptor closed under a running sync could be reused by another file.
        if (--running === 0) (timer = setTimeout(close, KEEP_OPEN_MS)).unref();
      }
    },
  };
}

/** The least time between two checkpoints' starts. */
const CHECKPOINT_EVERY_MS = 500;
/** WAL frames (4 KiB pages) past which SQLite's own checkpoints come back (~80 MB; 3,000 edits' worth). */
const WAL_MAX_FRAMES = 20_000;

// The checkpointing thread: a connection of its own per checkpoint (none held between them, so the
// server's connection stays the last one and closes the file as before), PASSIVE: it never waits for, nor
// blocks, the server's writes and readers.
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
parentPort.on("message", () => {
  let db = null;
  try {
    db = new Database(workerData.file, { fileMustExist: true });
    const [{ log }] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ ok: true, log });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err) });
  } finally {
    db?.close();
  }
});`;

export type Checkpointer = { request(): void; stop(): void };

/**
 * WAL checkpoints in a worker thread. SQLite's own (wal_autocheckpoint) run inside the COMMIT that takes
 * the WAL past 1,000 pages, on the event loop: copying the pages and two fsyncs (WAL, then the database
 * file), 6-94 ms each on a busy disk, every ~40 edits (an edit writes ~25 pages). The server's connection
 * turns them off (client.ts) and `request()`s one after each sync; here they run one at a time, at most
 * every CHECKPOINT_EVERY_MS. A checkpoint only copies what is already committed: durability stays the
 * group commit's. SQLite starts the WAL over only after a checkpoint that no commit overlapped: under
 * sustained writes it grows, and past WAL_MAX_FRAMES `ownCheckpoints(true)` gives the connection SQLite's
 * own back until a checkpoint finds it short again (also for good, should the thread fail).
 */
export function walCheckpointer(file: string, driver: string, ownCheckpoints: (on: boolean) => void): Checkpointer {
  let worker: Worker | null = null;
  let running = false;
  let wanted = false;
  let stopped = false;
  let lastStart = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  let own = false;
  const setOwn = (on: boolean) => {
    if (on !== own) ownCheckpoints((own = on));
  };
  const fail = () => {
    if (stopped) return;
    stopped = true;
    setOwn(true);
  };
  const run = () => {
    timer = null;
    if (stopped) return;
    if (!worker) {
      worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, driver } });
      worker.unref();
      worker.on("message", (m: { ok: boolean; log?: number }) => {
        running = false;
        if (!m.ok) return fail();
        setOwn(m.log! > WAL_MAX_FRAMES);
        if (wanted) checkpointer.request();
      });
      worker.on("error", fail);
      worker.on("exit", fail);
    }
    wanted = false;
    running = true;
    lastStart = performance.now();
    worker.postMessage(null);
  };
  const checkpointer: Checkpointer = {
    request() {
      wanted = true;
      if (running || timer || stopped) return;
      (timer = setTimeout(run, Math.max(0, lastStart + CHECKPOINT_EVERY_MS - performance.now()))).unref();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      void worker?.terminate();
    },
  };
  return checkpointer;
}
