// The battle map by finger (projects "phone" and "tablet"): in 「调整日期」 mode a finger drags a bar at
// once and reschedules it (the page does not pan), the toast offers 撤销 and undo writes the old dates
// back (they survive a reload); out of the mode the same swipe pans the map (touch.spec.ts).
import { expect, test, type Locator, type Page } from "@playwright/test";
import { finger, shot, signIn } from "./helpers";

/** The first movable bar showing at least 40 px inside the chart's visible part (right of the sticky labels). */
async function visibleBar(page: Page): Promise<{ bar: Locator; from: { x: number; y: number } }> {
  const scroller = (await page.getByTestId("battle-map").boundingBox())!;
  const label = (await page.locator(".bm-label").first().boundingBox())!;
  const left = label.x + label.width + 4;
  const right = scroller.x + scroller.width - 8;
  const bars = page.locator(".bm-bar.movable");
  const n = await bars.count();
  for (let i = 0; i < n; i++) {
    const b = await bars.nth(i).boundingBox();
    if (!b || b.y < scroller.y + 60 || b.y > scroller.y + scroller.height - 40) continue;
    const x0 = Math.max(b.x, left);
    const x1 = Math.min(b.x + b.width, right);
    // Room on both sides of the touch point: the handles' 12 px at each end, the drag's 60 px to the right.
    if (x1 - x0 >= 40) return { bar: bars.nth(i), from: { x: x0 + 16, y: b.y + b.height / 2 } };
  }
  throw new Error("no movable bar on screen");
}

test("调整日期 mode: a finger drags a bar to new dates without panning; 撤销 writes the old dates back", async ({ page }) => {
  await signIn(page, "mishu");
  await page.goto("/battle-map?zoom=week");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const toggle = page.getByTestId("bm-adjust");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("bm-adjust-hint")).toContainText("拖动任务条改期");
  await page.screenshot({ path: shot(`battle-map-adjust-${page.viewportSize()!.width}.png`) });

  const scroller = page.getByTestId("battle-map");
  const { bar, from } = await visibleBar(page);
  const id = await bar.evaluate((el) => el.closest("[data-task-id]")!.getAttribute("data-task-id"));
  const row = page.locator(`[data-task-id="${id}"] [data-testid="bm-bar"]`);
  const old = { start: (await row.getAttribute("data-start"))!, due: (await row.getAttribute("data-due"))! };
  const scrolled = await scroller.evaluate((el) => el.scrollLeft);

  // Three days to the right at 18 px a day, with no long press first.
  await finger(page, from, { x: from.x + 54, y: from.y }, 0);
  const warn = page.getByRole("button", { name: "仍然改期" });
  if (await warn.isVisible().catch(() => false)) await warn.click(); // a successor or milestone warning, if this bar has one
  await expect(row).not.toHaveAttribute("data-start", old.start);
  const moved = (await row.getAttribute("data-start"))!;
  expect(moved > old.start).toBe(true);
  // The finger moved the bar, not the map: a pan to the right would have scrolled back by the 54 px.
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThanOrEqual(scrolled - 2);
  const offer = page.getByTestId("toast").filter({ hasText: `改为 ${moved}` });
  await expect(offer).toBeVisible();

  await offer.getByRole("button", { name: "撤销" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `恢复为 ${old.start} 至 ${old.due}` })).toBeVisible();
  await expect(row).toHaveAttribute("data-start", old.start);
  await expect(row).toHaveAttribute("data-due", old.due);
  await page.reload();
  await expect(page.locator(`[data-task-id="${id}"] [data-testid="bm-bar"]`)).toHaveAttribute("data-start", old.start);
  await expect(page.locator(`[data-task-id="${id}"] [data-testid="bm-bar"]`)).toHaveAttribute("data-due", old.due);
});
