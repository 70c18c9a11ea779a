import { expect, test, type Page } from "@playwright/test";
import { shot, userPage, signIn } from "./helpers";

/** The first rectification card on the tracking page, with its discussion unfolded. */
async function openRectThread(page: Page) {
  await page.goto("/rectifications");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const card = page.getByTestId("rectification").first();
  await card.getByTestId("comment-fold").locator("summary").click();
  const thread = card.getByTestId("comment-thread");
  await expect(thread).toBeVisible();
  return { card, thread };
}

// Two browsers on 整改事项跟踪: 王建国 (the owner unit's lead) asks about a rectification; 陈思远 (秘书处),
// who has the same card open, sees the comment arrive live. Then the consortium's and the project's
// activity feeds tell it as a sentence linked to the comment.
test("a comment on a rectification reaches the other browser live and shows in the activity feeds", async ({ page, browser }) => {
  await signIn(page, "wang_jianguo");
  const mishu = await userPage(browser, "mishu");
  const mine = await openRectThread(page);
  const theirs = await openRectThread(mishu);
  const rectId = await mine.card.getAttribute("data-rect");
  expect(await theirs.card.getAttribute("data-rect")).toBe(rectId);

  await mine.thread.getByTestId("comment-body").fill("整改方案已报项目组，下周提交复测数据");
  await mine.thread.getByRole("button", { name: "发表" }).click();
  await expect(mine.thread.getByTestId("comment-body")).toHaveValue("");
  await expect(theirs.thread.getByTestId("comment").filter({ hasText: "下周提交复测数据" })).toBeVisible();
  await expect(theirs.card.getByTestId("comment-fold").locator("summary .badge")).toHaveText(/^\d+$/);

  // The consortium feed (in the nav for consortium readers) has the sentence at the top, linked to the comment.
  await mishu.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "动态", exact: true }).click();
  await expect(mishu.getByRole("heading", { level: 1 })).toHaveText("联合体动态");
  const line = mishu.getByTestId("feed-line").first();
  await expect(line).toContainText("王建国 在");
  await expect(line).toContainText("下周提交复测数据");
  await expect(line.getByRole("link")).toHaveAttribute("href", new RegExp(`#comment-\\d+$`));
  await mishu.screenshot({ path: shot("activity-desktop.png"), fullPage: false });

  // While the feed is open, a new change arrives at the top without a reload.
  await mine.thread.getByTestId("comment-body").fill("复测样机已到位");
  await mine.thread.getByRole("button", { name: "发表" }).click();
  await expect(mishu.getByTestId("feed-line").first()).toContainText("复测样机已到位");

  // The project's own feed, on a phone: no sideways scroll, the paging buttons finger-sized.
  const code = (await mishu.getByTestId("feed-line").first().locator(".feed-project").textContent())!;
  const projectHref = await mishu.locator(".feed-projects a").filter({ hasText: code }).getAttribute("href");
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 })).newPage();
  await signIn(phone, "mishu");
  await phone.goto("/activity");
  await expect(phone.getByTestId("feed-line").first()).toContainText("复测样机已到位");
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await phone.screenshot({ path: shot("activity-390.png") });
  await phone.goto(projectHref!);
  await expect(phone.getByRole("heading", { level: 1 })).toContainText("项目动态");
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await phone.screenshot({ path: shot("project-activity-390.png") });
  await expect(phone.getByTestId("feed-line").first()).toContainText("复测样机已到位");
  await mishu.goto(projectHref!);
  await expect(mishu.getByTestId("conn")).toHaveAttribute("data-state", "online");
  // Earlier specs may have worked on this project too: ours are the two newest lines.
  await expect(mishu.getByTestId("feed-line").first()).toContainText("复测样机已到位");
  await expect(mishu.getByTestId("feed-line").nth(1)).toContainText("下周提交复测数据");
  await mishu.screenshot({ path: shot("project-activity-desktop.png") });
});
