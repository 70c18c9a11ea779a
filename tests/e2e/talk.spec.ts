import { expect, test, type Page } from "@playwright/test";
import { userPage, signIn } from "./helpers";

/** Marks the signed-in person's inbox read through its own button, so counts start from nothing. */
async function readAll(page: Page) {
  await page.goto("/inbox");
  const button = page.getByRole("button", { name: "全部标为已读" });
  if (await button.count()) {
    await button.click();
    await expect(page.getByTestId("inbox-unread")).toHaveText("0 条未读");
  }
}

// Two browsers: 蒋浩 (精传减速) comments on his task RX01-T08 and mentions 王建国 by pinyin initials; 王建国's
// inbox count rises live and the link opens the comment, highlighted.
test("A mentions B in a task comment; B's inbox count rises live and the link opens the comment", async ({ page, browser }) => {
  await signIn(page, "jiang_hao");
  const wang = await userPage(browser, "wang_jianguo");
  // Earlier specs told both of other things (a 督办, a 压茬推进 hand-over): each starts from an empty inbox.
  await readAll(page);
  await readAll(wang);
  await wang.goto("/");
  await expect(wang.getByTestId("inbox-link")).toHaveAttribute("data-live", "1");
  await expect(wang.getByTestId("inbox-count")).toHaveCount(0);

  await page.goto("/projects/1/indicators");
  await page.locator('a[href^="/tasks/"]').filter({ hasText: "RX01-T08" }).first().click();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const thread = page.getByTestId("comment-thread");
  const box = thread.getByTestId("comment-body");
  await box.click();
  await box.pressSequentially("请看寿命试验报告 @wjg");
  const list = thread.getByTestId("mention-list");
  await expect(list.getByRole("option").first()).toContainText("王建国");
  await box.press("Enter");
  await expect(box).toHaveValue("请看寿命试验报告 @王建国 ");
  await box.pressSequentially("，背隙数据在第 3 节");
  await expect(thread.getByTestId("comment-counter")).toHaveText(/^\d+\/2000$/);
  await thread.getByRole("button", { name: "发表" }).click();
  const posted = thread.getByTestId("comment").filter({ hasText: "背隙数据在第 3 节" });
  await expect(posted).toBeVisible();
  await expect(posted.locator("mark")).toHaveText("@王建国");
  await expect(box).toHaveValue("");

  // B's count went from nothing to 1 without a reload.
  await expect(wang.getByTestId("inbox-count")).toHaveText("1");
  await wang.getByTestId("inbox-link").click();
  await expect(wang).toHaveURL(/\/inbox$/);
  const item = wang.getByTestId("inbox-item").first();
  await expect(item).toContainText("蒋浩 在「RX01-T08");
  await expect(item).toContainText("提及了您");
  await wang.screenshot({ path: "test-results/shots/inbox-desktop.png", fullPage: true });
  await item.getByRole("link").click();
  await expect(wang).toHaveURL(/\/tasks\/\d+#comment-\d+$/);
  const target = wang.locator(".cm-target");
  await expect(target).toContainText("背隙数据在第 3 节");
  await expect(target).toBeInViewport();
  // Opening it marked it read.
  await expect(wang.getByTestId("inbox-count")).toHaveCount(0);

  // 王建国 replies; 蒋浩 sees the reply arrive live under his comment.
  await target.getByRole("button", { name: "回复" }).click();
  await wang.getByTestId("comment-add-form").first().getByTestId("comment-body").fill("收到，我安排复核");
  await wang.getByRole("button", { name: "回复" }).last().click();
  await expect(posted.locator(".cm-replies")).toContainText("收到，我安排复核");
  await expect(page.getByTestId("inbox-count")).toHaveText("1");
  await page.getByTestId("comment-thread").screenshot({ path: "test-results/shots/comment-thread-desktop.png" });

  // Phone width: the thread and the inbox fit the screen (the header's own layout is the phone shell's).
  const fits = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth && el.scrollWidth <= el.clientWidth);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("comment-thread").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/shots/comment-thread-390.png", fullPage: false });
  expect(await fits(".cm-thread")).toBe(true);
  await page.goto("/inbox");
  await page.screenshot({ path: "test-results/shots/inbox-390.png", fullPage: true });
  expect(await fits(".inbox-list")).toBe(true);
});

test("the audit page tells each change as a sentence", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/audit");
  const rows = page.locator(".audit-sentence");
  await expect(rows.filter({ hasText: "王建国 在「RX01-T08" }).first()).toContainText("发表评论：收到，我安排复核");
  await expect(page.locator(".audit-table")).not.toContainText("comment.add");
  await page.screenshot({ path: "test-results/shots/audit-sentences.png" });
});
