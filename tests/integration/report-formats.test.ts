// The annual report's official formats, read back from the real exports: the PDF printed by Chromium is
// turned into text by pdftotext -layout, where the funding table (表13 Zhejiang, 表6 Jiangsu) must carry
// 项目名称 and a whole project name on one line (not one character per line) and the cover page its
// fields; the DOCX unzipped has the cover and the same column shares. Members are counted by their join
// and leave dates at the report's day; the 申报汇总表's field is one of seed 001's 15, word for word.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { assembleReport, applicationSummary } from "../../app/models/report.server";
import { STRATEGIC_FIELDS } from "../../app/models/domain";
import { profileSchema } from "../../app/models/consortium";

let srv: TestServer;
let mishu: string;

beforeAll(async () => {
  srv = await startServer();
  mishu = await loginCookie(srv.url, "mishu");
});
afterAll(async () => {
  await srv.close();
});

async function download(pathAndQuery: string) {
  const res = await fetch(`${srv.url}${pathAndQuery}`, { headers: { cookie: mishu } });
  expect(res.status, pathAndQuery).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function pdfText(format: string) {
  const file = path.join(srv.dir, `report-${format}.pdf`);
  fs.writeFileSync(file, await download(`/reports/2026.pdf?format=${format}`));
  return { file, text: execFileSync("pdftotext", ["-layout", file, "-"]).toString() };
}

describe("PDF", () => {
  // Zhejiang's funding table follows the organisation section's tables (with the membership changes and
  // credit findings); Jiangsu's is in its first section.
  for (const [format, caption] of [["zhejiang", "表15"], ["jiangsu", "表6"]] as const) {
    it(`${format}: the funding table's header and a whole project name each sit on one line; the cover page has its fields`, async () => {
      const { file, text: raw } = await pdfText(format);
      const text = raw.replace(/(表\d+) (项目经费)/g, "$1　$2"); // pdftotext reads the caption's full-width space as a space
      const lines = text.split("\n");
      const projects = srv.app.db.$client.prepare("SELECT name FROM projects ORDER BY code").all() as { name: string }[];
      expect(text).toContain(`${caption}　项目经费`);
      expect(lines.some((l) => l.includes("项目名称") && l.includes("牵头单位") && l.includes("拨付建议"))).toBe(true);
      // Every project name keeps at least its first 8 characters together on one line (the old layout
      // put one character per line).
      for (const p of projects) expect(lines.some((l) => l.includes(p.name.slice(0, 8))), p.name).toBe(true);
      // Cover page: first page, with the province's lines.
      const first = execFileSync("pdftotext", ["-layout", "-f", "1", "-l", "1", file, "-"]).toString();
      for (const field of ["联系人", "联系电话", "报送日期", "2026年11月23日", "（盖章处）", "陈思远"]) expect(first).toContain(field);
      expect(first).toContain(format === "zhejiang" ? "报送单位（盖章）" : "牵头单位（盖章）");
    }, 120_000); // Chromium prints ~25 pages
  }
});

describe("DOCX", () => {
  it("has the cover page and the funding table's column widths set by content", async () => {
    const zip = await JSZip.loadAsync(await download("/reports/2026.docx?format=zhejiang"));
    const xml = await zip.file("word/document.xml")!.async("string");
    const text = xml.replace(/<[^>]+>/g, "");
    for (const field of ["报送单位（盖章）", "联系人", "联系电话", "报送日期", "（盖章处）"]) expect(text).toContain(field);
    expect(text.indexOf("报送单位（盖章）")).toBeLessThan(text.indexOf("项目经费"));
    expect(xml).toContain('w:pageBreakBefore');
    // The funding table: the grid of the table whose header has 项目名称 gives it at least 1,200 twips (about 21 mm).
    const tables = xml.split("<w:tbl>").slice(1);
    const funds = tables.find((tb) => tb.includes("项目名称") && tb.includes("拨付建议"))!;
    const widths = [...funds.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(9);
    expect(widths[1]).toBeGreaterThanOrEqual(1200); // 项目名称
    expect(widths[8]).toBeGreaterThanOrEqual(1000); // 拨付建议
  });
});

describe("members counted by their dates", () => {
  it("a unit joining after the report's day is not counted; one that left before it is not a member", () => {
    const db = srv.app.db;
    const before = assembleReport(db, { year: 2026, format: "zhejiang", today: db.$clock.today() }).figures.members;
    const stamp = db.$clock.nowIso();
    db.$client.prepare("INSERT INTO member_units (name, short_name, kind, district, joined_on, updated_at) VALUES (?, ?, 'enterprise', '杭州市', '2026-12-15', ?)").run("杭州未来加入科技有限公司", "未来加入", stamp);
    db.$client.prepare("INSERT INTO member_units (name, short_name, kind, district, joined_on, left_on, updated_at) VALUES (?, ?, 'enterprise', '杭州市', '2026-02-01', '2026-06-30', ?)").run("杭州年中退出科技有限公司", "年中退出", stamp);
    const report = assembleReport(db, { year: 2026, format: "zhejiang", today: db.$clock.today() });
    expect(report.figures.members.total).toBe(before.total);
    expect(report.figures.members.joined).toBe(before.joined + 1);
    expect(report.figures.members.left).toBe(before.left + 1);
    const members = report.sections.flatMap((s) => s.tables).find((t) => t.id === "members")!.rows.map((r) => r[1]);
    expect(members).not.toContain("杭州未来加入科技有限公司");
    expect(members).toContain("杭州年中退出科技有限公司");
    const changes = report.sections.flatMap((s) => s.tables).find((t) => t.id === "memberChanges")!.rows;
    expect(changes).toContainEqual(["杭州年中退出科技有限公司", "退出", "2026-06-30", ""]);
    const summary = applicationSummary(db, "zh-CN").rows[0]![4] as string;
    expect(summary).not.toContain("杭州未来加入科技有限公司");
    expect(summary).not.toContain("杭州年中退出科技有限公司");
  });
});

describe("seed 001's 15 strategic fields", () => {
  const SEED_001 = "云计算与未来网络、智能计算与人工智能、微电子与光电子、大数据与信息安全、智能控制与先进技术、结构生物学及关键生物技术、脑科学与脑机融合、组学与精准医学、新药创制与高端医疗器械、生物育种与现代农业、精细化工与复合材料、功能材料、新能源开发与利用、海洋与空天材料、双碳与环保技术";
  it("are the profile's choices word for word, and the 申报汇总表 shows one of them", () => {
    expect([...STRATEGIC_FIELDS]).toEqual(SEED_001.split("、"));
    expect(profileSchema.shape.field.safeParse("人形机器人").success).toBe(false);
    expect(applicationSummary(srv.app.db, "zh-CN").rows[0]![2]).toBe("智能控制与先进技术");
  });
});
