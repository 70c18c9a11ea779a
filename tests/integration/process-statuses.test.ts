// Finding 6: 待销号, 已销号 and 已暂停 belong to their processes (close-out proposals; change requests) and
// are entered and left only through them, over Socket.IO and in the model layer itself (board writes
// have no HTTP door), with a clear Chinese message and nothing changed. The processes themselves still move tasks there and back (suspend, then resume).
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connected, loginCookie, socketFor, startServer, type TestServer } from "../helpers/server";
import { fingerprint } from "../helpers/db-fingerprint";
import { actorForSession } from "../../app/models/auth.server";
import { sessionIdFromCookies } from "../../app/models/session-cookie.server";
import { moveTask } from "../../app/models/tasks.server";
import { DomainError } from "../../app/models/errors";
import { translate } from "../../app/i18n/catalog";
import { Msg, Push } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const task = (id: number) => q<any>("SELECT * FROM tasks WHERE id = ?", id);

/** A user of the task's own unit who may move its cards (the owner side of the finding). */
const ownerOf = (t: { owner_unit_id: number }) =>
  q<{ username: string }>(
    "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = ? AND u.active = 1 AND r.role IN ('unit_lead', 'researcher') ORDER BY r.role = 'unit_lead' DESC, u.id LIMIT 1",
    t.owner_unit_id,
  ).username;

async function socketOf(username: string) {
  const s = socketFor(srv.url, await loginCookie(srv.url, username));
  sockets.push(s);
  await connected(s);
  return s;
}

type Session = { cookie: string; csrf: string };
async function session(username: string, page = "/board"): Promise<Session> {
  const cookie = await loginCookie(srv.url, username);
  const html = await (await fetch(`${srv.url}${page}`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! };
}
async function post(s: Session, path: string, fields: Record<string, string | number>) {
  const body = new URLSearchParams({ _csrf: s.csrf, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) });
  const res = await fetch(`${srv.url}${path}`, { method: "POST", headers: { cookie: s.cookie }, body, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

/** The move over the socket and as a direct model call: both refused with `code` and its message, changing nothing. */
async function refusedBoth(t: any, toStatus: string, code: string, message: string) {
  const who = ownerOf(t);
  const cookie = await loginCookie(srv.url, who); // sign-ins are audited: before the fingerprint
  const socket = await socketOf(who);
  const actor = actorForSession(srv.app.db, await sessionIdFromCookies(srv.app.ctx.config, cookie))!;
  const before = fingerprint(srv.app.db);
  const reply = await ask(socket, Msg.taskMove, { id: t.id, version: t.version, toStatus, afterId: null });
  expect(reply).toMatchObject({ ok: false, code, status: 400, message });
  let refusal: unknown = null;
  try {
    moveTask(srv.app.ctx, actor, { id: t.id, version: t.version, toStatus, afterId: null } as never);
  } catch (err) {
    refusal = err;
  }
  expect(refusal).toBeInstanceOf(DomainError);
  expect((refusal as DomainError).code).toBe(code);
  expect(translate("zh-CN", `errors.${code}` as never)).toBe(message);
  expect(fingerprint(srv.app.db)).toEqual(before);
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("moves into or out of a process-owned status are refused", () => {
  it("a 待销号 task with an open proposal cannot be dragged back to 进行中 by its owner; the proposal stays as it was", async () => {
    const t = q<any>(
      "SELECT t.* FROM tasks t JOIN closeout_proposals p ON p.task_id = t.id AND p.status = 'proposed' WHERE t.status = 'pending_closeout' AND t.archived_at IS NULL ORDER BY t.id LIMIT 1",
    );
    expect(t).toBeTruthy();
    const proposal = q<any>("SELECT * FROM closeout_proposals WHERE task_id = ? AND status = 'proposed'", t.id);
    await refusedBoth(t, "in_progress", "pendingLeavesByCloseout", "“待销号”的任务只能通过销号审批、退回或撤回离开");
    await refusedBoth(t, "not_started", "pendingLeavesByCloseout", "“待销号”的任务只能通过销号审批、退回或撤回离开");
    expect(task(t.id).status).toBe("pending_closeout");
    expect(q<any>("SELECT * FROM closeout_proposals WHERE id = ?", proposal.id)).toEqual(proposal);
    // Reordering inside its own column is still a move anyone with the right may make.
    const within = await ask(await socketOf(ownerOf(t)), Msg.taskMove, { id: t.id, version: t.version, toStatus: "pending_closeout", afterId: null });
    expect(within.ok).toBe(true);
  });

  it("into 待销号 without a proposal, into 已暂停 without a change request, into 已销号: refused", async () => {
    const t = q<any>("SELECT * FROM tasks WHERE status = 'in_progress' AND archived_at IS NULL ORDER BY id LIMIT 1");
    await refusedBoth(t, "pending_closeout", "pendingOnlyByProposal", "任务只能通过提出销号申请进入“待销号”（考核 › 定期销号）");
    await refusedBoth(t, "suspended", "suspendOnlyByChange", "任务只能通过经批准的动态调整申请（中止任务）进入“已暂停”");
    await refusedBoth(t, "closed", "closeOnlyByCloseout", "任务只能通过销号审批进入“已销号”");
    const closed = q<any>("SELECT * FROM tasks WHERE status = 'closed' AND archived_at IS NULL ORDER BY id LIMIT 1");
    await refusedBoth(closed, "in_progress", "closedIsFinal", "已销号的任务不能再移动");
  });
});

describe("the processes own those statuses", () => {
  it("a change request suspends a task; it cannot be dragged out; an approved resume request brings it back, live", async () => {
    const chiefUnit = q<{ unit_id: number }>("SELECT unit_id FROM users WHERE username = 'shouxi'").unit_id;
    const t = q<any>(
      `SELECT t.* FROM tasks t WHERE t.status = 'in_progress' AND t.archived_at IS NULL AND t.owner_unit_id != ?
         AND EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = t.owner_unit_id AND r.role = 'unit_lead')
         AND NOT EXISTS (SELECT 1 FROM change_requests c WHERE c.target_id = t.id AND c.status = 'pending') ORDER BY t.id LIMIT 1`,
      chiefUnit,
    );
    const lead = q<{ username: string }>("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = ? AND r.role = 'unit_lead' LIMIT 1", t.owner_unit_id).username;
    const proposer = await session(lead, "/changes");
    const chief = await session("shouxi", "/changes");
    const decide = async (kind: string) => {
      expect((await post(proposer, "/changes", { intent: "propose", kind, taskId: t.id, reason: kind === "suspend_task" ? "等待整机方案确定" : "整机方案已确定，恢复执行" })).status).toBe(200);
      const req = q<any>("SELECT id, version FROM change_requests WHERE target_id = ? AND kind = ? AND status = 'pending'", t.id, kind);
      expect((await post(chief, "/changes", { intent: "approve", id: req.id, version: req.version, comment: "同意" })).status).toBe(200);
    };

    await decide("suspend_task");
    expect(task(t.id).status).toBe("suspended");
    await refusedBoth(task(t.id), "in_progress", "resumeOnlyByChange", "“已暂停”的任务只能通过经批准的动态调整申请（恢复任务）恢复");

    const viewer = await socketOf("lishi");
    expect((await ask(viewer, Msg.boardJoin, { boardId: `project:${t.project_id}` })).ok).toBe(true);
    const resumed = new Promise<any>((resolve) => viewer.on(Push.events, (evs: any[]) => evs.filter((ev) => ev.type === "task.upserted" && ev.payload.id === t.id).forEach(resolve)));
    await decide("resume_task");
    expect(task(t.id).status).toBe("in_progress");
    expect((await resumed).payload.row.status).toBe("in_progress");
    const history = q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'task' AND entity_id = ? AND action = 'task.change_resume'", String(t.id)).n;
    expect(history).toBe(1);
    // A resume is only for a suspended task.
    const again = await post(proposer, "/changes", { intent: "propose", kind: "resume_task", taskId: t.id, reason: "再次恢复" });
    expect(again.status).toBe(409);
    expect(again.text).toContain("只有“已暂停”的任务可以申请恢复");
  });

  it("a task awaiting close-out is not suspended or merged by a change request while its proposal is open", async () => {
    const t = q<any>(
      `SELECT t.* FROM tasks t WHERE t.status = 'pending_closeout' AND t.archived_at IS NULL
         AND EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = t.owner_unit_id AND r.role = 'unit_lead') ORDER BY t.id LIMIT 1`,
    );
    const lead = q<{ username: string }>("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = ? AND r.role = 'unit_lead' LIMIT 1", t.owner_unit_id).username;
    const s = await session(lead, "/changes");
    const other = q<any>("SELECT * FROM tasks WHERE project_id = ? AND owner_unit_id = ? AND status = 'in_progress' AND archived_at IS NULL LIMIT 1", t.project_id, t.owner_unit_id);
    const before = fingerprint(srv.app.db);
    const attempts: Record<string, string | number>[] = [
      { intent: "propose", kind: "suspend_task", taskId: t.id, reason: "试图中止" },
      ...(other ? [{ intent: "propose", kind: "merge_tasks", taskId: other.id, mergeId: t.id, reason: "试图合并" }] : []),
    ];
    for (const fields of attempts) {
      const res = await post(s, "/changes", fields);
      expect(res.status, String(fields.kind)).toBe(409);
      expect(res.text).toContain("该任务正在销号（待销号），请先完成销号审批或撤回销号申请");
    }
    expect(fingerprint(srv.app.db)).toEqual(before);
  });
});
