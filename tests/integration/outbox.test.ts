// The outbox end to end: a real server whose notices queue deliveries in their write transaction, the
// worker on the pinned app clock, a real SMTP server (smtp-server) receiving the mail, and a local HTTP
// receiver checking each robot platform's body and signature. Also: retries with backoff while the
// receivers are down, nothing lost, the write unaffected; the admin's form rules; the daily digest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { startRobotReceiver, startSmtp, type RobotReceiver, type SmtpReceiver } from "../helpers/receivers";
import { databaseDigest } from "../helpers/db-fingerprint";
import { startSchedules } from "../../server/schedules";
import { smtpFromEnv } from "../../server/delivery";
import { MAX_ATTEMPTS } from "../../app/models/outbox";

const SECRETS = { dingtalk: "SECd1n9t4lk-secret", feishu: "f3ishu-secret" };
const TICK = 10_000;

let srv: TestServer;
let smtp: SmtpReceiver;
let robots: RobotReceiver;
let stop: () => void;
let admin: Session, mishu: Session, yang: Session;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const rows = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const tick = (ms = TICK) => srv.app.db.$clock.advance(ms);
const adminPost = (fields: Fields) => postForm(srv.url, admin, "/admin/channels", fields);
const issue = (fields: Fields) => postForm(srv.url, mishu, "/notices", { intent: "issue", taskId: task.id, respondBy: "2026-11-30", ...fields });

// RX01-T07 of 驰动伺服 (unit 4): late on 2026-11-23; lead yang_fan, owner tang_wei.
let task: { id: number; owner_unit_id: number };

beforeAll(async () => {
  [smtp, robots] = await Promise.all([startSmtp(), startRobotReceiver(SECRETS)]);
  const env = { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtp.port), MAIL_FROM: "协同工作台 <noreply@example.cn>" };
  srv = await startServer({ env });
  stop = startSchedules(srv.app, { backupEveryHours: 0, backupDir: srv.dir, backupKeep: 1, smtp: smtpFromEnv(env), outboxEverySeconds: TICK / 1000 });
  // The start-up reminder run tells unit leads their 推进表 filing is due (the pinned day is in the
  // window); those mails are delivered and set aside here so the tests below see only their own.
  await tick();
  expect(smtp.mails.some((m) => m.subject.includes("推进表"))).toBe(true);
  smtp.mails.splice(0);
  task = q("SELECT id, owner_unit_id FROM tasks WHERE code = 'RX01-T07'");
  [admin, mishu, yang] = await Promise.all([signInAs(srv.url, "admin", { page: "/admin/channels" }), signInAs(srv.url, "mishu", { page: "/notices" }), signInAs(srv.url, "yang_fan", { page: "/account" })]);
});
afterAll(async () => {
  stop?.();
  await srv.close();
  await Promise.all([smtp.close(), robots.close()]);
});

describe("robots: the admin's form", () => {
  it("refuses a private address without the allow setting, and plain http to a public host, changing nothing", async () => {
    const before = databaseDigest(srv.app.db);
    const priv = await adminPost({ intent: "robot-create", platform: "wecom", unitId: 0, name: "内网", webhookUrl: "https://10.1.2.3/cgi-bin/webhook/send?key=x", active: "on" });
    expect(priv.status).toBe(400);
    expect(priv.html).toContain("Webhook 地址指向内网或本机");
    const loop = await adminPost({ intent: "robot-create", platform: "wecom", unitId: 0, name: "本机", webhookUrl: `${robots.origin}/wecom/send?key=x`, active: "on" });
    expect(loop.status).toBe(400);
    const http = await adminPost({ intent: "robot-create", platform: "dingtalk", unitId: 0, name: "明文", webhookUrl: "http://oapi.dingtalk.com/robot/send?access_token=x", active: "on" });
    expect(http.status).toBe(400);
    expect(http.html).toContain("必须使用 https");
    const researcher = await postForm(srv.url, yang, "/admin/channels", { intent: "robot-create", platform: "wecom", unitId: 0, name: "x", webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", active: "on" });
    expect(researcher.status).toBe(403);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("adds a consortium 企业微信 robot and unit robots of 钉钉 and 飞书 (local receiver: private addresses allowed on purpose)", async () => {
    const add = (f: Fields) => adminPost({ intent: "robot-create", active: "on", allowPrivate: "on", ...f });
    const list: Fields[] = [
      { platform: "wecom", unitId: 0, name: "联合体群", webhookUrl: `${robots.origin}/wecom/cgi-bin/webhook/send?key=k1` },
      { platform: "dingtalk", unitId: task.owner_unit_id, name: "驰动钉钉群", webhookUrl: `${robots.origin}/dingtalk/robot/send?access_token=t1`, secret: SECRETS.dingtalk },
      { platform: "feishu", unitId: task.owner_unit_id, name: "驰动飞书群", webhookUrl: `${robots.origin}/feishu/open-apis/bot/v2/hook/h1`, secret: SECRETS.feishu },
      { platform: "feishu", unitId: 0, name: "密钥填错的飞书群", webhookUrl: `${robots.origin}/feishu/open-apis/bot/v2/hook/h2`, secret: "wrong-secret" },
      { platform: "wecom", unitId: 1, name: "别的单位", webhookUrl: `${robots.origin}/wecom/cgi-bin/webhook/send?key=other` },
    ];
    for (const f of list) expect((await add(f)).status).toBe(200);
    expect(rows("SELECT platform, unit_id, allow_private FROM robots ORDER BY id")).toHaveLength(5);
    // The secret never goes to the audit trail or back to the page.
    expect(JSON.stringify(rows("SELECT before, after FROM audit_log WHERE entity = 'robot'"))).not.toContain(SECRETS.feishu);
    expect(await (await fetch(`${srv.url}/admin/channels`, { headers: { cookie: admin.cookie } })).text()).not.toContain(SECRETS.dingtalk);
  });
});

describe("delivery", () => {
  let noticeId: number;

  it("issuing a 督办 queues mail and robot posts in its own transaction; the worker delivers them", async () => {
    const res = await issue({ kind: "supervision", body: "请说明电机温升试验逾期原因" });
    expect(res.status).toBe(200);
    noticeId = q<{ id: number }>("SELECT max(id) AS id FROM notices").id;
    const queued = rows<{ channel: string; status: string }>("SELECT channel, status FROM deliveries WHERE event_key = ?", `notice:${noticeId}:issue`);
    // Mail to the unit lead and the task owner; one post per robot of the unit and of the consortium, not the other unit's.
    expect(queued.filter((d) => d.channel === "email")).toHaveLength(2);
    expect(queued.filter((d) => d.channel === "robot")).toHaveLength(4);
    expect(queued.every((d) => d.status === "pending")).toBe(true);
    expect(smtp.mails).toHaveLength(0); // nothing is sent inside the request

    await tick();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(["tang.wei@demo.example.cn", "yang.fan@demo.example.cn"]);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe("【督办】RX01-T07 " + q<{ title: string }>("SELECT title FROM tasks WHERE id = ?", task.id).title);
    expect(mail.text).toContain("请说明电机温升试验逾期原因");
    expect(mail.text).toContain("请于 2026-11-30 前回复");
    expect(mail.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/notices/);

    const wecom = robots.posts.find((p) => p.platform === "wecom")!;
    expect(wecom.query.get("key")).toBe("k1");
    expect(wecom.body).toMatchObject({ msgtype: "markdown", markdown: { content: expect.stringContaining("【督办】RX01-T07") } });
    const ding = robots.posts.find((p) => p.platform === "dingtalk")!;
    expect(ding.signatureOk).toBe(true);
    expect(ding.query.get("access_token")).toBe("t1");
    expect(Number(ding.query.get("timestamp"))).toBe(srv.app.db.$clock.now().getTime());
    expect(ding.body).toMatchObject({ msgtype: "markdown", markdown: { title: expect.stringContaining("督办"), text: expect.stringContaining("/notices") } });
    const feishu = robots.posts.filter((p) => p.platform === "feishu");
    expect(feishu.map((p) => [p.path, p.signatureOk])).toEqual(expect.arrayContaining([["/feishu/open-apis/bot/v2/hook/h1", true], ["/feishu/open-apis/bot/v2/hook/h2", false]]));
    expect(feishu[0]!.body).toMatchObject({ msg_type: "post", timestamp: expect.stringMatching(/^\d{10}$/), content: { post: { zh_cn: { title: expect.stringContaining("督办") } } } });

    const statuses = rows<{ status: string; n: number }>("SELECT status, count(*) AS n FROM deliveries WHERE event_key = ? GROUP BY status", `notice:${noticeId}:issue`);
    expect(statuses).toEqual(expect.arrayContaining([{ status: "sent", n: 5 }, { status: "pending", n: 1 }]));
  });

  it("a wrong robot secret shows the platform's error in the delivery log", async () => {
    const failed = q<{ last_error: string; attempts: number; send_after: string }>("SELECT last_error, attempts, send_after FROM deliveries WHERE status = 'pending'");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("19021 sign match fail");
    // The first retry is 30 s after the failed attempt.
    expect(Date.parse(failed.send_after) - srv.app.db.$clock.now().getTime()).toBe(30_000);
    const page = await (await fetch(`${srv.url}/admin/channels`, { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain("密钥填错的飞书群");
    expect(page).toContain("sign match fail or timestamp is not within one hour");
  });

  it("while SMTP is dead and the robots answer 503 a write still succeeds at once; retries back off; nothing is lost; all arrives once they are back", async () => {
    const smtpPort = smtp.port;
    await smtp.close();
    robots.down = true;
    const sentBefore = robots.posts.length;

    const started = performance.now();
    const res = await issue({ kind: "reminder", body: "减速器寿命试验进度提示" });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5000); // never waits for a dead server's timeout
    const id = q<{ id: number }>("SELECT max(id) AS id FROM notices").id;
    const key = `notice:${id}:issue`;
    expect(q<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE event_key = ?", key).n).toBe(6);

    await tick();
    const first = rows<{ attempts: number; last_error: string; send_after: string; status: string }>("SELECT * FROM deliveries WHERE event_key = ?", key);
    expect(first.every((d) => d.status === "pending" && d.attempts === 1)).toBe(true);
    expect(first.find((d) => d.last_error.includes("ECONNREFUSED"))).toBeDefined();
    expect(first.find((d) => d.last_error.includes("HTTP 503"))).toBeDefined();

    // Down for twenty minutes: retries 30 s, 1, 2, 4 and 8 min after each failure (the worker looks every
    // 10 s): six attempts in all, every row still there.
    for (let i = 0; i < 120; i++) await tick();
    const later = rows<{ attempts: number; status: string }>("SELECT attempts, status FROM deliveries WHERE event_key = ?", key);
    expect(later).toHaveLength(6);
    expect(later.map((d) => [d.status, d.attempts])).toEqual(later.map(() => ["pending", 6]));
    expect(robots.posts.length).toBe(sentBefore);

    smtp = await startSmtp(smtpPort);
    robots.down = false;
    for (let i = 0; i < 100; i++) await tick(); // the next attempt is 16 min after the last
    const done = rows<{ channel: string; status: string; attempts: number }>("SELECT channel, status, attempts FROM deliveries WHERE event_key = ?", key);
    expect(done.filter((d) => d.status === "sent")).toHaveLength(5); // the wrong-secret robot keeps failing
    expect(smtp.mails.filter((m) => m.subject.includes("【提示】"))).toHaveLength(2);
  });

  it("after the last attempt a delivery is failed; the admin fixes the secret and sends it again", async () => {
    for (let i = 0; i < 6 * 60; i++) await tick(); // an hour: the backoff reaches its cap and the attempts run out
    const failed = rows<{ id: number; attempts: number; robot_id: number }>("SELECT id, attempts, robot_id FROM deliveries WHERE status = 'failed'");
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((d) => d.attempts === MAX_ATTEMPTS)).toBe(true);
    const robot = q<{ id: number; version: number; unit_id: number | null }>("SELECT id, version, unit_id FROM robots WHERE id = ?", failed[0]!.robot_id);
    const fixed = await adminPost({ intent: "robot-update", id: robot.id, version: robot.version, platform: "feishu", unitId: 0, name: "飞书群", webhookUrl: `${robots.origin}/feishu/open-apis/bot/v2/hook/h2`, secret: SECRETS.feishu, active: "on", allowPrivate: "on" });
    expect(fixed.status).toBe(200);
    for (const d of failed) expect((await adminPost({ intent: "retry", id: d.id })).status).toBe(200);
    await tick();
    expect(q<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE status IN ('failed','pending')").n).toBe(0);
    const again = await adminPost({ intent: "retry", id: failed[0]!.id });
    expect(again.status).toBe(409);
    expect(again.html).toContain("已经发出");
  });
});

describe("preferences and the daily digest", () => {
  it("a person who chose the digest gets one message at 08:30 with each held notification; off sends none", async () => {
    const saved = await postForm(srv.url, yang, "/account", { intent: "prefs", notice: "digest", mention: "immediate", closeout: "off", check: "immediate", change: "immediate", trl: "immediate", acceptance: "immediate" });
    expect(saved.status).toBe(302);
    const bad = await postForm(srv.url, yang, "/account", { intent: "prefs", notice: "hourly" });
    expect(bad.status).toBe(400);
    expect(q<{ mode: string }>("SELECT mode FROM notification_prefs WHERE user_id = (SELECT id FROM users WHERE username = 'yang_fan') AND kind = 'notice'").mode).toBe("digest");

    const before = smtp.mails.length;
    const open = rows<{ id: number; version: number }>("SELECT id, version FROM notices WHERE status = 'open'");
    for (const n of open) await postForm(srv.url, mishu, "/notices", { intent: "close", id: n.id, version: n.version });
    await issue({ kind: "reminder", body: "第一条" });
    await issue({ kind: "supervision", body: "第二条" });
    await tick();
    // The task owner (immediately) got both; the lead's are held.
    expect(smtp.mails.slice(before).map((m) => m.to[0])).toEqual(["tang.wei@demo.example.cn", "tang.wei@demo.example.cn"]);
    expect(q<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE status = 'held'").n).toBe(2);

    const now = srv.app.db.$clock.now().getTime();
    const next0830 = Date.parse("2026-11-24T08:30:00+08:00");
    for (let t = now; t < next0830 + TICK; t += 15 * 60_000) await tick(15 * 60_000);
    const digests = smtp.mails.slice(before).filter((m) => m.to[0] === "yang.fan@demo.example.cn");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe("工作台每日摘要：2 条通知（2026-11-24）");
    expect(digests[0]!.text).toContain("【提示】RX01-T07");
    expect(digests[0]!.text).toContain("【督办】RX01-T07");
    expect(q<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE status = 'digested'").n).toBe(2);

    await postForm(srv.url, yang, "/account", { intent: "prefs", notice: "off" });
    await issue({ kind: "reminder", body: "第三条" });
    const id = q<{ id: number }>("SELECT max(id) AS id FROM notices").id;
    const to = rows<{ username: string }>("SELECT u.username FROM deliveries d JOIN users u ON u.id = d.user_id WHERE d.event_key = ?", `notice:${id}:issue`);
    expect(to).toEqual([{ username: "tang_wei" }]);
  });
});
