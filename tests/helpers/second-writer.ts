// A second process writing to a server's database file through the model layer, as a CLI, an import
// or a second server would: `node --import tsx tests/helpers/second-writer.ts <db> <username> <writes>`.
// Edits the description of the user's unit's tasks in a tight loop; prints {ok, failed: [codes]} as JSON.
import { openDatabase } from "../../db/client";
import { clockFromEnv } from "../../app/models/clock";
import { actorForSession, createSession } from "../../app/models/auth.server";
import { getTask, updateTask } from "../../app/models/tasks.server";
import { silentRealtime } from "../../app/models/context.server";

const [file, username, writes] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(file, clockFromEnv());
const ctx = { db, realtime: silentRealtime, config: { sessionSecret: "x", secureCookies: false, dataDir: "/tmp", uploadsDir: "/tmp" } };
const user = db.$client.prepare("SELECT id, unit_id AS unitId FROM users WHERE username = ?").get(username) as { id: number; unitId: number };
const actor = actorForSession(db, createSession(db, user.id, "second-process").id)!;
const ids = (db.$client.prepare("SELECT id FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL ORDER BY id").all(user.unitId) as { id: number }[]).map((r) => r.id);

let ok = 0;
const failed: string[] = [];
for (let i = 0; i < Number(writes); i++) {
  const id = ids[i % ids.length]!;
  try {
    updateTask(ctx, actor, { id, version: getTask(db, id).version, patch: { description: `second process write ${i}` } });
    ok++;
  } catch (err) {
    failed.push((err as { code?: string }).code ?? String(err));
  }
}
db.$client.close();
process.stdout.write(JSON.stringify({ ok, failed }));
