// Outside bodies (/admin/bodies) over real HTTP on the seeded demo: the secretariat adds the expert pool
// and renames it at the version seen (audited, an event on the consortium board); a researcher, a taken
// name, a stale version and bad input are refused with nothing written. A person of the pool with the
// expert role is then named responsible expert of a project and may check it (no unit: no conflict).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { formPoster } from "../helpers/form-posts";
import { expertOptions } from "../../app/models/check-experts.server";

let srv: TestServer;
const { session, post } = formPoster(() => srv);
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const id = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).pluck().get(...args) as number;

beforeAll(async () => {
  srv = await startServer();
}, 60_000);
afterAll(() => srv?.close());

const page = async (who: string, url: string) => (await fetch(`${srv.url}${url}`, { headers: { cookie: (await session(who)).cookie } })).text();

describe("outside bodies", () => {
  it("the secretariat adds the expert pool: audited, on the consortium board, listed with a way to add its experts", async () => {
    const res = await post("mishu", "/admin/bodies", { intent: "body", name: "长三角具身智能专家库", kind: "expert_pool" });
    expect(res.status).toBe(200);
    const body = q<{ id: number; kind: string; version: number }>("SELECT id, kind, version FROM outside_bodies WHERE name = '长三角具身智能专家库'");
    expect(body).toMatchObject({ kind: "expert_pool", version: 1 });
    expect(q("SELECT action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1")).toEqual({ action: "outsidebody.create", entity_id: String(body.id) });
    expect(q("SELECT board_id, type FROM board_events ORDER BY rowid DESC LIMIT 1")).toEqual({ board_id: "consortium", type: "outsidebody.upserted" });
    const html = await page("mishu", "/admin/bodies");
    expect(html).toContain("长三角具身智能专家库");
    expect(html).toContain(`href="/admin/users/new?body=${body.id}"`);
    // The new-user form opened from there starts in that body, as an expert.
    const form = await page("admin", `/admin/users/new?body=${body.id}`);
    expect(form).toMatch(new RegExp(`<option value="${body.id}" selected=""`));
  });

  it("refuses a researcher, a taken name, an unknown kind and an empty name, writing nothing", async () => {
    expect((await post("jiang_hao", "/admin/bodies", { intent: "body", name: "越权机构", kind: "evaluator" }, { unchanged: true })).status).toBe(403);
    const taken = await post("mishu", "/admin/bodies", { intent: "body", name: "长三角具身智能专家库", kind: "evaluator" }, { unchanged: true });
    expect(taken.status).toBe(400);
    expect(taken.html).toContain("已有同名的外部机构");
    expect((await post("mishu", "/admin/bodies", { intent: "body", name: "某机构", kind: "council" }, { unchanged: true })).status).toBe(400);
    expect((await post("mishu", "/admin/bodies", { intent: "body", name: "  ", kind: "evaluator" }, { unchanged: true })).status).toBe(400);
  });

  it("renames at the version seen; a stale form and a researcher are refused", async () => {
    const body = q<{ id: number; version: number }>("SELECT id, version FROM outside_bodies WHERE name = '长三角具身智能专家库'");
    const renamed = await post("mishu", "/admin/bodies", { intent: "bodyUpdate", id: body.id, version: body.version, name: "浙江省具身智能专家库", kind: "expert_pool" });
    expect(renamed.status).toBe(200);
    expect(q("SELECT name, version FROM outside_bodies WHERE id = ?", body.id)).toEqual({ name: "浙江省具身智能专家库", version: body.version + 1 });
    expect(q("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").action).toBe("outsidebody.update");
    const stale = await post("mishu", "/admin/bodies", { intent: "bodyUpdate", id: body.id, version: body.version, name: "旧名称", kind: "expert_pool" }, { unchanged: true });
    expect(stale.status).toBe(409);
    expect((await post("jiang_hao", "/admin/bodies", { intent: "bodyUpdate", id: body.id, version: body.version + 1, name: "越权", kind: "expert_pool" }, { unchanged: true })).status).toBe(403);
  });

  it("an expert of the pool is named responsible expert of a project and may check it", async () => {
    const bodyId = id("SELECT id FROM outside_bodies WHERE name = '浙江省具身智能专家库'");
    const created = await post("admin", "/admin/users/new", { username: "qin_expert", displayName: "秦专家", outsideBodyId: bodyId, password: "expert-pass-1", roles: ["expert"] });
    expect(created.status).toBe(302);
    const expert = id("SELECT id FROM users WHERE username = 'qin_expert'");
    expect(await page("mishu", "/admin/bodies")).toContain("秦专家");

    const p = q<{ id: number; version: number; group_id: number; lead_unit_id: number; lead_user_id: number; code: string; name: string; budget: number; start_on: string; end_on: string }>(
      "SELECT * FROM projects WHERE code LIKE '%-RX-01'",
    );
    const units = srv.app.db.$client.prepare("SELECT unit_id FROM project_units WHERE project_id = ? AND unit_id != ?").pluck().all(p.id, p.lead_unit_id) as number[];
    const experts = srv.app.db.$client.prepare("SELECT user_id FROM project_experts WHERE project_id = ?").pluck().all(p.id) as number[];
    const edit = await post("mishu", `/admin/projects/${p.id}`, {
      intent: "project", version: p.version, groupId: p.group_id, code: p.code, name: p.name, leadUnitId: p.lead_unit_id, leadUserId: p.lead_user_id,
      budget: p.budget, startOn: p.start_on, endOn: p.end_on, description: "", unitIds: units, expertIds: [...experts, expert],
    });
    expect(edit.status).toBe(302);
    expect(srv.app.db.$client.prepare("SELECT user_id FROM project_experts WHERE project_id = ?").pluck().all(p.id)).toContain(expert);
    expect(expertOptions(srv.app.db, p.id).find((o) => o.id === expert)).toMatchObject({ unitId: null, refusal: null });
  });
});
