// Results registry and the annual self-evaluation report in real browsers (today pinned to 2026-11-23):
// a result registered by a researcher appears live for the secretariat and "mark in use" empties the
// 先用后转 pool; two secretaries edit the report's narratives live, with a conflict shown and resolved;
// page 1 of the exported PDF is rendered with pdftoppm, in Chinese and for an English user.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { userPage, shot, signIn } from "./helpers";

const REPORT = "/reports/2026?format=zhejiang";
const narrative = (page: Page, key: string) => page.getByTestId(`narrative-${key}`);

async function openLive(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
}

/** Downloads the report PDF with the page's session and renders its first page as a screenshot (see `shot`). */
/** The PDF's cover (page 1, also drawn to `out`) and first page of text (page 2), as text. */
async function pdfPage1(page: Page, out: string): Promise<string> {
  const res = await page.request.get(`/reports/2026.pdf?format=zhejiang`);
  expect(res.status()).toBe(200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-"));
  const file = path.join(dir, "report.pdf");
  fs.writeFileSync(file, await res.body());
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, out.replace(/\.png$/, "")]);
  expect(fs.statSync(out).size).toBeGreaterThan(10_000);
  const text = execFileSync("pdftotext", ["-f", "1", "-l", "2", file, "-"]).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

test("a result registered by a researcher appears live; marking the pooled patent in use empties the pool", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openLive(page, "/results");
  const pool = page.getByTestId("pool-list");
  await expect(pool).toContainText("谐波减速器双圆弧齿形柔轮及其设计方法");
  await expect(page.getByTestId("fig-pooled")).toHaveText("1");
  await expect(page.getByTestId("warn-list")).toContainText("满 21 个月");
  await page.screenshot({ path: shot("results.png"), fullPage: false });

  const jiang = await userPage(browser, "jiang_hao");
  await openLive(jiang, "/results");
  const form = jiang.getByTestId("result-form");
  await form.getByLabel("成果类型").selectOption("patent");
  await form.getByLabel("成果名称").fill("一种谐波减速器柔轮应力在线监测装置");
  await form.getByLabel("专利号/登记号/标准号").fill("ZL202620001234.5");
  await form.getByLabel("取得知识产权日期").fill("2026-11-02");
  await form.getByLabel("共性技术成果（适用先用后转）").check();
  await form.getByRole("button", { name: "登记成果" }).click();
  await expect(jiang.getByRole("status").filter({ hasText: "成果已登记" })).toBeVisible();
  // The secretariat's registry shows it without a reload.
  await expect(page.getByTestId("results-table")).toContainText("一种谐波减速器柔轮应力在线监测装置");
  await expect(page.getByTestId("rs-count")).toHaveText("共 17 项");

  // 精传减速 puts its pooled patent to use: the pool empties on the secretariat's page, live.
  const row = jiang.locator("tr", { hasText: "谐波减速器双圆弧齿形柔轮及其设计方法" });
  await row.getByText("标记已实施").click();
  await row.getByPlaceholder("实施单位与应用场景").fill("智元人形关节模组产线");
  await row.getByRole("button", { name: "确认已实施" }).click();
  await expect(jiang.getByRole("status").filter({ hasText: "先用后转计时停止" })).toBeVisible();
  await expect(pool).toContainText("目前没有纳入成果池的成果");
  await expect(page.getByTestId("fig-pooled")).toHaveText("0");
  await jiang.context().close();
});

test("two secretaries edit the report: saves arrive live, a clash on one section is shown and resolved", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openLive(page, REPORT);
  await expect(page.getByRole("heading", { level: 2, name: "三、重大项目任务执行完成情况" })).toBeVisible();
  await expect(page.getByTestId("section-tasks")).toContainText("另有2项处于入池预警");
  const other = await userPage(browser, "mishu2");
  await openLive(other, REPORT);

  // A save by one appears in the other's editor.
  await narrative(page, "goals").locator("textarea").fill("本年度各项战略目标总体按计划推进。");
  await narrative(page, "goals").getByRole("button", { name: "保存本部分" }).click();
  await expect(narrative(page, "goals")).toContainText("已保存");
  await expect(other.getByTestId("draft-saved")).toContainText("草稿最后保存：陈思远");
  await expect(narrative(other, "goals").locator("textarea")).toHaveValue("本年度各项战略目标总体按计划推进。");

  // Both edit the funds section; the first save wins, the second sees the clash.
  await narrative(other, "funds").locator("textarea").fill("经费使用说明（周雨桐）");
  await narrative(page, "funds").locator("textarea").fill("经费使用说明（陈思远）");
  await narrative(page, "funds").getByRole("button", { name: "保存本部分" }).click();
  await expect(narrative(page, "funds")).toContainText("已保存");
  await expect(narrative(other, "funds")).toContainText("陈思远 刚刚修改了本部分");
  await narrative(other, "funds").getByRole("button", { name: "保存本部分" }).click();
  const conflict = other.getByTestId("narrative-conflict");
  await expect(conflict).toContainText("本部分已被他人修改");
  await expect(conflict).toContainText("经费使用说明（陈思远）");
  await conflict.getByRole("button", { name: "以我的版本覆盖" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(narrative(page, "funds").locator("textarea")).toHaveValue("经费使用说明（周雨桐）");
  // The other section saved meanwhile is untouched.
  await expect(narrative(page, "goals").locator("textarea")).toHaveValue("本年度各项战略目标总体按计划推进。");

  await page.getByRole("link", { name: "江苏省格式" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "二、高水平研发平台建设情况" })).toBeVisible();
  await page.getByRole("link", { name: "浙江省格式" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "一、战略目标实施情况" })).toBeVisible();
  await page.screenshot({ path: shot("reports.png"), fullPage: false });
  await other.context().close();
});

test("the cover and first page of the exported PDF, in Chinese and for an English user", async ({ page, browser }) => {
  test.setTimeout(120_000); // two Chromium prints (export jobs) in one test, on a shared machine
  await signIn(page, "mishu");
  const zh = await pdfPage1(page, shot("report-pdf-zh.png"));
  expect(zh.replace(/\s+/g, "")).toContain("浙江省人形机器人创新联合体2026年度实施情况自评报告");
  expect(zh).toContain("报送单位（盖章）");
  expect(zh).toContain("（盖章处）");
  expect(zh).toContain("一、战略目标实施情况");

  const english = await userPage(browser, "mishu2");
  await english.goto("/account");
  await english.getByLabel("界面语言 / Language").selectOption("en");
  await english.getByRole("button", { name: "切换语言" }).click();
  await expect(english.locator("html")).toHaveAttribute("lang", "en");
  await english.goto(REPORT);
  await expect(english.getByRole("heading", { level: 1 })).toHaveText("Annual self-evaluation report");
  const en = (await pdfPage1(english, shot("report-pdf-en.png"))).replace(/\s+/g, " ");
  // The long English title wraps at its hyphen, which pdftotext then drops.
  expect(en).toMatch(/self-?evaluation report on implementation, 2026/);
  expect(en).toContain("Submitted by (seal)");
  expect(en).toContain("1. Strategic goals and their achievement");
  await english.context().close();
});
