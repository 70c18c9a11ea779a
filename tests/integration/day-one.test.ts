// Day one of a real consortium, against the real server on an empty database (SEED_DEMO=0): the setup
// link works once and is dead afterwards, every page leads to it before; then every page answers
// without a server error on the nearly empty install, signed in as the admin and as a researcher.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn, type Session } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { routeUrls } from "../helpers/routes";

let srv: TestServer;
let token: string;

const get = (path: string, cookie = "") => fetch(`${srv.url}${path}`, { headers: { cookie }, redirect: "manual" });

const setupForm = (over: Record<string, string> = {}) => ({
  token,
  name: "浙江省具身智能创新联合体",
  shortName: "具身联合体",
  province: "zhejiang",
  field: "智能控制与先进技术",
  district: "杭州市余杭区",
  foundedOn: "2026-03-01",
  goalStartYear: "2026",
  goalYears: "3",
  timeZone: "Asia/Shanghai",
  displayName: "周管理",
  username: "zhou",
  password: "first-admin-1",
  confirmPassword: "first-admin-1",
  ...over,
});

/** The setup page posts without a session: the token is its authority. */
const postSetup = (fields: Record<string, string>) =>
  fetch(`${srv.url}/setup`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

beforeAll(async () => {
  srv = await startServer({ env: { SEED_DEMO: "0" } });
  token = /token=([\w-]+)/.exec(srv.app.setupPath ?? "")![1]!;
}, 60_000);
afterAll(() => srv?.close());

describe("first run", () => {
  it("prints a link while the install is empty, and every page leads to the setup page", async () => {
    expect(srv.app.setupPath).toMatch(/^\/setup\?token=[\w-]{20,}$/);
    for (const url of routeUrls().filter((u) => u !== "/setup")) {
      const res = await get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.get("location"), url).toBe("/setup");
    }
    const page = await (await get("/setup")).text();
    expect(page).toContain("npm run admin:create");
    expect(page).not.toContain('name="password"');
  });

  it("refuses a wrong token, a missing consortium name and mismatched passwords, writing nothing", async () => {
    const before = databaseDigest(srv.app.db);
    expect(await (await get("/setup?token=wrong")).text()).toContain("设置链接无效");
    const wrong = await postSetup(setupForm({ token: "wrong" }));
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain("设置链接无效");
    expect((await postSetup(setupForm({ name: "" }))).status).toBe(400);
    expect((await postSetup(setupForm({ confirmPassword: "other-pass-1" }))).status).toBe(400);
    expect(databaseDigest(srv.app.db)).toBe(before);
  });

  it("creates the consortium and the first admin once, signs him in, and the link is dead afterwards", async () => {
    expect(await (await get(`/setup?token=${token}`)).text()).toContain('name="password"');
    const res = await postSetup(setupForm());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/units?welcome=1");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect((await get("/admin", cookie)).status).toBe(200);
    const db = srv.app.db.$client;
    expect(db.prepare("SELECT name, founded_on, time_zone FROM consortium").get()).toEqual({ name: "浙江省具身智能创新联合体", founded_on: "2026-03-01", time_zone: "Asia/Shanghai" });
    expect(db.prepare("SELECT r.role FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = 'zhou'").pluck().all()).toEqual(["admin"]);
    expect(db.prepare("SELECT action FROM audit_log ORDER BY id").pluck().all()).toEqual(expect.arrayContaining(["user.create", "consortium.create"]));

    const after = databaseDigest(srv.app.db);
    // A second use of the link is refused (the page then sends the browser to sign in) and writes nothing.
    const again = await postSetup(setupForm({ username: "intruder" }));
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("已完成首次设置");
    expect(databaseDigest(srv.app.db)).toBe(after);
    const dead = await get(`/setup?token=${token}`);
    expect(dead.status).toBe(302);
    expect(dead.headers.get("location")).toBe("/login");
    // No demo here: the sign-in page does not name the demo password.
    expect(await (await get("/login")).text()).not.toContain("demo1234");
  });
});

describe("an empty install answers every page without a server error", () => {
  let admin: Session;
  let researcher: Session;

  beforeAll(async () => {
    admin = await signIn(srv.url, "zhou", { password: "first-admin-1" });
    const unit = await postForm(srv.url, admin, "/admin/units/new", { name: "浙江柔感科技有限公司", shortName: "柔感科技", kind: "enterprise", joinedOn: "2026-03-01" });
    expect(unit.status).toBe(302);
    const unitId = srv.app.db.$client.prepare("SELECT id FROM member_units").pluck().get() as number;
    const user = await postForm(srv.url, admin, "/admin/users/new", { username: "li_yan", displayName: "李妍", unitId, password: "researcher-1", roles: ["researcher"] });
    expect(user.status).toBe(302);
    researcher = await signIn(srv.url, "li_yan", { password: "researcher-1" });
  }, 60_000);

  // The printed files (.pdf, .png) are Chromium rendering a page the sweep GETs anyway (/battle-map,
  // /reports/2026/print): printed once, as the admin, instead of launching the print browser per role.
  const printed = /\.(pdf|png)$/;
  it.each(["admin", "researcher"])("as the %s", async (who) => {
    const { cookie } = who === "admin" ? admin : researcher;
    const failures: string[] = [];
    for (const url of routeUrls().filter((u) => who === "admin" || !printed.test(u))) {
      const res = await get(url, cookie);
      if (res.status >= 500) failures.push(`${url} ${res.status}`);
      await res.arrayBuffer();
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("leads from the empty board and home page to creating a project", async () => {
    const board = await (await get("/board", admin.cookie)).text();
    expect(board).toContain("还没有项目");
    expect(board).toContain('href="/admin/projects/new"');
    const asResearcher = await (await get("/board", researcher.cookie)).text();
    expect(asResearcher).toContain("请联系秘书处建立项目");
    expect(asResearcher).not.toContain('href="/admin/projects/new"');
    expect(await (await get("/", admin.cookie)).text()).toContain("开始使用工作台");
  });
});
