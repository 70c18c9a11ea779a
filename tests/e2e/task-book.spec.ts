import { expect, test } from "@playwright/test";
import { card, openBoard, shot, userPage, signIn } from "./helpers";

// 任务书 and its 论证 by an outside expert. 钱学东 (浙大), lead of RX-03, opens the project's 任务书 from its
// board, finds it empty and submits version 1 (the document, goals, two units' duties, two indicators).
// 郑文博 (浙江工业大学, a responsible expert of RX-03 from a unit that takes no part in it), signed in in
// another browser, sees it in his inbox, opens it and records 通过. 钱学东's page shows the review live;
// he creates the tasks and indicators from it and they are on the project board.
const PROJECT = 3; // 2025ZDZX-RX-03 运动控制芯片与实时操作系统 (seed order)
const ZD_TASK = "运动控制SoC流片与封测（任务书）";
const XD_TASK = "实时操作系统内核移植（任务书）";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n");

// Three browsers and many steps on a shared two-core machine: a generous budget.
test.describe.configure({ timeout: 180_000 });

test("the project lead submits the task book, an outside expert reviews it from his inbox, the lead creates the tasks from it", async ({ page, browser }) => {
  await signIn(page, "qian_xuedong");
  await openBoard(page, `/projects/${PROJECT}/board`);
  await page.getByRole("link", { name: "任务书" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("RX-03");
  await expect(page.getByText("本项目尚未提交任务书。")).toBeVisible();

  const form = page.locator("form.tb-form");
  await form.getByLabel("任务书文件").setInputFiles({ name: "RX-03任务书.pdf", mimeType: "application/pdf", buffer: PDF });
  await form.getByLabel("项目目标").fill("研制自主可控的运动控制SoC并完成实时操作系统适配，支撑整机控制器国产化。");
  const division = form.getByTestId("tb-division-row");
  await division.nth(0).getByLabel("单位").selectOption({ label: "浙大" });
  await division.nth(0).getByLabel("分工任务").fill(ZD_TASK);
  await division.nth(0).getByLabel("承担内容").fill("负责SoC后端设计、流片与封装测试");
  await form.getByRole("button", { name: "添加单位分工" }).click();
  await division.nth(1).getByLabel("单位").selectOption({ label: "芯动芯片" });
  await division.nth(1).getByLabel("分工任务").fill(XD_TASK);
  await division.nth(1).getByLabel("承担内容").fill("负责RTOS内核移植与驱动适配");
  const indicators = form.getByTestId("tb-indicator-row");
  await indicators.nth(0).getByLabel("指标名称").fill("控制周期");
  await indicators.nth(0).getByLabel("方向").selectOption({ label: "越低越好" });
  await indicators.nth(0).getByLabel("计量单位").fill("μs");
  await indicators.nth(0).getByLabel("基线值").fill("250");
  await indicators.nth(0).getByLabel("目标值").fill("100");
  await indicators.nth(0).getByLabel("责任单位").selectOption({ label: "浙大" });
  await form.getByRole("button", { name: "添加指标" }).click();
  await indicators.nth(1).getByLabel("指标名称").fill("RTOS 中断响应时间");
  await indicators.nth(1).getByLabel("方向").selectOption({ label: "越低越好" });
  await indicators.nth(1).getByLabel("计量单位").fill("μs");
  await indicators.nth(1).getByLabel("基线值").fill("20");
  await indicators.nth(1).getByLabel("目标值").fill("5");
  await indicators.nth(1).getByLabel("责任单位").selectOption({ label: "芯动芯片" });
  await form.getByRole("button", { name: "提交" }).click();
  await expect(page.locator(".alert.ok")).toContainText("已提交新版本");
  const latest = page.getByTestId("tb-latest");
  await expect(latest.getByRole("heading", { name: /第 1 版/ })).toBeVisible();
  await expect(latest.locator(".tb-state")).toHaveText("待论证");
  await expect(latest.getByRole("link", { name: /RX-03任务书\.pdf/ })).toBeVisible();
  await expect(latest.getByRole("button", { name: "据此创建任务和指标" })).toBeDisabled();
  await expect(latest).toContainText("第 1 版尚未通过论证");

  // The outside expert: told in his inbox, reviews from there.
  const expert = await userPage(browser, "zhuanjia2");
  await expert.goto("/inbox");
  const item = expert.getByTestId("inbox-item").filter({ hasText: "任务书第 1 版" });
  await expect(item).toContainText("钱学东 提交了");
  await expect(item).toContainText("请您论证");
  await item.getByRole("link").first().click();
  await expect(expert).toHaveURL(new RegExp(`/projects/${PROJECT}/taskbook`));
  const review = expert.locator("form.tb-review-form");
  await review.getByLabel("通过", { exact: true }).check();
  await review.getByLabel("论证意见").fill("目标明确，指标可考核，分工合理，同意通过。");
  await review.getByRole("button", { name: "提交论证意见" }).click();
  await expect(expert.locator(".alert.ok")).toContainText("已提交论证意见");
  await expect(expert.getByTestId("tb-latest").locator(".tb-review")).toContainText("目标明确，指标可考核");
  await expect(expert.getByText("您已论证此版本")).toBeVisible();

  // The lead's open page shows the review without a reload; he creates the tasks from it.
  await expect(latest.locator(".tb-review")).toContainText("郑文博（浙工大）");
  await expect(latest.locator(".tb-state")).toHaveText("已通过论证");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot("task-book-desktop.png"), fullPage: true });
  await latest.getByRole("button", { name: "据此创建任务和指标" }).click();
  await expect(page.locator(".alert.ok")).toContainText("已创建任务和考核指标");
  await expect(latest).toContainText("已根据第 1 版创建任务和考核指标");

  await openBoard(page, `/projects/${PROJECT}/board`);
  await expect(card(page, ZD_TASK)).toBeVisible();
  await expect(card(page, XD_TASK)).toBeVisible();

  // The page on a phone, with the form for the next version open: no sideways scroll.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  await signIn(mobile, "qian_xuedong");
  await mobile.goto(`/projects/${PROJECT}/taskbook`);
  await expect(mobile.getByTestId("tb-latest")).toBeVisible();
  await mobile.getByText("提交新版本").click();
  await expect(mobile.locator("form.tb-form").getByLabel("项目目标")).toBeVisible();
  expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await mobile.evaluate(() => window.scrollTo(0, 0));
  await mobile.screenshot({ path: shot("task-book-phone.png"), fullPage: true });
  await mobile.getByTestId("tb-division-row").first().scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: shot("task-book-phone-form.png") });
  await phone.close();
  await expert.context().close();
});
