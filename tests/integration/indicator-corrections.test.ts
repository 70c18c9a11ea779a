// Indicator values that cannot be wrong silently, over real HTTP and Socket.IO: values the indicator
// cannot take (a negative duration, outside a declared range) and a jump of more than 10x without the
// recorder's confirmation are refused with the reason and write nothing (every table's rows unchanged);
// a wrong value is corrected or withdrawn by its recorder or the secretariat only, as a NEW row (the old
// one stays as it was), progress follows the corrected value on an open board live, and a value that was
// already corrected is refused as stale with the current state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { ask, connected, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { formBody, postForm, signIn as signInAs, type Fields, type Session } from "../helpers/forms";
import { multipart } from "../helpers/evidence-fixtures";
import { databaseDigest } from "../helpers/db-fingerprint";
import { progressByTask } from "../../app/models/progress.server";
import { getIndicator } from "../../app/models/indicators.server";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const signIn = (username: string) => signInAs(srv.url, username, { page: "/indicators" });

// RX01-T08 (谐波减速器寿命试验) of 精传减速: "累计寿命试验时长" in h, 0 → 10000. jiang_hao is its
// researcher, zhou_guoqiang the unit's lead, mishu the secretariat; deng_yu works for another unit.
let task: { id: number; project_id: number };
let life: { id: number };
let jiang: Session, zhou: Session, mishu: Session, deng: Session;
let board: Socket;

const path = () => `/tasks/${task.id}`;
/** Posts one of the indicator page's forms as the browser does (multipart: the page takes uploads). */
const send = (s: Session, intent: string, id: number, fields: Fields) =>
  postForm(srv.url, s, `${path()}?intent=${intent}&id=${id}`, multipart({ _csrf: s.csrf, intent, ...(fields as Record<string, string | number>) }, []));
const record = (s: Session, value: number, extra: Fields = {}) => send(s, "record", life.id, { indicatorId: life.id, value, measuredOn: "2026-11-22", note: "", ...extra });
const progress = () => q<{ progress: number }>("SELECT progress FROM tasks WHERE id = ?", task.id).progress;

/** The write is refused with `status` and `text`, and no row of any table changed. */
async function refused(write: () => Promise<{ status: number; html: string }>, status: number, text: string) {
  const before = databaseDigest(srv.app.db);
  const res = await write();
  expect(res.status).toBe(status);
  expect(res.html).toContain(text);
  expect(databaseDigest(srv.app.db)).toBe(before);
  return res;
}

beforeAll(async () => {
  srv = await startServer();
  task = q("SELECT id, project_id FROM tasks WHERE code = 'RX01-T08'");
  life = q("SELECT id FROM indicators WHERE task_id = ? AND name = '累计寿命试验时长'", task.id);
  [jiang, zhou, mishu, deng] = await Promise.all(["jiang_hao", "zhou_guoqiang", "mishu", "deng_yu"].map(signIn));
  board = socketFor(srv.url, (await signIn("li_ming")).cookie);
  await connected(board);
  expect((await ask(board, Msg.boardJoin, { boardId: `project:${task.project_id}` })).ok).toBe(true);
});
afterAll(async () => {
  board?.disconnect();
  await srv?.close();
});

describe("impossible values", () => {
  it("refuses a negative duration (the issue's −5 h) with the reason; nothing written", async () => {
    await refused(() => record(jiang, -5), 400, "计量单位为「h」的指标计的是数量或时长，实测值不能为负数");
  });

  it("refuses a value outside the declared range, and a declared range that excludes the target", async () => {
    const ind = getIndicator(srv.app.db, life.id);
    const edit = (fields: Fields) =>
      postForm(
        srv.url,
        zhou,
        path(),
        formBody({ intent: "update", id: ind.id, version: getIndicator(srv.app.db, life.id).version, name: ind.name, unitOfMeasure: ind.unitOfMeasure, direction: ind.direction, baseline: ind.baseline!, target: ind.target!, dueOn: ind.dueOn, responsibleUnitId: ind.responsibleUnitId, ...fields }, zhou.csrf),
      );
    await refused(() => edit({ min: 0, max: 5000 }), 400, "实测值不能大于该指标声明的上限 5000");
    await refused(() => edit({ min: 100, max: 50 }), 400, "下限应小于上限");
    expect((await edit({ min: 0, max: 20000 })).status).toBe(200);
    expect(getIndicator(srv.app.db, life.id)).toMatchObject({ min: 0, max: 20000 });
    await refused(() => record(jiang, 25000, { confirmJump: "on" }), 400, "实测值不能大于该指标声明的上限 20000");
    await refused(() => record(jiang, -1), 400, "实测值不能小于该指标声明的下限 0");
  });
});

describe("a jump of more than 10x", () => {
  it("is refused without the recorder's confirmation, and recorded with it", async () => {
    const latest = getIndicator(srv.app.db, life.id).latest!;
    expect(latest).toBeGreaterThan(1000);
    // Ten times smaller (days typed where hours belong); ten times larger is tests/unit/indicator-values.test.ts.
    const typo = Math.round(latest / 24);
    await refused(() => record(jiang, typo), 400, `新值 ${typo} 与最新实测值 ${latest} 相差超过 10 倍`);
    const res = await record(jiang, typo, { confirmJump: "on" });
    expect(res.status).toBe(200);
    expect(getIndicator(srv.app.db, life.id).latest).toBe(typo);
  });
});

describe("corrections and withdrawals", () => {
  let wrong: { id: number; value: number; measured_on: string; note: string; kind: string; corrects_id: number | null; recorded_by: number };
  let fix: { id: number };
  const expectProgressFollows = () => {
    expect(progress()).toBe(progressByTask(srv.app.db).get(task.id));
  };

  it("a stranger (another unit, the same unit's lead) cannot correct or withdraw a value; nothing written", async () => {
    wrong = q("SELECT * FROM indicator_values WHERE indicator_id = ? ORDER BY id DESC", life.id);
    expect(wrong.recorded_by).toBe(q("SELECT id FROM users WHERE username = 'jiang_hao'").id);
    for (const s of [deng, zhou]) {
      await refused(() => send(s, "correct", wrong.id, { valueId: wrong.id, value: 2000, measuredOn: wrong.measured_on, reason: "单位填错" }), 403, "您没有权限执行此操作");
      await refused(() => send(s, "withdraw", wrong.id, { valueId: wrong.id, reason: "误录" }), 403, "您没有权限执行此操作");
    }
    // A correction needs its reason.
    await refused(() => send(jiang, "correct", wrong.id, { valueId: wrong.id, value: 2000, measuredOn: wrong.measured_on, reason: " " }), 400, "此项必填");
    // …and the value must be possible.
    await refused(() => send(jiang, "correct", wrong.id, { valueId: wrong.id, value: -2000, measuredOn: wrong.measured_on, reason: "单位填错" }), 400, "实测值不能小于该指标声明的下限 0");
  });

  it("the recorder corrects his value: a new row points at the old one, the old row is untouched, progress follows live", async () => {
    const before = progress();
    const live = nextEvents(board, `project:${task.project_id}`, 2);
    const res = await send(jiang, "correct", wrong.id, { valueId: wrong.id, value: 7900, measuredOn: wrong.measured_on, reason: "按天数录入了，应为小时" });
    expect(res.status).toBe(200);
    expect(q("SELECT * FROM indicator_values WHERE id = ?", wrong.id)).toEqual(wrong);
    fix = q("SELECT * FROM indicator_values WHERE corrects_id = ?", wrong.id);
    expect(fix).toMatchObject({ kind: "correction", value: 7900, reason: "按天数录入了，应为小时", measured_on: wrong.measured_on });
    expect(getIndicator(srv.app.db, life.id).latest).toBe(7900);
    expectProgressFollows();
    expect(progress()).toBeGreaterThan(before);
    const events = await live;
    expect(events.find((e) => e.type === "task.upserted")!.payload.row).toMatchObject({ id: task.id, progress: progress() });
    expect(events.find((e) => e.type === "indicator.upserted")!.payload).toMatchObject({ row: { id: life.id, latest: 7900 }, value: { id: fix.id, kind: "correction", correctsId: wrong.id }, task: { id: task.id, progress: progress() } });
    // Both rows are in the history; the page shows the old one struck through with the reason.
    expect(res.html).toContain("按天数录入了，应为小时");
    expect(q("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1")).toMatchObject({ action: "indicator.correct" });
  });

  it("correcting the value that was already corrected is refused as stale, with the current row", async () => {
    const res = await refused(() => send(jiang, "correct", wrong.id, { valueId: wrong.id, value: 3000, measuredOn: wrong.measured_on, reason: "再改一次" }), 409, "该实测值已被蒋浩更正或撤回");
    expect(res.html).toContain("7900");
    await refused(() => send(mishu, "withdraw", wrong.id, { valueId: wrong.id, reason: "重复" }), 409, "更正或撤回");
  });

  it("the secretariat withdraws the correction: progress falls back to the value before it", async () => {
    const live = nextEvents(board, `project:${task.project_id}`, 2);
    const res = await send(mishu, "withdraw", fix.id, { valueId: fix.id, reason: "样件编号有误，整组数据作废" });
    expect(res.status).toBe(200);
    const previous = q<{ value: number }>("SELECT value FROM indicator_values WHERE indicator_id = ? AND id < ? AND kind = 'value' AND id NOT IN (SELECT corrects_id FROM indicator_values WHERE corrects_id IS NOT NULL) ORDER BY measured_on DESC, id DESC", life.id, wrong.id);
    expect(getIndicator(srv.app.db, life.id).latest).toBe(previous.value);
    expectProgressFollows();
    expect((await live).find((e) => e.type === "task.upserted")!.payload.row.progress).toBe(progress());
    // Rows are never updated or removed: the wrong value, its correction and the withdrawal all remain.
    expect(q("SELECT count(*) AS n FROM indicator_values WHERE id IN (?, ?) OR corrects_id = ?", wrong.id, fix.id, fix.id).n).toBe(3);
    // A withdrawal cannot itself be corrected.
    const w = q<{ id: number }>("SELECT id FROM indicator_values WHERE corrects_id = ?", fix.id);
    await refused(() => send(mishu, "correct", w.id, { valueId: w.id, value: 1, measuredOn: wrong.measured_on, reason: "x" }), 409, "更正或撤回");
  });
});
