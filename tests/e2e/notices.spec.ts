import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { userPage, signIn } from "./helpers";

// The e2e server pins today to 2026-11-23. RX01-T07 (驰动伺服) is due 2026-09-22 and still in progress:
// late. 驰动伺服's unit lead in the seed is yang_fan.
const TASK = "RX01-T07";
const BODY = "RX01-T07 已逾期两个月，请于11月30日前说明原因并报送整改计划";

test("mishu issues a 督办, the unit lead's bell rises live, he answers and mishu sees 已答复", async ({ page, browser }) => {
  await signIn(page, "mishu");
  const lead = await userPage(browser, "yang_fan");
  await lead.goto("/");
  const leadBell = lead.getByTestId("notice-bell");
  await expect(leadBell).toHaveAttribute("data-live", "1");
  await expect(lead.getByTestId("notice-count")).toHaveCount(0);

  // Issue from the notices page: the task list offers late tasks only, each with its own link.
  await page.goto("/notices");
  await page.locator(".notice-candidates li").filter({ hasText: TASK }).getByRole("link", { name: "发提示/督办" }).click();
  await expect(page).toHaveURL(/task=\d+/);
  await expect(page.getByLabel("任务")).toHaveValue(/\d+/);
  await expect(page.getByLabel("任务").locator("option:checked")).toContainText(TASK);
  await page.getByLabel("类型").selectOption({ label: "督办" });
  await page.getByLabel("内容").fill(BODY);
  await page.getByLabel("答复期限").fill("2026-11-30");
  await page.getByRole("button", { name: "发出" }).click();
  await expect(page.getByText("已发出").first()).toBeVisible();
  const issued = page.locator("[data-notice]").filter({ hasText: BODY });
  await expect(issued).toContainText("待确认");

  // The lead's bell went from nothing to 1 without a reload.
  await expect(lead.getByTestId("notice-count")).toHaveText("1");
  await expect(leadBell).toHaveAttribute("aria-label", "待处理的提示/督办：1 条");

  // He opens the list, acknowledges and answers.
  await leadBell.click();
  await expect(lead).toHaveURL(/\/notices$/);
  const mine = lead.locator("[data-notice]").filter({ hasText: BODY });
  await mine.getByRole("button", { name: "确认收到" }).click();
  await expect(mine).toContainText("已确认");
  await mine.getByLabel("答复").fill("电流环带宽已达 2 kHz，剩余 EMC 整改预计 12 月 5 日完成");
  await mine.getByRole("button", { name: "提交答复" }).click();
  await expect(mine).toContainText("已答复");
  await expect(lead.getByTestId("notice-count")).toHaveCount(0);

  // mishu's bell counts the answer to review, live; the list shows 已答复 with the response.
  await expect(page.getByTestId("notice-count")).toHaveText("1");
  await page.reload();
  await expect(issued).toContainText("已答复");
  await expect(issued).toContainText("12 月 5 日完成");
  await page.screenshot({ path: "test-results/shots/notices.png", fullPage: true });

  // Validation: an empty body and a past date are refused with Chinese messages, nothing sent.
  await page.getByLabel("内容").fill("");
  await page.getByLabel("答复期限").fill("2026-11-01");
  await page.getByRole("button", { name: "发出" }).click();
  await expect(page.getByText("此项必填")).toBeVisible();
  await expect(page.getByText("答复期限不能早于今天")).toBeVisible();
  await lead.context().close();
});

test("the battle map prints to an A3 landscape PDF", async ({ page }) => {
  await signIn(page, "mishu");
  const res = await page.request.get("/battle-map.pdf?zoom=quarter");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const file = test.info().outputPath("battle-map.pdf");
  fs.writeFileSync(file, await res.body());
  expect(execFileSync("pdftotext", [file, "-"]).toString()).toContain("挂图作战");
  const page1 = test.info().outputPath("battle-map-a3");
  execFileSync("pdftoppm", ["-png", "-r", "80", "-singlefile", file, page1]);
  expect(fs.statSync(`${page1}.png`).size).toBeGreaterThan(10_000);
});
