// The network drops while someone works: opening a card while the server is down keeps the page (shell,
// board, drawer), says so in a toast instead of a 500 page, and the drawer fills in by itself once the
// server is back. A page navigated to while the server is down fails inside the shell and heals itself.
import { expect, test } from "@playwright/test";
import { card, login, openBoard, signIn } from "./helpers";
import { ownServer } from "./own-server";

const server = ownServer(Number(process.env.OUTAGE_PORT ?? 3298), "outage");
const BOARD = "/projects/1/board";

test.use({ baseURL: server.origin });

test.beforeAll(async () => {
  server.start();
  await server.healthy();
});

test.afterAll(() => server.dispose());

test("server down: opening a card keeps the shell and the board, shows a toast, and recovers when it returns", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  // The dialog's code loads when the board is first idle (Board.tsx): the network drops after that, as it
  // would for someone who has had the board open a while; stopping the server sooner raced the preload.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/TaskDrawer-")))).toBe(true);
  await page.waitForLoadState("networkidle");
  await server.stop();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "reconnecting");

  const title = "伺服驱动器高带宽电流环开发";
  await card(page, title).click();
  await expect(page.getByTestId("task-drawer")).toBeVisible();
  await expect(page.getByTestId("toast").filter({ hasText: "加载失败" }).first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeAttached();
  await expect(page.getByTestId("route-failure")).toHaveCount(0);
  await expect(page.getByText("修改未保存")).toHaveCount(0);
  await expect(page.getByTestId("board")).toBeVisible();

  server.start();
  await server.healthy();
  // The drawer's parts load by themselves and the board is live again.
  const drawer = page.getByTestId("task-drawer");
  await expect(drawer).not.toContainText("加载失败", { timeout: 20_000 });
  await expect(drawer.getByTestId("closeout-panel")).toContainText("尚未申请销号");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online", { timeout: 20_000 });
});

test("server down: a page opened fails inside the shell with 重试, and loads by itself once the server is back", async ({ page }) => {
  test.setTimeout(120_000);
  // Signed in as through the form: he lands on 我的工作, so its code is in the browser. (A page whose code
  // never loaded cannot render even its failure while the server is down: the browser shows its own.)
  await login(page, "mishu");
  await page.goto("/notices");
  // Hydrated (the bell's socket is up) before the server goes, so the click is the app's navigation.
  await expect(page.getByTestId("notice-bell")).toHaveAttribute("data-live", "1");
  await server.stop();
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的工作", exact: true }).click();
  const failure = page.getByTestId("route-failure");
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("页面加载失败");
  await expect(failure.getByRole("button", { name: "重试" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeAttached();
  await expect(page.getByText("修改未保存")).toHaveCount(0);

  server.start();
  await server.healthy();
  await expect(failure).toHaveCount(0, { timeout: 20_000 });
  await expect(page).toHaveURL(/\/$/);
});

test("an unknown page and a forbidden one answer inside the shell with a way back, never raw JSON", async ({ page }) => {
  await signIn(page, "jiang_hao");
  await page.goto("/no-such-page");
  await expect(page.getByTestId("route-failure")).toContainText("找不到该页面");
  await expect(page.getByRole("link", { name: "回到我的工作" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeAttached();
  await page.goto("/admin/users");
  await expect(page.getByTestId("route-failure")).toContainText("没有权限");
  await expect(page.locator("body")).not.toContainText('{"');
});
