// Group commit (db/group-commit.ts): a commit is reported durable only after a sync that started after it
// has finished, never on a sync that was already running; syncs are shared, two at most run at once, and a
// failed sync fails the commits it was to cover. Then the same on a real WAL file through openDatabase.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { groupCommit, type Syncer } from "../../db/group-commit";
import { openDatabase } from "../../db/client";
import { pinnedClock } from "../helpers/clock";

/** A disk whose syncs finish when the test says: each sync remembers the commit mark it started at. */
function manualDisk() {
  let mark = 0;
  const syncs: { at: number; finish: () => void; fail: (err: Error) => void }[] = [];
  const syncer: Syncer = {
    sync: () => new Promise<void>((resolve, reject) => syncs.push({ at: mark, finish: resolve, fail: reject })),
  };
  return { syncs, syncer, commit: () => ++mark, mark: () => mark };
}

/** Whether a promise has settled, after the microtasks queued so far ran. */
async function settled(p: Promise<unknown>): Promise<"resolved" | "rejected" | "pending"> {
  let state: "resolved" | "rejected" | "pending" = "pending";
  p.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
}

describe("group commit", () => {
  it("answers at once when nothing was committed since the last sync", async () => {
    const disk = manualDisk();
    const durable = groupCommit(disk.mark, disk.syncer);
    expect(await settled(durable())).toBe("resolved");
    expect(disk.syncs).toHaveLength(0);
  });

  it("reports a commit durable only once a sync started after it has finished", async () => {
    const disk = manualDisk();
    const durable = groupCommit(disk.mark, disk.syncer);
    disk.commit();
    const first = durable();
    expect(disk.syncs).toHaveLength(1);
    // A second commit while the first sync runs: that sync may not hold it, so another starts at once.
    disk.commit();
    const second = durable();
    expect(disk.syncs.map((s) => s.at)).toEqual([1, 2]);
    disk.syncs[0]!.finish();
    expect(await settled(first)).toBe("resolved");
    expect(await settled(second)).toBe("pending");
    disk.syncs[1]!.finish();
    expect(await settled(second)).toBe("resolved");
    // Both on disk: asking again costs no sync.
    expect(await settled(durable())).toBe("resolved");
    expect(disk.syncs).toHaveLength(2);
  });

  it("shares one sync among the commits made while two run, and a later sync answers earlier commits", async () => {
    const disk = manualDisk();
    const durable = groupCommit(disk.mark, disk.syncer);
    disk.commit();
    const a = durable();
    disk.commit();
    const b = durable();
    const waiting = [3, 4, 5].map(() => (disk.commit(), durable()));
    expect(disk.syncs).toHaveLength(2); // two at most
    // The later sync ends first: it started after commits 1 and 2, so both are on disk.
    disk.syncs[1]!.finish();
    expect(await settled(a)).toBe("resolved");
    expect(await settled(b)).toBe("resolved");
    // One sync for commits 3-5, started as soon as a slot was free.
    expect(disk.syncs.map((s) => s.at)).toEqual([1, 2, 5]);
    for (const w of waiting) expect(await settled(w)).toBe("pending");
    disk.syncs[0]!.finish();
    disk.syncs[2]!.finish();
    for (const w of waiting) expect(await settled(w)).toBe("resolved");
    expect(disk.syncs).toHaveLength(3);
  });

  it("fails the commits of a failed sync, not the ones after it", async () => {
    const disk = manualDisk();
    const durable = groupCommit(disk.mark, disk.syncer);
    disk.commit();
    const lost = durable();
    disk.commit();
    const next = durable();
    disk.syncs[0]!.fail(new Error("EIO"));
    await expect(lost).rejects.toThrow("EIO");
    expect(await settled(next)).toBe("pending");
    disk.syncs[1]!.finish();
    expect(await settled(next)).toBe("resolved");
  });

  it("syncs the server connection's WAL: what was reported durable is in the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-group-commit-"));
    const file = path.join(dir, "app.db");
    try {
      const db = openDatabase(file, pinnedClock(), { groupCommit: true });
      db.$client.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      const insert = db.$client.prepare("INSERT INTO notes (body) VALUES (?)");
      const acks = [];
      for (let i = 0; i < 20; i++) {
        db.transaction(() => insert.run(`note ${i}`));
        acks.push(db.$durable!());
      }
      await Promise.all(acks);
      // Another connection (another process would do the same) reads every acknowledged row.
      const reader = openDatabase(file, pinnedClock());
      expect(reader.$client.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(20);
      reader.$client.close();
      db.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checkpoints the server connection's WAL from a thread of its own, never inside a commit", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-checkpoint-"));
    const file = path.join(dir, "app.db");
    try {
      const db = openDatabase(file, pinnedClock(), { groupCommit: true });
      // SQLite's own checkpoints (in the COMMIT that fills the WAL, on the event loop) are off.
      expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      db.$client.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      const insert = db.$client.prepare("INSERT INTO notes (body) VALUES (?)");
      for (let i = 0; i < 300; i++) {
        db.transaction(() => insert.run("事".repeat(1500)));
        if (i % 50 === 49) await db.$durable!();
      }
      await db.$durable!();
      // The rows (~1.4 MB) reach the database file itself only through a checkpoint: the thread's.
      const until = Date.now() + 10_000;
      while (fs.statSync(file).size < 1_000_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
      const reader = openDatabase(file, pinnedClock());
      expect(reader.$client.prepare("SELECT count(*) FROM notes").pluck().get()).toBe(300);
      reader.$client.close();
      db.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
