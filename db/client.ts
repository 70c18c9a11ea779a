// Opens the SQLite database. Only server/index.ts (and tests/scripts) call this; the handle reaches
// Remix through getLoadContext so there is exactly one per process.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import type { Clock } from "../app/models/clock";

/**
 * The database handle. It carries the app's one clock (`$clock`), so every model that stamps a row
 * or asks what day it is reads the same time, in the consortium's time zone, from wherever it runs.
 */
export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database; $clock: Clock };

export function openDatabase(file: string, clock: Clock): DB {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never block the single writer. synchronous=FULL: a commit that was acknowledged
  // survives power loss too (NORMAL in WAL mode may lose the last commits on power failure, and
  // acknowledged edits are evidence here). busy_timeout covers backup/CLI processes touching the file.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema }) as DB;
  db.$clock = clock;
  return db;
}

export { schema };
