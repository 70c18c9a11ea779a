// Security of a real server (its own database): sign-in and throttling, session rotation and revocation
// (HTTP and sockets), forged and expired sessions, CSRF on every form action, headers, secrets.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForSession, createSession } from "../../app/models/auth.server";
import { getUser, updateUser } from "../../app/models/users.server";
import { ask, connected, loginCookie, socketFor, startServer, type TestServer } from "../helpers/server";
import { databaseDigest } from "../helpers/db-fingerprint";
import { csrfOf as csrfOfPage } from "../helpers/forms";
import { Msg } from "../../app/realtime/protocol";

const root = path.resolve(import.meta.dirname, "../..");
let srv: TestServer;
const sockets: Socket[] = [];

const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const userId = (username: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", username).id;

function postLogin(username: string, password: string, cookie?: string) {
  return fetch(`${srv.url}/login`, {
    method: "POST",
    headers: cookie ? { cookie } : {},
    body: new URLSearchParams({ username, password, next: "/" }),
    redirect: "manual",
  });
}

/** A signed-in page load: 200 when the session is accepted, a redirect to /login when it is not. */
async function pageStatus(cookie: string, url = "/account") {
  const res = await fetch(`${srv.url}${url}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, location: res.headers.get("location") ?? "" };
}

async function refusedOnHttp(cookie: string) {
  const r = await pageStatus(cookie);
  expect(r.status).toBe(302);
  expect(r.location).toMatch(/^\/login/);
}

async function refusedOnSocket(cookie: string) {
  const s = socketFor(srv.url, cookie);
  sockets.push(s);
  await expect(connected(s)).rejects.toThrow("unauthenticated");
}

async function openSocket(cookie: string) {
  const s = socketFor(srv.url, cookie);
  sockets.push(s);
  await connected(s);
  return s;
}

const disconnected = (s: Socket) => new Promise<string>((resolve) => (s.disconnected ? resolve("already") : s.once("disconnect", resolve)));

const csrfOf = (cookie: string, page = "/account") => csrfOfPage(srv.url, cookie, page);

const dbDigest = () => databaseDigest(srv.app.db);

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("sign-in", () => {
  it("signs in with the right password (HttpOnly, SameSite cookie) and refuses a wrong one with a clear message", async () => {
    const ok = await postLogin("lu_siqi", "demo1234");
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^cw_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const bad = await postLogin("lu_siqi", "wrong-password");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("set-cookie")).toBeNull();
    expect(await bad.text()).toContain("用户名或密码不正确");
    const unknown = await postLogin("no_such_user", "demo1234");
    expect(unknown.status).toBe(400);
    srv.app.db.$client.prepare("DELETE FROM login_throttle").run();
  });

  it("locks an account at an address after 5 failures, even for the right password there, and leaves other accounts alone", async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin("zhu_hang", `guess-${i}`)).status).toBe(400);
    const locked = await postLogin("zhu_hang", "demo1234");
    expect(locked.status).toBe(429);
    expect(locked.headers.get("set-cookie")).toBeNull();
    expect(await locked.text()).toContain("登录失败次数过多");
    expect(q<any>("SELECT locked_until FROM login_throttle WHERE key = 'pair:zhu_hang|127.0.0.1'").locked_until).toBeTruthy();
    // Each failure is in the audit trail (the other limits, and the owner's ways in: throttle.test.ts).
    expect(q<any>("SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed' AND entity_id = 'zhu_hang'").n).toBe(5);
    expect((await postLogin("fang_lin", "demo1234")).status).toBe(302);
  });
});

describe("sessions", () => {
  it("rotates the session on login: a new cookie value, and the old session no longer works", async () => {
    const first = await loginCookie(srv.url, "gao_peng");
    const oldId = q<any>("SELECT id FROM sessions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC", userId("gao_peng")).id;
    const again = await postLogin("gao_peng", "demo1234", first);
    expect(again.status).toBe(302);
    const second = again.headers.get("set-cookie")!.split(";")[0]!;
    expect(second).not.toBe(first);
    expect(q("SELECT 1 AS x FROM sessions WHERE id = ?", oldId)).toBeUndefined();
    await refusedOnHttp(first);
    expect((await pageStatus(second)).status).toBe(200);
  });

  it("a password change ends the user's other sessions and disconnects their sockets", async () => {
    const here = await loginCookie(srv.url, "lin_feng");
    const elsewhere = await loginCookie(srv.url, "lin_feng");
    const s = await openSocket(elsewhere);
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const gone = disconnected(s);

    // As the page submits it with JavaScript (single fetch: /account.data).
    const res = await fetch(`${srv.url}/account.data`, {
      method: "POST",
      headers: { cookie: here },
      body: new URLSearchParams({ _csrf: await csrfOf(here), currentPassword: "demo1234", newPassword: "neu-Passwort-77", confirmPassword: "neu-Passwort-77" }),
    });
    expect(res.status).toBe(202); // single fetch's redirect to /account?changed=1, with the new cookie
    const fresh = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(await gone).toBe("io server disconnect");
    await refusedOnHttp(elsewhere);
    await refusedOnHttp(here);
    await refusedOnSocket(elsewhere);
    expect((await pageStatus(fresh)).status).toBe(200);
    expect((await postLogin("lin_feng", "demo1234")).status).toBe(400);
    expect((await postLogin("lin_feng", "neu-Passwort-77")).status).toBe(302);
  });

  it("deactivating a user (admin, updateUser) ends his sessions and disconnects his sockets", async () => {
    const cookie = await loginCookie(srv.url, "song_jia");
    const s = await openSocket(cookie);
    const gone = disconnected(s);
    const admin = actorForSession(srv.app.db, createSession(srv.app.db, userId("admin"), "test").id)!;
    const user = getUser(srv.app.db, userId("song_jia"));
    updateUser(srv.app.ctx, admin, { ...user, unitId: user.unitId ?? undefined, outsideBodyId: undefined, active: false });
    expect(await gone).toBe("io server disconnect");
    expect(q<any>("SELECT count(*) AS n FROM sessions WHERE user_id = ?", user.id).n).toBe(0);
    await refusedOnHttp(cookie);
    await refusedOnSocket(cookie);
    expect((await postLogin("song_jia", "demo1234")).status).toBe(400);
  });

  it("refuses forged session cookies on HTTP and sockets", async () => {
    const real = await loginCookie(srv.url, "du_xin");
    const sessionId = q<any>("SELECT id FROM sessions WHERE user_id = ? ORDER BY rowid DESC", userId("du_xin")).id as string;
    const value = real.slice("cw_session=".length);
    const forgeries = [
      `cw_session=${value.slice(0, -4)}AAAA`, // signature altered
      `cw_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`, // unsigned
      await createCookie("cw_session", { secrets: ["attacker-guess"] }).serialize(sessionId).then((c) => c.split(";")[0]!), // wrong key
      "cw_session=forged.value",
    ];
    for (const forged of forgeries) {
      await refusedOnHttp(forged);
      await refusedOnSocket(forged);
    }
    expect((await pageStatus(real)).status).toBe(200); // the genuine cookie still works
  });

  it("refuses an expired session on HTTP, on new sockets and on an already-open socket", async () => {
    const cookie = await loginCookie(srv.url, "tang_wei");
    const s = await openSocket(cookie);
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    srv.app.db.$client.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").run(userId("tang_wei"));
    await refusedOnHttp(cookie);
    await refusedOnSocket(cookie);
    const gone = disconnected(s);
    expect(await ask(s, Msg.boardJoin, { boardId: "consortium" })).toMatchObject({ ok: false, code: "unauthenticated", message: "请先登录" });
    await gone;
  });
});

/** Route files with a form action, as URLs (flat routes: dots are slashes, $params become real ids). */
function actionRoutes(): { file: string; url: string }[] {
  const dir = path.join(root, "app/routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx|ts)$/.test(f))
    .filter((f) => /export\s+(async\s+function\s+action\b|const\s+action\b|\{[^}]*\baction\b)/.test(fs.readFileSync(path.join(dir, f), "utf8")))
    .map((file) => {
      const segments = file.replace(/\.(tsx|ts)$/, "").split(".");
      const index = segments.at(-1) === "_index";
      const parts = segments.filter((s) => s !== "_index" && !s.startsWith("_")).map((s) => (s.startsWith("$") ? "1" : s.replace(/_$/, "")));
      return { file, url: `/${parts.join("/")}${index ? "?index" : ""}` };
    });
}

describe("CSRF", () => {
  const routes = actionRoutes();

  it("finds the form actions to check", () => {
    const files = routes.map((r) => r.file);
    for (const known of ["account.tsx", "admin.units.new.tsx", "changes.tsx", "logout.tsx", "tasks.$taskId.tsx"]) expect(files).toContain(known);
  });

  it("refuses every POST without the session's _csrf token (403) and writes nothing", async () => {
    const checked: string[] = [];
    const cookies = { admin: await loginCookie(srv.url, "admin"), mishu: await loginCookie(srv.url, "mishu") };
    const otherToken = await csrfOf(await loginCookie(srv.url, "shouxi"));
    const task = q<any>("SELECT id, version FROM tasks WHERE status = 'in_progress' ORDER BY id LIMIT 1");
    // Plausible bodies, so that a route that forgot the check would really write something.
    const body = (csrf?: string) =>
      new URLSearchParams({
        ...(csrf ? { _csrf: csrf } : {}),
        intent: "update",
        payload: JSON.stringify({ id: task.id, version: task.version, patch: { title: "CSRF 写入" } }),
        name: "CSRF 测试单位",
        shortName: "CSRF",
        kind: "enterprise",
        joinedOn: "2026-01-01",
        username: "csrf_user",
        displayName: "CSRF",
        password: "csrf-password-1",
        currentPassword: "demo1234",
        newPassword: "csrf-password-1",
        confirmPassword: "csrf-password-1",
        version: "1",
        id: "1",
      });
    for (const r of routes) {
      if (r.file === "login.tsx") continue; // no session yet to bind a token to; SameSite=Lax cookies cover it
      for (const [who, cookie] of Object.entries(cookies)) {
        for (const csrf of [undefined, otherToken]) {
          const before = dbDigest();
          const res = await fetch(`${srv.url}${r.url}`, { method: "POST", headers: { cookie }, body: body(csrf), redirect: "manual" });
          expect(res.status, `${r.file} as ${who}${csrf ? " with another session's token" : ""}`).toBe(403);
          expect(dbDigest(), `${r.file} wrote without a valid token`).toBe(before);
        }
      }
      checked.push(r.url);
    }
    console.log(`CSRF: ${checked.length} form actions refused without a valid token: ${checked.join(", ")}`);
    expect(checked.length).toBeGreaterThanOrEqual(4);
  }, 120_000); // four posts and eight whole-database digests per form action: it grows with the routes
});

describe("headers", () => {
  it("sends a nonce-based CSP (frame-ancestors 'none'), nosniff and a referrer policy", async () => {
    const a = await fetch(`${srv.url}/login`);
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await a.text();
    expect(html).toContain(`nonce="${nonce}"`);
    // Every inline script carries the nonce.
    for (const tag of html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("same-origin");
    expect(a.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(a.headers.get("x-powered-by")).toBeNull();
    const b = await fetch(`${srv.url}/login`);
    expect(b.headers.get("content-security-policy")).not.toContain(nonce!); // fresh nonce per response
  });
});

describe("admin audit page", () => {
  it("shows the chain status to admins and refuses people without read:admin", async () => {
    const admin = await loginCookie(srv.url, "admin");
    const res = await fetch(`${srv.url}/admin/audit`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("哈希链完整");
    expect(html).toMatch(/共 \d+ 条记录/);
    const researcher = await loginCookie(srv.url, "yu_tao");
    expect((await fetch(`${srv.url}/admin/audit`, { headers: { cookie: researcher } })).status).toBe(403);
  });
});

describe("secrets and uploads", () => {
  it("keeps no secrets in the repository", () => {
    let files: string[];
    try {
      files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    } catch {
      return; // not a git checkout (e.g. an exported tree): nothing to check
    }
    expect(files.filter((f) => /(^|\/)(\.session-secret|\.env(\..*)?|.*\.pem|.*\.key)$/.test(f) || /^data\//.test(f) || /\.db$/.test(f))).toEqual([]);
    const hardCoded = files
      .filter((f) => !f.startsWith("tests/") && /\.(ts|tsx|js|mjs|cjs|json|sh|ya?ml)$/.test(f) && fs.existsSync(path.join(root, f)))
      .filter((f) => /SESSION_SECRET\s*[:=]\s*["'`][^"'`]{4,}/.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(hardCoded).toEqual([]);
    const ignore = fs.readFileSync(path.join(root, ".gitignore"), "utf8");
    expect(ignore).toMatch(/^\/data\/$/m);
    expect(ignore).toMatch(/^\.env$/m);
  });

  // Uploads: there is no upload feature yet; when one comes, test its content types here.
});

describe("throttling per address", () => {
  // Last: it locks the test client's address for the rest of this server's life.
  it("locks an address after 20 failures across accounts, even for a valid login", async () => {
    srv.app.db.$client.prepare("DELETE FROM login_throttle").run();
    for (let i = 0; i < 20; i++) expect((await postLogin(`nobody_${i}`, "x")).status).toBe(400);
    const locked = await postLogin("admin", "demo1234");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("登录失败次数过多");
    expect(q<any>("SELECT failures FROM login_throttle WHERE key = 'address:127.0.0.1'").failures).toBe(20);
  });
});
