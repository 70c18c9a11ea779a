// Findings 3 and 4: throttles that cannot be raced and never lock the owner out, over real HTTP against a
// real server behind a (simulated) proxy, so each request can come from its own address (X-Forwarded-For).
// Attempts are reserved before the asynchronous argon2 check, so parallel guesses get exactly the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const failedLogins = (account: string) => q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed' AND entity_id = ?", account).n;
const MINUTE = 60_000;

/** Cookie header from a response's Set-Cookie headers (name=value pairs only). */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

function signIn(username: string, password: string, from: string, cookie = "") {
  return fetch(`${srv.url}/login`, {
    method: "POST",
    headers: { "x-forwarded-for": from, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ username, password, next: "/" }),
    redirect: "manual",
  });
}

beforeAll(async () => {
  srv = await startServer({ env: { TRUST_PROXY: "1" } });
});
afterAll(() => srv.close());

describe("finding 4: the sign-in throttle", () => {
  it("40 parallel wrong guesses get exactly 5 evaluations; the owner still gets in from elsewhere and from his own browser", async () => {
    // The owner signed in on his laptop last week: that browser keeps the signed device cookie.
    const laptop = await signIn("xie_lei", "demo1234", "10.1.0.1");
    expect(laptop.status).toBe(302);
    const device = laptop.headers.getSetCookie().find((c) => c.startsWith("cw_device="))!.split(";")[0]!;
    expect(device).toBeTruthy();

    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn("xie_lei", `guess-${i}`, "203.0.113.9")));
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(failedLogins("xie_lei")).toBe(5);
    const refused = guesses.find((r) => r.status === 429)!;
    expect(await refused.text()).toContain("登录失败次数过多，请 1 分钟后再试");

    // The attacker's address is locked for this account, even with the right password…
    expect((await signIn("xie_lei", "demo1234", "203.0.113.9")).status).toBe(429);
    // …but the owner from anywhere else is not,
    expect((await signIn("xie_lei", "demo1234", "10.1.0.2")).status).toBe(302);
    // nor from his own browser behind the same address as the attacker (a shared NAT).
    expect((await signIn("xie_lei", "demo1234", "203.0.113.9", device)).status).toBe(302);
    // Still locked for the attacker.
    expect((await signIn("xie_lei", "demo1234", "203.0.113.9")).status).toBe(429);
  });

  it("each further failure after the lock doubles it (1, 2, 4 minutes), and the audit trail records each one", async () => {
    const from = "203.0.113.20";
    for (let i = 0; i < 5; i++) expect((await signIn("ye_qing", `wrong-${i}`, from)).status).toBe(400);
    const locked = () => q<{ locked_until: string }>("SELECT locked_until FROM login_throttle WHERE key = ?", `pair:ye_qing|${from}`).locked_until;
    const lockMinutes = () => (Date.parse(locked()) - srv.app.db.$clock.now().getTime()) / MINUTE;
    expect(lockMinutes()).toBe(1);
    await srv.app.db.$clock.advance(MINUTE + 1000);
    expect((await signIn("ye_qing", "wrong-6", from)).status).toBe(400);
    expect(lockMinutes()).toBe(2);
    const wait = await signIn("ye_qing", "demo1234", from);
    expect(wait.status).toBe(429);
    expect(await wait.text()).toContain("请 2 分钟后再试");
    await srv.app.db.$clock.advance(2 * MINUTE + 1000);
    expect((await signIn("ye_qing", "wrong-7", from)).status).toBe(400);
    expect(lockMinutes()).toBe(4);
    const last = q<{ after: string; user_id: number }>("SELECT after, user_id FROM audit_log WHERE action = 'login.failed' AND entity_id = 'ye_qing' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(last.after)).toMatchObject({ ip: from, knownBrowser: false, locks: [{ key: `pair:ye_qing|${from}` }] });
    expect(last.user_id).toBe(q<{ id: number }>("SELECT id FROM users WHERE username = 'ye_qing'").id);
    expect(failedLogins("ye_qing")).toBe(7);
    // After the lock, the right password lets the owner in from that address and starts the count over.
    await srv.app.db.$clock.advance(4 * MINUTE + 1000);
    expect((await signIn("ye_qing", "demo1234", from)).status).toBe(302);
    expect(q("SELECT 1 AS x FROM login_throttle WHERE key = ?", `pair:ye_qing|${from}`)).toBeUndefined();
  });

  it("guesses at one account from many addresses only slow it down; the owner's browser is not slowed", async () => {
    const owner = await signIn("pan_yue", "demo1234", "10.2.0.1");
    const device = owner.headers.getSetCookie().find((c) => c.startsWith("cw_device="))!.split(";")[0]!;
    // 10 addresses, 1 guess each: no pair or address lock, but the account starts to slow.
    for (let i = 0; i < 10; i++) expect((await signIn("pan_yue", `spray-${i}`, `198.51.100.${i + 1}`)).status).toBe(400);
    const slowed = await signIn("pan_yue", "demo1234", "198.51.100.77");
    expect(slowed.status).toBe(429);
    expect((await signIn("pan_yue", "demo1234", "10.2.0.9", device)).status).toBe(302);
    // Only slowed: seconds later any address may try again.
    await srv.app.db.$clock.advance(5_000);
    expect((await signIn("pan_yue", "demo1234", "198.51.100.77")).status).toBe(302);
  });

  it("20 failures from one address against any accounts lock that address for all of them, not other addresses", async () => {
    const from = "192.0.2.50";
    for (let i = 0; i < 20; i++) expect((await signIn(`nobody_${i}`, "x", from)).status).toBe(400);
    expect((await signIn("han_mei", "demo1234", from)).status).toBe(429);
    expect((await signIn("han_mei", "demo1234", "192.0.2.51")).status).toBe(302);
    expect(q<{ failures: number }>("SELECT failures FROM login_throttle WHERE key = ?", `address:${from}`).failures).toBe(20);
  });

  it("the admin sees the limits in force and lifts one: the owner then gets in from that address", async () => {
    const from = "203.0.113.77";
    for (let i = 0; i < 5; i++) await signIn("luo_bin", `wrong-${i}`, from);
    expect((await signIn("luo_bin", "demo1234", from)).status).toBe(429);

    const adminLogin = await signIn("admin", "demo1234", "10.9.9.9");
    const admin = cookiesOf(adminLogin);
    const page = await (await fetch(`${srv.url}/admin/users`, { headers: { cookie: admin } })).text();
    expect(page).toContain("登录限制");
    expect(page).toContain(`luo_bin @ ${from}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    // Only the admin may lift limits: the secretariat is refused and sees no list.
    const mishu = cookiesOf(await signIn("mishu", "demo1234", "10.9.9.8"));
    const mishuPage = await (await fetch(`${srv.url}/admin/users`, { headers: { cookie: mishu } })).text();
    expect(mishuPage).not.toContain("luo_bin @");
    const mishuCsrf = /name="_csrf" value="([^"]+)"/.exec(mishuPage)![1]!;
    const refused = await fetch(`${srv.url}/admin/users?index`, { method: "POST", headers: { cookie: mishu }, body: new URLSearchParams({ _csrf: mishuCsrf, intent: "clearThrottle", key: `pair:luo_bin|${from}` }), redirect: "manual" });
    expect(refused.status).toBe(403);

    const res = await fetch(`${srv.url}/admin/users?index`, { method: "POST", headers: { cookie: admin }, body: new URLSearchParams({ _csrf: csrf, intent: "clearThrottle", key: `pair:luo_bin|${from}` }), redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/users?cleared=1");
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'throttle.clear' AND entity_id = ?", `pair:luo_bin|${from}`).n).toBe(1);
    expect((await signIn("luo_bin", "demo1234", from)).status).toBe(302);
  });
});

describe("finding 3: the password change is throttled", () => {
  async function session(username: string, from: string) {
    const cookie = cookiesOf(await signIn(username, "demo1234", from));
    const html = await (await fetch(`${srv.url}/account`, { headers: { cookie, "x-forwarded-for": from } })).text();
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! };
  }
  const change = (s: { cookie: string; csrf: string }, from: string, currentPassword: string) =>
    fetch(`${srv.url}/account`, {
      method: "POST",
      headers: { cookie: s.cookie, "x-forwarded-for": from },
      body: new URLSearchParams({ _csrf: s.csrf, currentPassword, newPassword: "stolen-Pass-99", confirmPassword: "stolen-Pass-99" }),
      redirect: "manual",
    });
  const failedChanges = (userId: number) => q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'password.failed' AND entity_id = ?", String(userId)).n;

  it("12 wrong current passwords: 5 are checked, then refused; the right one cannot change it while locked", async () => {
    const from = "203.0.113.100";
    const s = await session("wei_dong", from);
    const id = q<{ id: number }>("SELECT id FROM users WHERE username = 'wei_dong'").id;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await change(s, from, `guess-${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429, 429]);
    expect(failedChanges(id)).toBe(5);
    const right = await change(s, from, "demo1234");
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("当前密码输错次数过多，请 1 分钟后再试");
    // Not changed: the owner still signs in with his password, from anywhere.
    expect((await signIn("wei_dong", "demo1234", "10.3.0.1")).status).toBe(302);
    // Once the lock has passed, the owner changes it.
    await srv.app.db.$clock.advance(MINUTE + 1000);
    expect((await change(s, from, "demo1234")).status).toBe(302);
    expect((await signIn("wei_dong", "stolen-Pass-99", "10.3.0.1")).status).toBe(302);
  });

  it("20 parallel wrong current passwords get exactly 5 checks", async () => {
    const from = "203.0.113.101";
    const s = await session("jin_lu", from);
    const id = q<{ id: number }>("SELECT id FROM users WHERE username = 'jin_lu'").id;
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => change(s, from, `parallel-${i}`)))).map((r) => r.status);
    expect(statuses.filter((x) => x === 400)).toHaveLength(5);
    expect(statuses.filter((x) => x === 429)).toHaveLength(15);
    expect(failedChanges(id)).toBe(5);
  });
});
