import { expect, test, type Page } from "@playwright/test";
import { openBoard, userPage, signIn } from "./helpers";

// Resizing a bar's ends and 倒排工期 on the battle map. The e2e server pins today to 2026-11-23.
const MAP = "/battle-map";
const row = (page: Page, code: string) => page.getByTestId("bm-task").filter({ hasText: code });
const bar = (page: Page, code: string) => row(page, code).getByTestId("bm-bar");

async function pickMilestone(page: Page, label: RegExp) {
  await page.getByRole("button", { name: "倒排工期" }).click();
  const select = page.getByTestId("bm-plan").getByRole("combobox", { name: "里程碑" });
  const option = await select.locator("option").filter({ hasText: label }).first().getAttribute("value");
  await select.selectOption(option!);
}

test("resize a bar's end with the keyboard: ←/→ previews, Esc cancels, Enter saves; a start past the due date is refused", async ({ page }) => {
  await signIn(page, "shouxi");
  // Project RX-02 only (a shared link), so the row is on screen; battle-map.spec.ts moves other tasks.
  await openBoard(page, `${MAP}?project=2`);
  const b = bar(page, "RX02-T09");
  await expect(b).toHaveAttribute("data-due", "2027-01-22");
  const end = row(page, "RX02-T09").getByTestId("bm-handle-end");

  await end.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight"); // two weeks at month zoom
  await expect(b.locator(".bm-drag-tip")).toHaveText("2026-10-23 → 2027-02-05");
  await expect(end).toHaveAttribute("aria-valuetext", "2027-02-05");
  await page.keyboard.press("Escape");
  await expect(b.locator(".bm-drag-tip")).toHaveCount(0);
  await expect(b).toHaveAttribute("data-due", "2027-01-22");

  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(b).toHaveAttribute("data-due", "2027-02-05");
  await expect(b).toHaveAttribute("data-start", "2026-10-23");
  await page.reload();
  await expect(bar(page, "RX02-T09")).toHaveAttribute("data-due", "2027-02-05");

  // The start end dragged 20 weeks right lands after the due date: refused with the schema's message.
  const start = row(page, "RX02-T09").getByTestId("bm-handle-start");
  await start.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("toast")).toContainText("截止日期不能早于开始日期");
  await expect(bar(page, "RX02-T09")).toHaveAttribute("data-start", "2026-10-23");
});

test("倒排工期: a seeded milestone shows latest starts, the critical path and who can no longer make it", async ({ page }) => {
  await signIn(page, "shouxi");
  await openBoard(page, MAP);
  await pickMilestone(page, /RX-04 中期检查节点/);
  const summary = page.getByTestId("bm-plan-summary");
  await expect(summary).toContainText("5 项任务支撑该里程碑");
  // Only the milestone's tasks (and their predecessors) stay on the map.
  await expect(page.getByTestId("bm-task")).toHaveCount(5);
  await expect(row(page, "RX04-T08")).toHaveAttribute("data-critical", "true");
  await expect(row(page, "RX04-T08").getByTestId("bm-bar")).toHaveClass(/critical/);
  expect(await page.locator("[data-testid=bm-arrow][data-critical]").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("bm-latest-start")).toHaveCount(5);
  // RX04-T08 is behind its pace: red now, with the reason in words, before its own due date.
  await expect(row(page, "RX04-T08")).toHaveAttribute("data-at-risk", "true");
  await expect(row(page, "RX04-T08")).toHaveAttribute("data-rag", "red");
  await expect(row(page, "RX04-T08")).toContainText("赶不上：按目前进度预计");
  await page.screenshot({ path: "test-results/shots/bm-month.png" });

  // What-if: a year later, nobody is late any more; nothing is saved.
  const deadline = page.getByLabel("推演截止日期");
  await deadline.fill("2028-01-23");
  await expect(summary).toContainText("0 项已赶不上");
  await expect(row(page, "RX04-T08")).not.toHaveAttribute("data-at-risk", "true");
  await page.getByRole("button", { name: "恢复里程碑日期" }).click();
  await expect(deadline).toHaveValue("2027-01-23");

  await page.getByRole("button", { name: "季度", exact: true }).click();
  await expect(page.getByTestId("battle-map")).toHaveAttribute("data-zoom", "quarter");
  await expect(row(page, "RX04-T08")).toHaveAttribute("data-critical", "true");
  await page.screenshot({ path: "test-results/shots/bm-quarter.png" });
});

test("倒排工期: the project lead saves the tried deadline as the node's due date; another browser's map moves live; others only try", async ({ page, browser }) => {
  // RX-05 (led by he_chunsheng): its 中期检查节点 is due 2027-01-23, in the lane of 机电院 (lead unit).
  const watcher = await userPage(browser, "shouxi");
  await openBoard(watcher, `${MAP}?project=5`);
  const diamond = (p: Page) => p.getByTestId("bm-lane").filter({ hasText: "机电院" }).getByTestId("milestone").filter({ hasText: "中期检查节点" });
  await expect(diamond(watcher)).toHaveAttribute("aria-label", /2027-01-23/);

  await signIn(page, "he_chunsheng");
  await openBoard(page, MAP);
  await pickMilestone(page, /RX-05 中期检查节点/);
  const deadline = page.getByLabel("推演截止日期");
  await expect(deadline).toHaveValue("2027-01-23");
  const save = page.getByRole("button", { name: "保存为节点截止日期" });
  await expect(save).toHaveCount(0); // nothing to save until another date is tried
  await deadline.fill("2027-02-12");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: "已将「中期检查节点」的截止日期保存为 2027-02-12" })).toBeVisible();
  await expect(save).toHaveCount(0);
  await expect(deadline).toHaveValue("2027-02-12");

  // The other browser: the diamond moved and a toast says who moved it, without a reload.
  await expect(diamond(watcher)).toHaveAttribute("aria-label", /2027-02-12/);
  await expect(watcher.getByTestId("toast")).toContainText("将里程碑「中期检查节点」的截止日期改为 2027-02-12");
  // The milestone being planned is in the URL (the server sends its feeders): a reload plans it again.
  await expect(page).toHaveURL(/plan=\d+/);
  await page.reload();
  await expect(page.getByTestId("bm-plan").getByRole("combobox", { name: "里程碑" }).locator("option:checked")).toHaveText(/RX-05 中期检查节点（2027-02-12）/);
  await expect(page.getByLabel("推演截止日期")).toHaveValue("2027-02-12");

  // A project lead of another project, and a researcher: what-if only, no save.
  for (const who of ["li_ming", "jiang_hao"]) {
    const other = await userPage(browser, who);
    await openBoard(other, MAP);
    await pickMilestone(other, /RX-05 中期检查节点/);
    await other.getByLabel("推演截止日期").fill("2027-03-15");
    await expect(other.getByText("您可推演不同的截止日期，但无权修改里程碑")).toBeVisible();
    await expect(other.getByRole("button", { name: "保存为节点截止日期" })).toHaveCount(0);
    await other.context().close();
  }
  await watcher.context().close();
});
