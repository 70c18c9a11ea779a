// The annual report's exports read back, over a real server: the DOCX unzipped (jszip) with every section
// heading, A4 and page numbers; the XLSX files read with exceljs (one sheet per table, the 申报汇总表
// columns, the funding table with its total); the PDF printed by Chromium, checked with pdfinfo and
// rendered with pdftoppm. Also the narrative editor's writes over HTTP: live to another secretary, a stale
// write of the same section refused, and the saved text in the export.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import ExcelJS from "exceljs";
import type { Socket } from "socket.io-client";
import { ask, connected, loginCookie, nextEvents, socketFor, startServer, type TestServer } from "../helpers/server";
import { csrfOf, postForm } from "../helpers/forms";
import { zhCN } from "../../app/i18n/zh-CN";
import { en } from "../../app/i18n/en";
import { FUNDING_DEFS } from "../../db/seed-extras/results";
import { Msg } from "../../app/realtime/protocol";

let srv: TestServer;
let mishu: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  srv = await startServer();
  mishu = await loginCookie(srv.url, "mishu");
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await srv.close();
});

async function download(pathAndQuery: string, cookie = mishu) {
  const res = await fetch(`${srv.url}${pathAndQuery}`, { headers: { cookie } });
  expect(res.status, pathAndQuery).toBe(200);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
async function docxXml(pathAndQuery: string, cookie = mishu) {
  const { res, body } = await download(pathAndQuery, cookie);
  expect(res.headers.get("content-type")).toContain("wordprocessingml");
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file("word/document.xml")!.async("string");
  const footer = await zip.file("word/footer1.xml")!.async("string");
  return { xml, text: xml.replace(/<[^>]+>/g, ""), footer };
}
async function workbook(pathAndQuery: string) {
  const { res, body } = await download(pathAndQuery);
  expect(res.headers.get("content-type")).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe("DOCX export", () => {
  it("has the title, every Zhejiang section heading, A4 pages, official fonts and page numbers", async () => {
    const { xml, text, footer } = await docxXml("/reports/2026.docx?format=zhejiang");
    expect(text).toContain("浙江省人形机器人创新联合体2026年度实施情况自评报告");
    for (const heading of Object.values(zhCN.reports.sections.zhejiang)) expect(text).toContain(heading);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain("<w:tblHeader/>");
    expect(text).toContain("谐波减速器双圆弧齿形柔轮及其设计方法");
    expect(footer).toContain("PAGE");
  });

  it("has the six Jiangsu sections in the Jiangsu format", async () => {
    const { text } = await docxXml("/reports/2026.docx?format=jiangsu");
    expect(text).toContain("2026年度运行情况自评报告");
    for (const heading of Object.values(zhCN.reports.sections.jiangsu)) expect(text).toContain(heading);
  });

  it("follows the reader's language: an English user gets English headings", async () => {
    srv.app.db.$client.prepare("UPDATE users SET locale = 'en' WHERE username = 'mishu2'").run();
    const cookie = await loginCookie(srv.url, "mishu2");
    const { text } = await docxXml("/reports/2026.docx?format=zhejiang", cookie);
    for (const heading of Object.values(en.reports.sections.zhejiang)) expect(text).toContain(heading);
    expect(text).toContain("self-evaluation report on implementation, 2026");
    expect(text).not.toContain("一、战略目标实施情况");
  });
});

describe("XLSX exports", () => {
  it("puts every data table of the report on its own sheet with its columns", async () => {
    const wb = await workbook("/reports/2026.xlsx?format=jiangsu");
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toContain(zhCN.reports.tables.funds);
    expect(names).toContain(zhCN.reports.tables.platforms);
    expect(names.length).toBe(new Set(names).size);
    const funds = wb.getWorksheet(zhCN.reports.tables.funds)!;
    expect(rowValues(funds, 2)).toEqual(["code", "projectName", "leadUnit", "budget", "provincialFunds", "selfFunds", "spent", "suggestedFunds", "suggestion"].map((k) => (zhCN.reports.columns as Record<string, string>)[k]));
    expect(funds.rowCount).toBe(2 + 5);
    expect(typeof funds.getRow(3).getCell(4).value).toBe("number");
  });

  it("申报汇总表 has the seed's seven columns and one row for the consortium", async () => {
    const wb = await workbook("/reports/summary.xlsx");
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).value).toBe("浙江省创新联合体申报汇总表");
    expect(rowValues(ws, 2)).toEqual(["序号", "创新联合体名称", "15个战略领域", "牵头单位", "成员单位", "区县", "申报类型"]);
    const row = rowValues(ws, 3);
    expect(row.slice(0, 4)).toEqual([1, "浙江省人形机器人创新联合体", "智能控制与先进技术", "浙江智元人形机器人科技有限公司"]);
    expect(String(row[4])).toContain("浙江大学");
    expect(row.slice(5)).toEqual(["杭州市滨江区", "新建"]);
    expect(ws.rowCount).toBe(3);
  });

  it("the funding-suggestion table lists each project of the year and a total", async () => {
    const wb = await workbook("/reports/funding/2026.xlsx");
    const ws = wb.worksheets[0]!;
    expect(rowValues(ws, 2)).toEqual(["项目编号", "项目名称", "牵头单位", "总预算（万元）", "省级财政资金（万元）", "自筹资金（万元）", "实际支出（万元）", "建议拨付（万元）", "拨付建议"]);
    expect(ws.rowCount).toBe(2 + 5 + 1);
    expect(rowValues(ws, 3)[0]).toMatch(/ZDZX-RX-01$/);
    const total = rowValues(ws, 8);
    expect(total[0]).toBe("合计");
    expect(total[4]).toBe(FUNDING_DEFS.reduce((s, f) => s + f.current[0], 0));
    expect(total[7]).toBe(FUNDING_DEFS.reduce((s, f) => s + f.current[3], 0));
  });
});

describe("PDF export", () => {
  it("prints the report on A4 pages that pdftoppm renders", async () => {
    const { res, body } = await download("/reports/2026.pdf?format=zhejiang");
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(body.subarray(0, 4).toString()).toBe("%PDF");
    const file = path.join(srv.dir, "report.pdf");
    fs.writeFileSync(file, body);
    const info = execFileSync("pdfinfo", [file]).toString();
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(2);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    for (const heading of Object.values(zhCN.reports.sections.zhejiang)) expect(text.replace(/\s+/g, "")).toContain(heading);
    expect(text).toMatch(/—\s*1\s*—/);
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, path.join(srv.dir, "page1")]);
    const png = fs.readFileSync(path.join(srv.dir, "page1.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBeGreaterThan(350); // A4 at 50 dpi: 413 px wide
  }, 60_000);
});

describe("narratives over HTTP", () => {
  async function save(cookie: string, fields: Record<string, string | number>) {
    const s = { cookie, csrf: await csrfOf(srv.url, cookie) };
    return (await postForm(srv.url, s, "/reports/2026?format=zhejiang", { intent: "save", year: "2026", format: "zhejiang", ...fields })).status;
  }

  it("a save reaches the other secretary live, a stale save of the same section is refused, and the text is exported", async () => {
    const other = await loginCookie(srv.url, "mishu2");
    const s = socketFor(srv.url, other);
    sockets.push(s);
    await connected(s);
    expect((await ask(s, Msg.boardJoin, { boardId: "consortium" })).ok).toBe(true);
    const live = nextEvents(s, "consortium", 1);
    expect(await save(mishu, { key: "funds", text: "本年度经费按任务书足额到位，使用规范。", version: 0, base: "" })).toBe(200);
    const [ev] = await live;
    expect(ev).toMatchObject({ type: "report.upserted", payload: { entity: "report", key: "funds", row: { year: 2026, format: "zhejiang", version: 1, sections: { funds: "本年度经费按任务书足额到位，使用规范。" } }, by: { name: "陈思远" } } });
    const audits = (srv.app.db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
    expect(await save(other, { key: "funds", text: "另一版本", version: 0, base: "" })).toBe(409);
    expect((srv.app.db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n).toBe(audits);
    expect(await save(other, { key: "plan", text: "下一年度重点推进正样研制。", version: 0, base: "" })).toBe(200);
    const { text } = await docxXml("/reports/2026.docx?format=zhejiang");
    expect(text).toContain("本年度经费按任务书足额到位，使用规范。");
    expect(text).toContain("下一年度重点推进正样研制。");
  });

  it("refuses writers without edit:report, readers without read:report and a bad year", async () => {
    const researcher = await loginCookie(srv.url, "jiang_hao");
    expect(await save(researcher, { key: "goals", text: "x", version: 0 })).toBe(403);
    const expert = await loginCookie(srv.url, "zhuanjia");
    expect((await fetch(`${srv.url}/reports/2026.docx`, { headers: { cookie: expert } })).status).toBe(403);
    expect((await fetch(`${srv.url}/reports/26.docx`, { headers: { cookie: mishu } })).status).toBe(400);
    const index = await fetch(`${srv.url}/reports`, { headers: { cookie: mishu }, redirect: "manual" });
    expect(index.headers.get("location")).toBe("/reports/2026?format=zhejiang");
  });
});
