// Online backups with SQLite's backup API (consistent while the app keeps writing), with retention,
// and the checks and file moves of a restore (server/scripts/restore.ts).
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { DB } from "../db/client";
import { openDatabase } from "../db/client";
import { clockFromEnv } from "../app/models/clock";
import { verifyAuditChain, type ChainReport } from "../app/models/audit.server";
import { backupsNewestFirst } from "./backup-files";

export { newestBackup } from "./backup-files";

export type BackupResult = { file: string; bytes: number; ms: number };

export async function backupNow(db: DB, backupDir: string, keep: number): Promise<BackupResult> {
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(backupDir, `consortium-${stamp}.db`);
  const started = performance.now();
  await db.$client.backup(file);
  const result = { file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - started) };
  pruneBackups(backupDir, keep);
  return result;
}

/** Keeps the newest `keep` backups. */
export function pruneBackups(backupDir: string, keep: number): string[] {
  const files = backupsNewestFirst(backupDir);
  const removed = files.slice(Math.max(0, keep));
  for (const f of removed) fs.rmSync(path.join(backupDir, f));
  return removed;
}

export type FileCheck = { ok: boolean; integrity: string; audit: ChainReport | null; tasks: number; users: number; problem?: string };

/** Opens a database file read-only and checks it is ours and whole: integrity_check and the audit chain. */
export function checkDatabaseFile(file: string): FileCheck {
  if (!fs.existsSync(file)) return { ok: false, integrity: "missing", audit: null, tasks: 0, users: 0, problem: `no such file: ${file}` };
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ["audit_log", "tasks", "users", "__drizzle_migrations"]) {
      if (!tables.has(t)) return { ok: false, integrity, audit: null, tasks: 0, users: 0, problem: `not a workspace database (no table ${t})` };
    }
    const audit = verifyAuditChain({ $client: sqlite } as unknown as DB);
    const count = (t: string) => (sqlite!.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const ok = integrity === "ok" && audit.ok;
    return { ok, integrity, audit, tasks: count("tasks"), users: count("users"), problem: ok ? undefined : integrity !== "ok" ? `integrity_check: ${integrity}` : `audit chain broken at row ${audit.firstBadId}` };
  } catch (err) {
    return { ok: false, integrity: "unreadable", audit: null, tasks: 0, users: 0, problem: String(err) };
  } finally {
    sqlite?.close();
  }
}

/** Process ids (other than ours) that hold the file or its WAL open, from /proc (Linux). */
function processesUsing(file: string): number[] {
  if (!fs.existsSync("/proc/self/fd")) return [];
  const targets = new Set([file, `${file}-wal`, `${file}-shm`].map((f) => path.resolve(f)));
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to inspect
    }
    for (const fd of fds) {
      try {
        if (targets.has(fs.readlinkSync(`/proc/${entry}/fd/${fd}`))) {
          pids.push(Number(entry));
          break;
        }
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return pids;
}

export type RestoreResult = { restored: string; movedAside: string | null; check: FileCheck };

/**
 * Replaces the database with a verified backup. The current file (with its -wal/-shm) is moved aside,
 * never deleted; the copy goes through a temporary file and a rename, so a crash mid-restore leaves
 * either the old state or the new one. Refuses a damaged backup, and refuses while a process has the
 * database open (a running server would keep writing into the file that was moved aside).
 */
export function restoreBackup(backupFile: string, databasePath: string, opts: { force?: boolean } = {}): RestoreResult {
  const source = path.resolve(backupFile);
  const target = path.resolve(databasePath);
  const check = checkDatabaseFile(source);
  if (!check.ok) throw new Error(`backup refused: ${check.problem}`);
  const users = processesUsing(target);
  if (users.length && !opts.force) throw new Error(`database in use by process ${users.join(", ")}: stop the server first`);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(source, tmp);
  const fd = fs.openSync(tmp, "r+");
  fs.fsyncSync(fd);
  fs.closeSync(fd);

  let movedAside: string | null = null;
  if (fs.existsSync(target)) {
    movedAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(target, movedAside);
    for (const ext of ["-wal", "-shm"]) if (fs.existsSync(target + ext)) fs.renameSync(target + ext, movedAside + ext);
  }
  fs.renameSync(tmp, target);
  const dirFd = fs.openSync(path.dirname(target), "r"); // make the renames themselves durable
  fs.fsyncSync(dirFd);
  fs.closeSync(dirFd);

  // Open once the normal way (WAL, migrations are applied by the server at start) and check again.
  openDatabase(target, clockFromEnv()).$client.close();
  const after = checkDatabaseFile(target);
  if (!after.ok) throw new Error(`restored file failed its check: ${after.problem}`);
  return { restored: target, movedAside, check: after };
}
