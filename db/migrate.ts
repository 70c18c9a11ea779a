import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import path from "node:path";
import fs from "node:fs";
import { PROJECT_ROOT } from "./root";
import type { DB } from "./client";
import { scalar } from "../app/models/sql.server";

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, "db/migrations");

export function applyMigrations(db: DB) {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** True when every migration in the folder has been applied (for /healthz). */
export function migrationsCurrent(db: DB): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return scalar<number>(db, "SELECT count(*) FROM __drizzle_migrations") === journal.entries.length;
}
