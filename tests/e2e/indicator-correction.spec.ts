// Indicator values that cannot be wrong silently, in two browsers: the secretariat corrects a recorded
// value with a reason, the chief scientist's open board shows the task's new progress without a reload,
// and the history keeps both rows (the old one struck through with the reason). A researcher typing a
// value more than 10x away from the latest one sees the warning, and the server refuses it unconfirmed.
import { expect, test, type Page } from "@playwright/test";
import { card, openBoard, shot, userPage, signIn } from "./helpers";

const BOARD = "/projects/1/board";
// RX01-T06 of 智元人形 (no other spec records on its 初样装配数量 or 输出端背隙): progress from its three indicators.
const TASK = "关节模组样机（初样）装配与测试";

async function openIndicators(page: Page) {
  await openBoard(page, BOARD);
  await card(page, TASK).click();
  await page.getByTestId("task-drawer").getByRole("link", { name: "查看指标、记录实测值 →" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(TASK.replace(/[()（）]/g, ".")) })).toBeVisible();
}

test("the secretariat corrects a value: the other board's progress follows live, the history shows both", async ({ page, browser }) => {
  await signIn(page, "shouxi");
  await openBoard(page, BOARD);
  const watched = card(page, TASK).getByTestId("progress-cue");
  const before = (await watched.textContent())!;

  const mishu = await userPage(browser, "mishu");
  await openIndicators(mishu);
  const indicator = mishu.getByTestId("indicator").filter({ hasText: "初样装配数量" });
  const latest = indicator.locator('[data-testid="value-row"][data-effective="true"]').first();
  const old = Number((await latest.locator("td.num").textContent())!.replace(/[^\d.]/g, ""));
  const right = old >= 2 ? old - 1 : old + 1;
  await latest.getByRole("button", { name: /^更正/ }).click();
  const form = indicator.getByTestId("correct-form");
  await form.getByLabel("更正后的值（套）").fill(String(right));
  await form.getByLabel("原因").fill("装配记录重复计数，以总装台账为准");
  await form.getByRole("button", { name: "保存更正" }).click();

  await expect(indicator.getByRole("status").filter({ hasText: "已更正实测值，进度已更新" })).toBeVisible();
  await expect(indicator.getByTestId("latest")).toContainText(`${right} 套`);
  // Both rows: the wrong one struck through with who corrected it and why, the correction tagged.
  const struck = indicator.locator("tr.amended").filter({ hasText: "装配记录重复计数，以总装台账为准" });
  await expect(struck).toContainText("已被 陈思远 更正");
  await expect(struck.locator("s").filter({ hasText: `${old} 套` })).toBeVisible();
  await expect(indicator.locator('[data-testid="value-row"][data-effective="true"]').first()).toContainText("更正值");
  // The wrong row offers nothing more: a second correction of it would be stale.
  await expect(struck.getByRole("button")).toHaveCount(0);

  // The chief scientist's board moved without a reload.
  await expect(watched).not.toHaveText(before);
  await expect(watched).toHaveText(/按指标计算 \d+%/);

  await indicator.scrollIntoViewIfNeeded();
  await indicator.screenshot({ path: shot("indicator-correction-history.png") });
  await mishu.setViewportSize({ width: 390, height: 844 });
  // On a phone the history table scrolls inside its own box; the page does not scroll sideways.
  await expect.poll(() => mishu.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await indicator.screenshot({ path: shot("indicator-correction-history-390.png") });
  await mishu.context().close();
});

test("a value more than 10x away from the latest shows the warning and is refused unconfirmed", async ({ page }) => {
  await signIn(page, "liu_yang");
  await openIndicators(page);
  const indicator = page.getByTestId("indicator").filter({ hasText: "输出端背隙" });
  const rows = indicator.locator('[data-testid="value-row"]');
  const count = await rows.count();
  // "0.9 arcmin （2026年11月…）": the number before the unit.
  const latest = Number(/^[\d.]+/.exec((await indicator.getByTestId("latest").textContent())!.trim())![0]);
  await indicator.getByRole("button", { name: "记录实测值" }).click();
  const form = indicator.getByTestId("record-form");
  await form.getByLabel("实测值（arcmin）").fill(String(Math.round(latest * 20 * 100) / 100));
  const warning = form.getByTestId("jump-warning");
  await expect(warning).toContainText(`与最新实测值 ${latest} 相差超过 10 倍`);
  await expect(warning.getByLabel("确认该值无误")).not.toBeChecked();
  await form.scrollIntoViewIfNeeded();
  await form.screenshot({ path: shot("indicator-jump-warning.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("indicator-jump-warning-390.png") });

  await form.getByRole("button", { name: "保存实测值" }).click();
  await expect(form.getByRole("alert")).toContainText("相差超过 10 倍，未保存");
  await expect(rows).toHaveCount(count);
  await expect(indicator.getByTestId("latest")).toContainText(`${latest} arcmin`);
});
