// The Excel import against a real server: its commit runs in a worker thread, so the server keeps
// answering while the import's transaction holds the write lock (a socket edit meanwhile waits for it
// without blocking anyone), and the open boards hear of it as one reload each (live, and on catch-up
// after a reconnect).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import Database from "better-sqlite3";
import { connected, ask, loginCookie, socketFor, startServer, type Socket, type TestServer } from "../helpers/server";
import { signIn, type Session } from "../helpers/forms";
import { bulkRows, postImport, workbookBytes } from "../helpers/import-sheets";
import { BOARD_RELOAD, Msg, Push, type BoardEvent } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const count = (sql: string) => srv.app.db.$client.prepare(sql).pluck().get() as number;

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

const post = (session: Session, intent: string, bytes: Uint8Array, digest?: string) => postImport(srv.url, session, intent, bytes, digest);

/** Resolves once another connection finds the database's write lock taken (the import's transaction began). */
async function writeLockTaken(file: string, give: { up: boolean }): Promise<boolean> {
  const probe = new Database(file, { timeout: 0 });
  try {
    while (!give.up) {
      try {
        probe.prepare("BEGIN IMMEDIATE").run();
        probe.prepare("ROLLBACK").run();
      } catch (err) {
        if (String((err as { code?: unknown }).code).startsWith("SQLITE_BUSY")) return true;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    return false;
  } finally {
    probe.close();
  }
}

describe("a large import commits off the event loop", () => {
  it("answers /healthz while the commit holds the write lock, an edit waits for it, every open board reloads once", async () => {
    const mishu = await signIn(srv.url, "mishu", { page: "/import" });
    const rows = bulkRows(srv.app.db, { tasks: 400, indicators: 1000 });
    const bytes = await workbookBytes(rows);
    const preview = await post(mishu, "preview", bytes);
    const digest = /name="digest" value="([^"]+)"/.exec(preview.html)?.[1];
    expect(digest).toBeTruthy();

    // Someone watching the whole consortium's board, and one who will reconnect later from where he was.
    const watcher = socketFor(srv.url, await loginCookie(srv.url, "li_ming"));
    sockets.push(watcher);
    await connected(watcher);
    const joined = await ask(watcher, Msg.boardJoin, { boardId: "consortium" });
    expect(joined.ok).toBe(true);
    const events: BoardEvent[] = [];
    watcher.on(Push.events, (evs) => events.push(...evs));

    // Another user edits a task over his socket while the import's transaction runs.
    const editor = socketFor(srv.url, await loginCookie(srv.url, "mishu"));
    sockets.push(editor);
    await connected(editor);
    const task = srv.app.db.$client.prepare("SELECT id, version FROM tasks WHERE archived_at IS NULL AND status = 'in_progress' ORDER BY id LIMIT 1").get() as { id: number; version: number };

    const audited = count("SELECT count(*) FROM audit_log");
    const order: string[] = [];
    const give = { up: false };
    const confirm = post(mishu, "commit", bytes, digest).then((r) => (order.push("import"), r));
    // While the import's transaction runs, the server (this very event loop) still answers: were the
    // commit on it, nothing here would run until it ended, and the import would answer first. The edit
    // waits for the import's transaction without blocking the server (were it waiting for SQLite's lock
    // on this thread, /healthz would be answered only after it).
    const locked = await writeLockTaken(path.join(srv.dir, "test.db"), give);
    const edit = ask(editor, Msg.taskUpdate, { id: task.id, version: task.version, patch: { title: "导入期间的修改" } }).then((r) => (order.push("edit"), r));
    await new Promise((r) => setTimeout(r, 20)); // the edit reaches the server first
    const health = fetch(`${srv.url}/healthz`).then((r) => (order.push("health"), r.status));
    const done = await confirm;
    give.up = true;
    expect(locked).toBe(true);
    expect(await health).toBe(200);
    expect(await edit).toMatchObject({ ok: true, row: { title: "导入期间的修改", version: task.version + 1 } });
    expect(order[0]).toBe("health");
    expect(order).toContain("import");
    expect(done.status).toBe(200);
    expect(done.html).toContain("导入完成");

    // Every row audited (the tasks, their predecessor links, the indicators, and the edit); the board told
    // of the import once (and of the edit by its own event).
    expect(count("SELECT count(*) FROM audit_log") - audited).toBe(400 + rows.tasks.filter((t) => t.predecessors).length + 1000 + 1);
    await expect.poll(() => events.length).toBe(2);
    const reload = events.find((e) => e.type === BOARD_RELOAD);
    expect(reload).toMatchObject({ boardId: "consortium", payload: { action: "import" } });

    // A client that was away catches up with the same reload from the board's log.
    const late = socketFor(srv.url, await loginCookie(srv.url, "li_ming"));
    sockets.push(late);
    await connected(late);
    const caught = await ask(late, Msg.boardJoin, { boardId: "consortium", sinceSeq: joined.seq });
    expect(caught).toMatchObject({ ok: true, reload: false, seq: joined.seq + 2 });
    expect(caught.events.map((e: BoardEvent) => e.type).sort()).toEqual([BOARD_RELOAD, "task.upserted"].sort());
  });
});
