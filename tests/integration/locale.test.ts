// The per-user language switch on /account: it changes the interface language of that user only (in all
// of his sessions, at once and after signing in again), is validated, CSRF-protected and audited.
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { csrfIn as csrfOf } from "../helpers/forms";
import { zhCN } from "../../app/i18n/zh-CN";
import { en } from "../../app/i18n/en";

let srv: TestServer;
const get = async (path: string, cookie: string) => (await fetch(`${srv.url}${path}`, { headers: { cookie }, redirect: "manual" })).text();
const langOf = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const localeOf = (username: string) =>
  (srv.app.db.$client.prepare("SELECT locale FROM users WHERE username = ?").get(username) as { locale: string }).locale;

async function post(path: string, fields: Record<string, string>, cookie: string) {
  const res = await fetch(`${srv.url}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie }, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), reload: res.headers.get("x-remix-reload-document"), html: await res.text() };
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.close());

describe("language switch on /account", () => {
  it("switches li_ming to English in every session of his, leaves mishu in Chinese, and persists", async () => {
    const liMing = await loginCookie(srv.url, "li_ming");
    const liMingOtherDevice = await loginCookie(srv.url, "li_ming");
    const mishu = await loginCookie(srv.url, "mishu");
    const before = await get("/account", liMing);
    expect(langOf(before)).toBe("zh-CN");
    expect(before).toContain("界面语言 / Language");
    expect(before).toContain("<title>我的账户 · 创新联合体协同工作台</title>");

    const auditBefore = (srv.app.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'locale.change'").get() as { n: number }).n;
    const res = await post("/account", { _csrf: csrfOf(before), intent: "locale", locale: "en" }, liMing);
    expect(res.status).toBe(302);
    expect(res.location).toBe("/account?language=1");
    // A whole new document: the browser holds only the catalogue of the language its page was rendered in.
    expect(res.reload).toBe("true");
    expect(localeOf("li_ming")).toBe("en");

    const after = await get("/account?language=1", liMing);
    expect(langOf(after)).toBe("en");
    expect(after).toContain("My account");
    expect(after).toContain("Interface language switched");
    expect(after).toContain("<title>My account · Innovation Consortium Workspace</title>");
    expect(after).not.toContain("我的账户");

    // His other session follows on its next request; the home page is English too.
    const home = await get("/", liMingOtherDevice);
    expect(langOf(home)).toBe("en");
    expect(home).toContain("My work · Researcher, Project lead");

    // Another user stays Chinese.
    const other = await get("/", mishu);
    expect(langOf(other)).toBe("zh-CN");
    expect(other).toContain("联合体总览");
    expect(other).not.toContain("Consortium overview");

    // Signing in again keeps the choice.
    const again = await get("/board", await loginCookie(srv.url, "li_ming"));
    expect(langOf(again)).toBe("en");
    expect(again).toContain("All tasks board");

    const audit = srv.app.db.$client
      .prepare("SELECT a.before, a.after, u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'locale.change' ORDER BY a.id DESC")
      .all() as { before: string; after: string; username: string }[];
    expect(audit.length).toBe(auditBefore + 1);
    expect(audit[0]).toEqual({ before: '{"locale":"zh-CN"}', after: '{"locale":"en"}', username: "li_ming" });
  });

  it("answers server-side errors in the user's language", async () => {
    const cookie = await loginCookie(srv.url, "li_ming");
    const page = await get("/account", cookie);
    const res = await post("/account", { _csrf: csrfOf(page), currentPassword: "wrong-password", newPassword: "long-enough-1", confirmPassword: "long-enough-1" }, cookie);
    expect(res.status).toBe(400);
    expect(res.html).toContain("The current password is incorrect");
  });

  it("refuses an unknown locale and a missing CSRF token, changing nothing", async () => {
    const cookie = await loginCookie(srv.url, "deng_yu");
    const page = await get("/account", cookie);
    const bad = await post("/account", { _csrf: csrfOf(page), intent: "locale", locale: "fr" }, cookie);
    expect(bad.status).toBe(400);
    expect(localeOf("deng_yu")).toBe("zh-CN");
    const forged = await post("/account", { intent: "locale", locale: "en" }, cookie);
    expect(forged.status).toBe(403);
    expect(localeOf("deng_yu")).toBe("zh-CN");
  });

  it("switches back to Chinese", async () => {
    const cookie = await loginCookie(srv.url, "li_ming");
    const page = await get("/account", cookie);
    expect(langOf(page)).toBe("en");
    const res = await post("/account", { _csrf: csrfOf(page), intent: "locale", locale: "zh-CN" }, cookie);
    expect(res.status).toBe(302);
    expect(langOf(await get("/account", cookie))).toBe("zh-CN");
  });

  it("offers the sign-in page in English with ?lang=en, Chinese by default", async () => {
    const zh = await (await fetch(`${srv.url}/login`)).text();
    expect(langOf(zh)).toBe("zh-CN");
    expect(zh).toContain("用户名");
    const enPage = await (await fetch(`${srv.url}/login?lang=en`)).text();
    expect(langOf(enPage)).toBe("en");
    expect(enPage).toContain("Username");
    const failed = await fetch(`${srv.url}/login?lang=en`, { method: "POST", body: new URLSearchParams({ username: "mishu", password: "wrong-one" }) });
    expect(await failed.text()).toContain("Incorrect username or password");
    // Signing in from a page in another language than one's own reloads the whole document in one's own.
    const signIn = async (path: string) => {
      const res = await fetch(`${srv.url}${path}`, { method: "POST", body: new URLSearchParams({ username: "mishu", password: "demo1234" }), redirect: "manual" });
      return { status: res.status, reload: res.headers.get("x-remix-reload-document") };
    };
    expect(await signIn("/login?lang=en")).toEqual({ status: 302, reload: "true" });
    expect(await signIn("/login")).toEqual({ status: 302, reload: null });
  });
});

describe("the browser gets only its reader's messages", () => {
  const catalogLink = (html: string, locale: string) =>
    new RegExp(`<link[^>]*href="([^"]+)"[^>]*data-catalog="${locale}"`).exec(html)?.[1];
  // What the JavaScript bundle would hold of a catalogue: esbuild writes Chinese as \\uXXXX escapes.
  const escaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`).join("");

  it("links the reader's catalogue; the page's scripts carry neither language's messages", async () => {
    const html = await get("/board", await loginCookie(srv.url, "mishu"));
    const href = catalogLink(html, "zh-CN");
    expect(href).toMatch(/^\/i18n\/zh-CN\.[0-9a-f]{12}\.json$/);
    const res = await fetch(`${srv.url}${href}`);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await res.json()).toEqual(zhCN);

    const scripts = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(3);
    for (const src of scripts) {
      const js = await (await fetch(`${srv.url}${src}`)).text();
      expect(js, src).not.toContain(escaped(zhCN.board.title));
      expect(js, src).not.toContain(zhCN.board.title);
      expect(js, src).not.toContain(en.app.name);
    }
  });

  it("gives an English reader the English catalogue; an old or hashless address the current one, uncached", async () => {
    const login = await (await fetch(`${srv.url}/login?lang=en`)).text();
    const href = catalogLink(login, "en");
    expect(href).toMatch(/^\/i18n\/en\.[0-9a-f]{12}\.json$/);
    expect(await (await fetch(`${srv.url}${href}`)).json()).toEqual(en);

    for (const old of ["/i18n/en.0123456789ab.json", "/i18n/en.json"]) {
      const res = await fetch(`${srv.url}${old}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.json()).toEqual(en);
    }
    expect((await fetch(`${srv.url}/i18n/fr.json`)).status).toBe(404);
  });

  it("sends the catalogue Brotli-compressed to a browser that takes it (compressed once), plain or gzip otherwise", async () => {
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        http
          .get(`${srv.url}/i18n/en.json`, { headers: { "accept-encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ encoding: res.headers["content-encoding"], vary: res.headers.vary, body: Buffer.concat(chunks) }));
          })
          .on("error", reject);
      });
    for (let i = 0; i < 2; i++) {
      const br = await raw("gzip, deflate, br, zstd");
      expect(br.encoding).toBe("br");
      expect(br.vary).toMatch(/accept-encoding/i);
      expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString("utf8"))).toEqual(en);
    }
    const gz = await raw("gzip, br;q=0");
    expect(gz.encoding).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(gz.body).toString("utf8"))).toEqual(en);
    const plain = await raw("identity");
    expect(plain.encoding).toBeUndefined();
    expect(JSON.parse(plain.body.toString("utf8"))).toEqual(en);
  });
});
