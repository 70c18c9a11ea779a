// Which backups there are, by name alone: light enough for the start's integrity check (server/index.ts,
// before the rest of the server loads) to name the newest in its restore hint.
import fs from "node:fs";
import path from "node:path";

const BACKUP_FILE = /^consortium-.*\.db$/;

/** Backup file names, newest first (names carry an ISO timestamp, so name order is age order). */
export function backupsNewestFirst(backupDir: string): string[] {
  if (!fs.existsSync(backupDir)) return [];
  return fs
    .readdirSync(backupDir)
    .filter((f) => BACKUP_FILE.test(f))
    .sort()
    .reverse();
}

/** The newest backup's path, or null (for the restore hint of a refused start). */
export function newestBackup(backupDir: string): string | null {
  const newest = backupsNewestFirst(backupDir)[0];
  return newest ? path.join(backupDir, newest) : null;
}
