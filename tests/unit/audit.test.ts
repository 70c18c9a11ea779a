// The audit trail is tamper-evident: the triggers refuse edits through SQL, and an edit that bypasses
// them (trigger dropped in a copy of the database) is caught by the hash chain at the right row.
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { recentAudit, verifyAuditChain } from "../../app/models/audit.server";
import { updateTask, getTask } from "../../app/models/tasks.server";
import type { DB } from "../../db/client";
import { actor, contextFor, seededDb } from "../helpers/db";

let db: DB;
let ids: number[];

/** A separate, writable copy of the database with the append-only triggers removed (an attacker's view). */
function tamperableCopy(): DB {
  const copy = new Database(db.$client.serialize());
  copy.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  return drizzle(copy) as unknown as DB;
}

beforeAll(async () => {
  db = await seededDb();
  const ctx = contextFor(db);
  const mishu = actor(db, "mishu");
  const taskId = (db.$client.prepare("SELECT id FROM tasks WHERE status = 'in_progress' ORDER BY id LIMIT 1").get() as { id: number }).id;
  for (const n of [11, 22, 33, 44, 55]) updateTask(ctx, mishu, { id: taskId, version: getTask(db, taskId).version, patch: { description: `进展说明 ${n}` } });
  // The five rows just written (the demo seed writes audit rows of its own before them).
  ids = (db.$client.prepare("SELECT id FROM audit_log ORDER BY id DESC LIMIT 5").all() as { id: number }[]).map((r) => r.id).reverse();
});

describe("audit trail", () => {
  it("is intact after ordinary writes, and lists the newest first with before and after", () => {
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, firstBadId: null });
    const [latest] = recentAudit(db, 3);
    expect(latest).toMatchObject({ action: "task.update", entity: "task", userName: expect.any(String) });
    expect(latest!.before!.description).toBe("进展说明 44");
    expect(latest!.after!.description).toBe("进展说明 55");
  });

  it("refuses UPDATE and DELETE through SQL (append-only triggers)", () => {
    expect(() => db.$client.prepare("UPDATE audit_log SET after = '{}' WHERE id = ?").run(ids[0])).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM audit_log WHERE id = ?").run(ids[0])).toThrow(/append-only/);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it("detects an edited row at exactly that row", () => {
    const copy = tamperableCopy();
    const victim = ids[2]!;
    copy.$client.prepare("UPDATE audit_log SET after = replace(after, '进展说明 33', '进展说明 99') WHERE id = ?").run(victim);
    expect(copy.$client.prepare("SELECT after FROM audit_log WHERE id = ?").pluck().get(victim)).toContain("进展说明 99");
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: victim });
  });

  it("detects an edit that also recomputes the row's own hash (the next row's link breaks)", () => {
    const copy = tamperableCopy();
    const victim = ids[1]!;
    copy.$client.prepare("UPDATE audit_log SET user_id = 1, hash = ? WHERE id = ?").run("f".repeat(64), victim);
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: victim });
  });

  it("detects a removed row at the row after the gap", () => {
    const copy = tamperableCopy();
    copy.$client.prepare("DELETE FROM audit_log WHERE id = ?").run(ids[3]);
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: ids[4] });
  });

  it("detects a forged row appended with a made-up hash", () => {
    const copy = tamperableCopy();
    copy.$client
      .prepare("INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, prev_hash, hash) VALUES (?, 1, 'task.update', 'task', '1', NULL, '{}', ?, ?)")
      .run(new Date().toISOString(), "0".repeat(64), "a".repeat(64));
    const last = copy.$client.prepare("SELECT max(id) FROM audit_log").pluck().get() as number;
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: last });
  });
});
