// Consortium administration over real HTTP against a real migrated SQLite file: each admin form
// refuses roles that lack the permission, bad input, stale versions and missing CSRF tokens, and in
// every refusal nothing is written (rows and audit log compared before and after).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn as signInAs, type Session } from "../helpers/forms";

let srv: TestServer;
const sessions: Record<string, Session> = {};
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];

/** Everything an admin form could write. */
const state = () => ({
  consortium: qa("SELECT * FROM consortium"),
  settings: qa("SELECT key, value FROM settings ORDER BY key"),
  units: qa("SELECT * FROM member_units ORDER BY id"),
  users: qa("SELECT * FROM users ORDER BY id"),
  roles: qa("SELECT * FROM user_roles ORDER BY user_id, role"),
  audit: q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n,
});
const auditCount = () => q<{ n: number }>("SELECT count(*) AS n FROM audit_log").n;

const signIn = (username: string) => signInAs(srv.url, username);

type Fields = Record<string, string | string[]>;
async function post(who: string, path: string, fields: Fields, { csrf = true } = {}) {
  const { html, ...rest } = await postForm(srv.url, sessions[who]!, path, fields, { csrf });
  return { ...rest, text: html };
}

// Valid submissions of each form, built from the current rows so that only the tested part is wrong.
const profileForm = (): Fields => {
  const c = q<any>("SELECT * FROM consortium LIMIT 1");
  return {
    intent: "profile",
    version: String(c.version),
    name: c.name,
    shortName: c.short_name,
    field: c.field,
    district: c.district,
    province: c.province,
    foundedOn: c.founded_on,
    goalStartYear: String(c.goal_start_year),
    goalYears: String(c.goal_years),
    applicationType: c.application_type,
    overallGoal: c.overall_goal,
  };
};
const settingsForm = (over: Fields = {}): Fields => ({
  intent: "settings",
  minUnits: "5",
  minSmes: "5",
  requireAcademic: [],
  leadProjectCap: "5",
  leadOutsideCap: "2",
  ragYellowLag: "10",
  ragRedLag: "30",
  ragYellowDays: "7",
  ragRedDays: "15",
  filingDay: "25",
  closeoutRoundMonths: "1",
  reportDueMonth: "1",
  ...over,
});
const newUnitForm = (over: Fields = {}): Fields => ({
  name: "杭州云栖具身智能软件有限公司",
  shortName: "云栖软件",
  kind: "enterprise",
  isSme: "on",
  district: "杭州市西湖区",
  externalProjects: "0",
  joinedOn: "2026-11-20",
  ...over,
});
const unitId = () => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '精传减速'").id;
const editUnitForm = (over: Fields = {}): Fields => {
  const u = q<any>("SELECT * FROM member_units WHERE id = ?", unitId());
  return {
    version: String(u.version),
    name: u.name,
    shortName: u.short_name,
    kind: u.kind,
    ...(u.is_sme ? { isSme: "on" } : {}),
    district: u.district,
    creditCode: u.credit_code,
    contact: u.contact,
    externalProjects: String(u.external_projects),
    joinedOn: u.joined_on,
    ...over,
  };
};
const newUserForm = (over: Fields = {}): Fields => ({
  username: "new_user",
  displayName: "新用户",
  unitId: String(unitId()),
  roles: ["researcher"],
  password: "initial-2026",
  ...over,
});
const userId = () => q<{ id: number }>("SELECT id FROM users WHERE username = 'lin_feng'").id;
const editUserForm = (over: Fields = {}): Fields => {
  const u = q<any>("SELECT * FROM users WHERE id = ?", userId());
  return {
    version: String(u.version),
    displayName: u.display_name,
    unitId: String(u.unit_id),
    title: u.title,
    email: u.email,
    phone: u.phone,
    roles: ["researcher"],
    active: "on",
    ...over,
  };
};

const ACTIONS = {
  profile: () => ["/admin?index", profileForm()] as const,
  settings: () => ["/admin?index", settingsForm({ minUnits: "17" })] as const,
  "unit create": () => ["/admin/units/new", newUnitForm()] as const,
  "unit update": () => [`/admin/units/${unitId()}`, editUnitForm({ district: "宁波市镇海区" })] as const,
  "user create": () => ["/admin/users/new", newUserForm()] as const,
  "user update": () => [`/admin/users/${userId()}`, editUserForm({ title: "主任工程师" })] as const,
};

beforeAll(async () => {
  srv = await startServer();
  // Sign everyone in first: a login writes to the audit log.
  for (const u of ["admin", "mishu", "jiang_hao", "zongtibu", "wang_jianguo"]) sessions[u] = await signIn(u);
});
afterAll(async () => {
  await srv.close();
});

describe("admin pages are for the secretariat and the admin only", () => {
  it("a researcher and an observer get 403 on every admin page, the secretariat 200", async () => {
    for (const path of ["/admin", "/admin/units", "/admin/units/new", `/admin/units/1`, "/admin/users", "/admin/users/new", "/admin/users/1"]) {
      for (const who of ["jiang_hao", "zongtibu"]) {
        const res = await fetch(`${srv.url}${path}`, { headers: { cookie: sessions[who]!.cookie } });
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(await res.text()).toContain("您没有权限执行此操作");
      }
      const ok = await fetch(`${srv.url}${path}`, { headers: { cookie: sessions.mishu!.cookie } });
      expect(ok.status, `mishu ${path}`).toBe(200);
    }
  });

  it("the page data of a child route is not served to a refused user either (single fetch)", async () => {
    const res = await fetch(`${srv.url}/admin/users.data`, { headers: { cookie: sessions.jiang_hao!.cookie } });
    const text = await res.text();
    expect(text).not.toContain("wang_jianguo");
    expect(text).not.toContain("lin_feng");
    const allowed = await (await fetch(`${srv.url}/admin/users.data`, { headers: { cookie: sessions.mishu!.cookie } })).text();
    expect(allowed).toContain("wang_jianguo");
  });
});

describe("each admin action is refused for a role that lacks it, and nothing is written", () => {
  const cases: [string, keyof typeof ACTIONS][] = [
    ...Object.keys(ACTIONS).flatMap((a) => [
      ["jiang_hao", a] as [string, keyof typeof ACTIONS],
      ["zongtibu", a] as [string, keyof typeof ACTIONS],
      ["wang_jianguo", a] as [string, keyof typeof ACTIONS],
    ]),
    ["mishu", "settings"],
  ];
  it.each(cases)("%s: %s → 403", async (who, action) => {
    const [path, fields] = ACTIONS[action]();
    const before = state();
    const res = await post(who, path, fields);
    expect(res.status).toBe(403);
    expect(res.text).toContain("您没有权限执行此操作");
    expect(state()).toEqual(before);
  });

  it("the secretariat cannot hand out the admin role, to a new or an existing user", async () => {
    const before = state();
    const created = await post("mishu", "/admin/users/new", newUserForm({ username: "sneaky", roles: ["admin"] }));
    expect(created.status).toBe(403);
    const updated = await post("mishu", `/admin/users/${userId()}`, editUserForm({ roles: ["researcher", "admin"] }));
    expect(updated.status).toBe(403);
    expect(updated.text).toContain("只有系统管理员可以授予或收回联合体范围的角色");
    expect(state()).toEqual(before);
  });

  // Finding (hardening round 2): the secretariat could grant itself chief_scientist (change approval, TRL confirmation).
  it("only the admin grants, takes back or deactivates consortium-wide roles; the secretariat cannot grant itself chief_scientist", async () => {
    const me = q<any>("SELECT * FROM users WHERE username = 'mishu'");
    const selfForm = (roles: string[], over: Fields = {}): Fields => ({
      version: String(q<any>("SELECT version FROM users WHERE id = ?", me.id).version),
      displayName: me.display_name,
      unitId: String(me.unit_id),
      title: me.title,
      email: me.email,
      phone: me.phone,
      roles,
      active: "on",
      ...over,
    });
    const before = state();
    for (const roles of [["secretariat", "chief_scientist"], ["secretariat", "council"], ["secretariat", "observer"], []]) {
      const res = await post("mishu", `/admin/users/${me.id}`, selfForm(roles));
      expect(res.status, roles.join()).toBe(403);
      expect(res.text).toContain("只有系统管理员可以授予或收回联合体范围的角色");
    }
    // Nor to someone else, nor take the chief scientist's role away or deactivate him.
    const chief = q<any>("SELECT * FROM users WHERE username = 'shouxi'");
    const chiefForm = (over: Fields): Fields => ({ version: String(chief.version), displayName: chief.display_name, unitId: String(chief.unit_id), title: chief.title, email: chief.email, phone: chief.phone, roles: ["chief_scientist"], active: "on", ...over });
    expect((await post("mishu", `/admin/users/${userId()}`, editUserForm({ roles: ["researcher", "chief_scientist"] }))).status).toBe(403);
    expect((await post("mishu", "/admin/users/new", newUserForm({ username: "new_chief", roles: ["chief_scientist"] }))).status).toBe(403);
    expect((await post("mishu", `/admin/users/${chief.id}`, chiefForm({ roles: ["researcher"] }))).status).toBe(403);
    expect((await post("mishu", `/admin/users/${chief.id}`, chiefForm({ active: [] }))).status).toBe(403);
    expect(state()).toEqual(before);
    expect(qa("SELECT role FROM user_roles WHERE user_id = ?", me.id)).toEqual([{ role: "secretariat" }]);

    // Member roles stay the secretariat's to manage; the admin grants the consortium-wide ones.
    const member = await post("mishu", `/admin/users/${userId()}`, editUserForm({ roles: ["researcher", "unit_lead"] }));
    expect(member.status).toBe(302);
    const granted = await post("admin", `/admin/users/${userId()}`, editUserForm({ roles: ["researcher", "unit_lead", "chief_scientist"] }));
    expect(granted.status).toBe(302);
    expect(qa("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", userId()).map((r: any) => r.role)).toEqual(["chief_scientist", "researcher", "unit_lead"]);
    // Back as it was for the tests below.
    expect((await post("admin", `/admin/users/${userId()}`, editUserForm({ roles: ["researcher"] }))).status).toBe(302);
  });
});

describe("the same actions succeed for a role that has them (the refusals above are not the harness failing)", () => {
  it("secretariat: profile, unit create/update, user create/update; admin: settings — each writes one audit row", async () => {
    for (const action of ["profile", "unit create", "unit update", "user create", "user update"] as const) {
      const [path, fields] = ACTIONS[action]();
      const audit = auditCount();
      const res = await post("mishu", path, fields);
      expect(res.status, action).toBe(302);
      expect(auditCount(), action).toBe(audit + 1);
    }
    expect(q("SELECT district FROM member_units WHERE id = ?", unitId())).toEqual({ district: "宁波市镇海区" });
    expect(q("SELECT kind, is_sme AS isSme FROM member_units WHERE short_name = '云栖软件'")).toEqual({ kind: "enterprise", isSme: 1 });
    expect(q("SELECT title FROM users WHERE id = ?", userId())).toEqual({ title: "主任工程师" });
    const created = q<{ id: number }>("SELECT id FROM users WHERE username = 'new_user'");
    expect(qa("SELECT role FROM user_roles WHERE user_id = ?", created.id)).toEqual([{ role: "researcher" }]);

    const res = await post("admin", ...ACTIONS.settings());
    expect(res.status).toBe(302);
    expect(res.location).toBe("/admin?saved=settings");
    expect(q("SELECT value FROM settings WHERE key = 'minUnits'")).toEqual({ value: "17" });
    // An unticked checkbox is false, a ticked one true.
    expect(q("SELECT value FROM settings WHERE key = 'requireAcademic'")).toEqual({ value: "false" });
    await post("admin", "/admin?index", settingsForm({ requireAcademic: "on" }));
    expect(q("SELECT value FROM settings WHERE key = 'requireAcademic'")).toEqual({ value: "true" });
    expect(q("SELECT value FROM settings WHERE key = 'minUnits'")).toEqual({ value: "5" });
  });

  it("the warning count on the admin pages follows the settings and the units", async () => {
    await post("admin", "/admin?index", settingsForm({ minUnits: "99" }));
    const units = q<{ n: number }>("SELECT count(*) AS n FROM member_units WHERE left_on IS NULL").n;
    const page = await (await fetch(`${srv.url}/admin/units`, { headers: { cookie: sessions.mishu!.cookie } })).text();
    expect(page).toContain(`成员单位仅 ${units} 家，少于 99 家的要求`);
    await post("admin", "/admin?index", settingsForm());
    const after = await (await fetch(`${srv.url}/admin/units`, { headers: { cookie: sessions.mishu!.cookie } })).text();
    expect(after).not.toContain("少于 99 家");
  });
});

describe("bad input: 400 with a Chinese message, nothing written", () => {
  const long = (n: number) => "长".repeat(n);
  const cases: [string, string, () => readonly [string, Fields], string][] = [
    // profile
    ["mishu", "profile: name missing", () => ["/admin?index", { ...profileForm(), name: "" }], "此项必填"],
    ["mishu", "profile: name too long", () => ["/admin?index", { ...profileForm(), name: long(101) }], "不能超过 100 个字符"],
    ["mishu", "profile: goal years not a number", () => ["/admin?index", { ...profileForm(), goalYears: "三年" }], "请输入有效数字"],
    ["mishu", "profile: unknown strategic field", () => ["/admin?index", { ...profileForm(), field: "炼金术" }], "请选择有效的选项"],
    ["mishu", "profile: bad founding date", () => ["/admin?index", { ...profileForm(), foundedOn: "2025-02-30x" }], "请输入有效日期"],
    // A tampered hidden version has no field to show its message on: the form says what is wrong.
    ["mishu", "profile: version missing", () => ["/admin?index", { ...profileForm(), version: "" }], "提交的内容不正确，请检查后重试"],
    // settings
    ["admin", "settings: number missing", () => ["/admin?index", settingsForm({ minUnits: "" })], "此项必填"],
    ["admin", "settings: not a number", () => ["/admin?index", settingsForm({ minSmes: "五" })], "请输入有效数字"],
    ["admin", "settings: out of range", () => ["/admin?index", settingsForm({ filingDay: "31" })], "不能大于 28"],
    ["admin", "settings: negative", () => ["/admin?index", settingsForm({ leadProjectCap: "-1" })], "不能小于 0"],
    // unit create
    ["mishu", "unit create: name missing", () => ["/admin/units/new", newUnitForm({ name: "  " })], "此项必填"],
    ["mishu", "unit create: short name too long", () => ["/admin/units/new", newUnitForm({ shortName: long(21) })], "不能超过 20 个字符"],
    ["mishu", "unit create: kind unknown", () => ["/admin/units/new", newUnitForm({ kind: "guild" })], "请选择有效的选项"],
    ["mishu", "unit create: projects not a number", () => ["/admin/units/new", newUnitForm({ externalProjects: "many" })], "请输入有效数字"],
    ["mishu", "unit create: bad joined date", () => ["/admin/units/new", newUnitForm({ joinedOn: "2026-13-45" })], "请输入有效日期"],
    ["mishu", "unit create: bad credit code", () => ["/admin/units/new", newUnitForm({ creditCode: "12345" })], "统一社会信用代码应为 18 位"],
    ["mishu", "unit create: sub-kind of another kind", () => ["/admin/units/new", newUnitForm({ kind: "platform", subKind: "finance" })], "请选择有效的选项"],
    ["mishu", "unit create: name taken", () => ["/admin/units/new", newUnitForm({ name: "浙江大学" })], "已有同名成员单位"],
    // unit update
    ["mishu", "unit update: name too long", () => [`/admin/units/${unitId()}`, editUnitForm({ name: long(101) })], "不能超过 100 个字符"],
    ["mishu", "unit update: version not a number", () => [`/admin/units/${unitId()}`, editUnitForm({ version: "v2" })], "提交的内容不正确，请检查后重试"],
    ["mishu", "unit update: left date invalid", () => [`/admin/units/${unitId()}`, editUnitForm({ leftOn: "昨天" })], "请输入有效日期"],
    // user create
    ["mishu", "user create: username too short", () => ["/admin/users/new", newUserForm({ username: "ab" })], "至少需要 3 个字符"],
    ["mishu", "user create: username characters", () => ["/admin/users/new", newUserForm({ username: "张三丰" })], "用户名只能包含字母"],
    ["mishu", "user create: password too short", () => ["/admin/users/new", newUserForm({ password: "1234" })], "密码至少 8 位"],
    ["mishu", "user create: display name too long", () => ["/admin/users/new", newUserForm({ displayName: long(41) })], "不能超过 40 个字符"],
    ["mishu", "user create: unknown role", () => ["/admin/users/new", newUserForm({ roles: ["wizard"] })], "请选择有效的选项"],
    ["mishu", "user create: unit not a number", () => ["/admin/users/new", newUserForm({ unitId: "精传" })], "请输入有效数字"],
    ["mishu", "user create: bad e-mail", () => ["/admin/users/new", newUserForm({ email: "not-an-address" })], "请输入有效的电子邮箱"],
    ["mishu", "user create: username taken", () => ["/admin/users/new", newUserForm({ username: "JIANG_HAO" })], "用户名已被占用"],
    // user update
    ["mishu", "user update: name missing", () => [`/admin/users/${userId()}`, editUserForm({ displayName: "" })], "此项必填"],
    ["mishu", "user update: phone too long", () => [`/admin/users/${userId()}`, editUserForm({ phone: "1".repeat(31) })], "不能超过 30 个字符"],
    ["mishu", "user update: outside body not a number", () => [`/admin/users/${userId()}`, editUserForm({ outsideBodyId: "专家库" })], "请输入有效数字"],
  ];
  it.each(cases)("%s → %s", async (who, _name, build, message) => {
    const [path, fields] = build();
    const before = state();
    const res = await post(who, path, fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(state()).toEqual(before);
  });

  it("an admin cannot deactivate himself", async () => {
    const me = q<any>("SELECT * FROM users WHERE username = 'admin'");
    const before = state();
    const res = await post("admin", `/admin/users/${me.id}`, { version: String(me.version), displayName: me.display_name, roles: ["admin"] });
    expect(res.status).toBe(400);
    expect(res.text).toContain("不能停用自己的账户");
    expect(state()).toEqual(before);
  });
});

describe("a stale version gets the conflict message and writes nothing", () => {
  const conflict = "该记录已被他人修改，请查看最新内容后再保存";
  it.each([
    ["profile", () => ["/admin?index", profileForm()] as const],
    ["unit update", () => [`/admin/units/${unitId()}`, editUnitForm()] as const],
    ["user update", () => [`/admin/users/${userId()}`, editUserForm()] as const],
  ])("%s", async (_name, build) => {
    const [path, fields] = build();
    const stale = { ...fields, version: String(Number(fields.version) - 1) };
    const before = state();
    const res = await post("mishu", path, stale);
    expect(res.status).toBe(409);
    expect(res.text).toContain(conflict);
    expect(state()).toEqual(before);
  });
});

describe("CSRF", () => {
  it.each(Object.keys(ACTIONS) as (keyof typeof ACTIONS)[])("%s without _csrf or with a foreign token is refused", async (action) => {
    const [path, fields] = ACTIONS[action]();
    const who = action === "settings" ? "admin" : "mishu";
    const before = state();
    const missing = await post(who, path, fields, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain("页面已过期，请刷新后重试");
    const foreign = await post(who, path, { ...fields, _csrf: sessions.jiang_hao!.csrf }, { csrf: false });
    expect(foreign.status).toBe(403);
    expect(state()).toEqual(before);
  });
});
