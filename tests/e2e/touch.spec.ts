// Touch screens (projects "phone" and "tablet"): a card is lifted by a finger resting on it briefly and
// carried to the next column, and a second browser sees it; the 移到… control moves a card without
// dragging and offers 撤销; a swipe on the battle map pans it and reschedules nothing.
import { expect, test } from "@playwright/test";
import { card, center, column, finger, openBoard, userPage, signIn } from "./helpers";

const BOARD = "/projects/1/board";

test("a finger drag after a short press moves a card to the next column; another browser sees it", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const other = await userPage(browser, "shouxi");
  await openBoard(other, BOARD);
  // The other viewer's name joins the toolbar; wait for it so the cards do not shift under the finger.
  await expect(page.getByTestId("presence")).toContainText("吴振华");
  // Every project's specs share one database and the board specs move this card: put it back in 未开始 through
  // the 移到… control first, so the finger always carries it one column to the right.
  const title = "关节模组批量一致性测试方法研究";
  const to_ = "in_progress";
  if ((await card(page, title).getAttribute("data-status")) !== "not_started") {
    await page.getByLabel(`把任务「${title}」移到`).selectOption({ label: "未开始" });
    await expect(card(page, title)).toHaveAttribute("data-status", "not_started");
  }
  await card(page, title).scrollIntoViewIfNeeded();
  // The finger lands where the card is now: wait until the column has stopped moving (the card put back a
  // moment ago, a live card entering above it), else the press starts beside it and nothing is lifted.
  await expect
    .poll(async () => {
      const a = await card(page, title).boundingBox();
      await page.waitForTimeout(150);
      const b = await card(page, title).boundingBox();
      return !!a && !!b && a.x === b.x && a.y === b.y;
    })
    .toBe(true);
  const from = await center(page, card(page, title));
  // On a phone the next column is one swipe away: drop on the right edge, where it starts to show.
  const box = (await column(page, to_).boundingBox())!;
  const viewport = page.viewportSize()!;
  // Inside the target column: other specs (the import) add cards above this one, so it may sit lower than
  // the next column's last card.
  const to = { x: Math.max(8, Math.min(box.x + 40, viewport.width - 8)), y: Math.min(from.y + 20, box.y + box.height - 20) };
  await finger(page, from, to, 400);
  await expect(column(page, to_).getByText(title)).toBeVisible();
  await expect(column(other, to_).getByText(title)).toBeVisible();
  await other.context().close();
});

test("a quick swipe over a card scrolls, it does not lift the card", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const title = "关节模组小批量试制（50套）";
  const before = (await card(page, title).getAttribute("data-status"))!;
  const from = await center(page, card(page, title));
  await finger(page, from, { x: from.x - 150, y: from.y }, 0);
  await page.waitForTimeout(300);
  await expect(card(page, title)).toHaveAttribute("data-status", before);
});

test("移到… moves a card without dragging, refuses a process-owned column with the rule, and 撤销 puts it back", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const title = "关节模组正样环境适应性试验";
  const control = page.getByLabel(`把任务「${title}」移到`);
  await control.selectOption({ label: "已暂停（需经流程）" });
  await expect(page.getByTestId("toast").filter({ hasText: "动态调整" }).first()).toBeVisible();
  await expect(card(page, title)).toHaveAttribute("data-status", "not_started");

  await control.selectOption({ label: "进行中" });
  await expect(column(page, "in_progress").getByText(title)).toBeVisible();
  const offer = page.getByTestId("toast").filter({ hasText: `已将「${title}」移到「进行中」` });
  await offer.getByRole("button", { name: "撤销" }).click();
  await expect(column(page, "not_started").getByText(title)).toBeVisible();
  await page.reload();
  await expect(column(page, "not_started").getByText(title)).toBeVisible();
});

test("a finger swipe pans the battle map and reschedules nothing", async ({ page }) => {
  await signIn(page, "mishu");
  await page.goto("/battle-map");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const scroller = page.getByTestId("battle-map");
  const bar = page.getByTestId("bm-bar").first();
  await bar.scrollIntoViewIfNeeded();
  const dates = { start: await bar.getAttribute("data-start"), due: await bar.getAttribute("data-due") };
  const before = await scroller.evaluate((el) => el.scrollLeft);
  const box = (await scroller.boundingBox())!;
  const b = (await bar.boundingBox())!;
  // Start the swipe on a bar (the worst case) and move left quickly.
  const from = { x: Math.min(b.x + b.width / 2, box.x + box.width - 20), y: b.y + b.height / 2 };
  await finger(page, from, { x: from.x - 180, y: from.y }, 0);
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(before + 50);
  await page.waitForTimeout(500);
  await expect(bar).toHaveAttribute("data-start", dates.start!);
  await expect(bar).toHaveAttribute("data-due", dates.due!);
  await expect(page.getByTestId("toast")).toHaveCount(0);
});
