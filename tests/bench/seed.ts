// How long the demo seed takes (every test server and `npm start` with the demo seeds it): five fresh
// in-memory databases, the seed timed alone (migrations excluded). Run: npx tsx tests/bench/seed.ts
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { pinnedClock } from "../helpers/clock";

const runs: number[] = [];
let rows = "";
for (let i = 0; i < 5; i++) {
  const db = openDatabase(":memory:", pinnedClock());
  applyMigrations(db);
  const t0 = performance.now();
  await seedDemo(db);
  runs.push(performance.now() - t0);
  const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  rows = `tasks ${count("tasks")}, audit rows ${count("audit_log")}, board events ${count("board_events")}`;
  db.$client.close();
}
const sorted = [...runs].sort((a, b) => a - b);
console.log(`seedDemo: ${runs.map((t) => t.toFixed(0)).join(" / ")} ms (median ${sorted[2].toFixed(0)} ms); ${rows}`);
