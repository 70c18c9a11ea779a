// 考核指标 end to end over real HTTP and Socket.IO: creating indicators (rights, rules, versions),
// recording a measured value with an evidence file (stored by content hash, progress recomputed and
// pushed live to the board), refused uploads that store nothing, downloads that need read access, and
// the board refusing a typed-in progress for a task that has indicators.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { formBody, postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { EXE, multipart, PDF, PNG } from "../helpers/evidence-fixtures";
import { MAX_FILE_BYTES } from "../../app/models/evidence";
import { progressByTask } from "../../app/models/progress.server";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
const sockets: Socket[] = [];
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const count = (table: string) => q<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n;
const uploadsDir = () => srv.app.ctx.config.uploadsDir;
const storedFiles = (): string[] =>
  fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

const signIn = (username: string) => signInAs(srv.url, username, { page: "/indicators" });
const post = (s: Session, path: string, body: FormData | URLSearchParams) => postForm(srv.url, s, path, body);
const form = (s: Session, fields: Fields) => formBody(fields, s.csrf);

// RX01-T08 (谐波减速器寿命试验) of 精传减速, in progress with two seeded indicators: jiang_hao is its
// researcher, zhou_guoqiang the unit's lead. RX02-T08 belongs to 灵犀科技 (deng_yu) in project 2, which
// zhuanjia supervises and zhuanjia2 does not.
let t8: { id: number; project_id: number; progress: number };
let t10: { id: number; version: number };
let jiang: Session, zhou: Session, deng: Session, expert: Session, expert2: Session, liMing: Session;
let board: Socket;

beforeAll(async () => {
  srv = await startServer();
  t8 = q("SELECT id, project_id, progress FROM tasks WHERE code = 'RX01-T08'");
  t10 = q("SELECT id, version FROM tasks WHERE code = 'RX01-T10'");
  [jiang, zhou, deng, expert, expert2, liMing] = await Promise.all(["jiang_hao", "zhou_guoqiang", "deng_yu", "zhuanjia", "zhuanjia2", "li_ming"].map(signIn));
  board = socketFor(srv.url, liMing.cookie);
  sockets.push(board);
  await connected(board);
  expect((await ask(board, Msg.boardJoin, { boardId: `project:${t8.project_id}` })).ok).toBe(true);
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

describe("seeded indicators", () => {
  it("every task's stored progress equals the progress computed from its indicators", () => {
    const computed = progressByTask(srv.app.db);
    const rows = srv.app.db.$client.prepare("SELECT id, progress FROM tasks WHERE archived_at IS NULL").all() as { id: number; progress: number }[];
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) expect([r.id, computed.get(r.id)]).toEqual([r.id, r.progress]);
    expect(count("indicators")).toBeGreaterThan(80);
  });
});

describe("indicators", () => {
  let created: { id: number; version: number };

  it("a unit lead adds an indicator to his unit's task; audited and sent to the board", async () => {
    const audits = count("audit_log");
    const live = nextEvents(board, `project:${t8.project_id}`, 2);
    const res = await post(
      zhou,
      `/tasks/${t8.id}`,
      form(zhou, { intent: "create", projectId: t8.project_id, taskId: t8.id, name: "减速器传动精度", unitOfMeasure: "arcmin", direction: "lower", baseline: 1.8, target: 1, dueOn: "2027-01-15", responsibleUnitId: q("SELECT owner_unit_id u FROM tasks WHERE id = ?", t8.id).u, responsibleUserId: "" }),
    );
    expect(res.status).toBe(200);
    created = q("SELECT id, version FROM indicators WHERE task_id = ? AND name = '减速器传动精度'", t8.id);
    expect(created).toBeTruthy();
    expect(count("audit_log")).toBeGreaterThan(audits);
    const events = await live;
    const ind = events.find((e) => e.type === "indicator.upserted")!;
    expect(ind.payload.row).toMatchObject({ id: created.id, name: "减速器传动精度", direction: "lower", target: 1, progress: 0, latest: null });
    // A third indicator with no value yet pulls the computed progress down, and the board hears it.
    const task = events.find((e) => e.type === "task.upserted")!;
    expect(task.payload.row.progress).toBe(q("SELECT progress FROM tasks WHERE id = ?", t8.id).progress);
    expect(task.payload.row.progress).toBeLessThan(t8.progress);
    expect(ind.payload.task).toEqual({ id: t8.id, progress: task.payload.row.progress, indicatorCount: 3 });
  });

  it("a researcher may record but not create indicators; another unit may do neither", async () => {
    const before = count("indicators");
    const res = await post(jiang, `/tasks/${t8.id}`, form(jiang, { intent: "create", projectId: t8.project_id, taskId: t8.id, name: "x", direction: "yesno", dueOn: "2027-01-15", responsibleUnitId: q("SELECT owner_unit_id u FROM tasks WHERE id = ?", t8.id).u }));
    expect(res.status).toBe(403);
    expect(res.html).toContain("您没有权限执行此操作");
    const other = await post(deng, `/tasks/${t8.id}`, multipart({ _csrf: deng.csrf, intent: "record", indicatorId: created.id, value: 1, measuredOn: "2026-11-20", note: "" }, []));
    expect(other.status).toBe(403);
    expect(count("indicators")).toBe(before);
  });

  it("refuses a target that does not improve on the baseline, and a stale version", async () => {
    const bad = await post(zhou, `/tasks/${t8.id}`, form(zhou, { intent: "update", id: created.id, version: created.version, name: "减速器传动精度", unitOfMeasure: "arcmin", direction: "lower", baseline: 1.8, target: 2, dueOn: "2027-01-15", responsibleUnitId: q("SELECT responsible_unit_id u FROM indicators WHERE id = ?", created.id).u }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("目标值应低于基线值");
    const fields = { intent: "update", id: created.id, name: "减速器传动精度（输出端）", unitOfMeasure: "arcmin", direction: "lower", baseline: 1.8, target: 1, dueOn: "2027-01-15", responsibleUnitId: q("SELECT responsible_unit_id u FROM indicators WHERE id = ?", created.id).u };
    expect((await post(zhou, `/tasks/${t8.id}`, form(zhou, { ...fields, version: created.version }))).status).toBe(200);
    const stale = await post(zhou, `/tasks/${t8.id}`, form(zhou, { ...fields, name: "旧版本的修改", version: created.version }));
    expect(stale.status).toBe(409);
    expect(q("SELECT name, version FROM indicators WHERE id = ?", created.id)).toEqual({ name: "减速器传动精度（输出端）", version: created.version + 1 });
  });

  it("a researcher records a value with an evidence file: stored by hash, progress recomputed and live", async () => {
    const before = q("SELECT progress FROM tasks WHERE id = ?", t8.id).progress;
    const live = nextEvents(board, `project:${t8.project_id}`, 2);
    const res = await post(
      jiang,
      `/tasks/${t8.id}?intent=record&id=${created.id}`,
      multipart({ _csrf: jiang.csrf, intent: "record", indicatorId: created.id, value: 1.4, measuredOn: "2026-11-20", note: "第三方检测报告 JC-2026-118" }, [{ name: "传动精度检测报告.pdf", bytes: PDF, type: "application/pdf" }]),
    );
    expect(res.status).toBe(200);
    const value = q("SELECT * FROM indicator_values WHERE indicator_id = ? ORDER BY id DESC", created.id);
    expect(value).toMatchObject({ value: 1.4, measured_on: "2026-11-20", note: "第三方检测报告 JC-2026-118" });
    const file = q("SELECT * FROM evidence_files WHERE subject_type = 'indicator_value' AND subject_id = ?", value.id);
    expect(file).toMatchObject({ name: "传动精度检测报告.pdf", mime: "application/pdf", size: PDF.byteLength, project_id: t8.project_id });
    expect(fs.readFileSync(path.join(uploadsDir(), file.sha256.slice(0, 2), file.sha256))).toEqual(Buffer.from(PDF));
    // (1.8 - 1.4) / (1.8 - 1) = 50 % for the new indicator.
    const events = await live;
    const task = events.find((e) => e.type === "task.upserted")!;
    expect(task.payload.row.progress).toBeGreaterThan(before);
    expect(events.find((e) => e.type === "indicator.upserted")!.payload.row).toMatchObject({ latest: 1.4, progress: 50, valueCount: 1 });
    expect(q("SELECT progress FROM tasks WHERE id = ?", t8.id).progress).toBe(task.payload.row.progress);
    expect(res.html).toContain("传动精度检测报告.pdf");
  });

  it("refuses an upload over the size limit with a clear message and stores nothing", async () => {
    const [values, files, onDisk] = [count("indicator_values"), count("evidence_files"), storedFiles().length];
    const big = new Uint8Array(MAX_FILE_BYTES + 1024);
    big.set(PDF);
    const res = await post(
      jiang,
      `/tasks/${t8.id}?intent=record&id=${created.id}`,
      multipart({ _csrf: jiang.csrf, intent: "record", indicatorId: created.id, value: 1.2, measuredOn: "2026-11-21", note: "" }, [{ name: "big.pdf", bytes: big }]),
    );
    expect(res.status).toBe(413);
    expect(res.html).toContain("文件过大，未保存：单个文件不能超过 20 MB");
    expect([count("indicator_values"), count("evidence_files"), storedFiles().length]).toEqual([values, files, onDisk]);
  });

  it("refuses a forbidden file type (an executable named .pdf) naming the file, and stores nothing", async () => {
    const [values, files, onDisk] = [count("indicator_values"), count("evidence_files"), storedFiles().length];
    const res = await post(
      jiang,
      `/tasks/${t8.id}?intent=record&id=${created.id}`,
      multipart({ _csrf: jiang.csrf, intent: "record", indicatorId: created.id, value: 1.2, measuredOn: "2026-11-21", note: "" }, [
        { name: "photo.png", bytes: PNG },
        { name: "报告.pdf", bytes: EXE },
      ]),
    );
    expect(res.status).toBe(415);
    expect(res.html).toContain("文件「报告.pdf」类型不允许或与扩展名不符，未保存");
    expect([count("indicator_values"), count("evidence_files"), storedFiles().length]).toEqual([values, files, onDisk]);
  });

  it("refuses a value dated in the future", async () => {
    const res = await post(jiang, `/tasks/${t8.id}`, multipart({ _csrf: jiang.csrf, intent: "record", indicatorId: created.id, value: 1.2, measuredOn: "2026-12-01", note: "" }, []));
    expect(res.status).toBe(400);
    expect(res.html).toContain("测量日期不能晚于今天");
  });
});

describe("evidence downloads", () => {
  let fileId: number;

  beforeAll(async () => {
    // deng_yu (灵犀科技) records a value with a photo on his unit's task in project 2.
    const ind = q<{ id: number; task_id: number }>("SELECT i.id, i.task_id FROM indicators i JOIN tasks t ON t.id = i.task_id WHERE t.code = 'RX02-T08' AND i.direction != 'yesno' ORDER BY i.id");
    const res = await post(
      deng,
      `/tasks/${ind.task_id}?intent=record&id=${ind.id}`,
      multipart({ _csrf: deng.csrf, intent: "record", indicatorId: ind.id, value: 19, measuredOn: "2026-11-22", note: "初样测试" }, [{ name: "灵巧手 测试照片.png", bytes: PNG }]),
    );
    expect(res.status).toBe(200);
    fileId = q<{ id: number }>("SELECT id FROM evidence_files WHERE name = '灵巧手 测试照片.png'").id;
  });

  it("serves the file as a download with safe headers to a reader of the project", async () => {
    const res = await fetch(`${srv.url}/evidence/${fileId}`, { headers: { cookie: expert.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="___ ____.png"; filename*=UTF-8''${encodeURIComponent("灵巧手 测试照片.png")}`,
    );
    expect(res.headers.get("x-content-type-options")).toMatch(/^nosniff(, nosniff)?$/); // helmet sets it too
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(PNG));
  });

  it("refuses an expert who does not supervise the project, and anyone signed out", async () => {
    expect((await fetch(`${srv.url}/evidence/${fileId}`, { headers: { cookie: expert2.cookie } })).status).toBe(403);
    const anon = await fetch(`${srv.url}/evidence/${fileId}`, { redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
    expect((await fetch(`${srv.url}/evidence/999999`, { headers: { cookie: expert.cookie } })).status).toBe(404);
  });
});

describe("typed-in progress", () => {
  it("the board refuses a progress edit on a task with indicators, and accepts it on one without", async () => {
    const s = socketFor(srv.url, zhou.cookie);
    sockets.push(s);
    await connected(s);
    const current = q<{ version: number; progress: number }>("SELECT version, progress FROM tasks WHERE id = ?", t8.id);
    const refused = await ask(s, Msg.taskUpdate, { id: t8.id, version: current.version, patch: { progress: 99 } });
    expect(refused).toMatchObject({ ok: false, code: "progressFromIndicators" });
    expect(refused.message).toContain("进度按指标实测值自动计算");
    expect(q("SELECT progress FROM tasks WHERE id = ?", t8.id).progress).toBe(current.progress);
    const t10owner = q<{ u: number }>("SELECT owner_unit_id u FROM tasks WHERE id = ?", t10.id).u;
    const mishu = await signIn("mishu");
    const s2 = socketFor(srv.url, mishu.cookie);
    sockets.push(s2);
    await connected(s2);
    expect(t10owner).toBeGreaterThan(0);
    const ok = await ask(s2, Msg.taskUpdate, { id: t10.id, version: t10.version, patch: { progress: 10 } });
    expect(ok.ok).toBe(true);
    expect(q("SELECT progress FROM tasks WHERE id = ?", t10.id).progress).toBe(10);
  });
});
