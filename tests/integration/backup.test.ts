// Backups and restore on real files: an online backup is a consistent, verified copy; a restore brings
// the data back exactly, keeps the replaced file, and refuses damaged backups or a database in use.
import Database from "better-sqlite3";
import { rowTables } from "../helpers/db-fingerprint";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { seedPermissions } from "../../app/models/permissions.server";
import { getTask, updateTask } from "../../app/models/tasks.server";
import { backupNow, checkDatabaseFile, pruneBackups, restoreBackup } from "../../server/backup";
import { actor, contextFor } from "../helpers/db";
import { pinnedClock } from "../helpers/clock";

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;
let dbFile: string;

/** Every table's rows, in order: two databases with equal dumps hold the same data. */
function dump(file: string): Record<string, unknown[]> {
  const c = new Database(file, { readonly: true });
  try {
    const tables = rowTables(c);
    return Object.fromEntries(tables.map((t) => [t, c.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    c.close();
  }
}

async function seededFile(file: string): Promise<DB> {
  const db = openDatabase(file, pinnedClock());
  applyMigrations(db);
  seedPermissions(db);
  await seedDemo(db);
  return db;
}

function editSomeTask(db: DB, progress: number) {
  // A task without 考核指标: only those have a typed-in progress.
  const id = db.$client
    .prepare("SELECT id FROM tasks WHERE status IN ('in_progress','not_started') AND id NOT IN (SELECT task_id FROM indicators WHERE task_id IS NOT NULL) ORDER BY id LIMIT 1")
    .pluck()
    .get() as number;
  updateTask(contextFor(db), actor(db, "mishu"), { id, version: getTask(db, id).version, patch: { progress } });
  return id;
}

function script(name: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", `server/scripts/${name}.ts`, ...args], {
    cwd: root,
    env: { ...process.env, SESSION_SECRET: "test-secret", LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-backup-"));
  dbFile = path.join(dir, "consortium.db");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("backup and restore", () => {
  it("backs up a live database, and a restore brings back exactly the backed-up data", async () => {
    const db = await seededFile(dbFile);
    editSomeTask(db, 41);
    const backup = await backupNow(db, path.join(dir, "backups"), 5);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(checkDatabaseFile(backup.file)).toMatchObject({ ok: true, integrity: "ok", audit: { ok: true } });
    const snapshot = dump(backup.file);

    const changed = editSomeTask(db, 87); // a change after the backup: the restore must undo it
    db.$client.close();
    expect(dump(dbFile)).not.toEqual(snapshot);

    const r = restoreBackup(backup.file, dbFile);
    expect(dump(dbFile)).toEqual(snapshot);
    const restored = openDatabase(dbFile, pinnedClock());
    expect(getTask(restored, changed).progress).toBe(41);
    restored.$client.close();
    // The replaced database is kept, not deleted, and still holds the later change.
    expect(r.movedAside).toBeTruthy();
    const aside = new Database(r.movedAside!, { readonly: true });
    expect(aside.prepare("SELECT progress FROM tasks WHERE id = ?").pluck().get(changed)).toBe(87);
    aside.close();
  });

  it("refuses a damaged backup or one whose audit chain was tampered with, and leaves the database alone", async () => {
    const good = path.join(dir, "good.db");
    const db = openDatabase(dbFile, pinnedClock());
    await db.$client.backup(good);
    db.$client.close();
    const before = dump(dbFile);

    const torn = path.join(dir, "torn.db");
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(torn, bytes.subarray(0, Math.floor(bytes.length / 2))); // a copy cut off halfway
    expect(checkDatabaseFile(torn).ok).toBe(false);
    expect(() => restoreBackup(torn, dbFile)).toThrow(/backup refused/);

    const tampered = path.join(dir, "tampered.db");
    fs.copyFileSync(good, tampered);
    const t = new Database(tampered);
    t.exec("DROP TRIGGER audit_log_no_update");
    const victim = t.prepare("SELECT min(id) FROM audit_log").pluck().get() as number;
    t.prepare("UPDATE audit_log SET user_id = 999 WHERE id = ?").run(victim);
    t.close();
    expect(checkDatabaseFile(tampered)).toMatchObject({ ok: false, audit: { ok: false, firstBadId: victim } });
    expect(() => restoreBackup(tampered, dbFile)).toThrow(/audit chain broken/);

    expect(() => restoreBackup(path.join(dir, "missing.db"), dbFile)).toThrow(/no such file/);
    expect(dump(dbFile)).toEqual(before);
  });

  it("refuses to restore while another process has the database open", async () => {
    const good = path.join(dir, "good.db");
    const holder = spawn(process.execPath, ["-e", `const D = require("better-sqlite3"); new D(${JSON.stringify(dbFile)}); console.log("open"); setInterval(() => {}, 1000);`], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
      expect(() => restoreBackup(good, dbFile)).toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("keeps only the newest backups", async () => {
    const keepDir = path.join(dir, "retention");
    fs.mkdirSync(keepDir);
    const names = ["2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"].map((d) => `consortium-${d}T02-00-00-000Z.db`);
    for (const n of names) fs.writeFileSync(path.join(keepDir, n), "x");
    fs.writeFileSync(path.join(keepDir, "notes.txt"), "not a backup");
    const db = openDatabase(dbFile, pinnedClock());
    const fresh = await backupNow(db, keepDir, 3);
    db.$client.close();
    expect(fs.readdirSync(keepDir).sort()).toEqual([...names.slice(2), path.basename(fresh.file), "notes.txt"].sort());
    expect(pruneBackups(keepDir, 1)).toEqual(names.slice(2).reverse());
  });

  it("npm run backup / restore / audit:verify work from the command line", () => {
    const env = { DATABASE_PATH: dbFile, BACKUP_DIR: path.join(dir, "cli-backups"), BACKUP_KEEP: "3" };
    const verify = script("verify-audit", [], env);
    expect(verify.status, verify.out).toBe(0);
    expect(verify.out).toMatch(/audit chain intact: \d+ rows/);

    const backup = script("backup", [], env);
    expect(backup.status, backup.out).toBe(0);
    const file = /backup: (\S+)/.exec(backup.out)![1]!;
    expect(backup.out).toMatch(/size: [\d.]+ KiB .*took \d+ ms/);
    expect(fs.existsSync(file)).toBe(true);

    const restore = script("restore", [file], env);
    expect(restore.status, restore.out).toBe(0);
    expect(restore.out).toMatch(/previous database kept as/);
    expect(script("restore", [], env).status).toBe(2);

    // A tampered database: verify says where and exits 1.
    const db = openDatabase(dbFile, pinnedClock());
    for (const p of [1, 2, 3]) editSomeTask(db, p);
    db.$client.close();
    const t = new Database(dbFile);
    t.exec("DROP TRIGGER audit_log_no_delete");
    const second = t.prepare("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1").pluck().get() as number;
    t.prepare("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)").run();
    t.close();
    const broken = script("verify-audit", [], env);
    expect(broken.status).toBe(1);
    expect(broken.out).toContain(`BROKEN at row id ${second}`);
  });
});
