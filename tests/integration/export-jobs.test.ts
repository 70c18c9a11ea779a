// Export jobs at a real size (3,000 tasks, 6,000 indicators grown by tests/helpers/scale-data.ts) over a
// real server: the files read back (DOCX text, XLSX cells, PDF through pdftotext), a job that keeps going
// when its page is left and is downloaded afterwards, and the main thread answering socket requests while
// a worker writes an export or a print view is rendered and printed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import ExcelJS from "exceljs";
import { ask, connected, loginCookie, socketFor, startServer, type Socket, type TestServer } from "../helpers/server";
import { signIn, postForm, type Session } from "../helpers/forms";
import { growDatabase } from "../helpers/scale-data";
import { Msg } from "../../app/realtime/protocol";
import { DOCUMENT_TABLE_ROWS } from "../../app/models/report";

let srv: TestServer;
let mishu: Session;
let mishuId: number;
let indicators2026: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  srv = await startServer();
  growDatabase(srv.app.db, { tasks: 3000 });
  mishu = await signIn(srv.url, "mishu");
  mishuId = (srv.app.db.$client.prepare("SELECT id FROM users WHERE username = 'mishu'").get() as { id: number }).id;
  indicators2026 = (srv.app.db.$client.prepare("SELECT count(*) AS n FROM indicators WHERE archived_at IS NULL AND due_on BETWEEN '2026-01-01' AND '2026-12-31'").get() as { n: number }).n;
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

const get = (p: string, cookie = mishu.cookie, signal?: AbortSignal) => fetch(`${srv.url}${p}`, { headers: { cookie }, signal });
const jobs = () => srv.app.exportJobs.list(mishuId);
async function until<T>(what: () => T | undefined | false, ms = 60_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 25) {
    const v = what();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("timed out waiting");
}
const docxText = async (body: Buffer) => (await (await JSZip.loadAsync(body)).file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");

describe("exports at 3,000 tasks", () => {
  it("the Word report summarizes the 6,000-row indicator table per unit and names where every row is", async () => {
    expect(indicators2026).toBeGreaterThan(DOCUMENT_TABLE_ROWS * 10);
    const res = await get("/reports/2026.docx?format=zhejiang");
    expect(res.status).toBe(200);
    const text = await docxText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain("浙江省人形机器人创新联合体2026年度实施情况自评报告");
    expect(text).toContain(`考核指标完成情况（按单位汇总；全部 ${indicators2026.toLocaleString("zh-CN")} 行明细见“数据表（.xlsx）”）`);
    expect(text).toContain("规模17"); // a grown unit, as a summary row
    expect(text).not.toContain("指标 2999-2：关键性能达标"); // not one row per indicator
  });

  it("the data tables (.xlsx) carry every indicator row", async () => {
    const res = await get("/reports/2026.xlsx?format=zhejiang");
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.name.startsWith("考核指标"))!;
    expect(ws.rowCount).toBe(indicators2026 + 2); // title, header, one row per indicator
    const names = ws.getColumn(2).values.map(String);
    const due2026 = srv.app.db.$client.prepare("SELECT name FROM indicators WHERE due_on BETWEEN '2026-01-01' AND '2026-12-31' ORDER BY id DESC LIMIT 1").get() as { name: string };
    expect(names).toContain(due2026.name);
  });

  it("the PDF prints the summarized report (pdftotext)", async () => {
    const res = await get("/reports/2026.pdf?format=zhejiang");
    expect(res.status).toBe(200);
    const file = path.join(srv.dir, "report.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, "");
    expect(text).toContain("2026年度实施情况自评报告");
    expect(text).toContain("按单位汇总");
    expect(text).toContain("规模17");
  }, 150_000);
});

describe("key-task and responsibility workbooks at 3,000 tasks, written by a worker", () => {
  const q = <T>(sql: string, ...params: unknown[]) => srv.app.db.$client.prepare(sql).all(...params) as T[];
  const workbook = async (res: Response) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    return wb.worksheets[0]!;
  };

  it("the 重点任务推进表 carries every key task, in unit order, with its unit and status colour", async () => {
    const keys = q<{ code: string; title: string; unit: string }>(
      "SELECT t.code, t.title, m.short_name AS unit FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id WHERE t.is_key = 1 AND t.archived_at IS NULL ORDER BY m.id, t.code",
    );
    expect(keys.length).toBeGreaterThan(200);
    const before = jobs().length;
    const res = await get("/key-tasks.xlsx?month=2026-11");
    expect(res.status).toBe(200);
    expect(jobs().length, "made as an export job").toBe(before + 1);
    expect(jobs()[0]).toMatchObject({ kind: "xlsx", status: "done" });
    const ws = await workbook(res);
    expect(ws.getCell(1, 1).value).toBe("浙江省人形机器人创新联合体 重点任务推进表（2026年11月）");
    expect(ws.rowCount).toBe(keys.length + 2); // title, header, one row per key task
    const last = keys[keys.length - 1]!;
    const row = ws.getRow(keys.length + 2);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([keys.length, last.code, last.title, last.unit]);
    expect(["正常", "预警", "严重滞后", "已销号", "已暂停"]).toContain(row.getCell(8).value);
  });

  it("the funding-suggestion table and the 申报汇总表 are export jobs too (the funding table assembles the whole report)", async () => {
    const before = jobs().length;
    const funding = await get("/reports/funding/2026.xlsx");
    expect(funding.status).toBe(200);
    const summary = await get("/reports/summary.xlsx");
    expect(summary.status).toBe(200);
    expect(jobs().length, "each made as an export job").toBe(before + 2);
    const ws = await workbook(funding);
    expect(ws.getCell(1, 1).value).toMatch(/经费拨付建议表/);
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe("合计");
    expect((await workbook(summary)).getCell(3, 2).value).toBe("浙江省人形机器人创新联合体");
  });

  it("a unit's responsibility list carries each of its tasks and indicators of the year; an unknown unit is 404 and queues nothing", async () => {
    const unit = q<{ id: number; name: string }>("SELECT id, short_name AS name FROM member_units WHERE short_name = '规模17'")[0]!;
    const tasks = q<{ code: string; title: string }>("SELECT code, title FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL AND due_on BETWEEN '2026-01-01' AND '2026-12-31'", unit.id);
    expect(tasks.length).toBeGreaterThan(5);
    const res = await get(`/responsibility.xlsx?unit=${unit.id}&year=2026&paper=A3`);
    expect(res.status).toBe(200);
    const ws = await workbook(res);
    expect(ws.getCell(1, 1).value).toBe(`${unit.name} 2026 年度目标量化责任清单`);
    expect(ws.pageSetup.paperSize).toBe(8);
    const items = ws.getColumn(2).values.map(String);
    for (const t of tasks) expect(items).toContain(`${t.code} ${t.title}`);
    const before = jobs().length;
    const missing = await get("/responsibility.xlsx?unit=999999&year=2026");
    expect(missing.status).toBe(404);
    expect(jobs().length).toBe(before);
  });

  it("socket requests are answered while a worker writes the 重点任务推进表", async () => {
    const s = socketFor(srv.url, mishu.cookie);
    sockets.push(s);
    await connected(s);
    const before = jobs().length;
    const download = get("/key-tasks.xlsx?month=2026-10");
    const job = await until(() => jobs().length > before && jobs()[0]);
    const status = () => srv.app.exportJobs.get(mishuId, job.id)?.status;
    let answeredWhileRunning = 0;
    while (status() === "queued" || status() === "running") {
      const ack = await ask(s, Msg.boardJoin, { boardId: "consortium" });
      expect(ack.ok).toBe(true);
      if (status() === "running") answeredWhileRunning++;
    }
    expect(status()).toBe("done");
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(3);
    expect((await download).status).toBe(200);
  });
});

describe("print views at 3,000 tasks: rendered by a worker, printed by the printer's thread", () => {
  it("socket requests are answered during the whole print of the battle map's 2,000-row view, whose page never reaches this thread, and the PDF holds its rows", async () => {
    const s = socketFor(srv.url, mishu.cookie);
    sockets.push(s);
    await connected(s);
    // Watch the pool's print-page tasks (the routes call this same pool object).
    const pool = srv.app.workers;
    const run = pool.run.bind(pool);
    const seen = { rendering: "no" as "no" | "yes" | "done" };
    pool.run = (async (clock: Parameters<typeof run>[0], task: Parameters<typeof run>[1], opts?: Parameters<typeof run>[2]) => {
      if (task.kind !== "print-page") return run(clock, task, opts);
      seen.rendering = "yes";
      try {
        return await run(clock, task, opts);
      } finally {
        seen.rendering = "done";
      }
    }) as typeof pool.run;
    // What the print browser asks this server for: styles, fonts, the icon and the preloaded catalogue, never
    // the page (the printer's thread answers the navigation with the worker's HTML). Express has already
    // stripped a mount path from `url` when this listener runs: originalUrl is the address asked for.
    const asked: string[] = [];
    const spy = (req: { url?: string; originalUrl?: string; headers: Record<string, string | string[] | undefined> }) => {
      if (/HeadlessChrome/.test(String(req.headers["user-agent"]))) asked.push(req.originalUrl ?? req.url ?? "");
    };
    srv.app.httpServer.on("request", spy);
    try {
      let printing = true;
      const download = get("/battle-map.pdf?zoom=quarter").then(async (res) => ({ res, body: Buffer.from(await res.arrayBuffer()) }));
      void download.finally(() => (printing = false));
      await until(() => seen.rendering !== "no", 60_000);
      // From the render's start to the PDF's arrival: the render, then Chromium loading, laying out and
      // printing 2,000 rows and the PDF coming back, all while this thread answers.
      let answeredWhileRendering = 0;
      let answeredWhilePrinting = 0;
      while (printing) {
        const ack = await ask(s, Msg.boardJoin, { boardId: "consortium" });
        expect(ack.ok).toBe(true);
        if (!printing) break;
        if (seen.rendering === "yes") answeredWhileRendering++;
        else answeredWhilePrinting++;
      }
      expect(answeredWhileRendering).toBeGreaterThanOrEqual(3);
      expect(answeredWhilePrinting).toBeGreaterThanOrEqual(3);
      const { res, body } = await download;
      expect(res.status).toBe(200);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.some((u) => u.startsWith("/build/"))).toBe(true);
      expect(asked.filter((u) => !/^\/(build\/|i18n\/|favicon\.svg$)/.test(u))).toEqual([]);
      // playwright-core (a second of CPU to load) was never loaded by this thread: the server's, in this test.
      expect(Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes(`${path.sep}playwright-core${path.sep}`))).toEqual([]);
      const file = path.join(srv.dir, "map-3000.pdf");
      fs.writeFileSync(file, body);
      const text = execFileSync("pdftotext", [file, "-"]).toString();
      expect(text).toContain("挂图作战");
      expect(text.match(/S\d{5}/g)?.length ?? 0).toBeGreaterThan(100); // the grown tasks' rows (tests/helpers/scale-data.ts)
    } finally {
      pool.run = run;
      srv.app.httpServer.off("request", spy);
    }
  }, 180_000);
});

describe("export jobs", () => {
  it("a job keeps going when its page is left (the request aborted) and is downloaded afterwards, by its owner only", async () => {
    const before = jobs().length;
    const leaving = new AbortController();
    const request = get("/reports/2026.docx?format=jiangsu", mishu.cookie, leaving.signal).catch((err: Error) => err.name);
    const job = await until(() => jobs().length > before && jobs()[0]);
    leaving.abort(); // the user navigates away
    expect(await request).toBe("AbortError");
    // Listed on /exports; its download link appears once it is done.
    await until(() => srv.app.exportJobs.get(mishuId, job.id)?.status === "done");
    const page = await (await get("/exports")).text();
    expect(page).toContain(`href="/exports/${job.id}"`);
    const file = await get(`/exports/${job.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("self-evaluation-2026-jiangsu.docx");
    expect(await docxText(Buffer.from(await file.arrayBuffer()))).toContain("2026年度运行情况自评报告");
    // Another user cannot fetch it, even knowing the id.
    const other = await get(`/exports/${job.id}`, await loginCookie(srv.url, "shouxi"));
    expect(other.status, await other.clone().text()).toBe(404);
  });

  it("the report page's button posts a job to /exports; a reader without read:report is refused", async () => {
    const posted = await postForm(srv.url, mishu, "/exports", { intent: "start", kind: "xlsx", year: 2026, format: "zhejiang" });
    expect(posted.status).toBe(200);
    const job = jobs()[0]!;
    expect(job.kind).toBe("xlsx");
    await until(() => srv.app.exportJobs.get(mishuId, job.id)?.status === "done");
    // A responsible expert reads no reports: refused, and no job was made for him.
    const expert = await signIn(srv.url, "zhuanjia");
    const expertId = (srv.app.db.$client.prepare("SELECT id FROM users WHERE username = 'zhuanjia'").get() as { id: number }).id;
    const refused = await postForm(srv.url, expert, "/exports", { intent: "start", kind: "docx", year: 2026, format: "zhejiang" });
    expect(refused.status).toBe(403);
    expect(srv.app.exportJobs.list(expertId)).toEqual([]);
    const invalid = await postForm(srv.url, mishu, "/exports", { intent: "start", kind: "exe", year: 2026, format: "zhejiang" });
    expect(invalid.status).toBe(400);
  });

  it("socket requests are answered while a worker writes an export (the ack does not wait for it)", async () => {
    const s = socketFor(srv.url, mishu.cookie);
    sockets.push(s);
    await connected(s);
    await postForm(srv.url, mishu, "/exports", { intent: "start", kind: "xlsx", year: 2026, format: "zhejiang" });
    const job = jobs()[0]!;
    const status = () => srv.app.exportJobs.get(mishuId, job.id)?.status;
    await until(() => status() === "running", 30_000);
    // Acks answered while the job is still running: the main thread is free.
    let answeredWhileRunning = 0;
    while (status() === "running") {
      const ack = await ask(s, Msg.boardJoin, { boardId: "consortium" });
      expect(ack.ok).toBe(true);
      if (status() === "running") answeredWhileRunning++;
    }
    expect(status()).toBe("done");
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(3);
  });
});
