// Quick CI variant of tests/chaos/crash-test.ts: one kill -9 of the real server mid-load, a restart on
// the same database, and the checks: every acknowledged edit present, nothing half-applied, audit intact.
import Database from "better-sqlite3";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { runCrashTest, verify } from "../chaos/crash-lib";

describe("crash safety", () => {
  it("keeps every acknowledged edit and no half-applied one across kill -9", { timeout: 90_000 }, async () => {
    const lines: string[] = [];
    const r = await runCrashTest({ cycles: 1, minAcks: 40, killAfterMs: [200, 600], keep: true, log: (l) => lines.push(l) });
    try {
      console.log(lines.join("\n"));
      expect(r.problems).toEqual([]);
      expect(r.acknowledged).toBeGreaterThanOrEqual(40);
      expect(r.foundAfterRestart).toBe(r.acknowledged);
      expect(r.halfApplied).toBe(0);
      expect(r.auditIntact).toBe(true);
      expect(r.integrity).toBe("ok");
      expect(r.gracefulExit).toBe(0);

      // The checks can fail: a lost edit and a torn write (row changed without its audit row) are caught.
      const last = r.acks.at(-1)!;
      expect(verify(r.dbPath, r.base, [...r.acks, { ...last, version: last.version + 5 }], []).found).toBe(r.acknowledged);
      const c = new Database(r.dbPath);
      c.prepare("UPDATE tasks SET version = version + 1, progress = 1 WHERE id = ?").run(last.taskId);
      c.close();
      expect(verify(r.dbPath, r.base, r.acks, []).halfApplied).toBe(1);
    } finally {
      fs.rmSync(r.dir, { recursive: true, force: true });
    }
  });
});
