// Bad input on the sign-in and password forms: the page comes back with a Chinese message, nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { csrfOf } from "../helpers/forms";

let srv: TestServer;
const count = (sql: string) => (srv.app.db.$client.prepare(sql).get() as { n: number }).n;

beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.close());

async function post(path: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(`${srv.url}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

describe("sign-in form", () => {
  it.each([
    [{ username: "", password: "demo1234" }, "此项必填"],
    [{ username: "mishu", password: "" }, "此项必填"],
    [{ username: "m".repeat(65), password: "demo1234" }, "不能超过 64 个字符"],
    [{ username: "mishu", password: "p".repeat(201) }, "不能超过 200 个字符"],
  ])("refuses %j with the form and a clear message", async (fields, message) => {
    const sessions = count("SELECT count(*) AS n FROM sessions");
    const { status, html } = await post("/login", fields);
    expect(status).toBe(400);
    expect(html).toContain(message);
    expect(html).toContain('name="username"');
    expect(count("SELECT count(*) AS n FROM sessions")).toBe(sessions);
  });
});

describe("password form", () => {
  it("refuses a short, mismatched or missing password with the form and writes nothing", async () => {
    const cookie = await loginCookie(srv.url, "deng_yu");
    const csrf = await csrfOf(srv.url, cookie, "/account");
    const hash = () => (srv.app.db.$client.prepare("SELECT password_hash AS h FROM users WHERE username = 'deng_yu'").get() as { h: string }).h;
    const before = hash();
    const cases: [Record<string, string>, string][] = [
      [{ currentPassword: "demo1234", newPassword: "short", confirmPassword: "short" }, "密码至少 8 位"],
      [{ currentPassword: "demo1234", newPassword: "long-enough-1", confirmPassword: "long-enough-2" }, "两次输入的新密码不一致"],
      [{ currentPassword: "", newPassword: "long-enough-1", confirmPassword: "long-enough-1" }, "此项必填"],
    ];
    for (const [fields, message] of cases) {
      const { status, html } = await post("/account", { _csrf: csrf, ...fields }, cookie);
      expect(status).toBe(400);
      expect(html).toContain(message);
    }
    expect(hash()).toBe(before);
  });
});
