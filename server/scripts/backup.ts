// `npm run backup`: an online backup of DATABASE_PATH into BACKUP_DIR now (safe while the server runs:
// SQLite's backup API copies a consistent snapshot), then retention. Prints file, size and time.
import fs from "node:fs";
import { openDatabase } from "../../db/client";
import { clockFromEnv } from "../../app/models/clock";
import { loadConfig } from "../config";
import { backupNow, checkDatabaseFile } from "../backup";

const config = loadConfig();
if (!fs.existsSync(config.databasePath)) {
  console.error(`数据库文件不存在 (no database): ${config.databasePath}`);
  process.exit(2);
}
const db = openDatabase(config.databasePath, clockFromEnv());
try {
  const r = await backupNow(db, config.backupDir, config.backupKeep);
  const check = checkDatabaseFile(r.file);
  console.log(`backup: ${r.file}`);
  console.log(`size: ${(r.bytes / 1024).toFixed(1)} KiB (${r.bytes} bytes), took ${r.ms} ms`);
  console.log(`check: integrity ${check.integrity}, audit chain ${check.audit?.ok ? "intact" : "BROKEN"} (${check.audit?.rows ?? 0} rows), keeping ${config.backupKeep}`);
  if (!check.ok) process.exitCode = 1;
} finally {
  db.$client.close();
}
