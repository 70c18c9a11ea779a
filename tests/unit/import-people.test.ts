// The import's member units (成员单位) and users (用户) sheets on a real SQLite database: generated valid
// sheets round-trip (the file again, and the export in the template's format, are no change); a changed
// row updates by name / username; new users get a one-time password they must replace; each kind of bad
// row is refused at its row and column with the database unchanged; only the admin imports these sheets.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { verify } from "@node-rs/argon2";
import { seededDb, contextFor, actor } from "../helpers/db";
import { databaseDigest } from "../helpers/db-fingerprint";
import { workbookBytes, type SheetRow } from "../helpers/import-sheets";
import { planImport, type ImportPlan } from "../../app/models/import-plan.server";
import { commitImport, importableSheets, mayImport } from "../../app/models/import.server";
import { importWorkbook } from "../../app/exports/import-workbook.server";
import { projectOptions } from "../../app/models/projects.server";
import { parseRoles, parseSubKind, parseUnitKind } from "../../app/models/import-sheet";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";

const PEOPLE = ["units", "users"] as const;
const sessions = new WeakMap<DB, Map<string, Actor>>();
function who(db: DB, username: string): Actor {
  const byName = sessions.get(db) ?? sessions.set(db, new Map()).get(db)!;
  return byName.get(username) ?? byName.set(username, actor(db, username)).get(username)!;
}
async function freshDb() {
  const db = await seededDb();
  for (const u of ["admin", "mishu", "wang_jianguo", "jiang_hao", "li_ming"]) who(db, u);
  return db;
}
const plan = (db: DB, bytes: Uint8Array, username = "admin") => planImport(db, { actor: who(db, username), fileName: "成员.xlsx", bytes });
const changed = (p: ImportPlan) => p.counts.create + p.counts.update;
const q = <T>(db: DB, sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
// The demo seed writes its own audit trail: count this test's rows after a mark.
const lastAuditId = (db: DB): number => q<{ id: number }>(db, "SELECT coalesce(max(id), 0) AS id FROM audit_log").id;

const KINDS = ["牵头企业", "创新平台", "企业", "高校", "院所", "服务机构", "协会"] as const;
const SUBS: Record<string, string[]> = { 创新平台: ["省实验室", "技术创新中心", ""], 服务机构: ["概念验证", "检验检测", "转移转化", "金融", ""] };
const ROLE_NAMES = ["科研人员", "单位负责人", "项目负责人", "项目责任专家"];
const isoDay = fc.integer({ min: 0, max: 900 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));

/** 1–6 new units and 1–8 new users of them (or of the demo's units), with any mix of kinds and roles. */
const peopleArb = fc
  .record({
    units: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), sub: fc.nat(), joined: isoDay, district: fc.constantFrom("", "杭州市", "宁波市北仑区"), contact: fc.constantFrom("", "王工 13900000000") }), { minLength: 1, maxLength: 6 }),
    users: fc.array(fc.record({ unit: fc.nat(), roles: fc.subarray(ROLE_NAMES, { minLength: 1 }), email: fc.boolean(), phone: fc.boolean() }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ units, users }) => {
    const unitRows: SheetRow[] = units.map((u, i) => ({ name: `导入测试单位${i + 1}有限公司`, shortName: `导入${i + 1}`, kind: u.kind, subKind: SUBS[u.kind]?.[u.sub % SUBS[u.kind]!.length] ?? "", creditCode: "", district: u.district, contact: u.contact, joinedOn: u.joined }));
    const names = [...unitRows.map((u) => String(u.name)), "浙江大学"];
    const userRows: SheetRow[] = users.map((u, i) => ({ displayName: `测试用户${i + 1}`, username: `imp_user${i + 1}`, unit: names[u.unit % names.length]!, roles: u.roles.join("、"), email: u.email ? `imp${i + 1}@example.cn` : "", phone: u.phone ? `1380000${String(i).padStart(4, "0")}` : "" }));
    return { units: unitRows, users: userRows };
  });

describe("import of units and users: reading", () => {
  it("reads kinds, sub-kinds and roles as people write them", () => {
    expect(parseUnitKind("高校")).toBe("university");
    expect(parseUnitKind("牵头单位（创新平台）")).toBe("platform");
    expect(parseUnitKind("ＳＥＲＶＩＣＥ")).toBe("service");
    expect(parseSubKind("转移转化")).toBe("tech_transfer");
    expect(parseSubKind("检验检测")).toBe("testing");
    expect(parseRoles("科研人员、单位负责人")).toEqual({ roles: ["researcher", "unit_lead"], unknown: [] });
    expect(parseRoles("secretariat, 管理员")).toEqual({ roles: ["secretariat", "admin"], unknown: [] });
    expect(parseRoles("科研人员；老板")).toEqual({ roles: ["researcher"], unknown: ["老板"] });
  });
});

describe("import of units and users: round trips", () => {
  it("the admin's export of units and users imports as no change; his template creates its sample unit and user", async () => {
    const db = await freshDb();
    const p = await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", true, PEOPLE)));
    expect(p.issues).toEqual([]);
    expect(p.counts.unchanged).toBeGreaterThan(40);
    expect(changed(p)).toBe(0);
    const template = await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", false, PEOPLE)));
    expect(template.issues).toEqual([]);
    expect(template.rows.map((r) => [r.sheet, r.outcome])).toEqual([["units", "create"], ["users", "create"]]);
  });

  it("any valid generated sheet imports, then reads back (its own file and the export) as no change", async () => {
    await fc.assert(
      fc.asyncProperty(peopleArb, async (sheets) => {
        const db = await freshDb();
        const bytes = await workbookBytes(sheets);
        const first = await plan(db, bytes);
        expect(first.issues).toEqual([]);
        expect(first.counts.create).toBe(sheets.units.length + sheets.users.length);
        const mark = lastAuditId(db);
        const result = commitImport(contextFor(db), who(db, "admin"), first);
        expect(result.units.created).toBe(sheets.units.length);
        expect(result.users.passwords.map((x) => x.username)).toEqual(sheets.users.map((u) => u.username));
        expect(Number(q<{ n: number }>(db, "SELECT count(*) AS n FROM audit_log WHERE action IN ('unit.create', 'user.create') AND id > ?", mark).n)).toBe(first.counts.create);
        const after = databaseDigest(db);
        expect(changed(await plan(db, bytes))).toBe(0);
        const exported = await plan(db, new Uint8Array(await importWorkbook(db, "zh-CN", true, PEOPLE)));
        expect(exported.issues).toEqual([]);
        expect(changed(exported)).toBe(0);
        expect(databaseDigest(db)).toBe(after);
      }),
      { numRuns: 8 },
    );
  });

  it("a new user's one-time password is shown once, stored as a hash, and must be replaced at the first sign-in", async () => {
    const db = await freshDb();
    const p = await plan(db, await workbookBytes({ users: [{ displayName: "新来的", username: "xin_lai", unit: "智元人形", roles: "科研人员", email: "", phone: "" }] }));
    const { users } = commitImport(contextFor(db), who(db, "admin"), p);
    const password = users.passwords[0]!.password;
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    const row = q<{ hash: string; must: number; unit: string }>(db, "SELECT password_hash AS hash, must_change_password AS must, m.short_name AS unit FROM users u JOIN member_units m ON m.id = u.unit_id WHERE username = 'xin_lai'");
    expect(row).toMatchObject({ must: 1, unit: "智元人形" });
    expect(row.hash).not.toContain(password);
    expect(await verify(row.hash, password)).toBe(true);
    expect(JSON.stringify(db.$client.prepare("SELECT * FROM audit_log").all())).not.toContain(password);
  });

  it("a changed row updates the unit by its name and the user by his username, versioned and audited", async () => {
    const db = await freshDb();
    const sheets = fc.sample(peopleArb, { seed: 4, numRuns: 1 })[0]!;
    commitImport(contextFor(db), who(db, "admin"), await plan(db, await workbookBytes(sheets)));
    const units = sheets.units.map((u, i) => (i === 0 ? { ...u, district: "温州市", kind: "服务机构", subKind: "金融" } : u));
    const users = sheets.users.map((u, i) => (i === 0 ? { ...u, username: String(u.username).toUpperCase(), email: "changed@example.cn", roles: "单位负责人" } : u));
    const p = await plan(db, await workbookBytes({ units, users }));
    expect(p.issues).toEqual([]);
    expect(p.counts).toMatchObject({ create: 0, update: 2 });
    expect(p.rows.filter((r) => r.outcome === "update").map((r) => r.changes)).toEqual([expect.arrayContaining(["district", "kind", "subKind"]), expect.arrayContaining(["email", "roles"])]);
    const mark = lastAuditId(db);
    const result = commitImport(contextFor(db), who(db, "admin"), p);
    expect(result.users.passwords).toEqual([]); // an update never touches the password
    expect(q(db, "SELECT district, kind, sub_kind AS subKind, version FROM member_units WHERE name = ?", units[0]!.name)).toEqual({ district: "温州市", kind: "service", subKind: "finance", version: 2 });
    expect(q(db, "SELECT email, version, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles FROM users u WHERE username = ?", sheets.users[0]!.username)).toEqual({ email: "changed@example.cn", version: 2, roles: "unit_lead" });
    expect(Number(q<{ n: number }>(db, "SELECT count(*) AS n FROM audit_log WHERE action IN ('unit.update', 'user.update') AND id > ?", mark).n)).toBe(2);
  });

  it("units and users come first in one file: the same file's tasks name the new people as owners", async () => {
    const db = await freshDb();
    // One person holding both rights (an admin who also works in the secretariat).
    db.$client.prepare("INSERT INTO user_roles (user_id, role) SELECT id, 'secretariat' FROM users WHERE username = 'admin'").run();
    const project = projectOptions(db)[0]!;
    const unit = q<{ name: string }>(db, "SELECT name FROM member_units WHERE id = ?", project.unitIds[0]).name;
    const bytes = await workbookBytes({
      users: [{ displayName: "周新人", username: "zhou_xin", unit, roles: "科研人员", email: "", phone: "" }],
      tasks: [{ project: project.code, code: "NEW-1", title: "新人的任务", unit, owner: "周新人", startOn: "2027-01-04", dueOn: "2027-03-31", isKey: "否", predecessors: "", description: "" }],
    });
    const p = await planImport(db, { actor: actor(db, "admin"), fileName: "x.xlsx", bytes });
    expect(p.issues).toEqual([]);
    commitImport(contextFor(db), actor(db, "admin"), p);
    expect(q(db, "SELECT u.username FROM tasks t JOIN users u ON u.id = t.owner_user_id WHERE t.code = 'NEW-1'")).toEqual({ username: "zhou_xin" });
  });
});

describe("import of units and users: refusals, nothing written", () => {
  it("duplicate usernames, unknown units (closest offered), bad roles and kinds, each at its row and column", async () => {
    const db = await freshDb();
    const user: SheetRow = { displayName: "甲", username: "jia", unit: "浙江大学", roles: "科研人员", email: "", phone: "" };
    const unit: SheetRow = { name: "新单位有限公司", shortName: "新单位", kind: "企业", subKind: "", creditCode: "", district: "", contact: "", joinedOn: "2026-05-01" };
    const cases: [Partial<Record<"units" | "users", SheetRow[]>>, Partial<{ key: string; column: string; row: number; sheet: string }>][] = [
      [{ users: [user, { ...user, username: "JIA", displayName: "乙" }] }, { sheet: "users", key: "import.errors.duplicateUsername", column: "用户名", row: 3 }],
      [{ users: [{ ...user, unit: "浙江大" }] }, { key: "import.errors.unknownUnitSuggest", column: "所属单位", row: 2 }],
      [{ users: [{ ...user, roles: "科研人员、老板" }] }, { key: "import.errors.badRoles", column: "角色" }],
      [{ users: [{ ...user, roles: "" }] }, { key: "validation.required", column: "角色" }],
      [{ users: [{ ...user, username: "含 空格" }] }, { key: "validation.username", column: "用户名" }],
      [{ users: [{ ...user, email: "不是邮箱" }] }, { key: "validation.email", column: "电子邮箱" }],
      [{ units: [{ ...unit, kind: "公司" }] }, { sheet: "units", key: "import.errors.badKind", column: "单位类型" }],
      [{ units: [{ ...unit, kind: "服务机构", subKind: "咨询" }] }, { key: "import.errors.badSubKind", column: "细分类型" }],
      [{ units: [{ ...unit, kind: "企业", subKind: "检验检测" }] }, { key: "validation.invalidChoice", column: "细分类型" }],
      [{ units: [{ ...unit, creditCode: "123" }] }, { key: "validation.creditCode", column: "统一社会信用代码" }],
      [{ units: [{ ...unit, joinedOn: "去年" }] }, { key: "import.errors.badDate", column: "加入日期" }],
      [{ units: [unit, { ...unit, district: "宁波" }] }, { key: "import.errors.duplicateUnit", row: 3 }],
      [{ units: [{ ...unit, shortName: "", name: "一个名字非常非常长的科技发展有限责任公司杭州分公司" }] }, { key: "import.errors.shortNameNeeded", column: "简称" }],
      // The importer cannot take his own roles away (nor give himself others).
      [{ users: [{ displayName: "系统管理员", username: "admin", unit: "", roles: "科研人员", email: "", phone: "" }] }, { key: "errors.importOwnRoles", column: "角色" }],
    ];
    const before = databaseDigest(db);
    for (const [sheets, expected] of cases) {
      const p = await plan(db, await workbookBytes(sheets));
      expect(p.issues[0], JSON.stringify(expected)).toMatchObject(expected);
      expect(() => commitImport(contextFor(db), who(db, "admin"), p)).toThrow();
    }
    expect(databaseDigest(db)).toBe(before);
  });

  it("only the admin imports units and users; researchers and unit leads import nothing at all", async () => {
    const db = await freshDb();
    expect(importableSheets(who(db, "admin"))).toEqual(["units", "users"]);
    expect(importableSheets(who(db, "mishu"))).toEqual(["tasks", "indicators"]);
    expect(importableSheets(who(db, "li_ming"))).toEqual(["tasks", "indicators"]);
    expect(mayImport(who(db, "jiang_hao"))).toBe(false);
    expect(mayImport(who(db, "wang_jianguo"))).toBe(false);
    const before = databaseDigest(db);
    const people = await workbookBytes(fc.sample(peopleArb, { seed: 1, numRuns: 1 })[0]!);
    const bySecretariat = await plan(db, people, "mishu");
    expect(bySecretariat.issues.map((i) => [i.key, i.sheet])).toEqual([["import.errors.sheetForbidden", "units"], ["import.errors.sheetForbidden", "users"]]);
    expect(() => commitImport(contextFor(db), who(db, "mishu"), bySecretariat)).toThrow();
    const tasks = await importWorkbook(db, "zh-CN", false, ["tasks", "indicators"]);
    for (const u of ["wang_jianguo", "jiang_hao"]) {
      const p = await plan(db, new Uint8Array(tasks), u);
      expect(p.issues.map((i) => i.key)).toEqual(["import.errors.sheetForbidden", "import.errors.sheetForbidden"]);
    }
    // An admin's plan of units, committed by a secretariat member, is refused by the write itself.
    const byAdmin = await plan(db, people);
    expect(byAdmin.issues).toEqual([]);
    expect(() => commitImport(contextFor(db), who(db, "mishu"), byAdmin)).toThrow();
    expect(databaseDigest(db)).toBe(before);
  });
});
