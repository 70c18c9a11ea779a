// Sign-in, sign-out and the password: every sign-in here goes through the login form (the other specs
// reuse one session per person).
import { expect, test } from "@playwright/test";
import { loginThroughUi as login } from "./helpers";

test("an unsigned visitor sees only the login page; a wrong password is refused in Chinese", async ({ page }) => {
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login\?next=%2Fboard/);
  await page.getByLabel("用户名").fill("mishu");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("heading", { name: "全体任务看板" })).toBeVisible();
});

test("sign in, see the consortium at a glance, sign out", async ({ page }) => {
  await login(page, "shouxi");
  await expect(page.getByRole("heading", { name: "联合体总览" })).toBeVisible();
  await expect(page.locator(".brand strong")).toContainText("创新联合体");
  await expect(page.getByRole("link", { name: "高功率密度关节模组研制" })).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

// luo_bin signs in nowhere else: the specs share one server, and his password stays changed.
test("password change: checks the current password, then the new one works and the old one not", async ({ page }) => {
  await login(page, "luo_bin");
  await page.goto("/account");
  await page.getByLabel("当前密码").fill("not-my-password");
  await page.getByLabel("新密码", { exact: true }).fill("newpass-2026");
  await page.getByLabel("确认新密码").fill("newpass-2026");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.locator(".alert.bad")).toContainText("当前密码不正确");
  await page.getByLabel("当前密码").fill("demo1234");
  await page.getByLabel("新密码", { exact: true }).fill("short");
  await page.getByLabel("确认新密码").fill("short");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("密码至少 8 位")).toBeVisible();
  await page.getByLabel("新密码", { exact: true }).fill("newpass-2026");
  await page.getByLabel("确认新密码").fill("newpass-2026");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("密码已修改")).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.getByLabel("用户名").fill("luo_bin");
  await page.getByLabel("密码").fill("demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");
  await login(page, "luo_bin", "newpass-2026");
  await expect(page.getByRole("heading", { name: /^我的工作/ })).toBeVisible();
});
