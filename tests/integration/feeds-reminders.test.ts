// The activity feeds of a project and of the consortium (read rules, keyset paging, the pages over HTTP),
// and the inbox kinds told by the daily jobs: rectification due / overdue and the 推进表 filing reminder,
// run by the real schedule on the app clock (moved with db.$clock.advance), once each however often run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, loginCookie, type TestServer } from "../helpers/server";
import { actor } from "../helpers/db";
import { instantAt } from "../../app/models/clock";
import { consortiumFeed, FEED_PAGE, projectFeed } from "../../app/models/activity.server";
import { issueNotice } from "../../app/models/notices.server";
import { addComment } from "../../app/models/comments.server";
import { fileUnitMonth } from "../../app/models/key-tasks.server";
import { issueFilingReminders, unfiledUnits } from "../../app/models/filing-reminders.server";
import { issueRectificationReminders } from "../../app/models/check-reminders.server";
import { prefsOf } from "../../app/models/outbox.server";
import { startSchedules, REMINDERS_AT } from "../../server/schedules";
import { DomainError } from "../../app/models/errors";
import { setDeliverable } from "../../app/models/acceptance.server";

const DAY = 86_400_000;

describe("activity feeds", () => {
  let srv: TestServer;
  const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
  const rows = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
  let task: { id: number; project_id: number; code: string; title: string; owner_unit_id: number };
  let noticeAudit: number;

  beforeAll(async () => {
    srv = await startServer();
    // RX01-T08 belongs to 精传减速 (jiang_hao); deng_yu is a researcher of 灵犀科技.
    task = q("SELECT id, project_id, code, title, owner_unit_id FROM tasks WHERE code = 'RX01-T08'");
    const { ctx, db } = srv.app;
    issueNotice(ctx, actor(db, "mishu"), { taskId: task.id, kind: "reminder", body: "请补充寿命试验的中期数据", respondBy: "2026-12-01" }, db.$clock.today());
    noticeAudit = q<{ id: number }>("SELECT id FROM audit_log WHERE action = 'notice.issue' ORDER BY id DESC LIMIT 1").id;
    // Enough work for several pages: comments on the task by its owner.
    const jiang = actor(db, "jiang_hao");
    for (let i = 0; i < FEED_PAGE + 15; i++) addComment(ctx, jiang, { entity: "task", entityId: task.id, body: `第 ${i + 1} 次试验记录`, mentions: [] });
  });
  afterAll(() => srv.close());

  it("writes one scope row per audited change the boards follow, in its project; a 提示/督办 is private to its unit", () => {
    expect(q("SELECT project_id, unit_id FROM activity_scope WHERE audit_id = ?", noticeAudit)).toEqual({ project_id: task.project_id, unit_id: task.owner_unit_id });
    const comment = q<{ id: number }>("SELECT id FROM audit_log WHERE action = 'comment.add' ORDER BY id DESC LIMIT 1").id;
    expect(q("SELECT project_id, unit_id FROM activity_scope WHERE audit_id = ?", comment)).toEqual({ project_id: task.project_id, unit_id: null });
    // Sign-ins and sessions are audited but are nobody's activity.
    expect(q<{ n: number }>("SELECT count(*) AS n FROM activity_scope s JOIN audit_log a ON a.id = s.audit_id WHERE a.entity IN ('user', 'session')").n).toBe(0);
  });

  it("a researcher of another unit does not see the unit's 提示/督办; its own unit and the secretariat do", () => {
    const { db } = srv.app;
    const ids = (username: string) => {
      const out: number[] = [];
      let before: number | null = null;
      do {
        const page = consortiumFeed(db, actor(db, username), before);
        out.push(...page.lines.map((l) => l.id));
        before = page.next;
      } while (before != null);
      return out;
    };
    expect(ids("deng_yu")).not.toContain(noticeAudit);
    expect(ids("jiang_hao")).toContain(noticeAudit);
    expect(ids("mishu")).toContain(noticeAudit);
    // The line reads as a sentence in the reader's language and links to the notices page.
    const line = consortiumFeed(db, actor(db, "jiang_hao"), noticeAudit + 1).lines[0]!;
    expect(line).toMatchObject({ id: noticeAudit, href: "/notices", projectCode: expect.stringContaining("RX-01"), sentence: `陈思远 对「${task.code} ${task.title}」发出提示` });
  });

  it("an expert's feed holds only the projects he supervises; another project's feed is refused", () => {
    const { db } = srv.app;
    const expert = actor(db, "zhuanjia2");
    const mine = new Set(expert.projectIds);
    const codes = new Set(rows<{ code: string }>(`SELECT code FROM projects WHERE id IN (${[...mine].join(",") || 0})`).map((p) => p.code));
    const page = consortiumFeed(db, expert);
    expect(page.lines.every((l) => l.projectCode != null && codes.has(l.projectCode))).toBe(true);
    const other = q<{ id: number }>(`SELECT id FROM projects WHERE id NOT IN (${[...mine].join(",") || 0}) ORDER BY id LIMIT 1`).id;
    expect(() => projectFeed(db, expert, other)).toThrow(DomainError);
  });

  it("pages by keyset: pages do not overlap, keep their order, and a change written meanwhile does not shift the next page", () => {
    const { ctx, db } = srv.app;
    const reader = actor(db, "wang_jianguo");
    const first = projectFeed(db, reader, task.project_id);
    expect(first.lines).toHaveLength(FEED_PAGE);
    expect(first.next).toBe(first.lines.at(-1)!.id);
    // Someone comments between the two page loads: the second page starts where the first ended.
    addComment(ctx, actor(db, "jiang_hao"), { entity: "task", entityId: task.id, body: "新的一条", mentions: [] });
    const second = projectFeed(db, reader, task.project_id, first.next);
    expect(second.lines.length).toBeGreaterThan(0);
    expect(second.lines[0]!.id).toBeLessThan(first.next!);
    const all = [...first.lines, ...second.lines].map((l) => l.id);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    // The comment lines link to the comment on the task's page.
    expect(first.lines.find((l) => l.sentence.includes("发表评论"))?.href).toMatch(new RegExp(`^/tasks/${task.id}#comment-\\d+$`));
    // The project feed query uses the scope index, not a scan of the trail.
    const plan = rows<{ detail: string }>("EXPLAIN QUERY PLAN SELECT audit_id FROM activity_scope s WHERE s.project_id = 1 AND s.audit_id < 99 ORDER BY s.audit_id DESC LIMIT 50").map((r) => r.detail).join(" ");
    expect(plan).toContain("activity_scope_project_idx");
  });

  it("tells each line in the reader's language", () => {
    const { db } = srv.app;
    const en = { ...actor(db, "jiang_hao"), locale: "en" as const };
    expect(consortiumFeed(db, en, noticeAudit + 1).lines[0]!.sentence).toBe(`陈思远 issued a reminder on “${task.code} ${task.title}”`);
  });

  it("serves both pages over HTTP; an unknown project is 404 and a bad cursor the newest page", async () => {
    const cookie = await loginCookie(srv.url, "jiang_hao");
    const get = (path: string) => fetch(`${srv.url}${path}`, { headers: { cookie } });
    const page = await get("/activity");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("联合体动态");
    expect(html).toContain('rel="next"');
    expect(await (await get(`/activity?before=${noticeAudit + 1}`)).text()).toContain(`data-audit="${noticeAudit}"`);
    expect((await get("/activity?before=abc")).status).toBe(200);
    const project = await get(`/projects/${task.project_id}/activity`);
    expect(project.status).toBe(200);
    expect(await project.text()).toContain("更早的动态");
    expect((await get("/projects/99999/activity")).status).toBe(404);
    const deng = await loginCookie(srv.url, "deng_yu");
    expect(await (await fetch(`${srv.url}/activity?before=${noticeAudit + 1}`, { headers: { cookie: deng } })).text()).not.toContain(`data-audit="${noticeAudit}"`);
  });
});

describe("reminders told in the inbox by the daily job", () => {
  let srv: TestServer;
  let stop: () => void;
  const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
  const rows = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
  const userId = (username: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", username).id;
  const inbox = (kind: string) => rows<{ user_id: number; entity_id: number; params: string; href: string }>("SELECT user_id, entity_id, params, href FROM inbox_items WHERE kind = ? ORDER BY id", kind);
  const nextMorning = (db: TestServer["app"]["db"]) => {
    const tomorrow = new Date(Date.parse(`${db.$clock.today()}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    return instantAt(tomorrow, REMINDERS_AT, db.$clock.timeZone).getTime() - db.$clock.now().getTime();
  };

  beforeAll(async () => {
    srv = await startServer();
    // 智元人形 files this month before the job first runs: its leads are not reminded.
    const { ctx, db } = srv.app;
    fileUnitMonth(ctx, actor(db, "wang_jianguo"), { unitId: q<{ id: number }>("SELECT unit_id AS id FROM users WHERE username = 'wang_jianguo'").id, month: "2026-11" });
    // The outbox worker hourly: days of morning runs pass without 8,640 idle deliveries a day.
    stop = startSchedules(srv.app, { backupEveryHours: 0, backupDir: srv.dir, backupKeep: 1, outboxEverySeconds: 3600 });
  });
  afterAll(async () => {
    stop();
    await srv.close();
  });

  it("tells the leads of units that have not filed the month, once, a few days before the filing day", async () => {
    const { ctx, db } = srv.app;
    // 2026-11-23 is within three days of the 25th: the run at server start told them.
    const unfiled = unfiledUnits(db, "2026-11");
    expect(unfiled.length).toBeGreaterThan(0);
    const told = inbox("filing_due");
    const leads = rows<{ id: number; unit_id: number }>(
      `SELECT DISTINCT u.id, u.unit_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'unit_lead' AND u.active = 1 AND u.unit_id IN (${unfiled.map((u) => u.unitId).join(",")}) ORDER BY u.id`,
    );
    expect(told.map((t) => t.user_id).sort((a, b) => a - b)).toEqual(leads.map((l) => l.id));
    expect(told.map((t) => t.user_id)).not.toContain(userId("wang_jianguo"));
    const zhou = told.find((t) => t.user_id === userId("zhou_guoqiang"))!;
    expect(JSON.parse(zhou.params)).toMatchObject({ month: "2026-11", deadline: "2026-11-25", missing: expect.any(Number) });
    expect(zhou.href).toBe(`/key-tasks?month=2026-11#unit-${zhou.entity_id}`);
    // His inbox says it in words.
    const page = await (await fetch(`${srv.url}/inbox`, { headers: { cookie: await loginCookie(srv.url, "zhou_guoqiang") } })).text();
    expect(page).toContain("推进表，截止 2026-11-25");

    // Rerun the same day, and the job's next morning run: nobody is told twice.
    expect(issueFilingReminders(ctx, db.$clock.today()).told).toBe(0);
    await db.$clock.advance(nextMorning(db));
    expect(db.$clock.today()).toBe("2026-11-24");
    expect(inbox("filing_due")).toHaveLength(told.length);
    // After the filing day nothing more this month; next month's window tells them again.
    expect(issueFilingReminders(ctx, "2026-11-26").told).toBe(0);
    expect(issueFilingReminders(ctx, "2026-12-21").told).toBe(0);
    expect(issueFilingReminders(ctx, "2026-12-22").told).toBeGreaterThanOrEqual(told.length);
  });

  it("tells the project lead and the owner unit's leads when a rectification is due within 7 days and when overdue, once each", async () => {
    const { ctx, db } = srv.app;
    // The demo's open rectification of 智元人形 due 2026-11-27: due-soon was told at server start.
    const r = q<{ id: number; due_on: string; owner_unit_id: number; check_id: number }>("SELECT id, due_on, owner_unit_id, check_id FROM rectifications WHERE status IN ('open', 'escalated') AND due_on >= ? ORDER BY due_on LIMIT 1", "2026-11-23");
    const lead = q<{ lead_user_id: number }>("SELECT p.lead_user_id FROM checks c JOIN projects p ON p.id = c.project_id WHERE c.id = ?", r.check_id).lead_user_id;
    const unitLeads = rows<{ id: number }>("SELECT u.id FROM users u JOIN user_roles x ON x.user_id = u.id WHERE x.role = 'unit_lead' AND u.unit_id = ? AND u.active = 1", r.owner_unit_id).map((u) => u.id);
    const of = (kind: string) => inbox(kind).filter((i) => i.entity_id === r.id);
    expect(of("rectification_due").map((i) => i.user_id).sort()).toEqual([...new Set([lead, ...unitLeads])].sort());
    expect(of("rectification_due")[0]!.href).toBe(`/rectifications?unit=${r.owner_unit_id}#rect-${r.id}`);
    expect(of("rectification_overdue")).toHaveLength(0);
    // Morning by morning until the day after its due date: overdue, told once; later mornings add nothing.
    while (db.$clock.today() <= r.due_on) await db.$clock.advance(nextMorning(db));
    expect(of("rectification_overdue").length).toBe(of("rectification_due").length);
    await db.$clock.advance(nextMorning(db));
    expect(issueRectificationReminders(ctx, db.$clock.today()).reminded).toBe(0);
    expect(of("rectification_due").length).toBe(of("rectification_overdue").length);
    expect(JSON.parse(of("rectification_overdue")[0]!.params)).toMatchObject({ date: r.due_on });
  });

  it("each new kind has its channel preference (immediately unless chosen otherwise)", () => {
    expect(prefsOf(srv.app.db, userId("zhou_guoqiang"))).toMatchObject({ rectification: "immediate", filing: "immediate" });
  });
});

describe("acceptance requested", () => {
  let srv: TestServer;
  afterAll(() => srv.close());

  it("naming a deliverable's accepting unit tells that unit's leads in their inbox", async () => {
    srv = await startServer();
    const { ctx, db } = srv.app;
    const q = <T = any>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
    const task = q<{ id: number; code: string; title: string }>("SELECT id, code, title FROM tasks WHERE code = 'RX01-T08'");
    const accepting = q<{ id: number }>("SELECT unit_id AS id FROM users WHERE username = 'yang_fan'").id;
    const current = q<{ version: number } | undefined>("SELECT version FROM task_deliverables WHERE task_id = ?", task.id);
    setDeliverable(ctx, actor(db, "mishu"), { taskId: task.id, version: current?.version ?? 0, deliverable: "谐波减速器寿命试验报告", acceptingUnitId: accepting, acceptanceKind: "downstream" });
    const told = db.$client.prepare("SELECT user_id, href, params FROM inbox_items WHERE kind = 'acceptance_requested' AND entity_id = ?").all(task.id) as { user_id: number; href: string; params: string }[];
    expect(told.map((t) => t.user_id)).toContain(q<{ id: number }>("SELECT id FROM users WHERE username = 'yang_fan'").id);
    expect(told[0]).toMatchObject({ href: "/acceptance" });
    expect(JSON.parse(told[0]!.params)).toEqual({ task: `${task.code} ${task.title}`, deliverable: "谐波减速器寿命试验报告" });
  });
});
