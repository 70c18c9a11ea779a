// The secretariat records a council meeting whose decision names a task; the task shows it as 会议决定
// (on its page and in the board's task dialog). Also the governance pages' pictures, desktop and 390 px.
import { expect, test } from "@playwright/test";
import { shot, signIn } from "./helpers";

test("a meeting's decision linked to a task shows on the task", async ({ page }) => {
  await signIn(page, "mishu");
  await page.goto("/meetings");
  await expect(page.getByRole("heading", { name: "会议", exact: true })).toBeVisible();
  await page.getByText("新建会议", { exact: true }).first().click();
  const form = page.locator("form#meeting-new");
  await form.getByLabel("会议名称").fill("第四次理事会会议");
  await form.getByLabel("日期").fill("2026-11-22");
  await form.getByLabel("议程").fill("审议明年经费安排\n听取整机联调进展");
  await form.getByLabel("筛选人员").fill("张宏伟");
  await form.getByRole("checkbox", { name: /张宏伟/ }).check();
  await form.getByLabel("纪要").fill("会议同意调整整机联调节点。");
  await form.getByLabel("决定 1").fill("整机联调节点提前两周");
  const task = form.getByLabel("关联任务").first();
  await task.selectOption({ index: 1 });
  const label = (await task.locator("option:checked").textContent())!.trim();
  await form.getByRole("button", { name: "新建会议" }).click();

  await expect(page).toHaveURL(/\/meetings\/\d+\?created=1/);
  await expect(page.getByText("会议已创建")).toBeVisible();
  await expect(page.getByTestId("meeting-decisions")).toContainText("整机联调节点提前两周");
  await expect(page.getByText("到会 1 人")).toBeVisible();
  await page.screenshot({ path: shot("meeting-page.png"), fullPage: true });

  await page.getByTestId("meeting-decisions").getByRole("link", { name: label }).click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  const decisions = page.getByTestId("task-decisions");
  await expect(decisions).toContainText("整机联调节点提前两周");
  await expect(decisions.getByRole("link", { name: "第四次理事会会议" })).toBeVisible();
});

test("the governance pages, desktop and phone", async ({ page }) => {
  await signIn(page, "mishu");
  for (const [path, name] of [
    ["/admin/organs", "organs"],
    ["/meetings", "meetings"],
    ["/funding", "funding"],
  ] as const) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      if (path === "/meetings") await page.getByText("新建会议", { exact: true }).first().click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: shot(`${name}-${width === 390 ? "phone" : "desktop"}.png`), fullPage: true });
    }
  }
});
