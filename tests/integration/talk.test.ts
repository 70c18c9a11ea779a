// Talk and be told, end to end: comments with @mentions posted as forms over HTTP (CSRF, real SQLite), the
// mentioned person's own socket receiving the inbox notification live, refusals that write nothing (whole
// database digest), the edit window on the app clock, and the 销号 proposer and the task owner told of
// decisions and 督办 in their inbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connected, loginCookie, socketFor, startServer, type Socket, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { multipart } from "../helpers/evidence-fixtures";
import { actor } from "../helpers/db";
import { taskHistory } from "../../app/models/task-history.server";
import { Push } from "../../app/realtime/protocol";
import { COMMENT_EDIT_MINUTES } from "../../app/models/comments";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const userId = (username: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", username).id;
const signIn = (username: string) => signInAs(srv.url, username, { page: "/inbox" });
const comment = (s: Session, fields: Fields, taskId: number) => postForm(srv.url, s, `/tasks/${taskId}/comments`, fields);

/** The next inbox notification pushed to a socket. */
function nextInbox(s: Socket, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no inbox notify")), timeoutMs);
    const on = (p: any) => {
      if (p?.kind !== "inbox") return;
      clearTimeout(timer);
      s.off(Push.notify, on);
      resolve(p);
    };
    s.on(Push.notify, on);
  });
}
async function socketOf(username: string): Promise<Socket> {
  const s = socketFor(srv.url, await loginCookie(srv.url, username));
  sockets.push(s);
  await connected(s);
  return s;
}

// RX01-T08 belongs to 精传减速 (jiang_hao); 王建国 leads 智元人形 and reads every project board.
let task: { id: number; project_id: number; code: string; title: string };
let jiang: Session, wang: Session;

beforeAll(async () => {
  srv = await startServer();
  task = q("SELECT id, project_id, code, title FROM tasks WHERE code = 'RX01-T08'");
  [jiang, wang] = await Promise.all([signIn("jiang_hao"), signIn("wang_jianguo")]);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("comments with @mentions", () => {
  let commentId: number;
  let unreadBefore: number;

  it("a mention reaches the mentioned person's inbox live, with a link to the comment; viewers of the board get the row", async () => {
    // The demo has told him of other things already: counted from what he has now.
    unreadBefore = q<any>("SELECT count(*) AS n FROM inbox_items WHERE user_id = ? AND read_at IS NULL", userId("wang_jianguo")).n;
    const wangSocket = await socketOf("wang_jianguo");
    const live = nextInbox(wangSocket);
    const res = await comment(jiang, { intent: "add", entity: "task", entityId: task.id, body: "@王建国 寿命试验已过 1 万小时，请看报告", mentions: String(userId("wang_jianguo")) }, task.id);
    expect(res.status).toBe(200);
    const row = q<any>("SELECT * FROM comments ORDER BY id DESC LIMIT 1");
    commentId = row.id;
    expect(row).toMatchObject({ entity: "task", entity_id: task.id, author_id: userId("jiang_hao"), mentions: `[${userId("wang_jianguo")}]`, created_at: "2026-11-23T02:00:00.000Z" });
    const pushed = await live;
    expect(pushed).toMatchObject({ unread: unreadBefore + 1, item: { kind: "mention", actorName: "蒋浩", href: `/tasks/${task.id}#comment-${commentId}`, params: { item: `${task.code} ${task.title}` } } });
    expect(q("SELECT user_id, kind, read_at FROM inbox_items ORDER BY id DESC LIMIT 1")).toEqual({ user_id: userId("wang_jianguo"), kind: "mention", read_at: null });
    expect(q<any>("SELECT type FROM board_events WHERE board_id = ? ORDER BY seq DESC LIMIT 1", `project:${task.project_id}`).type).toBe("comment.upserted");
    expect(q<any>("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("comment.add");
    // The inbox page lists it as a sentence; marking it read brings the count to 0.
    const page = await fetch(`${srv.url}/inbox`, { headers: { cookie: wang.cookie } }).then((r) => r.text());
    expect(page).toContain(`蒋浩 在「${task.code} ${task.title}」的讨论中提及了您`);
    expect((await postForm(srv.url, wang, "/inbox", { intent: "read", id: pushed.item.id })).status).toBe(200);
    expect(q<any>("SELECT count(*) AS n FROM inbox_items WHERE user_id = ? AND read_at IS NULL", userId("wang_jianguo")).n).toBe(unreadBefore);
    // Someone else's notification cannot be marked.
    expect((await postForm(srv.url, jiang, "/inbox", { intent: "read", id: pushed.item.id })).status).toBe(404);
  });

  it("a mention of someone who cannot read the task is refused with his name, and nothing is written", async () => {
    // A responsible expert sees only the projects he supervises: one of them, and a task of another project.
    const outsider = q<{ id: number; display_name: string; taskId: number }>(
      `SELECT u.id, u.display_name, t.id AS taskId FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'expert'
       JOIN tasks t ON t.archived_at IS NULL AND t.project_id NOT IN (SELECT project_id FROM project_experts WHERE user_id = u.id)
       ORDER BY u.id, t.id LIMIT 1`,
    );
    const before = databaseDigest(srv.app.db);
    const res = await comment(jiang, { intent: "add", entity: "task", entityId: outsider.taskId, body: `@${outsider.display_name} 请看`, mentions: String(outsider.id) }, outsider.taskId);
    expect(res.status).toBe(400);
    expect(res.html).toContain(`${outsider.display_name} 无权查看此项内容，不能 @ 提及`);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("too long, or about a task the author cannot read: refused, nothing written", async () => {
    const before = databaseDigest(srv.app.db);
    expect((await comment(jiang, { intent: "add", entity: "task", entityId: task.id, body: "长".repeat(2001), mentions: "" }, task.id)).status).toBe(400);
    expect((await comment(jiang, { intent: "add", entity: "task", entityId: 999999, body: "x", mentions: "" }, 999999)).status).toBe(404);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("only the author edits, only within the window; the author deletes (soft) any time; others are refused", async () => {
    const v = () => q<any>("SELECT version FROM comments WHERE id = ?", commentId).version;
    let before = databaseDigest(srv.app.db);
    const theirs = await comment(wang, { intent: "edit", id: commentId, version: v(), body: "改掉", mentions: "" }, task.id);
    expect(theirs.status).toBe(403);
    expect((await comment(wang, { intent: "delete", id: commentId, version: v() }, task.id)).status).toBe(403);
    expect(databaseDigest(srv.app.db)).toBe(before);

    const ok = await comment(jiang, { intent: "edit", id: commentId, version: v(), body: "@王建国 寿命试验已过 1 万小时，报告见附件", mentions: String(userId("wang_jianguo")) }, task.id);
    expect(ok.status).toBe(200);
    expect(q<any>("SELECT body, edited_at, version FROM comments WHERE id = ?", commentId)).toMatchObject({ body: "@王建国 寿命试验已过 1 万小时，报告见附件", version: 2 });
    // Already mentioned: no second notification.
    expect(q<any>("SELECT count(*) AS n FROM inbox_items WHERE user_id = ? AND kind = 'mention'", userId("wang_jianguo")).n).toBe(1);
    const stale = await comment(jiang, { intent: "edit", id: commentId, version: 1, body: "旧版本", mentions: "" }, task.id);
    expect(stale.status).toBe(409);

    await srv.app.db.$clock.advance((COMMENT_EDIT_MINUTES + 1) * 60_000);
    before = databaseDigest(srv.app.db);
    const late = await comment(jiang, { intent: "edit", id: commentId, version: v(), body: "太晚了", mentions: "" }, task.id);
    expect(late.status).toBe(409);
    expect(late.html).toContain(`评论发表已超过 ${COMMENT_EDIT_MINUTES} 分钟`);
    expect(databaseDigest(srv.app.db)).toBe(before);

    expect((await comment(jiang, { intent: "delete", id: commentId, version: v() }, task.id)).status).toBe(200);
    expect(q<any>("SELECT body, deleted_at IS NOT NULL AS gone FROM comments WHERE id = ?", commentId)).toEqual({ body: "", gone: 1 });
    expect(q<any>("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("comment.delete");
  });

  it("a reply tells the author of the comment replied to", async () => {
    const first = await comment(jiang, { intent: "add", entity: "task", entityId: task.id, body: "背隙数据见报告第 3 节", mentions: "" }, task.id);
    expect(first.status).toBe(200);
    const parentId = q<any>("SELECT id FROM comments ORDER BY id DESC LIMIT 1").id;
    const jiangSocket = await socketOf("jiang_hao");
    const live = nextInbox(jiangSocket);
    expect((await comment(wang, { intent: "add", entity: "task", entityId: task.id, parentId, body: "是 2 号样机的吗？", mentions: "" }, task.id)).status).toBe(200);
    expect(await live).toMatchObject({ item: { kind: "reply", actorName: "王建国" } });
    expect(q<any>("SELECT parent_id FROM comments ORDER BY id DESC LIMIT 1").parent_id).toBe(parentId);
  });
});

describe("who is told in the inbox", () => {
  it("a 销号 approval reaches the proposer (and the task's owner) live", async () => {
    // A seeded open proposal of a unit other than the secretary's own (智元人形), so 秘书处 may approve it.
    const p = q<any>(
      `SELECT p.id, p.version, p.proposed_by, t.owner_user_id, t.code FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id
       WHERE p.status = 'proposed' AND t.owner_unit_id != (SELECT unit_id FROM users WHERE username = 'mishu') LIMIT 1`,
    );
    const proposer = q<{ username: string }>("SELECT username FROM users WHERE id = ?", p.proposed_by).username;
    const live = nextInbox(await socketOf(proposer));
    const mishu = await signInAs(srv.url, "mishu", { page: "/closeout" });
    const res = await postForm(srv.url, mishu, "/closeout", { intent: "approve", id: p.id, version: p.version });
    expect(res.status).toBe(200);
    expect(await live).toMatchObject({ item: { kind: "closeout_approved", actorName: "陈思远", href: expect.stringMatching(/^\/tasks\/\d+$/) } });
    const told = srv.app.db.$client.prepare("SELECT user_id FROM inbox_items WHERE kind = 'closeout_approved' AND entity_id = ?").pluck().all(p.id);
    expect(new Set(told)).toEqual(new Set([p.proposed_by, p.owner_user_id].filter(Boolean)));
  });

  it("a 督办 reaches the task's owner live, as well as the unit's lead; the answer reaches the issuer", async () => {
    // RX01-T07 (驰动伺服) is late on 2026-11-23; yang_fan leads that unit.
    const late = q<any>("SELECT t.id, t.owner_user_id, u.username FROM tasks t JOIN users u ON u.id = t.owner_user_id WHERE t.code = 'RX01-T07'");
    const ownerSocket = await socketOf(late.username);
    const ownerInbox = nextInbox(ownerSocket);
    const ownerBell = new Promise<any>((resolve) => ownerSocket.on(Push.notify, (n: any) => n.kind === "notice" && resolve(n)));
    const mishu = await signInAs(srv.url, "mishu", { page: "/notices" });
    const res = await postForm(srv.url, mishu, "/notices", { intent: "issue", taskId: late.id, kind: "supervision", body: "请说明逾期原因", respondBy: "2026-11-30" });
    expect(res.status).toBe(200);
    expect(await ownerInbox).toMatchObject({ item: { kind: "notice_issued", params: { kind: "supervision", respondBy: "2026-11-30" } } });
    expect((await ownerBell).pending).toBeGreaterThan(0);
    const notice = q<any>("SELECT id, version FROM notices ORDER BY id DESC LIMIT 1");
    const told = srv.app.db.$client.prepare("SELECT user_id FROM inbox_items WHERE kind = 'notice_issued' AND entity_id = ?").pluck().all(notice.id);
    expect(told).toContain(late.owner_user_id);
    expect(told).toContain(userId("yang_fan"));

    const issuerInbox = nextInbox(await socketOf("mishu"));
    const yang = await signInAs(srv.url, "yang_fan", { page: "/notices" });
    expect((await postForm(srv.url, yang, "/notices", { intent: "answer", id: notice.id, version: notice.version, response: "已调配人手，12 月 10 日前完成" })).status).toBe(200);
    expect(await issuerInbox).toMatchObject({ item: { kind: "notice_answered", actorName: "杨帆" } });
  });
});

describe("the activity feed", () => {
  it("tells a recorded value, a comment and a 督办 as sentences on the task history and the audit page, not as codes", async () => {
    const ind = q<{ id: number; name: string; unit_of_measure: string }>("SELECT id, name, unit_of_measure FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id LIMIT 1", task.id);
    const res = await postForm(srv.url, jiang, `/tasks/${task.id}`, multipart({ _csrf: jiang.csrf, intent: "record", indicatorId: ind.id, value: 10050, measuredOn: "2026-11-23", note: "" }, []));
    expect(res.status).toBe(200);
    const sentences = taskHistory(srv.app.db, actor(srv.app.db, "wang_jianguo"), task.id).map((h) => h.sentence);
    expect(sentences).toContain(`蒋浩 将「${ind.name}」实测值记为 10050${ind.unit_of_measure ? ` ${ind.unit_of_measure}` : ""}`);
    expect(sentences.some((s) => s.startsWith(`蒋浩 在「${task.code} ${task.title}」发表评论：`))).toBe(true);

    const admin = await signInAs(srv.url, "admin", { page: "/admin/audit" });
    const page = await fetch(`${srv.url}/admin/audit`, { headers: { cookie: admin.cookie } }).then((r) => r.text());
    expect(page).toContain(`实测值记为 10050`);
    expect(page).toContain("陈思远 对「RX01-T07");
    expect(page).toContain("发出督办");
    expect(page).not.toMatch(/<td[^>]*>\s*(notice\.issue|indicator\.record|comment\.add)\s*<\/td>/);
  });
});
