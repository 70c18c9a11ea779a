// Key technologies, V-model items and TRL claims end to end: a real server on its own SQLite file, forms
// posted over HTTP with the session's CSRF token (claims as multipart with a real PDF as evidence), and a
// second user's socket on the project board receiving the change live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { postForm, sessionCache } from "../helpers/forms";
import { PDF } from "../helpers/evidence-fixtures";
import { contextFor } from "../helpers/db";
import { actorForSession, createSession } from "../../app/models/auth.server";
import { decideTrlClaim } from "../../app/models/trl.server";
import { DomainError } from "../../app/models/errors";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const run = (sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).run(...args);
const count = (sql: string, ...args: unknown[]) => q<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...args).n;
const techId = (name: string) => q<{ id: number }>("SELECT id FROM key_technologies WHERE name = ?", name).id;
const projectOf = (code: string) => q<{ id: number }>("SELECT id FROM projects WHERE code LIKE ?", `%-${code}`).id;
const userId = (username: string) => q<{ id: number }>("SELECT id FROM users WHERE username = ?", username).id;
const claimRow = (id: number) => q<any>("SELECT * FROM trl_claims WHERE id = ?", id);
const lastClaim = (tech: number) => q<any>("SELECT * FROM trl_claims WHERE technology_id = ? ORDER BY id DESC LIMIT 1", tech);
const activeIteration = (tech: number) => q<{ id: number }>("SELECT id FROM vmodel_iterations WHERE technology_id = ? AND status = 'active'", tech).id;

const as = sessionCache(() => srv.url, "/technologies");
const post = async (username: string, path: string, fields: Record<string, string | number>, files: { name: string; bytes: Uint8Array }[] = []) =>
  postForm(srv.url, await as(username), path, fields, { files });
const claim = (username: string, tech: number, fields: { iterationId: number; trl: number; reason?: string }, withFile = true) =>
  post(username, `/technologies/${tech}`, { intent: "claim", technologyId: tech, reason: "", ...fields }, withFile ? [{ name: "型式试验报告.pdf", bytes: PDF }] : []);
const decide = (username: string, claimId: number, decision: "confirmed" | "rejected", comment = "", version?: number) =>
  post(username, `/technologies/${claimRow(claimId).technology_id}`, { intent: "decide", claimId, decision, comment, version: version ?? claimRow(claimId).version });

/** Everything a refused write must leave untouched. */
const footprint = () => ({
  claims: count("trl_claims"),
  audit: count("audit_log"),
  evidence: count("evidence_files"),
  events: count("board_events"),
  claimVersions: srv.app.db.$client.prepare("SELECT id, status, version FROM trl_claims ORDER BY id").all(),
  items: srv.app.db.$client.prepare("SELECT id, state, version FROM vmodel_items ORDER BY id").all(),
});

async function watcher(username: string, boardId: string): Promise<Socket> {
  const s = socketFor(srv.url, (await as(username)).cookie);
  sockets.push(s);
  await connected(s);
  expect((await ask(s, Msg.boardJoin, { boardId })).ok).toBe(true);
  return s;
}

let joint: number, reducer: number, hand: number;
beforeAll(async () => {
  srv = await startServer();
  joint = techId("高功率密度一体化关节模组");
  reducer = techId("高精度谐波减速器");
  hand = techId("多指灵巧手触觉感知");
  // Sign everyone in first: a login is audited too, and the tests count audit rows.
  for (const u of ["jiang_hao", "zhou_guoqiang", "deng_yu", "zhuanjia", "zhuanjia2", "li_ming", "mishu", "fang_lin", "shouxi", "ma_ruiqi", "lishi"]) await as(u);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("the seeded V-model", () => {
  it("has technologies with iterations, items on both legs linked to tasks, and a TRL history", () => {
    expect(count("key_technologies")).toBeGreaterThanOrEqual(4);
    expect(count("vmodel_iterations WHERE technology_id = ?", joint)).toBe(3);
    expect(count("vmodel_items WHERE leg = 'right' AND verifies_item_id IS NOT NULL")).toBeGreaterThan(20);
    expect(count("vmodel_item_tasks")).toBeGreaterThan(40);
    expect(count("trl_claims WHERE status = 'claimed'")).toBe(1);
    expect(count("trl_claims WHERE status = 'rejected'")).toBe(1);
    // every link joins items of the same iteration and level
    expect(count("vmodel_items r JOIN vmodel_items l ON l.id = r.verifies_item_id WHERE l.iteration_id != r.iteration_id OR l.level != r.level OR l.leg != 'left'")).toBe(0);
  });

  it("renders the technology page with the V, the ladder and the claims", async () => {
    const html = await (await fetch(`${srv.url}/technologies/${joint}`, { headers: { cookie: (await as("zhuanjia")).cookie } })).text();
    expect(html).toContain('data-testid="vmodel-svg"');
    expect(html).toContain('data-testid="trl-ladder"');
    expect(html).toContain("高功率密度一体化关节模组");
    expect(html).toContain("伺服驱动电流环带宽测试");
  });
});

describe("TRL claims", () => {
  it("a researcher of another unit cannot claim for a technology not his unit's; nothing is written", async () => {
    const before = footprint();
    const res = await claim("jiang_hao", hand, { iterationId: activeIteration(hand), trl: 5 });
    expect(res.status).toBe(403);
    expect(res.html).toContain("您没有权限执行此操作");
    // the unit lead of another unit neither
    expect((await claim("zhou_guoqiang", hand, { iterationId: activeIteration(hand), trl: 5 })).status).toBe(403);
    expect(footprint()).toEqual(before);
  });

  it("the owner unit's researcher claims with evidence; a second socket client sees it live", async () => {
    const board = `project:${projectOf("RX-02")}`;
    const expertSocket = await watcher("zhuanjia", board);
    const live = nextEvents(expertSocket, board, 1);
    const audits = count("audit_log");
    const res = await claim("deng_yu", hand, { iterationId: activeIteration(hand), trl: 5 });
    expect(res.status).toBe(200);
    const row = lastClaim(hand);
    expect(row).toMatchObject({ trl: 5, status: "claimed", unit_id: q<any>("SELECT unit_id FROM users WHERE username = 'deng_yu'").unit_id, version: 1 });
    expect(q<any>("SELECT name, mime, project_id FROM evidence_files WHERE subject_type = 'trl_claim' AND subject_id = ?", row.id)).toEqual({
      name: "型式试验报告.pdf",
      mime: "application/pdf",
      project_id: projectOf("RX-02"),
    });
    // claim + evidence upload audited in the same write
    expect(count("audit_log") - audits).toBe(2);
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'trl_claim' ORDER BY id DESC LIMIT 1").action).toBe("trl_claim.claim");
    const [ev] = await live;
    expect(ev.type).toBe("trl.upserted");
    expect(ev.payload.entity).toBe("technology");
    expect(ev.payload.row.claims.at(-1)).toMatchObject({ id: row.id, trl: 5, status: "claimed", evidence: [{ name: "型式试验报告.pdf" }] });
  });

  it("refuses a second claim while one is pending, a level not above the confirmed one, and a jump without reason", async () => {
    const before = footprint();
    const again = await claim("deng_yu", hand, { iterationId: activeIteration(hand), trl: 6, reason: "继续申报" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("已有待确认的申报");
    // 精传减速's reducer: confirmed TRL 5, this iteration targets TRL 6
    const iter = activeIteration(reducer);
    const notAbove = await claim("jiang_hao", reducer, { iterationId: iter, trl: 5 });
    expect(notAbove.status).toBe(400);
    expect(notAbove.html).toContain("申报等级须高于已确认的 TRL 5");
    const jump = await claim("jiang_hao", reducer, { iterationId: iter, trl: 7 });
    expect(jump.status).toBe(400);
    expect(jump.html).toContain("高于本轮迭代目标 TRL 6，须说明理由");
    expect(footprint()).toEqual(before);
  });

  it("confirm by an expert not of the claiming unit works when he supervises the project (confirm:trl:own-project)", async () => {
    // zhuanjia2 (浙工大) supervises RX-01; the reducer belongs to 精传减速.
    expect((await claim("jiang_hao", reducer, { iterationId: activeIteration(reducer), trl: 6 })).status).toBe(200);
    const c = lastClaim(reducer);
    const board = `project:${projectOf("RX-01")}`;
    const researcherSocket = await watcher("jiang_hao", board);
    const live = nextEvents(researcherSocket, board, 1);
    const res = await decide("zhuanjia2", c.id, "confirmed", "寿命试验满1万小时，相关环境系统级验证充分");
    expect(res.status).toBe(200);
    expect(claimRow(c.id)).toMatchObject({ status: "confirmed", decided_by: userId("zhuanjia2"), version: 2, decision_comment: "寿命试验满1万小时，相关环境系统级验证充分" });
    const [ev] = await live;
    expect(ev.type).toBe("trl.upserted");
    expect(ev.payload.row.claims.find((x: any) => x.id === c.id)).toMatchObject({ status: "confirmed", deciderName: "郑文博" });
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'trl_claim' AND entity_id = ? ORDER BY id DESC LIMIT 1", String(c.id)).action).toBe("trl_claim.confirm");
    // decided once: a second decision is refused
    const again = await decide("zhuanjia", c.id, "rejected", "重复", 2);
    expect(again.status).toBe(409);
    expect(again.html).toContain("该申报已有结论");
  });

  it("an expert does not confirm in a project he does not supervise, nor a project lead, nor with a stale version", async () => {
    const pending = q<{ id: number; version: number }>("SELECT id, version FROM trl_claims WHERE technology_id = ? AND status = 'claimed'", hand);
    const before = footprint();
    // zhuanjia2 does not supervise RX-02 (his university takes part in it)
    const outside = await decide("zhuanjia2", pending.id, "confirmed");
    expect(outside.status).toBe(403);
    expect(outside.html).toContain("您没有权限执行此操作");
    // li_ming leads RX-01 but holds no confirm:trl
    expect((await decide("li_ming", lastClaim(joint).id, "confirmed")).status).toBe(403);
    expect((await decide("zhuanjia", pending.id, "confirmed", "", pending.version + 5)).status).toBe(409);
    expect(footprint()).toEqual(before);
  });

  it("an expert of the claiming unit (zhuanjia2, 浙工大) cannot confirm, even when he supervises the project", async () => {
    // mishu adds a technology of 浙工大 in RX-05, with an iteration; fang_lin (浙工大) claims.
    const rx05 = projectOf("RX-05");
    const zg = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '浙工大'").id;
    expect((await post("mishu", "/technologies", { intent: "create", projectId: rx05, ownerUnitId: zg, name: "搬运作业技能学习", description: "", startTrl: 3, targetTrl: 6 })).status).toBe(200);
    const tech = techId("搬运作业技能学习");
    expect((await post("mishu", `/technologies/${tech}`, { intent: "addIteration", technologyId: tech, stage: "key_common_tech", sampleLevel: "mock", entryTrl: 3, targetTrl: 4, startOn: "2026-06-01", endOn: "2027-01-31" })).status).toBe(200);
    const iteration = q<{ id: number }>("SELECT id FROM vmodel_iterations WHERE technology_id = ?", tech).id;
    expect((await claim("fang_lin", tech, { iterationId: iteration, trl: 4 })).status).toBe(200);
    const c = lastClaim(tech);
    expect(c.unit_id).toBe(zg);

    // Put zhuanjia2 on the project's experts: he now holds confirm:trl in scope, yet his unit is the claimant's.
    run("INSERT INTO project_experts (project_id, user_id) VALUES (?, ?)", rx05, userId("zhuanjia2"));
    const before = footprint();
    const res = await decide("zhuanjia2", c.id, "confirmed", "同意");
    expect(res.status).toBe(403);
    expect(res.html).toContain("确认人不能来自申报单位");
    expect(footprint()).toEqual(before);
    run("DELETE FROM project_experts WHERE project_id = ? AND user_id = ?", rx05, userId("zhuanjia2"));

    // the outside expert may
    expect((await decide("zhuanjia", c.id, "confirmed", "技能库实验室验证通过")).status).toBe(200);
    expect(claimRow(c.id).status).toBe("confirmed");
  });

  it("the chief scientist (confirm:trl:any) confirms another unit's claim but not his own unit's", async () => {
    // 智元人形's pending TRL 5 claim on the joint module
    const pending = lastClaim(joint);
    expect(pending.status).toBe("claimed");
    expect((await decide("shouxi", pending.id, "confirmed", "初样测试数据充分")).status).toBe(200);
    expect(claimRow(pending.id)).toMatchObject({ status: "confirmed", decided_by: userId("shouxi") });

    // a technology of his own 具身实验室 in RX-02
    const rx02 = projectOf("RX-02");
    const js = q<{ id: number }>("SELECT id FROM member_units WHERE short_name = '具身实验室'").id;
    expect((await post("mishu", "/technologies", { intent: "create", projectId: rx02, ownerUnitId: js, name: "触觉数据集与预训练模型", description: "", startTrl: 2, targetTrl: 5 })).status).toBe(200);
    const tech = techId("触觉数据集与预训练模型");
    expect((await post("mishu", `/technologies/${tech}`, { intent: "addIteration", technologyId: tech, stage: "basic_research", sampleLevel: "mock", entryTrl: 2, targetTrl: 3, startOn: "2026-03-01", endOn: "2026-12-31" })).status).toBe(200);
    const iteration = q<{ id: number }>("SELECT id FROM vmodel_iterations WHERE technology_id = ?", tech).id;
    expect((await claim("ma_ruiqi", tech, { iterationId: iteration, trl: 3 }, false)).status).toBe(200);
    const own = lastClaim(tech);
    const before = footprint();
    const res = await decide("shouxi", own.id, "confirmed");
    expect(res.status).toBe(403);
    expect(res.html).toContain("确认人不能来自申报单位");
    expect(footprint()).toEqual(before);
    // a rejection needs a comment
    const bare = await decide("zhuanjia", own.id, "rejected", "");
    expect(bare.status).toBe(400);
    expect(bare.html).toContain("驳回时须填写意见");
    expect((await decide("zhuanjia", own.id, "rejected", "数据集规模不足，尚未完成原理验证")).status).toBe(200);
    expect(claimRow(own.id).status).toBe("rejected");
  });

  it("decideTrlClaim (called by the checks feature) takes a check of the same project only", async () => {
    const ctx = contextFor(srv.app.db);
    const zhuanjia = actorForSession(srv.app.db, createSession(srv.app.db, userId("zhuanjia"), "test").id)!;
    const pending = q<{ id: number; version: number }>("SELECT id, version FROM trl_claims WHERE technology_id = ? AND status = 'claimed'", hand);
    const other = run(
      "INSERT INTO checks (project_id, kind, scheduled_on, created_by, created_at) VALUES (?, 'midterm', '2026-12-01', ?, '2026-11-20T02:00:00.000Z')",
      projectOf("RX-01"),
      userId("mishu"),
    ).lastInsertRowid as number;
    const mine = run("INSERT INTO checks (project_id, kind, scheduled_on, created_by, created_at) VALUES (?, 'midterm', '2026-12-01', ?, '2026-11-20T02:00:00.000Z')", projectOf("RX-02"), userId("mishu"))
      .lastInsertRowid as number;
    const refused = (() => {
      try {
        decideTrlClaim(ctx, zhuanjia, { claimId: pending.id, decision: "confirmed", comment: "", checkId: other, version: pending.version });
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("trlCheckMismatch");
    const row = decideTrlClaim(ctx, zhuanjia, { claimId: pending.id, decision: "confirmed", comment: "中期检查确认", checkId: mine, version: pending.version });
    expect(row.claims.find((c) => c.id === pending.id)).toMatchObject({ status: "confirmed", checkId: mine });
    // The claimant is told in his inbox (kind trl_decided), in the decision's transaction.
    expect(q<any>("SELECT user_id, href, json_extract(params, '$.decision') AS decision FROM inbox_items WHERE kind = 'trl_decided' AND entity_id = ?", pending.id)).toEqual({
      user_id: q<any>("SELECT claimed_by FROM trl_claims WHERE id = ?", pending.id).claimed_by,
      href: expect.stringMatching(/^\/technologies\/\d+$/),
      decision: "confirmed",
    });
    await srv.app.db.$durable?.(); // published once on disk (group commit on the server's connection)
    expect(ctx.published.map((e) => e.type)).toEqual(["trl.upserted", "trl.upserted"]);
  });
});

describe("V-model items", () => {
  const item = (tech: number, title: string) =>
    q<any>("SELECT i.* FROM vmodel_items i JOIN vmodel_iterations v ON v.id = i.iteration_id WHERE v.technology_id = ? AND i.title = ?", tech, title);

  it("the project lead links a task by code and changes states; the V rules hold", async () => {
    const req = item(joint, "整机试装评价（系统考核部件）");
    const link = await post("li_ming", `/technologies/${joint}`, { intent: "link", id: req.id, version: req.version, taskCode: "rx01-t11" });
    expect(link.status).toBe(200);
    expect(count("vmodel_item_tasks l JOIN tasks t ON t.id = l.task_id WHERE l.item_id = ? AND t.code = 'RX01-T11'", req.id)).toBe(1);
    expect(item(joint, "整机试装评价（系统考核部件）").version).toBe(req.version + 1);
    // a task of another project is refused
    const foreign = await post("li_ming", `/technologies/${joint}`, { intent: "link", id: req.id, version: req.version + 1, taskCode: "RX02-T01" });
    expect(foreign.status).toBe(400);
    expect(foreign.html).toContain("不属于该关键技术所在的项目");

    // the life test cannot be done while … its design item (柔轮与波发生器) is done, so it can
    const life = item(joint, "减速器1万小时寿命试验");
    expect((await post("li_ming", `/technologies/${joint}`, { intent: "updateItem", id: life.id, version: life.version, title: life.title, state: "done", verifiesItemId: life.verifies_item_id })).status).toBe(200);
    // … but the design item it rests on can no longer go back
    const flex = item(joint, "柔轮与波发生器");
    const back = await post("li_ming", `/technologies/${joint}`, { intent: "updateItem", id: flex.id, version: flex.version, title: flex.title, state: "in_progress" });
    expect(back.status).toBe(400);
    expect(back.html).toContain("验证项不能标为完成");
    // a verification pointing at an item of another level is refused
    const sys = item(joint, "初样总体设计（3种规格）");
    const wrong = await post("li_ming", `/technologies/${joint}`, { intent: "updateItem", id: life.id, version: life.version + 1, title: life.title, state: "done", verifiesItemId: sys.id });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("同一层级");
  });

  it("the project lead edits the technology; a target not above the start and a stale version are refused", async () => {
    const tech = q<any>("SELECT * FROM key_technologies WHERE id = ?", joint);
    const edit = (fields: Record<string, string | number>) =>
      post("li_ming", `/technologies/${joint}`, { intent: "updateTechnology", id: joint, version: tech.version, name: tech.name, description: tech.description, startTrl: 3, targetTrl: 8, ...fields });
    const low = await edit({ targetTrl: 3 });
    expect(low.status).toBe(400);
    expect(low.html).toContain("目标 TRL 须高于起始 TRL");
    expect((await edit({})).status).toBe(200);
    expect(q<any>("SELECT target_trl, version FROM key_technologies WHERE id = ?", joint)).toEqual({ target_trl: 8, version: tech.version + 1 });
    expect((await edit({ targetTrl: 7 })).status).toBe(409);
    expect(q<any>("SELECT action FROM audit_log WHERE entity = 'key_technology' ORDER BY id DESC LIMIT 1").action).toBe("key_technology.update");
  });

  it("a researcher without update:technology cannot edit items; nothing is written", async () => {
    const before = footprint();
    const life = item(joint, "减速器1万小时寿命试验");
    const res = await post("jiang_hao", `/technologies/${joint}`, { intent: "updateItem", id: life.id, version: life.version, title: "改名", state: "failed" });
    expect(res.status).toBe(403);
    // the unit lead of 精传减速 edits his unit's reducer, not 智元人形's joint module
    const zhou = await post("zhou_guoqiang", `/technologies/${joint}`, { intent: "updateItem", id: life.id, version: life.version, title: "改名", state: "failed" });
    expect(zhou.status).toBe(403);
    expect(footprint()).toEqual(before);
  });

  it("adds an item live for a second client, and a stale version is refused", async () => {
    const board = "consortium";
    const s = await watcher("lishi", board);
    const live = nextEvents(s, board, 1);
    const iter = activeIteration(reducer);
    const lub = item(reducer, "润滑与密封方案");
    const res = await post("zhou_guoqiang", `/technologies/${reducer}`, { intent: "addItem", iterationId: iter, leg: "right", level: "subsystem", title: "密封件高低温试验", state: "planned", verifiesItemId: lub.id });
    expect(res.status).toBe(200);
    const [ev] = await live;
    expect(ev.type).toBe("vmodel.upserted");
    const added = ev.payload.row.iterations.find((i: any) => i.id === iter).items.find((i: any) => i.title === "密封件高低温试验");
    expect(added).toMatchObject({ leg: "right", level: "subsystem", verifiesItemId: lub.id, state: "planned" });
    const stale = await post("zhou_guoqiang", `/technologies/${reducer}`, { intent: "updateItem", id: lub.id, version: lub.version + 3, title: lub.title, state: "done" });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("该记录已被他人修改");
  });
});
