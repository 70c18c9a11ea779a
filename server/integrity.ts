// Is the database file whole? PRAGMA quick_check (every b-tree page, without index cross-checks) runs on
// its own connection in a worker thread, so a large file never blocks the event loop and the pages are
// read from disk, not from the server connection's cache. At start-up a damaged file stops the server
// (with the restore command); afterwards a scheduled check (server/schedules.ts) feeds /healthz.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { newestBackup } from "./backup-files";

export type IntegrityStatus = {
  state: "ok" | "corrupt" | "unchecked";
  /** App-clock instant of the last finished check. */
  checkedAt: string | null;
  /** SQLite's findings (at most 10), empty when whole. */
  problems: string[];
};

// CommonJS run by the worker: the driver is required by its resolved path, so no loader is needed.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
let problems;
try {
  const db = new Database(workerData.file, { fileMustExist: true });
  try {
    problems = db.pragma("quick_check(10)").map((r) => r.quick_check).filter((r) => r !== "ok");
  } finally {
    db.close();
  }
} catch (err) {
  problems = [String((err && err.message) || err)];
}
parentPort.postMessage(problems);
`;
const driver = createRequire(import.meta.url).resolve("better-sqlite3");

/** SQLite's quick_check findings for a database file: [] when the file is whole. */
export function quickCheckFile(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, file } });
    worker.once("message", (problems: string[]) => resolve(problems));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`integrity worker exited with ${code}`)));
  });
}

/** Thrown at start-up on a damaged file: the message says what is wrong and how to restore. */
export class DatabaseCorruptError extends Error {
  constructor(databasePath: string, backupDir: string, problems: string[]) {
    const newest = newestBackup(backupDir);
    super(
      [
        `数据库文件已损坏，服务器拒绝启动 / The database file is damaged; the server will not start: ${databasePath}`,
        `PRAGMA quick_check: ${problems.slice(0, 5).join("; ")}`,
        "从备份恢复 / Restore from a backup:",
        `  DATABASE_PATH=${databasePath} npm run restore -- ${newest ?? path.join(backupDir, "consortium-<time>.db")}`,
        newest ? `  (最新备份 / newest backup: ${newest}; 其余备份 / all backups: ${backupDir})` : `  (备份目录中没有备份 / no backup found in ${backupDir})`,
      ].join("\n"),
    );
    this.name = "DatabaseCorruptError";
  }
}

/** Refuses a damaged existing file before anything opens it for writing (a new install has no file yet). */
export async function assertDatabaseIntact(databasePath: string, backupDir: string): Promise<IntegrityStatus["problems"]> {
  if (databasePath === ":memory:" || !fs.existsSync(databasePath)) return [];
  const problems = await quickCheckFile(databasePath);
  if (problems.length) throw new DatabaseCorruptError(databasePath, backupDir, problems);
  return problems;
}
