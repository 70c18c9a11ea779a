import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import path from "node:path";
import fs from "node:fs";
import { PROJECT_ROOT } from "./root";
import type { DB } from "./client";
import { exists, scalar } from "../app/models/sql.server";

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, "db/migrations");

type Journal = { entries: { when: number }[] };
let read: Journal | undefined;
/** The migrations this build ships: read once (it cannot change under a running process; /healthz asks often). */
const journal = (): Journal => (read ??= JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as Journal);

/**
 * Brings the file's schema up to date. drizzle's migrator reads and hashes every migration file at each
 * start (tens of ms); it runs those newer than the last applied one's `created_at`. The same test, asked
 * first from the journal alone, skips it when there is nothing to run (every restart but an upgrade's).
 */
export function applyMigrations(db: DB) {
  const newest = Math.max(...journal().entries.map((e) => e.when));
  const applied = exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    ? Number(scalar<number>(db, "SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1") ?? -Infinity)
    : -Infinity;
  if (applied >= newest) return;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** True when every migration in the folder has been applied (for /healthz). */
export function migrationsCurrent(db: DB): boolean {
  return scalar<number>(db, "SELECT count(*) FROM __drizzle_migrations") === journal().entries.length;
}
