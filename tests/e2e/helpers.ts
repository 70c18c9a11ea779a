import { expect, type Browser, type Page } from "@playwright/test";

export async function login(page: Page, username: string, password = "demo1234") {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A second, independent browser session (its own cookies), signed in as `username`. */
export async function userPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, username);
  return page;
}

export async function openBoard(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
}

export const card = (page: Page, title: string) => page.getByTestId("task-card").filter({ hasText: title });
export const column = (page: Page, status: string) => page.getByTestId(`column-${status}`);
