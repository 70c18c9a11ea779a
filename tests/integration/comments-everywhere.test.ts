// Comments on every item kind the issue names (销号 proposals, check items, rectifications, change
// requests, TRL claims, results), over HTTP against the built server and real SQLite: a reader posts and
// the row travels on the item's boards; someone who cannot read the item can neither read the thread nor
// post (nothing written); a mention of a non-reader is refused (nothing written); attachments go through
// the evidence store and are downloaded with the item's read permission; a socket on the item's board
// receives the comment live with its attachments.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connected, loginCookie, socketFor, startServer, ask, nextEvents, type Socket, type TestServer } from "../helpers/server";
import { postForm, signIn, type Session } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { multipart, PNG } from "../helpers/evidence-fixtures";
import { Msg } from "../../app/realtime/protocol";
import type { CommentEntity } from "../../app/models/comments";
import { search } from "../../app/models/search.server";
import { actor } from "../helpers/db";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;

/** One seeded item of each new kind, with the project whose board decides who reads it (null: the report's readers). */
const ITEMS: Record<Exclude<CommentEntity, "task">, string> = {
  closeout: "SELECT p.id, t.project_id AS projectId FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id ORDER BY p.id LIMIT 1",
  check_item: "SELECT i.id, c.project_id AS projectId FROM check_items i JOIN checks c ON c.id = i.check_id ORDER BY i.id LIMIT 1",
  rectification: "SELECT r.id, c.project_id AS projectId FROM rectifications r JOIN checks c ON c.id = r.check_id ORDER BY r.id LIMIT 1",
  change: "SELECT id, project_id AS projectId FROM change_requests WHERE project_id IS NOT NULL ORDER BY id LIMIT 1",
  trl_claim: "SELECT tc.id, k.project_id AS projectId FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id ORDER BY tc.id LIMIT 1",
  result: "SELECT id, project_id AS projectId FROM results ORDER BY id LIMIT 1",
};
const KINDS = Object.keys(ITEMS) as (keyof typeof ITEMS)[];
const item = (kind: keyof typeof ITEMS) => q<{ id: number; projectId: number | null }>(ITEMS[kind]);

/**
 * A responsible expert of no project (the seed's experts supervise most projects): he reads no project's
 * board and not the results registry. Made in the test's database before the server is asked anything.
 */
const OUTSIDER = { username: "waibu_zhuanjia", name: "魏外部" };
const outsiderId = () => q<{ id: number }>("SELECT id FROM users WHERE username = ?", OUTSIDER.username).id;

const sessions = new Map<string, Session>();
async function session(username: string): Promise<Session> {
  if (!sessions.has(username)) sessions.set(username, await signIn(srv.url, username, { page: "/inbox" }));
  return sessions.get(username)!;
}
const post = async (username: string, fields: Record<string, string | number>) => postForm(srv.url, await session(username), "/comments", fields);
const get = async (username: string, url: string) => fetch(`${srv.url}${url}`, { headers: { cookie: (await session(username)).cookie } });
const lastComment = () => q<any>("SELECT * FROM comments ORDER BY id DESC LIMIT 1");

// 王建国 leads 智元人形: a unit lead reads every board and the report.
const READER = "wang_jianguo";

/** A one-page PDF (a blue box), so poppler can render its first page. */
const ONE_PAGE_PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R>> endobj\n4 0 obj <</Length 27>> stream\n0 0 1 rg 20 20 160 60 re f\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);

beforeAll(async () => {
  srv = await startServer();
  const c = srv.app.db.$client;
  const now = srv.app.db.$clock.nowIso();
  const id = c
    .prepare("INSERT INTO users (username, display_name, password_hash, password_changed_at, created_at) SELECT ?, ?, password_hash, ?, ? FROM users WHERE username = 'zhuanjia2'")
    .run(OUTSIDER.username, OUTSIDER.name, now, now).lastInsertRowid;
  c.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'expert')").run(id);
  await session(OUTSIDER.username); // signed in before any digest is taken (a session is a row)
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("a comment on each item kind", () => {
  it.each(KINDS)("%s: a reader posts; the row is on the item's boards and audited", async (kind) => {
    const it0 = item(kind);
    expect(it0, `a seeded ${kind}`).toBeTruthy();
    const res = await post(READER, { intent: "add", entity: kind, entityId: it0.id, body: `关于这一项（${kind}）的意见`, mentions: "" });
    expect(res.status).toBe(200);
    const row = lastComment();
    expect(row).toMatchObject({ entity: kind, entity_id: it0.id, body: `关于这一项（${kind}）的意见` });
    const board = it0.projectId == null ? "consortium" : `project:${it0.projectId}`;
    expect(q<any>("SELECT type, payload FROM board_events WHERE board_id = ? ORDER BY seq DESC LIMIT 1", board).type).toBe("comment.upserted");
    expect(q<any>("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("comment.add");
    // The thread's candidates: for a reader of the item only.
    const cands = await get(READER, `/comments?entity=${kind}&entityId=${it0.id}`);
    expect(cands.status).toBe(200);
    expect((await cands.json()).candidates.length).toBeGreaterThan(3);
  });

  it.each(KINDS)("%s: someone who cannot read the item can neither read its thread nor post (nothing written)", async (kind) => {
    const it0 = item(kind);
    const before = databaseDigest(srv.app.db);
    const res = await post(OUTSIDER.username, { intent: "add", entity: kind, entityId: it0.id, body: "我来看看", mentions: "" });
    expect(res.status).toBe(403);
    expect((await get(OUTSIDER.username, `/comments?entity=${kind}&entityId=${it0.id}`)).status).toBe(403);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it.each(KINDS)("%s: a mention of someone who cannot read it is refused with his name, nothing written", async (kind) => {
    const it0 = item(kind);
    await session(READER);
    const before = databaseDigest(srv.app.db);
    const res = await post(READER, { intent: "add", entity: kind, entityId: it0.id, body: `@${OUTSIDER.name} 请看`, mentions: String(outsiderId()) });
    expect(res.status).toBe(400);
    expect(res.html).toContain(`${OUTSIDER.name} 无权查看此项内容`);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("an unknown item is not found, nothing written", async () => {
    const before = databaseDigest(srv.app.db);
    for (const kind of KINDS) expect((await post(READER, { intent: "add", entity: kind, entityId: 999999, body: "x", mentions: "" })).status).toBe(404);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });
});

describe("attachments", () => {
  let pngId: number;
  let pdfId: number;
  let commentId: number;
  const change = () => item("change");

  it("a comment with a photo and a PDF reaches a socket on the item's board live, attachments included", async () => {
    const c = change();
    const watcher = socketFor(srv.url, await loginCookie(srv.url, READER));
    sockets.push(watcher);
    await connected(watcher);
    const board = `project:${c.projectId}`;
    expect((await ask(watcher, Msg.boardJoin, { boardId: board })).ok).toBe(true);
    const live = nextEvents(watcher, board, 1);
    const s = await session("jiang_hao");
    const form = multipart({ _csrf: s.csrf, intent: "add", entity: "change", entityId: c.id, body: "现场照片和检测报告见附件", mentions: "" }, [
      { name: "现场.png", bytes: PNG, type: "image/png" },
      { name: "检测报告.pdf", bytes: ONE_PAGE_PDF, type: "application/pdf" },
    ]);
    const res = await postForm(srv.url, s, "/comments", form);
    expect(res.status).toBe(200);
    const [ev] = await live;
    commentId = lastComment().id;
    expect(ev).toMatchObject({ type: "comment.upserted", payload: { entity: "comment", id: commentId, row: { entity: "change", entityId: c.id } } });
    const files = ev.payload.row.attachments as { id: number; name: string; mime: string }[];
    expect(files.map((f) => [f.name, f.mime])).toEqual([["现场.png", "image/png"], ["检测报告.pdf", "application/pdf"]]);
    [pngId, pdfId] = files.map((f) => f.id);
    expect(q<any>("SELECT subject_type, subject_id, project_id FROM evidence_files WHERE id = ?", pngId)).toEqual({ subject_type: "comment", subject_id: commentId, project_id: c.projectId });
  });

  it("readers of the item download them (and see the PDF's first page as a PNG); a stranger gets 403", async () => {
    const down = await get(READER, `/evidence/${pngId}`);
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await down.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    const preview = await get(READER, `/evidence/${pdfId}?preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await preview.arrayBuffer()).subarray(1, 4).toString()).toBe("PNG");
    const stranger = OUTSIDER.username;
    expect((await get(stranger, `/evidence/${pngId}`)).status).toBe(403);
    expect((await get(stranger, `/evidence/${pdfId}?preview`)).status).toBe(403);
  });

  it("a result's comment attachment follows the registry's readers, not a project board", async () => {
    const r = item("result");
    const s = await session(READER);
    const res = await postForm(srv.url, s, "/comments", multipart({ _csrf: s.csrf, intent: "add", entity: "result", entityId: r.id, body: "证书扫描件", mentions: "" }, [{ name: "证书.png", bytes: PNG, type: "image/png" }]));
    expect(res.status).toBe(200);
    const fileId = q<any>("SELECT id FROM evidence_files WHERE subject_type = 'comment' ORDER BY id DESC LIMIT 1").id;
    // An expert of the result's own project reads its board, but not the registry.
    const expert = r.projectId == null ? null : q<any>("SELECT u.username FROM project_experts pe JOIN users u ON u.id = pe.user_id WHERE pe.project_id = ? AND NOT EXISTS (SELECT 1 FROM user_roles o WHERE o.user_id = u.id AND o.role != 'expert') LIMIT 1", r.projectId);
    if (expert) expect((await get(expert.username, `/evidence/${fileId}`)).status).toBe(403);
    expect((await get(OUTSIDER.username, `/evidence/${fileId}`)).status).toBe(403);
    expect((await get(READER, `/evidence/${fileId}`)).status).toBe(200);
  });

  it("a refused file type writes nothing: no comment, no file row", async () => {
    const s = await session(READER);
    const before = databaseDigest(srv.app.db);
    const res = await postForm(srv.url, s, "/comments", multipart({ _csrf: s.csrf, intent: "add", entity: "change", entityId: change().id, body: "脚本", mentions: "" }, [{ name: "x.png", bytes: new TextEncoder().encode("#!/bin/sh\n"), type: "image/png" }]));
    expect(res.status).toBe(415);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("once the comment is deleted its attachments are gone for readers too", async () => {
    const version = q<any>("SELECT version FROM comments WHERE id = ?", commentId).version;
    expect((await post("jiang_hao", { intent: "delete", id: commentId, version })).status).toBe(200);
    expect((await get(READER, `/evidence/${pngId}`)).status).toBe(403);
    // The bytes stay in the store (the audit trail names them); only the link is closed.
    const sha = q<any>("SELECT sha256 FROM evidence_files WHERE id = ?", pngId).sha256;
    expect(fs.existsSync(path.join(srv.dir, "uploads", sha.slice(0, 2), sha))).toBe(true);
  });
});

describe("search finds comments", () => {
  const commentGroup = (username: string, query: string) => search(srv.app.db, actor(srv.app.db, username), query).groups.find((g) => g.kind === "comment");

  it("by a two-character Chinese term, each under its item, only for readers of that item; a deleted comment is no longer found", async () => {
    const r = item("result");
    const c = item("change");
    expect((await post(READER, { intent: "add", entity: "result", entityId: r.id, body: "证书原件在钛夹具柜里", mentions: "" })).status).toBe(200);
    const onResult = lastComment().id;
    expect((await post(READER, { intent: "add", entity: "change", entityId: c.id, body: "变更后钛夹具由二号线负责", mentions: "" })).status).toBe(200);
    const onChange = lastComment();

    const found = commentGroup(READER, "夹具");
    expect(found?.hits.map((h) => h.href).sort()).toEqual([`/changes#comment-${onChange.id}`, `/results#comment-${onResult}`].sort());
    expect(found?.hits.find((h) => h.id === onResult)?.title).toBe(q<any>("SELECT title FROM results WHERE id = ?", r.id).title);
    // A responsible expert of the change's project reads the request but not the results registry.
    const expert = q<any>("SELECT u.username FROM project_experts pe JOIN users u ON u.id = pe.user_id WHERE pe.project_id = ? AND u.username LIKE 'zhuanjia%' ORDER BY u.id LIMIT 1", c.projectId).username;
    expect(commentGroup(expert, "夹具")?.hits.map((h) => h.id)).toEqual([onChange.id]);
    expect(commentGroup(OUTSIDER.username, "夹具")).toBeUndefined();

    expect((await post(READER, { intent: "delete", id: onChange.id, version: onChange.version })).status).toBe(200);
    expect(commentGroup(READER, "夹具")?.hits.map((h) => h.id)).toEqual([onResult]);
  });
});

describe("attachments on a task", () => {
  // RX01-T08 belongs to 精传减速 (蒋浩's unit); 邓宇 is a researcher of another unit.
  const task = () => q<{ id: number; project_id: number }>("SELECT id, project_id FROM tasks WHERE code = 'RX01-T08'");
  const upload = async (username: string, files: { name: string; bytes: Uint8Array; type: string }[]) => {
    const s = await session(username);
    return postForm(srv.url, s, `/tasks/${task().id}/attachments`, multipart({ _csrf: s.csrf, intent: "attach", taskId: task().id }, files));
  };

  it("whoever may update the task attaches a photo; viewers of the board get it live; readers of the task download it, a stranger gets 403", async () => {
    const watcher = socketFor(srv.url, await loginCookie(srv.url, READER));
    sockets.push(watcher);
    await connected(watcher);
    const board = `project:${task().project_id}`;
    expect((await ask(watcher, Msg.boardJoin, { boardId: board })).ok).toBe(true);
    const live = nextEvents(watcher, board, 1);
    expect((await upload("jiang_hao", [{ name: "试验台.png", bytes: PNG, type: "image/png" }])).status).toBe(200);
    const [ev] = await live;
    expect(ev).toMatchObject({ type: "attachment.upserted", payload: { row: { subjectType: "task", subjectId: task().id, name: "试验台.png" } } });
    const fileId = ev.payload.row.id;
    expect((await get(READER, `/evidence/${fileId}`)).status).toBe(200);
    expect((await get(OUTSIDER.username, `/evidence/${fileId}`)).status).toBe(403);
    const page = await (await get(READER, `/tasks/${task().id}`)).text();
    expect(page).toContain("试验台.png");
  });

  it("someone of another unit, or a post without files, is refused and nothing is written", async () => {
    await session("deng_yu");
    const before = databaseDigest(srv.app.db);
    expect((await upload("deng_yu", [{ name: "x.png", bytes: PNG, type: "image/png" }])).status).toBe(403);
    const none = await upload("jiang_hao", []);
    expect(none.status).toBe(400);
    expect(none.html).toContain("请先选择要上传的文件");
    expect(databaseDigest(srv.app.db)).toBe(before);
  });
});
