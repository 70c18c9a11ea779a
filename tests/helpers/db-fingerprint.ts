// A fingerprint of everything a board write touches (task rows, audit trail, event log, board seqs),
// to prove that a refused or malformed message changed nothing.
import { createHash } from "node:crypto";
import type { DB } from "../../db/client";

export type Fingerprint = { tasks: number; tasksChecksum: string; audit: number; events: number; boards: string };

export function fingerprint(db: DB): Fingerprint {
  const c = db.$client;
  const count = (table: string) => (c.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const rows = c.prepare("SELECT * FROM tasks ORDER BY id").all();
  return {
    tasks: rows.length,
    tasksChecksum: createHash("sha256").update(JSON.stringify(rows)).digest("hex"),
    audit: count("audit_log"),
    events: count("board_events"),
    boards: JSON.stringify(c.prepare("SELECT id, seq FROM boards ORDER BY id").all()),
  };
}

/**
 * The tables whose rows a digest compares, by name: every table with a rowid (the search index's
 * WITHOUT ROWID shadow tables hold nothing its other tables do not), minus `except`.
 */
export function rowTables(c: { prepare: (sql: string) => { pluck: () => { all: () => unknown[] } } }, except: readonly string[] = []): string[] {
  const tables = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name").pluck().all() as string[];
  return tables.filter((t) => !except.includes(t));
}

/** Every row of every table, hashed: equal before and after means nothing at all was written. */
export function databaseDigest(db: DB): string {
  const c = db.$client;
  const tables = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const h = createHash("sha256");
  for (const t of tables) h.update(t).update(JSON.stringify(c.prepare(`SELECT * FROM "${t}"`).all()));
  return h.digest("hex");
}
