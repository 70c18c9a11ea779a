// Online backups with SQLite's backup API (consistent while the app keeps writing), with retention.
import fs from "node:fs";
import path from "node:path";
import type { DB } from "../db/client";
import type { ServerConfig } from "./config";
import { logger } from "./logger";

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
export function pruneBackups(backupDir: string, keep: number) {
  const files = fs
    .readdirSync(backupDir)
    .filter((f) => /^consortium-.*\.db$/.test(f))
    .sort()
    .reverse();
  for (const f of files.slice(keep)) fs.rmSync(path.join(backupDir, f));
}

export function startBackupSchedule(db: DB, config: ServerConfig): () => void {
  if (!(config.backupEveryHours > 0)) return () => {};
  const timer = setInterval(
    () => {
      backupNow(db, config.backupDir, config.backupKeep)
        .then((r) => logger.info(r, "backup written"))
        .catch((err) => logger.error({ err }, "backup failed"));
    },
    config.backupEveryHours * 3600 * 1000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
