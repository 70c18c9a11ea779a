import { expect, test, type Page } from "@playwright/test";
import { openBoard, userPage, shot, signIn } from "./helpers";

// The e2e server pins today to 2026-11-23; the seed's dates are relative to it.
const MAP = "/battle-map";
const row = (page: Page, code: string) => page.getByTestId("bm-task").filter({ hasText: code });
const bar = (page: Page, code: string) => row(page, code).getByTestId("bm-bar");

/** Focus a bar, lift it with Space, press `key` `times` (one week each at month zoom), drop it. */
async function keyboardMove(page: Page, code: string, key: "ArrowLeft" | "ArrowRight", times: number, expectDates: string) {
  await bar(page, code).focus();
  await page.keyboard.press("Space");
  await expect(page.locator("[id^=DndLiveRegion]")).toContainText("已拿起任务");
  const live = page.getByTestId("bm-live");
  // dnd-kit starts listening for keys just after lifting; a key pressed before that is lost (and not
  // counted: the live text appears only once the bar has moved), so retry the first one.
  await expect(async () => {
    await page.keyboard.press(key);
    await expect(live).toContainText("调整为", { timeout: 500 });
  }).toPass();
  for (let i = 1; i < times; i++) await page.keyboard.press(key);
  await expect(live).toContainText(expectDates);
  await page.keyboard.press("Space");
}

test("lanes per unit with bars, milestone diamonds, dependency arrows and a legend; quarter zoom", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  const lanes = page.getByTestId("bm-lane");
  await expect(lanes.first()).toContainText("智元人形");
  expect(await lanes.count()).toBeGreaterThan(3);
  expect(await page.getByTestId("bm-bar").count()).toBeGreaterThan(10);
  await expect(page.getByTestId("milestone").first()).toBeVisible();
  expect(await page.getByTestId("bm-arrow").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("bm-legend")).toContainText("严重滞后");
  // Status is spelled out for screen readers and colour-blind users, not only coloured.
  await expect(row(page, "RX04-T08").getByRole("img").first()).toHaveAttribute("aria-label", /预警：进度滞后/);
  // Closed tasks are struck through.
  await expect(row(page, "RX01-T01")).toHaveClass(/closed/);
  await page.screenshot({ path: shot("battle-map-month.png") });

  const monthWidth = (await bar(page, "RX03-T07").boundingBox())!.width;
  await page.getByRole("button", { name: "季度", exact: true }).click();
  await expect(page).toHaveURL(/zoom=quarter/);
  await expect(page.getByTestId("battle-map")).toHaveAttribute("data-zoom", "quarter");
  await expect(page.getByTestId("bm-tick").filter({ hasText: /^Q4$/ }).first()).toBeVisible();
  const quarterWidth = (await bar(page, "RX03-T07").boundingBox())!.width;
  expect(quarterWidth).toBeLessThan(monthWidth / 2);
  await page.screenshot({ path: shot("battle-map-quarter.png") });
});

test("a filtered view lives in the URL and survives a reload", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  await page.getByRole("combobox", { name: "单位", exact: true }).selectOption({ label: "具身实验室" });
  await expect(page).toHaveURL(/unit=2/);
  await page.getByRole("button", { name: "按项目" }).click();
  await expect(page).toHaveURL(/lanes=project/);
  const count = await page.getByTestId("bm-count").textContent();
  expect(count).toMatch(/显示 3 \/ \d+ 项任务/);

  await page.reload();
  await expect(page.getByRole("combobox", { name: "单位", exact: true })).toHaveValue("2");
  await expect(page.getByTestId("bm-count")).toHaveText(count!);
  await expect(page.getByRole("button", { name: "按项目" })).toHaveAttribute("aria-pressed", "true");
  expect(await page.getByTestId("bm-task").count()).toBe(3);
  // Another person opening the same link sees the same view.
  const url = page.url();
  const other = await (await page.context().browser()!.newContext()).newPage();
  await signIn(other, "mishu");
  await other.goto(url);
  await expect(other.getByTestId("bm-count")).toHaveText(count!);
  await other.context().close();
});

test("keyboard rescheduling in one browser appears live in another", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openBoard(page, MAP);
  const watcher = await userPage(browser, "shouxi");
  await openBoard(watcher, MAP);
  await expect(bar(watcher, "RX03-T07")).toHaveAttribute("data-start", "2026-07-23");

  await keyboardMove(page, "RX03-T07", "ArrowRight", 2, "2026-08-06 至 2027-02-05");
  await expect(bar(page, "RX03-T07")).toHaveAttribute("data-start", "2026-08-06");
  await expect(bar(watcher, "RX03-T07")).toHaveAttribute("data-start", "2026-08-06");
  await expect(bar(watcher, "RX03-T07")).toHaveAttribute("data-due", "2027-02-05");
  await page.reload();
  await expect(bar(page, "RX03-T07")).toHaveAttribute("data-due", "2027-02-05");
  await watcher.context().close();
});

test("pointer drag moves a bar by whole days; a second browser sees it move", async ({ page, browser }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  const watcher = await userPage(browser, "zongtibu");
  await openBoard(watcher, MAP);
  await expect(bar(watcher, "RX01-T09")).toHaveAttribute("data-start", "2026-09-23");
  const b = bar(page, "RX01-T09");
  await expect(b).toHaveAttribute("data-start", "2026-09-23");
  const box = (await b.boundingBox())!;
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 20, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(box.x + 10 + 40, box.y + box.height / 2 + 30, { steps: 8 }); // 40 px = 10 days at month zoom
  await expect(b.locator(".bm-drag-tip")).toHaveText("2026-10-03 → 2027-02-01");
  await page.mouse.up();
  await expect(b).toHaveAttribute("data-start", "2026-10-03");
  await expect(b).toHaveAttribute("data-due", "2027-02-01");
  await expect(bar(watcher, "RX01-T09")).toHaveAttribute("data-start", "2026-10-03");
  await expect(bar(watcher, "RX01-T09")).toHaveAttribute("data-due", "2027-02-01");
  await watcher.context().close();
});

test("moving a task before its predecessor is due asks first; cancel keeps the dates", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  // RX04-T08 starts the day after its predecessor RX04-T06 is due (2026-09-22).
  await keyboardMove(page, "RX04-T08", "ArrowLeft", 1, "2026-09-16 至 2026-12-15");
  const dialog = page.getByTestId("reschedule-dialog");
  await expect(dialog).toContainText("开始早于前置任务 RX04-T06");
  await expect(dialog).toContainText("2026-09-22");
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toBeHidden();
  await expect(bar(page, "RX04-T08")).toHaveAttribute("data-start", "2026-09-23");

  await keyboardMove(page, "RX04-T08", "ArrowLeft", 1, "2026-09-16 至 2026-12-15");
  await dialog.getByRole("button", { name: "仍然改期" }).click();
  await expect(bar(page, "RX04-T08")).toHaveAttribute("data-start", "2026-09-16");
  await page.reload();
  await expect(bar(page, "RX04-T08")).toHaveAttribute("data-start", "2026-09-16");
});

test("a researcher cannot pick up another unit's bar; an expert sees only their projects", async ({ page, browser }) => {
  await signIn(page, "jiang_hao");
  await openBoard(page, MAP);
  const movable = await page.locator(".bm-bar.movable").count();
  const all = await page.getByTestId("bm-bar").count();
  expect(movable).toBeGreaterThan(0);
  expect(movable).toBeLessThan(all);

  const expert = await userPage(browser, "zhuanjia2");
  await expert.goto(MAP);
  await expect(expert.getByText("仅显示您负责的项目")).toBeVisible();
  expect(await expert.locator(".bm-bar.movable").count()).toBe(0);
  await expert.context().close();
});

test("a notice issued in one browser shows as a mark on the map in another, for those who may see it; closing it removes the mark", async ({ page, browser }) => {
  // RX03-T08 (浙大) is behind plan, so the notices page offers it. The map is filtered to 浙大's tasks.
  const unitMap = `${MAP}?unit=10`;
  const chief = await userPage(browser, "shouxi");
  await openBoard(chief, unitMap);
  await expect(row(chief, "RX03-T08")).toBeVisible();
  await expect(row(chief, "RX03-T08").getByTestId("bm-notices")).toHaveCount(0);
  const outsider = await userPage(browser, "deng_yu"); // 灵犀科技: not his unit's notice

  await signIn(page, "mishu");
  await page.goto("/notices");
  await page.locator(".notice-candidates li").filter({ hasText: "RX03-T08" }).getByRole("link", { name: "发提示/督办" }).click();
  await page.getByLabel("类型").selectOption({ label: "提示" });
  await page.getByLabel("内容").fill("RX03-T08 进度滞后，请本周内补报功能安全分析进展");
  await page.getByLabel("答复期限").fill("2026-12-04");
  await page.getByRole("button", { name: "发出" }).click();
  await expect(page.getByText("已发出").first()).toBeVisible();

  // Live, without a reload: the mark (提) sits at the end of the bar and says what it is.
  const mark = row(chief, "RX03-T08").getByRole("link", { name: /^提示：RX03-T08 进度滞后/ });
  await expect(mark).toBeVisible();
  await expect(mark).toHaveText("提");
  await expect(mark).toHaveAttribute("aria-label", /待确认，2026-12-04 前答复/);
  await chief.screenshot({ path: "test-results/shots/battle-map-notice.png" });
  // Another unit's researcher: not on his map, live or after a reload.
  await openBoard(outsider, unitMap);
  await expect(row(outsider, "RX03-T08")).toBeVisible();
  await expect(row(outsider, "RX03-T08").getByTestId("bm-notices")).toHaveCount(0);

  // Closing it takes the mark off the open map.
  const issued = page.locator("[data-notice]").filter({ hasText: "RX03-T08 进度滞后" });
  await issued.getByRole("button", { name: "关闭" }).click();
  await expect(issued).toContainText("已关闭");
  await expect(row(chief, "RX03-T08").getByTestId("bm-notices")).toHaveCount(0);
  await chief.context().close();
  await outsider.context().close();
});

test("print exports every row of the current view: the PDF link keeps the filters", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, `${MAP}?unit=1&zoom=quarter`);
  await expect(page.getByTestId("bm-print-pdf")).toHaveAttribute("href", "/battle-map.pdf?unit=1&zoom=quarter");
  await expect(page.getByTestId("bm-print-png")).toHaveAttribute("href", "/battle-map.png?unit=1&zoom=quarter");
  // The print view itself: no virtualisation, every filtered row in the page, the header in a table head.
  await page.goto(`${MAP}?print=1`);
  const shown = await page.getByTestId("bm-task").count();
  expect(shown).toBeGreaterThan(45); // more than one screen of the virtualised map
  await expect(page.getByTestId("battle-map")).toHaveAttribute("data-print", "true");
  await expect(page.getByText(/打印日期 2026-11-23 · 共 \d+ 项任务/)).toContainText(`共 ${shown} 项任务`);
  await expect(page.locator("table.bm-print thead [data-testid=bm-tick]").first()).toBeVisible();
});

test("调整日期 toggles the drag mode; a keyboard reschedule is announced with its new dates and 撤销 writes the old ones back", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, `${MAP}?project=2`); // RX02 only: its rows are all on screen
  const toggle = page.getByTestId("bm-adjust");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("battle-map")).toHaveClass(/adjusting/);
  await page.screenshot({ path: shot("battle-map-adjust-desktop.png") });
  await toggle.click();
  await expect(page.getByTestId("bm-adjust-hint")).toHaveCount(0);

  // RX02-T07 (灵犀科技, in progress, 2026-06-23 → 2026-12-22): one week later by keyboard.
  await expect(bar(page, "RX02-T07")).toHaveAttribute("data-start", "2026-06-23");
  await keyboardMove(page, "RX02-T07", "ArrowRight", 1, "2026-06-30 至 2026-12-29");
  const warn = page.getByRole("button", { name: "仍然改期" });
  if (await warn.isVisible().catch(() => false)) await warn.click();
  await expect(page.locator("[id^=DndLiveRegion]")).toContainText("已改期为 2026-06-30 至 2026-12-29");
  await expect(bar(page, "RX02-T07")).toHaveAttribute("data-start", "2026-06-30");
  const offer = page.getByTestId("toast").filter({ hasText: "改为 2026-06-30 至 2026-12-29" });
  await offer.getByRole("button", { name: "撤销" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "恢复为 2026-06-23 至 2026-12-22" })).toBeVisible();
  await expect(bar(page, "RX02-T07")).toHaveAttribute("data-due", "2026-12-22");
  await page.reload();
  await expect(bar(page, "RX02-T07")).toHaveAttribute("data-start", "2026-06-23");
});
