// Dashboards (仪表板) and the per-user language switch. The e2e server pins today to 2026-11-23.
// The notice test writes to RX04-T04 (恒能锂电), a task no other spec looks at: the specs share one server.
import { expect, test, type Page } from "@playwright/test";
import { login, loginThroughUi, userPage, shot, signIn } from "./helpers";

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const kpi = (page: Page, id: string) => page.getByTestId(id).locator(".value");

test("chief scientist's dashboard in Chinese, then in English after switching on /account; others stay Chinese", async ({ page, browser }) => {
  await login(page, "shouxi");
  // The home page sends the chief scientist to his dashboard.
  await page.getByTestId("home-dashboard").click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(h1(page)).toHaveText("仪表板 · 首席科学家");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(kpi(page, "kpi-due30")).toHaveText("3");
  await expect(page.getByTestId("milestones-d30").getByTestId("milestone-row")).toHaveCount(3);
  await expect(page.getByTestId("milestones-d90").getByTestId("milestone-row")).toHaveCount(2);
  await expect(page.getByTestId("milestone-row").first()).toContainText("严重滞后 1");
  await expect(page.getByTestId("rag-row").filter({ hasText: "驰动伺服" }).locator('[data-rag="red"]')).toHaveText("1");
  await expect(page.getByTestId("status-bars")).toHaveAttribute("aria-label", /智元人形：未开始 5、进行中 3/);
  // Every chart has its figures as a table.
  const status = page.getByTestId("dash-status");
  await status.getByText("查看数据表").click();
  await expect(status.locator("details table")).toContainText("智元人形");
  await status.getByText("查看数据表").click();
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky top bar belongs at the top of a full-page shot
  await page.screenshot({ path: shot("dashboard-zh.png"), fullPage: true });

  const mishu = await userPage(browser, "mishu");

  await page.goto("/account");
  const select = page.getByLabel("界面语言 / Language");
  await expect(select).toHaveValue("zh-CN");
  await select.selectOption("en");
  await page.getByRole("button", { name: "切换语言" }).click();
  await expect(h1(page)).toHaveText("My account");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("status").filter({ hasText: "Interface language switched" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(h1(page)).toHaveText("Dashboard · Chief scientist");
  await expect(page).toHaveTitle("Dashboard · Innovation Consortium Workspace");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(page.getByTestId("milestone-row").first()).toContainText("Seriously behind 1");
  await expect(page.getByTestId("milestone-row").first()).toContainText("23 Dec 2026");
  await expect(page.getByTestId("status-bars")).toHaveAttribute("aria-label", /智元人形: Not started 5, In progress 3/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot("dashboard-en.png"), fullPage: true });

  // Another user's session is still Chinese.
  await mishu.goto("/dashboard");
  await expect(h1(mishu)).toHaveText("仪表板 · 秘书处");
  await expect(mishu.locator("html")).toHaveAttribute("lang", "zh-CN");

  // The choice persists: a new sign-in of the chief scientist is English.
  const again = await (await browser.newContext()).newPage();
  await loginThroughUi(again, "shouxi");
  await expect(again.locator("html")).toHaveAttribute("lang", "en");
  await expect(h1(again)).toHaveText("My work · Chief scientist");

  // And switches back.
  await again.goto("/account");
  await again.getByLabel("Language / 界面语言").selectOption("zh-CN");
  await again.getByRole("button", { name: "Switch language" }).click();
  await expect(h1(again)).toHaveText("我的账户");
  await page.reload();
  await expect(h1(page)).toHaveText("仪表板 · 首席科学家");
  await mishu.context().close();
  await again.context().close();
});

test("the secretariat's dashboard counts a notice issued elsewhere without a reload", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await page.goto("/dashboard");
  await expect(h1(page)).toHaveText("仪表板 · 秘书处");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(page.getByTestId("filing-row")).toHaveCount(6);
  const before = Number(await kpi(page, "kpi-notices").textContent());

  const other = await userPage(browser, "mishu2");
  await other.goto("/notices");
  await expect(other.getByTestId("notice-bell")).toHaveAttribute("data-live", "1"); // hydrated
  await other.locator(".notice-candidates li").filter({ hasText: "RX04-T04" }).getByRole("link", { name: "发提示/督办" }).click();
  await expect(other).toHaveURL(/task=\d+/);
  await expect(other.getByLabel("任务").locator("option:checked")).toContainText("RX04-T04");
  await other.getByLabel("类型").selectOption({ label: "提示" });
  await other.getByLabel("内容").fill("请于月底前报送电池管理系统（BMS）开发的最新进展");
  await other.getByLabel("答复期限").fill("2026-11-30");
  await other.getByRole("button", { name: "发出" }).click();
  await expect(other.getByText("已发出").first()).toBeVisible();

  await expect(kpi(page, "kpi-notices")).toHaveText(String(before + 1));
  await expect(page.getByTestId("notice-row").filter({ hasText: "RX04-T04" })).toContainText("待确认");
  await other.context().close();
});

test("a council member has both views as tabs, reachable by keyboard", async ({ page }) => {
  await signIn(page, "lishi");
  await page.goto("/dashboard");
  await expect(h1(page)).toHaveText("仪表板 · 首席科学家");
  const tabs = page.getByRole("navigation", { name: "视图" });
  await expect(tabs.getByRole("link", { name: "首席科学家" })).toHaveAttribute("aria-current", "page");
  await tabs.getByRole("link", { name: "秘书处" }).focus();
  await page.keyboard.press("Enter");
  await expect(h1(page)).toHaveText("仪表板 · 秘书处");
  await expect(page).toHaveURL(/view=secretariat/);
  await expect(page.getByTestId("dash-filing")).toBeVisible();
});

test("the grouped top navigation fits 1280 px and works by keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, "admin");
  const nav = page.getByRole("navigation", { name: "主导航" });
  const fits = await nav.evaluate((n) => n.scrollWidth <= n.clientWidth + 1 && document.body.scrollWidth <= 1280);
  expect(fits).toBe(true);
  const tasks = nav.getByTestId("nav-tasks");
  await expect(nav.getByRole("link", { name: "挂图作战" })).toBeHidden();
  await tasks.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(nav.getByRole("link", { name: "挂图作战" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "任务看板" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "挂图作战" })).toBeHidden();
  await expect(tasks.locator("summary")).toBeFocused();
  // Open again and follow a link: the menu closes and its group is marked as the current one.
  await page.keyboard.press("Enter");
  await nav.getByRole("link", { name: "挂图作战" }).click();
  await expect(page).toHaveURL(/\/battle-map$/);
  await expect(tasks).toHaveClass(/active/);
  await expect(nav.getByRole("link", { name: "挂图作战" })).toBeHidden();
  // Every page another feature added stays reachable from a group.
  for (const [group, name] of [
    ["nav-assess", "定期销号"],
    ["nav-assess", "检查与整改"],
    ["nav-results", "年度报告"],
  ] as const) {
    await nav.getByTestId(group).locator("summary").click();
    await expect(nav.getByRole("link", { name })).toBeVisible();
    await page.keyboard.press("Escape");
  }
});
