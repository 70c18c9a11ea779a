// Several processes on one WAL database (a second server, a CLI, an import, a backup beside the server):
// the server's users' writes over Socket.IO and the other processes' writes through the model layer all
// succeed, none answered "internal", and the hash-chained audit trail and the board sequences stay whole.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connected, loginCookie, socketFor, startServer, type TestServer } from "../helpers/server";
import { Msg } from "../../app/realtime/protocol";
import { PINNED_NOW } from "../helpers/clock";
import { verifyAuditChain } from "../../app/models/audit.server";
import { backupNow } from "../../server/backup";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
let srv: TestServer;

beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.close());

const secondProcess = (username: string, writes: number) =>
  run(process.execPath, ["--import", "tsx", "tests/helpers/second-writer.ts", path.join(srv.dir, "test.db"), username, String(writes)], {
    cwd: root,
    env: { ...process.env, APP_NOW: PINNED_NOW },
  }).then((r) => JSON.parse(r.stdout) as { ok: number; failed: string[] });

describe("two processes writing to one WAL database", () => {
  it("no user's write fails while other processes write and a backup runs", async () => {
    const { db } = srv.app;
    const q = <T>(sql: string, ...a: unknown[]) => db.$client.prepare(sql).get(...a) as T;
    // The server's user edits tasks of a unit the other processes do not touch.
    const unit = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '恒能锂电'").id;
    const mine = (db.$client.prepare("SELECT id FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL AND status != 'closed'").all(unit) as { id: number }[]).map((r) => r.id);
    const s = socketFor(srv.url, await loginCookie(srv.url, "mishu"));
    await connected(s);
    const auditBefore = q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n;

    const WRITES = 150;
    const others = Promise.all([secondProcess("jiang_hao", WRITES), secondProcess("wang_jianguo", WRITES)]);
    const acks: { ok: boolean; code?: string }[] = [];
    let backups = 0;
    // Keep writing (4 at a time) until both other processes are done, with an online backup now and then.
    let done = false;
    void others.finally(() => (done = true));
    for (let i = 0; !done || i < 100; i += 4) {
      const batch = [0, 1, 2, 3].map(async (k) => {
        const id = mine[(i + k) % mine.length]!;
        const version = q<{ version: number }>("SELECT version FROM tasks WHERE id = ?", id).version;
        return ask(s, Msg.taskUpdate, { id, version, patch: { description: `server write ${i + k}` } });
      });
      acks.push(...(await Promise.all(batch)));
      if (i % 40 === 0) {
        await backupNow(db, path.join(srv.dir, "backups"), 2);
        backups++;
      }
      if (i > 5000) throw new Error("the other processes never finished");
    }
    const [a, b] = await others;
    s.disconnect();

    // Conflicts are possible only between the server's own concurrent edits of one task, never "internal".
    const failures = acks.filter((r) => !r.ok);
    expect(failures.filter((r) => r.code !== "conflict")).toEqual([]);
    expect(a).toEqual({ ok: WRITES, failed: [] });
    expect(b).toEqual({ ok: WRITES, failed: [] });
    expect(backups).toBeGreaterThan(0);
    const written = acks.length - failures.length + 2 * WRITES;
    // One audit row per write (plus each process's own sign-in session, which is not audited).
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n - auditBefore).toBe(written);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, firstBadId: null });
    // Every board's event log is gap-free: each process numbered its events under the write lock.
    for (const board of db.$client.prepare("SELECT id, seq FROM boards").all() as { id: string; seq: number }[]) {
      const seqs = (db.$client.prepare("SELECT seq FROM board_events WHERE board_id = ? ORDER BY seq").all(board.id) as { seq: number }[]).map((r) => r.seq);
      expect(seqs.every((x, i) => i === 0 || x === seqs[i - 1]! + 1), board.id).toBe(true);
      if (seqs.length) expect(seqs.at(-1)).toBe(board.seq);
    }
  }, 120_000);
});
