// The board survives a server restart: the badge turns to 重连中 while the server is down and back to
// 在线 once it is up again, and live changes flow again afterwards. Playwright's own webServer cannot be
// restarted, so this spec runs its own production server (own port, own database) and kills it itself.
import { expect, test, type Page } from "@playwright/test";
import { card, openBoard, signIn } from "./helpers";
import { ownServer } from "./own-server";

const server = ownServer(Number(process.env.RECONNECT_PORT ?? 3299), "reconnect");
const ORIGIN = server.origin;
const BOARD = "/projects/1/board";

test.use({ baseURL: ORIGIN });

test.beforeAll(async () => {
  server.start();
  await server.healthy();
});

test.afterAll(() => server.dispose());

const badge = (page: Page) => page.getByTestId("conn");

test("the connection badge shows 重连中 while the server restarts, then 在线, and live changes resume", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  await expect(badge(page)).toHaveText("在线");

  await server.stop();
  await expect(badge(page)).toHaveAttribute("data-state", "reconnecting");
  await expect(badge(page)).toHaveText("重连中…");

  server.start();
  await server.healthy();
  // The client backs off up to 5 s between attempts; the session survives the restart (same DB, same secret).
  await expect(badge(page)).toHaveAttribute("data-state", "online", { timeout: 20_000 });
  await expect(badge(page)).toHaveText("在线");

  // After recovery, a change made by someone else in another browser appears live.
  const context = await browser.newContext({ baseURL: ORIGIN });
  const other = await context.newPage();
  await signIn(other, "shouxi");
  await openBoard(other, BOARD);
  const title = "伺服驱动器高带宽电流环开发";
  const renamed = "伺服驱动器高带宽电流环开发（重连后修订）";
  await card(other, title).click();
  await other.getByLabel("任务名称").fill(renamed);
  await other.getByRole("button", { name: "保存" }).click();
  await expect(other.getByTestId("task-drawer")).toBeHidden();
  await expect(card(page, renamed)).toBeVisible();
  await context.close();
});
