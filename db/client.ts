// Opens the SQLite database. Only server/index.ts (and tests/scripts) call this; the handle reaches
// Remix through getLoadContext so there is exactly one per process.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import type { Clock } from "../app/models/clock";
import { searchTerms } from "../app/models/search-terms";
import { createRequire } from "node:module";
import { groupCommit, walCheckpointer, walSyncer } from "./group-commit";

/**
 * The database handle. It carries the app's one clock (`$clock`), so every model that stamps a row
 * or asks what day it is reads the same time, in the consortium's time zone, from wherever it runs.
 */
export type DB = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
  $clock: Clock;
  /** With group commit (the server's connection): resolves once every commit made so far is on disk. */
  $durable?: () => Promise<void>;
};

/**
 * `file`: a path, ":memory:", or a database file's bytes to open in memory (tests start from a template).
 * `groupCommit` (the server's own connection): commits do not wait for the disk on the event loop; the WAL
 * is synced on libuv's thread pool, once for all the commits made meanwhile, and the caller acknowledges
 * and publishes a write only after `$durable()` (see db/group-commit.ts). Other connections sync every commit.
 */
export function openDatabase(file: string | Buffer, clock: Clock, opts: { groupCommit?: boolean } = {}): DB {
  if (typeof file === "string" && file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never block the single writer. synchronous=FULL: a commit that was acknowledged
  // survives power loss too (NORMAL in WAL mode may lose the last commits on power failure, and
  // acknowledged edits are evidence here). busy_timeout: wait for another process's write (a backup,
  // an import, a CLI, a second server) instead of failing.
  sqlite.pragma("journal_mode = WAL");
  const group = opts.groupCommit === true && typeof file === "string" && file !== ":memory:";
  sqlite.pragma(`synchronous = ${group ? "NORMAL" : "FULL"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // The search index's triggers call this (Chinese needs its own tokenization: app/models/search-terms.ts),
  // so every connection that writes must register it: a write through one that has not fails.
  sqlite.function("search_terms", { deterministic: true }, (text: unknown) => searchTerms(typeof text === "string" ? text : null));
  const db = drizzle(sqlite, { schema }) as DB;
  db.$clock = clock;
  if (group) {
    const changes = sqlite.prepare("SELECT total_changes()").pluck();
    // Checkpoints off the event loop (group-commit.ts walCheckpointer), asked for after each sync.
    sqlite.pragma("wal_autocheckpoint = 0");
    const checkpointer = walCheckpointer(path.resolve(file), driverPath(), (own) => sqlite.open && sqlite.pragma(`wal_autocheckpoint = ${own ? SQLITE_AUTOCHECKPOINT : 0}`));
    const wal = walSyncer(`${path.resolve(file)}-wal`);
    db.$durable = groupCommit(() => changes.get() as number, { sync: () => wal.sync().then(checkpointer.request) });
    // Closed, the file is no longer checkpointed from the thread (the closing connection checkpoints it).
    const close = sqlite.close.bind(sqlite);
    sqlite.close = () => (checkpointer.stop(), close());
  }
  const transaction = db.transaction.bind(db);
  // Every write transaction takes the write lock at BEGIN (IMMEDIATE), where SQLite's busy timeout applies.
  // A deferred one reads first and fails at once with SQLITE_BUSY when another process committed since
  // its read: the busy timeout never helps there. Still busy after the timeout: the whole transaction is
  // run again (it is synchronous and has not written anything), a few times.
  db.transaction = ((fn, config) => {
    if (sqlite.inTransaction) return transaction(fn, config); // nested: a savepoint of the outer one
    for (let attempt = 1; ; attempt++) {
      try {
        return transaction(fn, { behavior: "immediate", ...config });
      } catch (err) {
        if (attempt >= BUSY_ATTEMPTS || !String((err as { code?: unknown }).code).startsWith("SQLITE_BUSY")) throw err;
      }
    }
  }) as DB["transaction"];
  return db;
}

/**
 * A read-only connection to the same file, for worker threads (exports): in WAL mode it reads a consistent
 * snapshot per transaction while the server keeps writing, and it cannot write by construction. Its
 * transactions stay deferred (read-only: no write lock to take).
 */
export function openReadOnly(file: string, clock: Clock): DB {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema }) as DB;
  db.$clock = clock;
  return db;
}

/** SQLite's default wal_autocheckpoint (pages): the server connection's when its checkpointing thread cannot keep up or fails. */
const SQLITE_AUTOCHECKPOINT = 1000;
/** better-sqlite3's entry, for the checkpointing thread to load the same driver (from source or from the bundle). */
const driverPath = () => createRequire(import.meta.url).resolve("better-sqlite3");

/** How long one attempt waits for another process's write lock, and how many attempts a transaction gets. */
export const BUSY_TIMEOUT_MS = 5000;
export const BUSY_ATTEMPTS = 3;

export { schema };
