// Day one of a real consortium, against the real server on an empty database (SEED_DEMO=0): the setup
// link works once and is dead afterwards, every page leads to it before; then every page answers
// without a server error on the nearly empty install, signed in as the admin and as a researcher.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn, type Session } from "../helpers/forms";
import { databaseDigest } from "../helpers/db-fingerprint";
import { routeUrls } from "../helpers/routes";
import { postSetup as postSetupForm, setupForm as setupFields, setupToken } from "../helpers/first-run";

let srv: TestServer;
let token: string;

const get = (path: string, cookie = "") => fetch(`${srv.url}${path}`, { headers: { cookie }, redirect: "manual" });

const setupForm = (over: Record<string, string> = {}) => setupFields(token, over);
const postSetup = (fields: Record<string, string>) => postSetupForm(srv, fields);

beforeAll(async () => {
  srv = await startServer({ env: { SEED_DEMO: "0" } });
  token = setupToken(srv);
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

describe("a half-built install answers every page without a server error", () => {
  const sessions: Record<string, Session> = {};
  const roles = ["admin", "secretariat", "project_lead", "researcher"] as const;

  /**
   * Every page for every role (the roles side by side): no 500 (a refusal or a redirect is fine, a crash is
   * not). The downloads (PDF prints in Chromium, workbooks in workers: seconds each) for the admin and the
   * researcher only, who between them meet every refusal and every empty file.
   */
  const isDownload = (url: string) => /\.(pdf|png|docx|xlsx)$/.test(url);
  // The printed files are Chromium rendering a page every role's sweep GETs anyway (/battle-map,
  // /reports/2026/print): printed by the admin only, instead of launching the print browser per role.
  const isPrint = (url: string) => /\.(pdf|png)$/.test(url);
  async function sweep() {
    const failures: string[] = [];
    await Promise.all(
      roles.map(async (who) => {
        for (const url of routeUrls().filter((u) => who === "admin" || (who === "researcher" ? !isPrint(u) : !isDownload(u)))) {
          const res = await get(url, sessions[who]!.cookie);
          if (res.status >= 500) failures.push(`${who} ${url} ${res.status}`);
          await res.arrayBuffer();
        }
      }),
    );
    return failures.sort();
  }

  beforeAll(async () => {
    const admin = (sessions.admin = await signIn(srv.url, "zhou", { password: "first-admin-1" }));
    const unit = await postForm(srv.url, admin, "/admin/units/new", { name: "浙江柔感科技有限公司", shortName: "柔感科技", kind: "enterprise", joinedOn: "2026-03-01" });
    expect(unit.status).toBe(302);
    const unitId = srv.app.db.$client.prepare("SELECT id FROM member_units").pluck().get() as number;
    for (const [username, displayName, role] of [
      ["chen", "陈秘书", "secretariat"],
      ["wu_lead", "吴负责", "project_lead"],
      ["li_yan", "李妍", "researcher"],
    ] as const) {
      const user = await postForm(srv.url, admin, "/admin/users/new", { username, displayName, unitId, password: `${username}-pass-1`, roles: [role] });
      expect(user.status, username).toBe(302);
      sessions[role] = await signIn(srv.url, username, { password: `${username}-pass-1` });
    }
  }, 60_000);

  it("with a consortium, a unit and its people, and nothing else", async () => {
    expect(await sweep()).toEqual([]);
  }, 600_000);

  it("leads from the empty board and home page to creating a project", async () => {
    const board = await (await get("/board", sessions.admin!.cookie)).text();
    expect(board).toContain("还没有项目");
    expect(board).toContain('href="/admin/projects/new"');
    const asResearcher = await (await get("/board", sessions.researcher!.cookie)).text();
    expect(asResearcher).toContain("请联系秘书处建立项目");
    expect(asResearcher).not.toContain('href="/admin/projects/new"');
    expect(await (await get("/", sessions.admin!.cookie)).text()).toContain("开始使用工作台");
  });

  it("with one project and no tasks, milestones or anything else; its pages say what comes next", async () => {
    const admin = sessions.admin!;
    expect((await postForm(srv.url, admin, "/admin/projects", { intent: "group", code: "JS", name: "具身智能整机", description: "" })).status).toBe(200);
    const db = srv.app.db.$client;
    const project = await postForm(srv.url, admin, "/admin/projects/new", {
      intent: "project",
      groupId: db.prepare("SELECT id FROM project_groups").pluck().get() as number,
      code: "2026ZDZX-JS-01",
      name: "具身智能整机研制",
      leadUnitId: db.prepare("SELECT id FROM member_units").pluck().get() as number,
      leadUserId: db.prepare("SELECT id FROM users WHERE username = 'wu_lead'").pluck().get() as number,
      budget: "100",
      startOn: "2026-03-01",
      endOn: "2028-12-31",
      description: "",
    });
    expect(project.status).toBe(302);
    expect(db.prepare("SELECT id FROM projects").pluck().get()).toBe(1); // the sweep's sample id
    expect(await sweep()).toEqual([]);
    // The project's milestone page: its lead is asked to add the first node, a researcher to wait for one.
    expect(await (await get("/projects/1/milestones", sessions.project_lead!.cookie)).text()).toContain("在下方添加第一个节点");
    expect(await (await get("/projects/1/milestones", sessions.researcher!.cookie)).text()).toContain("本项目尚未设置节点");
  }, 600_000);
});
