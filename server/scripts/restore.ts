// `npm run restore -- <backup file> [--force]`: restores DATABASE_PATH from a backup.
// Stop the server first: the restore refuses while any process holds the database open. The backup is
// checked (integrity_check + audit chain) before anything is touched; the current file is moved aside.
import { loadConfig } from "../config";
import { restoreBackup } from "../backup";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("用法 (usage): npm run restore -- <backup file> [--force]");
  process.exit(2);
}
const { databasePath } = loadConfig();
try {
  const r = restoreBackup(file, databasePath, { force: args.includes("--force") });
  console.log(`restored ${file} -> ${r.restored}`);
  if (r.movedAside) console.log(`previous database kept as ${r.movedAside}`);
  console.log(`check: integrity ${r.check.integrity}, audit chain intact (${r.check.audit?.rows} rows), ${r.check.tasks} tasks, ${r.check.users} users`);
} catch (err) {
  console.error(`恢复失败 (restore refused): ${(err as Error).message}`);
  process.exit(1);
}
