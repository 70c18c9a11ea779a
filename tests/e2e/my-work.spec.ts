// 我的工作 in a real browser: a researcher records an indicator value from the front page (one tap opens
// the form, a photo as evidence, submit) and sees his list update; an expert and the secretariat find
// their work and follow it to where it is done. At 390 px wide: no sideways scroll, ≥44 px targets, axe clean.
import { expect, test, type Page } from "@playwright/test";
import { login, shot } from "./helpers";
import { axeViolations, settle, sidewaysOverflow } from "./main-pages";
import { PNG } from "../helpers/evidence-fixtures";

async function phoneChecks(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await settle(page);
  expect(await sidewaysOverflow(page)).toMatchObject({ overflow: 0 });
  // Every link and button of the lists is a finger-sized target.
  const small = await page.locator(".my-work .mw-link, .my-work .mw-action, .my-work .mw-more").evaluateAll((els) =>
    els.filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.textContent?.slice(0, 30)),
  );
  expect(small).toEqual([]);
  const violations = await axeViolations(page);
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
  await page.screenshot({ path: shot(`my-work-${name}-390.png`), fullPage: true });
}

test("researcher: records an indicator value from 我的工作 in one tap and the list updates", async ({ page }) => {
  await login(page, "liu_yang");
  await expect(page).toHaveTitle(/^我的工作 · 科研人员/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 科研人员");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const tasks = page.getByTestId("mw-task");
  await expect(tasks.first()).toBeVisible();
  await expect(tasks.first().getByRole("link")).toHaveAttribute("href", /^\/tasks\/\d+$/);
  const indicators = page.getByTestId("mw-indicator");
  await expect(indicators).toHaveCount(1);
  await page.screenshot({ path: shot("my-work-researcher-desktop.png"), fullPage: true });

  // One tap opens the form in place; the evidence input offers the camera and PDFs.
  await indicators.first().getByTestId("mw-record").click();
  const form = page.getByTestId("record-form");
  await expect(form).toBeVisible();
  const file = form.locator('input[type="file"]');
  await expect(file).toHaveAttribute("accept", "image/*,application/pdf");
  await expect(file).toHaveAttribute("capture", "environment");
  await file.setInputFiles({ name: "验证报告.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
  await form.getByRole("button", { name: "保存实测值" }).click();

  // The yes/no indicator is met by the value: it leaves the list, and the page says so.
  await expect(page.getByTestId("mw-recorded")).toBeVisible();
  await expect(indicators).toHaveCount(0);
  await expect(page.getByTestId("mw-indicators")).toContainText("没有需要您记录的考核指标");
  await phoneChecks(page, "researcher");
});

test("expert: checks and TRL claims waiting for him, each a link to where he decides", async ({ page }) => {
  await login(page, "zhuanjia");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 项目责任专家");
  await expect(page.getByTestId("mw-claim").first()).toBeVisible();
  await page.screenshot({ path: shot("my-work-expert-desktop.png"), fullPage: true });
  await phoneChecks(page, "expert");
  await page.getByTestId("mw-check").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/checks\/\d+$/);
});

test("secretariat: the close-out round, units that have not filed, open notices", async ({ page }) => {
  await login(page, "mishu");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 秘书处");
  await expect(page.getByTestId("mw-round-item")).toContainText("销号轮次");
  await expect(page.getByTestId("mw-missing-filing").first()).toBeVisible();
  await expect(page.getByTestId("mw-open-notices")).toBeVisible();
  await expect(page.getByRole("heading", { name: "联合体总览" })).toBeVisible();
  await page.screenshot({ path: shot("my-work-secretariat-desktop.png"), fullPage: true });
  await phoneChecks(page, "secretariat");
  await page.getByTestId("mw-round-item").getByRole("link").click();
  await expect(page).toHaveURL(/\/closeout\/\d+$/);
});

test("unit lead: the unit's overdue tasks, this month's filing, acceptances to sign", async ({ page }) => {
  await login(page, "wang_jianguo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 单位负责人");
  await expect(page.getByTestId("mw-acceptance").first()).toBeVisible();
  await expect(page.getByTestId("mw-filing-item")).toBeVisible();
  await page.screenshot({ path: shot("my-work-unit-lead-desktop.png"), fullPage: true });
  await phoneChecks(page, "unit-lead");
});

test("researcher and project lead: both sections, milestones with their colours", async ({ page }) => {
  await login(page, "li_ming");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 科研人员、项目负责人");
  await expect(page.getByTestId("mw-milestone").first()).toBeVisible();
  await page.screenshot({ path: shot("my-work-project-lead-desktop.png"), fullPage: true });
  await phoneChecks(page, "project-lead");
});

test("chief scientist: the dashboard's key figures and the way to it", async ({ page }) => {
  await login(page, "shouxi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的工作 · 首席科学家");
  await page.screenshot({ path: shot("my-work-chief-desktop.png"), fullPage: true });
  await phoneChecks(page, "chief");
  await page.getByTestId("home-dashboard").click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
