import { expect, test, type Page } from "@playwright/test";
import { login, userPage, signIn } from "./helpers";

const warnings = (page: Page) => page.getByTestId("soft-rules");

/** The admin sets two soft-rule numbers on /admin (only he may). */
async function setRuleNumbers(page: Page, minUnits: number, minSmes: number) {
  await page.goto("/admin");
  const settings = page.getByRole("region", { name: "规则参数" });
  await settings.getByLabel("成员单位下限").fill(String(minUnits));
  await settings.getByLabel("参与任务的中小企业下限").fill(String(minSmes));
  await settings.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "规则参数已保存" })).toBeVisible();
}

test("the secretariat adds a member unit and the soft-rule warnings change with it", async ({ page, browser }) => {
  // The demo breaks no rule; the admin raises two minimums just above it: 16 units, 6 SMEs with tasks.
  const admin = await userPage(browser, "admin");
  await setRuleNumbers(admin, 17, 7);
  await expect(warnings(admin)).toContainText("2 条提示");

  await signIn(page, "mishu");
  await page.goto("/admin");
  // The secretariat reads the settings but cannot change them.
  await expect(page.getByRole("region", { name: "规则参数" }).getByLabel("成员单位下限")).toBeDisabled();
  await page.getByRole("navigation", { name: "联合体管理" }).getByRole("link", { name: "成员单位" }).click();
  await expect(page).toHaveURL(/\/admin\/units$/);
  await expect(page.getByTestId("unit-summary")).toHaveText("在册 16 家，其中中小企业 6 家");
  await expect(warnings(page)).toContainText("2 条提示");
  await expect(warnings(page)).toContainText("成员单位仅 16 家，少于 17 家的要求");
  await expect(warnings(page)).toContainText("参与重大专项任务的中小企业仅 6 家，少于 7 家");

  await page.getByRole("link", { name: "新增成员单位" }).click();
  // Sub-kinds only for platforms and service organisations.
  await expect(page.getByLabel("细分类型")).toHaveCount(0);
  await page.getByLabel("单位类型").selectOption({ label: "服务机构" });
  await expect(page.getByLabel("细分类型")).toBeVisible();
  await page.getByLabel("单位类型").selectOption({ label: "骨干企业" });
  await expect(page.getByLabel("细分类型")).toHaveCount(0);
  // Bad input is refused in Chinese before anything is sent.
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("此项必填").first()).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/units\/new$/);

  await page.getByLabel("单位名称").fill("杭州云栖具身智能软件有限公司");
  await page.getByLabel("简称", { exact: true }).fill("云栖软件");
  await page.getByLabel("所在地区").fill("杭州市西湖区");
  await page.getByLabel("中小企业", { exact: true }).check();
  await page.getByRole("button", { name: "保存" }).click();

  await expect(page).toHaveURL(/\/admin\/units\?created=\d+$/);
  await expect(page.getByRole("status").filter({ hasText: "已新增成员单位「杭州云栖具身智能软件有限公司」" })).toBeVisible();
  const row = page.getByTestId("unit-row").filter({ hasText: "杭州云栖具身智能软件有限公司" });
  await expect(row).toContainText("云栖软件");
  await expect(row).toContainText("中小企业");
  await expect(page.getByTestId("unit-summary")).toHaveText("在册 17 家，其中中小企业 7 家");
  // 17 units now: that warning is gone. The new SME owns no task yet, so the SME warning stays as it was.
  await expect(warnings(page)).toContainText("1 条提示");
  await expect(warnings(page)).not.toContainText("成员单位仅");
  await expect(warnings(page)).toContainText("参与重大专项任务的中小企业仅 6 家，少于 7 家");

  // The same count on the admin's 我的工作 page.
  await admin.goto("/");
  await expect(warnings(admin)).toContainText("1 条提示");

  // Leave the demo's rule numbers as they were for the other specs.
  await setRuleNumbers(admin, 5, 5);
  await expect(admin.getByText("未发现需要关注的软性规则提示")).toBeVisible();
  await admin.context().close();
});

test("the secretariat creates a user with roles, then deactivates him and he can no longer sign in", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "新增用户" }).click();
  // Only an admin hands out the admin role.
  await expect(page.getByLabel("系统管理员")).toBeDisabled();
  await page.getByLabel("用户名").fill("zhang_kai");
  await page.getByLabel("姓名").fill("张凯");
  await page.getByLabel("所属成员单位").selectOption({ label: "杭州驰动伺服电机有限公司" });
  await page.getByLabel("单位负责人").check();
  await page.getByLabel("初始密码").fill("welcome-2026");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已新增用户「张凯」" })).toBeVisible();
  const row = page.getByTestId("user-row").filter({ hasText: "zhang_kai" });
  await expect(row).toContainText("驰动伺服");
  await expect(row).toContainText("科研人员");
  await expect(row).toContainText("单位负责人");
  await expect(row).toContainText("启用");

  const newcomer = await (await browser.newContext()).newPage();
  await login(newcomer, "zhang_kai", "welcome-2026");
  await expect(newcomer.getByRole("heading", { name: /^我的工作/ })).toBeVisible();

  await row.getByRole("link", { name: "张凯" }).click();
  await page.getByLabel("启用", { exact: true }).uncheck();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存用户「张凯」" })).toBeVisible();
  await expect(page.getByTestId("user-row").filter({ hasText: "zhang_kai" })).toContainText("已停用");

  // His open session ended with the deactivation, and the password no longer works.
  await newcomer.reload();
  await expect(newcomer).toHaveURL(/\/login/);
  await newcomer.getByLabel("用户名").fill("zhang_kai");
  await newcomer.getByLabel("密码").fill("welcome-2026");
  await newcomer.getByRole("button", { name: "登录" }).click();
  await expect(newcomer.getByRole("alert")).toContainText("用户名或密码不正确");
  await newcomer.context().close();
});

test("a researcher sees no administration and is refused at its URLs", async ({ page }) => {
  await login(page, "jiang_hao");
  await expect(page.getByRole("heading", { name: /^我的工作/ })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "我的工作", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "联合体管理" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "联合体管理" })).toHaveCount(0);
  for (const path of ["/admin", "/admin/units", "/admin/users/new"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("alert")).toContainText("您没有权限执行此操作");
  }
});
