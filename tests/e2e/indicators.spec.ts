import { expect, test } from "@playwright/test";
import { card, openBoard, userPage, signIn } from "./helpers";

const BOARD = "/projects/2/board";
const TASK = "灵巧手初样集成与抓取测试";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n");

// RX02-T08 of 灵犀科技 (researcher 邓宇) has three seeded indicators: 灵巧手自由度 18 of 12 → 20 个 (75 %),
// 整手质量 1.49 of 1.8 → 1.2 kg (52 %) and 完成百类物体抓取测试 = 是 (100 %), so its progress is computed: 76 %.
// (No other spec touches this task: the specs share one server.)
test("a researcher records a value with a file; the board of another user shows the new progress live", async ({ page, browser }) => {
  // The chief scientist watches the project board.
  await signIn(page, "shouxi");
  await openBoard(page, BOARD);
  const watched = card(page, TASK);
  await expect(watched.getByTestId("progress-cue")).toHaveText("按指标计算 76%");

  // The researcher opens the task from the board: typed progress is disabled, the drawer links to the indicators.
  const researcher = await userPage(browser, "deng_yu");
  await openBoard(researcher, BOARD);
  await card(researcher, TASK).click();
  const drawer = researcher.getByTestId("task-drawer");
  await expect(drawer.getByLabel("进度（%）")).toBeDisabled();
  await expect(drawer.getByText("考核指标（3 项）")).toBeVisible();
  await drawer.getByRole("link", { name: "查看指标、记录实测值 →" }).click();
  await expect(researcher.getByRole("heading", { name: /灵巧手初样集成与抓取测试/ })).toBeVisible();
  await expect(researcher.getByTestId("task-progress")).toContainText("76%");
  await expect(researcher.getByTestId("task-progress")).toContainText("按指标计算");

  // Record 1.2 kg with the test report attached.
  const indicator = researcher.getByTestId("indicator").filter({ hasText: "整手质量" });
  await indicator.getByRole("button", { name: "记录实测值" }).click();
  const form = indicator.getByTestId("record-form");
  await form.getByLabel("实测值（kg）").fill("1.2");
  await form.getByLabel("说明").fill("碳纤维指节替换后称重，含腱绳驱动模块");
  await form.getByLabel("佐证材料").setInputFiles({ name: "整手称重报告.pdf", mimeType: "application/pdf", buffer: PDF });
  await form.getByRole("button", { name: "保存实测值" }).click();

  await expect(indicator.getByRole("status")).toHaveText("已记录实测值，进度已更新");
  await expect(indicator.getByTestId("latest")).toContainText("1.2 kg");
  await expect(indicator.getByRole("link", { name: /整手称重报告\.pdf/ })).toBeVisible();
  await expect(indicator.locator(".ind-state")).toHaveText("已达标");
  // (75 % + 100 % + 100 %) / 3
  await expect(researcher.getByTestId("task-progress")).toContainText("92%");

  // The other user's board updated without a reload.
  await expect(watched.getByTestId("progress-cue")).toHaveText("按指标计算 92%");
  await expect(watched.locator(".progress")).toHaveAttribute("aria-label", "进度 92%");

  // The evidence downloads as an attachment for a reader of the project.
  const download = researcher.waitForEvent("download");
  await indicator.getByRole("link", { name: /整手称重报告\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe("整手称重报告.pdf");
  await researcher.context().close();
});

test("a refused upload says why and records nothing", async ({ page }) => {
  await signIn(page, "deng_yu");
  await openBoard(page, BOARD);
  await card(page, TASK).click();
  await page.getByTestId("task-drawer").getByRole("link", { name: "查看指标、记录实测值 →" }).click();
  const indicator = page.getByTestId("indicator").filter({ hasText: "灵巧手自由度" });
  const rows = indicator.locator("table.ind-values tbody tr");
  await expect(rows).toHaveCount(3); // seeded: 14, 16 and 18 个
  await indicator.getByRole("button", { name: "记录实测值" }).click();
  const form = indicator.getByTestId("record-form");
  await form.getByLabel("实测值（个）").fill("19");
  await form.getByLabel("佐证材料").setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) });
  await form.getByRole("button", { name: "保存实测值" }).click();
  await expect(form.getByRole("alert")).toContainText("文件「setup.exe」类型不允许或与扩展名不符，未保存");
  await expect(rows).toHaveCount(3);
  await expect(indicator.getByTestId("latest")).toContainText("18 个");
});
