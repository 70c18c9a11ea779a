// Commit to durable on the server's connection (group commit, db/group-commit.ts), in process on a real
// file: BENCH_RATE commits/s (default 100) of a board-event-sized row for BENCH_SECONDS (default 5), each
// timed from its COMMIT to its `$durable()` (what an edit's ack and its publication wait for), as an ack
// asks after its commit. The disk's own fdatasync time is printed beside it. Run: npx tsx tests/bench/group-commit.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { pinnedClock } from "../helpers/clock";
import { percentile } from "./bench-clients";

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-commit-"));
const f1 = (x: number) => x.toFixed(1);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

try {
  const db = openDatabase(path.join(dir, "bench.db"), pinnedClock(), { groupCommit: true });
  db.$client.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT)");
  const insert = db.$client.prepare("INSERT INTO events (payload) VALUES (?)");
  const row = "事".repeat(1000);
  const waits: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    db.transaction(() => insert.run(row));
    const t = performance.now();
    pending.push(db.$durable!().then(() => void waits.push(performance.now() - t)));
  }
  await Promise.all(pending);
  db.$client.close();

  // The disk alone: append and fdatasync, one at a time.
  const fd = fs.openSync(path.join(dir, "probe"), "w");
  const syncs: number[] = [];
  for (let i = 0; i < 50; i++) {
    fs.writeSync(fd, Buffer.alloc(8192, i));
    const t = performance.now();
    fs.fdatasyncSync(fd);
    syncs.push(performance.now() - t);
  }
  fs.closeSync(fd);
  console.log(`group commit · ${RATE} commits/s for ${SECONDS} s · load ${os.loadavg().map(f1).join(" ")}`);
  console.table([
    { "": "commit -> durable", n: waits.length, "p50 ms": f1(percentile(waits, 0.5)), "p99 ms": f1(percentile(waits, 0.99)), "max ms": f1(percentile(waits, 1)) },
    { "": "one fdatasync", n: syncs.length, "p50 ms": f1(percentile(syncs, 0.5)), "p99 ms": f1(percentile(syncs, 0.99)), "max ms": f1(percentile(syncs, 1)) },
  ]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
