import { expect, test, type Page } from "@playwright/test";
import { openBoard, shot, signIn, userPage } from "./helpers";

// The battle map's window: the server selects the rows (a filter is a new read, not a hidden row), a live
// change brings a task into a filtered view or takes it out, and a link whose other end is not in the view
// ends in a stub naming that task. The e2e server pins today to 2026-11-23.
const MAP = "/battle-map";
const row = (page: Page, code: string) => page.getByTestId("bm-task").filter({ hasText: code });
const bar = (page: Page, code: string) => row(page, code).getByTestId("bm-bar");

test("a filter is read by the server: only the unit's rows come, and links to other units end in named stubs", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  const read = page.waitForResponse((r) => r.url().includes("/battle-map.data") && r.url().includes("unit=1"));
  await page.getByRole("combobox", { name: "单位", exact: true }).selectOption({ label: "智元人形" });
  const body = await (await read).text();
  // The page's data holds the unit's tasks only (the other units' are not sent and hidden).
  expect(body).toContain("RX05-T08");
  expect(body).not.toContain("RX02-T06");
  await expect(row(page, "RX05-T04")).toHaveCount(0);
  // RX05-T08 (智元人形) follows RX05-T04 (浙工大) and RX05-T05 (机电院) and leads to RX05-T09 (机电院).
  const stubs = page.locator("[data-testid=bm-stub]");
  await row(page, "RX05-T08").scrollIntoViewIfNeeded();
  await expect(stubs.filter({ hasText: "RX05-T04" })).toHaveCount(1);
  await expect(stubs.filter({ hasText: "RX05-T05" })).toHaveCount(1);
  await expect(stubs.filter({ hasText: "RX05-T09" })).toHaveCount(1);
  // Read out with the bar, in words.
  await expect(bar(page, "RX05-T08")).toHaveAttribute("aria-label", /前置任务 RX05-T0[45]、RX05-T0[45] 不在当前视图/);
  await expect(bar(page, "RX05-T08")).toHaveAttribute("aria-label", /后续任务 RX05-T09 不在当前视图/);
  await page.screenshot({ path: shot("battle-map-window-stubs.png") });
  // A phone's width: the page itself never scrolls sideways (the chart scrolls in its own region).
  await page.setViewportSize({ width: 390, height: 844 });
  await row(page, "RX05-T08").scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: shot("battle-map-window-stubs-390.png") });
});

test("a task moved by someone else enters a filtered view live, and leaves it when moved back", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await page.setViewportSize({ width: 1400, height: 900 });
  await openBoard(page, `${MAP}?rag=red&unit=8`);
  await expect(row(page, "RX05-T07")).toHaveCount(0);
  const count = page.getByTestId("bm-count");
  const before = Number((await count.textContent())!.match(/显示 (\d+)/)![1]);

  // Someone else, on the unit's map, moves RX05-T07 (on track) five weeks earlier: 16 days past due now, red.
  const mover = await userPage(browser, "shouxi");
  await openBoard(mover, `${MAP}?unit=8`);
  const move = async (key: "ArrowLeft" | "ArrowRight", dates: string) => {
    await bar(mover, "RX05-T07").focus();
    await mover.keyboard.press("Space");
    await expect(mover.locator("[id^=DndLiveRegion]")).toContainText("已拿起任务");
    await expect(async () => {
      await mover.keyboard.press(key);
      await expect(mover.getByTestId("bm-live")).toContainText("调整为", { timeout: 500 });
    }).toPass();
    for (let i = 1; i < 5; i++) await mover.keyboard.press(key);
    await expect(mover.getByTestId("bm-live")).toContainText(dates);
    await mover.keyboard.press("Space");
  };
  await move("ArrowLeft", "2026-08-19 至 2026-11-17");
  await expect(bar(page, "RX05-T07")).toHaveAttribute("data-due", "2026-11-17");
  await expect(row(page, "RX05-T07")).toHaveAttribute("data-rag", "red");
  await expect(count).toContainText(`显示 ${before + 1} /`);

  // Moved back: on track again, out of the red view.
  await move("ArrowRight", "2026-09-23 至 2026-12-22");
  await expect(row(page, "RX05-T07")).toHaveCount(0);
  await expect(count).toContainText(`显示 ${before} /`);
  await mover.context().close();
});
