// The app clock end to end on a real server: at 2026-12-31T17:30Z it is already 2027 in Beijing, so
// the January round, the Zhejiang report due in January and the new month's key-task table follow;
// the scheduled jobs (reminders, session purge) run when the pinned clock is advanced, not by waiting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { actor } from "../helpers/db";
import { closeCloseoutRound, openCloseoutRound } from "../../app/models/closeout.server";
import { keyTaskTable } from "../../app/models/key-tasks.server";
import { defaultReportYear, reportDueOn } from "../../app/models/report";
import { createSession } from "../../app/models/auth.server";
import { startSchedules, REMINDERS_AT } from "../../server/schedules";
import { instantAt } from "../../app/models/clock";

describe("New Year's Eve in UTC is New Year's Day in Beijing", () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer({ now: "2026-12-31T17:30:00Z" });
  });
  afterAll(() => srv.close());

  it("today is 2027-01-01 and the seeded demo is built around it", () => {
    const { db } = srv.app;
    expect(db.$clock.today()).toBe("2027-01-01");
    // The demo's founding date is 14 months before today, in Beijing's calendar.
    expect((db.$client.prepare("SELECT founded_on AS f FROM consortium").get() as { f: string }).f).toBe("2025-11-01");
  });

  it("the demo's open round is January's; once it is closed, a round opened without a period is January's again", () => {
    const { db } = srv.app;
    const open = db.$client.prepare("SELECT id, period, version FROM closeout_rounds WHERE status = 'open'").get() as { id: number; period: string; version: number };
    expect(open.period).toBe("2027-01");
    const mishu = actor(db, "mishu");
    closeCloseoutRound(srv.app.ctx, mishu, { id: open.id, version: open.version });
    const round = openCloseoutRound(srv.app.ctx, mishu, {}, db.$clock.today());
    expect(round.period).toBe("2027-01");
  });

  it("the key-task table and the report follow the new year", async () => {
    const { db } = srv.app;
    const mishu = actor(db, "mishu");
    expect(keyTaskTable(db, mishu, "2027-01", db.$clock.today()).today).toBe("2027-01-01");
    expect(defaultReportYear("zhejiang", db.$clock.today())).toBe(2026);
    expect(reportDueOn("zhejiang", 2026)).toBe("2027-01-31");
    const cookie = await loginCookie(srv.url, "mishu");
    const res = await fetch(`${srv.url}/reports`, { headers: { cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/reports/2026?format=zhejiang");
    const page = await (await fetch(`${srv.url}/reports/2026?format=zhejiang`, { headers: { cookie } })).text();
    expect(page).toContain("2027-01-31");
  });
});

describe("scheduled jobs run on the app clock", () => {
  let srv: TestServer;
  let stop: () => void;
  beforeAll(async () => {
    srv = await startServer();
    // These tests move the clock by days: the outbox's 10-second tick would run ~60,000 times per week
    // moved (half a minute of CPU) while delivery has its own tests (outbox.test.ts); hourly here.
    stop = startSchedules(srv.app, { backupEveryHours: 0, backupDir: srv.dir, backupKeep: 1, outboxEverySeconds: 3600 });
  });
  afterAll(async () => {
    stop();
    await srv.close();
  });

  const q = <T>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;

  it("the morning reminder run reports a rectification overdue on the day after its due date", async () => {
    const { db } = srv.app;
    const r = q<{ id: number; due_on: string }>("SELECT id, due_on FROM rectifications WHERE status = 'open' ORDER BY due_on LIMIT 1");
    const overdue = () => q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'rectification.remind' AND entity_id = ? AND json_extract(after, '$.kind') = 'overdue'", String(r.id)).n;
    expect(overdue()).toBe(0);
    // Move to the evening before the first morning after the due date: nothing yet.
    const dayAfter = new Date(Date.parse(`${r.due_on}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const morning = instantAt(dayAfter, REMINDERS_AT, db.$clock.timeZone).getTime();
    await db.$clock.advance(morning - 60_000 - db.$clock.now().getTime());
    expect(overdue()).toBe(0);
    await db.$clock.advance(60_000);
    expect(overdue()).toBe(1);
    expect(JSON.parse(q<{ after: string }>("SELECT after FROM audit_log WHERE action = 'rectification.remind' ORDER BY id DESC LIMIT 1").after).on).toBe(dayAfter);
  });

  it("the hourly purge removes sessions once they expire", async () => {
    const { db } = srv.app;
    const uid = q<{ id: number }>("SELECT id FROM users WHERE username = 'deng_yu'").id;
    const { id } = createSession(db, uid, "test");
    const exists = () => q<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE id = ?", id).n;
    await db.$clock.advance(6 * 24 * 3600_000);
    expect(exists()).toBe(1);
    await db.$clock.advance(24 * 3600_000 + 3600_000);
    expect(exists()).toBe(0);
  });
});
