// Task predecessors and 压茬推进 on a real server and SQLite: links added and removed through the task
// dialog's resource route (forms with CSRF) and the model, each refusal leaving the database as it was,
// the change arriving live on a board socket, and a 销号 approval making a successor 可启动 and telling its
// owner through the inbox (and not a successor that still waits on another open task).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, signIn, type Session } from "../helpers/forms";
import { actor } from "../helpers/db";
import { databaseDigest, fingerprint } from "../helpers/db-fingerprint";
import { createTask } from "../../app/models/tasks.server";
import { addPredecessor, linksRow, removePredecessor, taskLinksView } from "../../app/models/task-dependencies.server";
import { approveProposal, proposeCloseout } from "../../app/models/closeout.server";
import { DomainError } from "../../app/models/errors";
import { Msg, Push } from "../../app/realtime/protocol";
import type { Actor } from "../../app/models/context.server";
import type { TaskRow } from "../../app/models/tasks";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const all = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const version = (id: number) => q<{ version: number }>("SELECT version FROM tasks WHERE id = ?", id).version;
const links = (successorId: number) => all<{ p: number }>("SELECT predecessor_id AS p FROM task_dependencies WHERE successor_id = ? ORDER BY p", successorId).map((r) => r.p);

let jiangHao: Session;
let dengYu: Session;
let jiang: Actor, deng: Actor, mishu: Actor, shouxi: Actor;
let projectId: number;
/** 精传减速's tasks, made for these tests: A → B, A → C ← D. */
let A: TaskRow, B: TaskRow, C: TaskRow, D: TaskRow;

const post = (s: Session, fields: Record<string, string | number>, taskId: number) => postForm(srv.url, s, `/tasks/${taskId}/links`, fields);

/** Runs a write that must be refused and proves nothing at all was written. */
function refused(write: () => unknown): DomainError {
  const before = databaseDigest(srv.app.db);
  let error: unknown;
  try {
    write();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect(databaseDigest(srv.app.db)).toBe(before);
  return error as DomainError;
}

beforeAll(async () => {
  srv = await startServer();
  [jiangHao, dengYu] = await Promise.all(["jiang_hao", "deng_yu"].map((u) => signIn(srv.url, u, { page: "/board" })));
  [jiang, deng, mishu, shouxi] = ["jiang_hao", "deng_yu", "mishu", "shouxi"].map((u) => actor(srv.app.db, u));
  projectId = q<{ project_id: number }>("SELECT project_id FROM tasks WHERE code = 'RX01-T08'").project_id;
  const unit = q<{ id: number }>("SELECT owner_unit_id AS id FROM tasks WHERE code = 'RX01-T08'").id;
  const make = (title: string, status: "in_progress" | "not_started") =>
    createTask(srv.app.ctx, mishu, { projectId, title, description: "", ownerUnitId: unit, ownerUserId: jiang.id, startOn: "2026-09-01", dueOn: "2026-12-20", isKey: false, status });
  A = make("谐波减速器样机装配", "in_progress");
  B = make("减速器台架联调", "not_started");
  C = make("整机关节集成", "not_started");
  D = make("关节控制器固件", "in_progress");
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("adding and removing predecessors", () => {
  it("the task's own researcher adds A as B's predecessor from the dialog: the link, B's new version and the audit row; the board hears it live", async () => {
    const s = socketFor(srv.url, jiangHao.cookie);
    sockets.push(s);
    await connected(s);
    const board = `project:${projectId}`;
    expect((await ask(s, Msg.boardJoin, { boardId: board })).ok).toBe(true);
    const live = nextEvents(s, board, 2);
    const res = await post(jiangHao, { intent: "add", taskId: B.id, version: B.version, predecessorId: A.id }, B.id);
    expect(res.status).toBe(200);
    expect(links(B.id)).toEqual([A.id]);
    expect(version(B.id)).toBe(B.version + 1);
    const events = await live;
    expect(events.map((e) => e.type)).toEqual(["task.upserted", "taskLinks.upserted"]);
    expect(events[1].payload.row).toEqual({ id: B.id, predecessorIds: [A.id], predecessorsClosed: false });
    expect(events[0].payload.row.version).toBe(B.version + 1);
    const audit = q<any>("SELECT action, entity, entity_id AS entityId, after FROM audit_log WHERE entity = 'task_dependency' ORDER BY id DESC LIMIT 1");
    expect(audit).toMatchObject({ action: "task_dependency.add", entityId: String(B.id) });
    expect(JSON.parse(audit.after)).toMatchObject({ predecessorId: A.id, predecessor: `${A.code} ${A.title}` });
    // The dialog lists it both ways; B's history tells it as a sentence.
    expect(taskLinksView(srv.app.db, jiang, B.id).predecessors.map((t) => t.id)).toEqual([A.id]);
    expect(taskLinksView(srv.app.db, jiang, A.id).successors.map((t) => t.id)).toEqual([B.id]);
    const history = await (await fetch(`${srv.url}/tasks/${B.id}/history`, { headers: { cookie: jiangHao.cookie, accept: "application/json" } })).json();
    expect(history.history[0].sentence).toBe(`蒋浩 为「${B.code} ${B.title}」添加了前置任务「${A.code} ${A.title}」`);
  });

  it("refuses a cycle (B before A while A is before B), naming the loop, with nothing written", async () => {
    const e = refused(() => addPredecessor(srv.app.ctx, jiang, { taskId: A.id, version: version(A.id), predecessorId: B.id }));
    expect(e.code).toBe("linkCycle");
    // Through the dialog: the reason in Chinese; no task, audit or event row written.
    const before = fingerprint(srv.app.db);
    const res = await post(jiangHao, { intent: "add", taskId: A.id, version: version(A.id), predecessorId: B.id }, A.id);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.html).formError).toBe(`不能添加：会形成循环依赖（${A.code} → ${B.code} → ${A.code}）`);
    expect(fingerprint(srv.app.db)).toEqual(before);
    expect(links(A.id)).toEqual([]);
  });

  it("refuses a task as its own predecessor, a link that exists, an unknown task, with nothing written", () => {
    expect(refused(() => addPredecessor(srv.app.ctx, jiang, { taskId: B.id, version: version(B.id), predecessorId: B.id })).code).toBe("linkSelf");
    expect(refused(() => addPredecessor(srv.app.ctx, jiang, { taskId: B.id, version: version(B.id), predecessorId: A.id })).code).toBe("linkExists");
    expect(refused(() => addPredecessor(srv.app.ctx, jiang, { taskId: B.id, version: version(B.id), predecessorId: 987654 })).code).toBe("notFound");
    expect(refused(() => addPredecessor(srv.app.ctx, jiang, { taskId: 987654, version: 1, predecessorId: A.id })).code).toBe("notFound");
    expect(refused(() => removePredecessor(srv.app.ctx, jiang, { taskId: C.id, version: version(C.id), predecessorId: A.id })).code).toBe("linkMissing");
  });

  it("refuses a researcher of another unit (he may not edit the successor), over HTTP too", async () => {
    expect(refused(() => addPredecessor(srv.app.ctx, deng, { taskId: C.id, version: version(C.id), predecessorId: A.id })).code).toBe("forbidden");
    const before = fingerprint(srv.app.db);
    const res = await post(dengYu, { intent: "add", taskId: C.id, version: version(C.id), predecessorId: A.id }, C.id);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.html).formError).toBe("您没有权限执行此操作");
    expect(fingerprint(srv.app.db)).toEqual(before);
    expect(links(C.id)).toEqual([]);
    expect(taskLinksView(srv.app.db, deng, C.id).canEdit).toBe(false);
  });

  it("two people editing the same task's predecessors: the second, on the old version, is refused with the current row", () => {
    const seen = version(C.id);
    addPredecessor(srv.app.ctx, jiang, { taskId: C.id, version: seen, predecessorId: A.id });
    const e = refused(() => addPredecessor(srv.app.ctx, mishu, { taskId: C.id, version: seen, predecessorId: D.id }));
    expect(e.code).toBe("conflict");
    expect((e.details.current as TaskRow).version).toBe(seen + 1);
    // With the current version it lands.
    addPredecessor(srv.app.ctx, mishu, { taskId: C.id, version: version(C.id), predecessorId: D.id });
    expect(links(C.id)).toEqual([A.id, D.id].sort((x, y) => x - y));
  });

  it("removes a predecessor: the link goes, the boards get the shorter list", async () => {
    const s = socketFor(srv.url, jiangHao.cookie);
    sockets.push(s);
    await connected(s);
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const live = nextEvents(s, "consortium", 2);
    const row = removePredecessor(srv.app.ctx, mishu, { taskId: C.id, version: version(C.id), predecessorId: D.id });
    expect(row).toEqual({ id: C.id, predecessorIds: [A.id], predecessorsClosed: false });
    expect((await live)[1]).toMatchObject({ type: "taskLinks.upserted", payload: { row: { id: C.id, predecessorIds: [A.id] } } });
    addPredecessor(srv.app.ctx, mishu, { taskId: C.id, version: version(C.id), predecessorId: D.id });
  });
});

describe("压茬推进", () => {
  it("approving A's 销号 makes B 可启动 and tells its owner and his unit lead; C still waits on D", async () => {
    const s = socketFor(srv.url, jiangHao.cookie);
    sockets.push(s);
    await connected(s);
    const told = new Promise<any>((resolve) => s.on(Push.notify, (p: any) => p.kind === "inbox" && p.item.kind === "successor_ready" && resolve(p)));
    srv.app.db.$client.prepare("UPDATE tasks SET progress = 100 WHERE id = ?").run(A.id);
    const proposal = proposeCloseout(srv.app.ctx, jiang, { taskId: A.id, note: "样机装配完成", items: [] });
    approveProposal(srv.app.ctx, shouxi, { id: proposal.id, version: proposal.version, comment: "" });

    expect(q<any>("SELECT status FROM tasks WHERE id = ?", A.id).status).toBe("closed");
    expect(linksRow(srv.app.db, B.id)).toEqual({ id: B.id, predecessorIds: [A.id], predecessorsClosed: true });
    expect(taskLinksView(srv.app.db, jiang, B.id).ready).toBe(true);
    expect(linksRow(srv.app.db, C.id).predecessorsClosed).toBe(false);
    expect(taskLinksView(srv.app.db, jiang, C.id).ready).toBe(false);

    const lead = q<{ id: number }>("SELECT id FROM users WHERE username = 'zhou_guoqiang'").id;
    // B's hand-over (the demo's own approvals handed over theirs long ago).
    const items = all<any>("SELECT user_id AS userId, entity_id AS entityId, href, params FROM inbox_items WHERE kind = 'successor_ready' AND entity_id = ? ORDER BY user_id", B.id);
    expect(items.map((i) => [i.userId, i.entityId])).toEqual([[jiang.id, B.id], [lead, B.id]].sort((a, b) => a[0]! - b[0]!));
    expect(items[0].href).toBe(`/tasks/${B.id}`);
    const pushed = await told;
    expect(pushed.item).toMatchObject({ kind: "successor_ready", entityId: B.id, params: { task: `${B.code} ${B.title}`, predecessor: `${A.code} ${A.title}` } });
    // His inbox page says it in words.
    const inbox = await (await fetch(`${srv.url}/inbox`, { headers: { cookie: jiangHao.cookie } })).text();
    expect(inbox).toContain(`「${B.code} ${B.title}」的前置任务已全部完成，可以启动`);
  });

  it("a closed task's predecessors no longer change", () => {
    expect(refused(() => addPredecessor(srv.app.ctx, mishu, { taskId: A.id, version: version(A.id), predecessorId: D.id })).code).toBe("linkTaskClosed");
  });
});
