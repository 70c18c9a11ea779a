// `npm run audit:verify`: walks the hash chain of the audit trail of DATABASE_PATH.
// Prints the row count and "intact" or the first broken row; exits 1 when broken.
import fs from "node:fs";
import Database from "better-sqlite3";
import { verifyAuditChain } from "../../app/models/audit.server";
import type { DB } from "../../db/client";
import { loadConfig } from "../config";

const file = process.argv[2] ?? loadConfig().databasePath;
if (!fs.existsSync(file)) {
  console.error(`数据库文件不存在 (no database): ${file}`);
  process.exit(2);
}
// Read-only: verifying must never write, and may run beside the live server (WAL readers do not block).
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
const report = verifyAuditChain({ $client: sqlite } as unknown as DB);
const head = sqlite.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").get() as { id: number; hash: string } | undefined;
sqlite.close();
if (report.ok) {
  console.log(`audit chain intact: ${report.rows} rows (${file})`);
  // Noted somewhere else (a ticket, a printout), the head hash also exposes a chain rewritten from scratch.
  if (head) console.log(`head: row ${head.id} ${head.hash}`);
} else {
  console.log(`audit chain BROKEN at row id ${report.firstBadId} (checked ${report.rows} rows; ${file})`);
  process.exit(1);
}
