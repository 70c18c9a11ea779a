// Regressions of the second outside attack (issue 18), each over real HTTP or Socket.IO against a real
// server: the open redirect after sign-in, cross-origin posts (403 in the user's language, never 500),
// the Socket.IO handshake from another origin, and formula injection through every XLSX export.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, connected, loginCookie, startServer, type TestServer } from "../helpers/server";
import { csrfOf } from "../helpers/forms";
import { Msg } from "../../app/realtime/protocol";
import { databaseDigest } from "../helpers/db-fingerprint";

const root = path.resolve(import.meta.dirname, "../..");
let srv: TestServer;
const sockets: Socket[] = [];

const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;

const dbDigest = () => databaseDigest(srv.app.db);


beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("finding 1: open redirect after sign-in", () => {
  const offSite = ["/\t/evil.example/", "/\n/evil.example", "/\r/evil.example", "/ /evil.example", "/\\evil.example", "//evil.example", "/.//evil.example", "https://evil.example", "javascript:alert(1)"];

  it("POST /login with a hostile next redirects home, on this site; a plain path is kept", async () => {
    for (const next of offSite) {
      const res = await fetch(`${srv.url}/login`, { method: "POST", body: new URLSearchParams({ username: "ye_qing", password: "demo1234", next }), redirect: "manual" });
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
    // The reported request, byte for byte: the form field decodes to "/<TAB>/evil.example/".
    const reported = await fetch(`${srv.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=ye_qing&password=demo1234&next=/%09/evil.example/",
      redirect: "manual",
    });
    expect(reported.headers.get("location")).toBe("/");
    const ok = await fetch(`${srv.url}/login`, { method: "POST", body: new URLSearchParams({ username: "ye_qing", password: "demo1234", next: "/board?unit=3" }), redirect: "manual" });
    expect(ok.headers.get("location")).toBe("/board?unit=3");
  });

  it("GET /login?next=… for a user already signed in does the same", async () => {
    const cookie = await loginCookie(srv.url, "ye_qing");
    for (const next of offSite) {
      const res = await fetch(`${srv.url}/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: "manual" });
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
    const kept = await fetch(`${srv.url}/login?next=${encodeURIComponent("/reports/2026?format=zhejiang")}`, { headers: { cookie }, redirect: "manual" });
    expect(kept.headers.get("location")).toBe("/reports/2026?format=zhejiang");
  });
});

describe("also seen: a POST from another origin", () => {
  it("answers 403 with a message in the user's language (not 500), for forms, single fetch and sign-in, and writes nothing", async () => {
    const zh = await loginCookie(srv.url, "ye_qing");
    const csrf = await csrfOf(srv.url, zh);
    const before = dbDigest();
    const body = () => new URLSearchParams({ _csrf: csrf, intent: "locale", locale: "en" });
    for (const origin of ["https://evil.example", `http://127.0.0.1:1`, "null", "http://127.0.0.1.evil.example"]) {
      for (const url of ["/account", "/account.data"]) {
        const res = await fetch(`${srv.url}${url}`, { method: "POST", headers: { cookie: zh, origin }, body: body(), redirect: "manual" });
        expect(res.status, `${origin} ${url}`).toBe(403);
        expect(await res.text()).toBe("请求来自其他网站，已拒绝。请在本系统的页面中操作。");
      }
      const login = await fetch(`${srv.url}/login`, { method: "POST", headers: { origin }, body: new URLSearchParams({ username: "ye_qing", password: "demo1234" }), redirect: "manual" });
      expect(login.status).toBe(403);
      expect(login.headers.get("set-cookie")).toBeNull();
    }
    expect(dbDigest()).toBe(before);

    // An English-speaking user gets English.
    srv.app.db.$client.prepare("UPDATE users SET locale = 'en' WHERE username = 'pan_yue'").run();
    const en = await loginCookie(srv.url, "pan_yue");
    const res = await fetch(`${srv.url}/account`, { method: "POST", headers: { cookie: en, origin: "https://evil.example" }, body: new URLSearchParams({ intent: "locale", locale: "zh-CN" }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("This request came from another site and was refused. Please use the pages of this system.");
  });

  it("accepts the same origin (as the browser sends it) and requests without an Origin", async () => {
    const cookie = await loginCookie(srv.url, "ye_qing");
    const same = await fetch(`${srv.url}/account`, { method: "POST", headers: { cookie, origin: srv.url }, body: new URLSearchParams({ _csrf: await csrfOf(srv.url, cookie), intent: "locale", locale: "zh-CN" }), redirect: "manual" });
    expect(same.status).toBe(302);
    // Behind a proxy the browser's origin is the proxy's host, forwarded as X-Forwarded-Host.
    const proxied = await fetch(`${srv.url}/login`, { method: "POST", headers: { origin: "https://gzt.example.cn", "x-forwarded-host": "gzt.example.cn" }, body: new URLSearchParams({ username: "ye_qing", password: "demo1234" }), redirect: "manual" });
    expect(proxied.status).toBe(302);
  });
});

describe("finding 5: the Socket.IO handshake checks Origin", () => {
  const open = (cookie: string, origin: string | null, transport: "websocket" | "polling") => {
    const s = connect(srv.url, { transports: [transport], extraHeaders: { cookie, ...(origin ? { origin } : {}) }, reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  };

  it("refuses another origin over WebSocket and polling, even with a valid cookie; the same origin joins boards", async () => {
    const cookie = await loginCookie(srv.url, "ye_qing");
    for (const transport of ["websocket", "polling"] as const) {
      for (const origin of ["https://evil.example", "http://127.0.0.1:1", "null"]) {
        const s = open(cookie, origin, transport);
        await expect(connected(s), `${transport} ${origin}`).rejects.toThrow();
        expect(s.connected).toBe(false);
      }
      const ok = open(cookie, srv.url, transport);
      await connected(ok);
      expect((await ask(ok, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
      ok.disconnect();
    }
  });

  it("accepts the configured PUBLIC_URL as origin, and still refuses others", async () => {
    const pub = await startServer({ env: { PUBLIC_URL: "https://gzt.example.cn" } });
    try {
      const cookie = await loginCookie(pub.url, "ye_qing");
      const s = connect(pub.url, { transports: ["websocket"], extraHeaders: { cookie, origin: "https://gzt.example.cn" }, reconnection: false, forceNew: true });
      sockets.push(s);
      await connected(s);
      expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
      s.disconnect();
      const evil = connect(pub.url, { transports: ["websocket"], extraHeaders: { cookie, origin: "https://sub.gzt.example.cn" }, reconnection: false, forceNew: true });
      sockets.push(evil);
      await expect(connected(evil)).rejects.toThrow();
    } finally {
      await pub.close();
    }
  });
});

describe("also seen: formula injection through exported spreadsheets", () => {
  const FORMULA = /^[=+\-@\t\r＝＋－＠]/;
  const MONTH = "2026-11";
  const exportsByRoute: Record<string, () => string> = {
    "key-tasks[.]xlsx.tsx": () => `/key-tasks.xlsx?month=${MONTH}`,
    "responsibility[.]xlsx.tsx": () => `/responsibility.xlsx?unit=${q<{ id: number }>("SELECT owner_unit_id AS id FROM tasks WHERE is_key = 1 LIMIT 1").id}&year=2026`,
    "reports.$year[.]xlsx.tsx": () => "/reports/2026.xlsx?format=zhejiang",
    "reports.summary[.]xlsx.tsx": () => "/reports/summary.xlsx",
    "reports.funding.$year[.]xlsx.tsx": () => "/reports/funding/2026.xlsx",
    "import[.]xlsx.tsx": () => "/import.xlsx?current=1",
  };

  it("every XLSX export is checked here", () => {
    const routes = fs.readdirSync(path.join(root, "app/routes")).filter((f) => /xlsx/.test(f));
    expect(routes.sort()).toEqual(Object.keys(exportsByRoute).sort());
  });

  it("cells beginning with = + - @, tab or CR are neutralised (OWASP) in every export", async () => {
    // Hostile text where users type it: task titles, unit and project names, indicators, results, filings.
    const prefixes = ["=", "+", "-", "@", "\t", "\r", "＝"];
    const c = srv.app.db.$client;
    const hostile = (table: string, column: string) =>
      prefixes.forEach((p, i) => c.prepare(`UPDATE ${table} SET ${column} = ? || ${column} WHERE id % ${prefixes.length} = ${i}`).run(p === "=" ? "=HYPERLINK(\"http://evil.example\",\"x\")&" : p));
    hostile("tasks", "title");
    hostile("member_units", "name");
    hostile("member_units", "short_name");
    hostile("projects", "name");
    hostile("indicators", "name");
    hostile("results", "title");
    hostile("key_task_reports", "problems");
    hostile("key_task_reports", "planned_target");
    c.prepare("UPDATE consortium SET name = '@SUM(1+1)' || name").run();

    const cookie = await loginCookie(srv.url, "mishu");
    for (const [route, url] of Object.entries(exportsByRoute)) {
      const res = await fetch(`${srv.url}${url()}`, { headers: { cookie } });
      expect(res.status, route).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      let neutralised = 0;
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const v = cell.value as unknown;
            const text = typeof v === "string" ? v : v && typeof v === "object" && "richText" in v ? (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("") : null;
            expect((v as { formula?: string } | null)?.formula, `${route} ${cell.address}`).toBeUndefined();
            if (text == null) return;
            expect(FORMULA.test(text), `${route} ${ws.name}!${cell.address}: ${JSON.stringify(text)}`).toBe(false);
            if (/^'[=+\-@\t\r＝＋－＠]/.test(text)) neutralised++;
          }),
        ),
      );
      // The hostile text did reach this export, and was written neutralised.
      expect(neutralised, route).toBeGreaterThan(0);
    }
  });
});
