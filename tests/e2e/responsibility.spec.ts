import { expect, test } from "@playwright/test";
import { card, openBoard, userPage, signIn } from "./helpers";

// The e2e server pins today to 2026-11-23. 智元人形 has not signed its 2026 list in the seed;
// RX01-T11 (关节模组正样环境适应性试验, 智元人形, due 2027-06-22) belongs to project RX01 led by li_ming.
const TASK = "关节模组正样环境适应性试验";

test("a unit lead signs his unit's list; it shows signed and frozen", async ({ page }) => {
  await signIn(page, "wang_jianguo");
  await page.goto("/responsibility");
  const head = page.getByTestId("rl-head");
  await expect(head).toContainText("智元人形 · 2026");
  await expect(head).toContainText("未签署");
  // Overdue first, then the due months of the year.
  await expect(page.locator("[data-group]").first()).toHaveAttribute("data-group", /^(overdue|2026-\d\d)$/);
  await expect(page.locator("[data-item]").first()).toBeVisible();
  await page.getByRole("button", { name: "签署 2026 年度责任清单" }).click();
  await expect(head.getByRole("status")).toContainText("已签署，2026 年度责任清单已冻结");
  await expect(page.getByTestId("signed-badge")).toContainText("已签署 · 王建国 于");
  await expect(page.getByRole("button", { name: "签署 2026 年度责任清单" })).toHaveCount(0);
  await expect(page.getByTestId("since-signing")).toContainText("签署后清单未发生变化");
  await page.screenshot({ path: "test-results/shots/responsibility-signed.png", fullPage: true });

  // The export carries the signature line.
  const xlsx = await page.request.get("/responsibility.xlsx?year=2026");
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
});

test("a project lead proposes a date adjustment from the board; the chief scientist approves; the board shows the new date live", async ({ page, browser }) => {
  await signIn(page, "li_ming");
  await openBoard(page, "/board");
  await expect(card(page, TASK)).toContainText("2027-06-22");
  await card(page, TASK).click();
  const drawer = page.getByTestId("task-drawer");
  await drawer.getByRole("link", { name: "申请调整" }).click();
  await expect(page).toHaveURL(/\/changes\?propose=adjust_task&task=\d+/);

  const form = page.locator("#propose");
  await expect(form.getByRole("heading")).toContainText("为任务 RX01-T11 提出调整");
  await expect(form.getByLabel("截止日期", { exact: true })).toHaveValue("2027-06-22");
  await form.getByLabel("截止日期", { exact: true }).fill("2027-07-31");
  await form.getByRole("button", { name: "提交申请" }).click();
  await expect(form.getByText("此项必填")).toBeVisible(); // the reason
  await form.getByLabel("申请理由").fill("第三方检测机构环境试验箱排期顺延，申请截止日期顺延至7月底");
  await form.getByRole("button", { name: "提交申请" }).click();
  await expect(form.getByRole("status")).toContainText("申请已提交，等待审批");
  const mine = page.locator("[data-change]").filter({ hasText: "RX01-T11" }).first();
  await expect(mine).toContainText("待审批");
  await expect(mine.locator("ins")).toContainText("2027-07-31");
  await expect(mine.locator("del")).toContainText("2027-06-22");

  // Back on the board, live, while the chief scientist decides in his own browser.
  await openBoard(page, "/board");
  const chief = await userPage(browser, "shouxi");
  await chief.goto("/changes?status=pending");
  await expect(chief.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const request = chief.locator("[data-change]").filter({ hasText: "RX01-T11" });
  await expect(request).toContainText("由首席科学家审批");
  await request.getByRole("button", { name: "批准并生效" }).click();
  await expect(request.getByTestId("change-status")).toHaveText("已批准");
  await expect(request.getByRole("status")).toContainText("已批准，调整已生效");

  // li_ming never reloaded: the card's due date changed in place.
  await expect(card(page, TASK)).toContainText("2027-07-31");
  await card(page, TASK).click();
  await expect(page.getByTestId("task-history")).toContainText("经批准的调整申请修改了");
  await expect(page.getByTestId("task-changes")).toContainText("已批准");
  await chief.context().close();
});
