// Finds timestamps the app clock did not write: any `*_at` value later than the clock's now can only
// have come from the machine clock (a SQL default, a stray new Date()), since a pinned clock and the
// machine disagree by days or years in the suite.
import type { DB } from "../../db/client";

export type Leak = { table: string; column: string; value: string };

export function clockLeaks(db: DB): Leak[] {
  const c = db.$client;
  const now = db.$clock.nowIso();
  const tables = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").all() as { name: string }[]).map((t) => t.name);
  const leaks: Leak[] = [];
  for (const table of tables) {
    const cols = (c.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[]).filter((col) => /(^|_)at$/.test(col.name) && col.name !== "expires_at" && col.type.toLowerCase() === "text");
    for (const { name } of cols) {
      const row = c.prepare(`SELECT "${name}" AS v FROM "${table}" WHERE "${name}" > ? ORDER BY "${name}" DESC LIMIT 1`).get(now) as { v: string } | undefined;
      if (row) leaks.push({ table, column: name, value: row.v });
    }
  }
  return leaks;
}
