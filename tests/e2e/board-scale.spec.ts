// The board at real size: a column of 100+ cards sends its first page only and draws only the cards in
// view, yet live moves still reach cards that are not drawn (loaded, scrolled away) and cards not even
// loaded (the count moves, and the card shows where it lands). Its own server and database: the 100 cards
// are created through the model while the server is stopped, and would crowd the other specs' boards.
import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { column, openBoard, shot, signIn } from "./helpers";
import { ownServer } from "./own-server";
import { openDatabase } from "../../db/client";
import { clockFromEnv } from "../../app/models/clock";
import { createTask } from "../../app/models/tasks.server";
import { silentRealtime } from "../../app/models/context.server";
import { actor } from "../helpers/db";
import { BOARD_PAGE } from "../../app/models/board-filter";

const server = ownServer(Number(process.env.E2E_PORT ?? 3210) + 41, "board-scale");
test.use({ baseURL: server.origin });

const N = 100;
const title = (i: number) => `规模看板卡片 ${String(i).padStart(3, "0")}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server.start(); // migrates and seeds the demo
  await server.healthy();
  await server.stop();
  process.env.APP_NOW = "2026-11-23T10:00:00+08:00";
  const db = openDatabase(path.join(server.dataDir(), "db.sqlite"), clockFromEnv());
  const ctx = { db, realtime: silentRealtime, config: { sessionSecret: "x", secureCookies: false, dataDir: "/tmp", uploadsDir: "/tmp" } };
  const mishu = actor(db, "mishu");
  const project = db.$client.prepare("SELECT id, lead_unit_id AS unitId FROM projects ORDER BY id LIMIT 1").get() as { id: number; unitId: number };
  // A task made by hand goes first in its column: made from the last one, card 1 ends on top, card 26 is
  // the 26th of the column (in the first page, out of view) and card 90 the 90th (not loaded).
  for (let i = N; i >= 1; i--) {
    createTask(ctx, mishu, { projectId: project.id, title: title(i), description: "", ownerUnitId: project.unitId, ownerUserId: null, startOn: "2026-11-01", dueOn: "2027-06-30", isKey: false, status: "not_started" });
  }
  db.$client.close();
  server.start();
  await server.healthy();
});
test.afterAll(() => server.dispose());

const count = async (page: Page, status: string) => Number(await column(page, status).getAttribute("data-total"));
const drawn = (page: Page, i: number) => page.locator(`[data-testid="task-card"]`, { hasText: title(i) });

test("a live move reaches a card scrolled out of view and a card not loaded at all", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "mishu");
  await openBoard(page, "/board");
  const notStarted = column(page, "not_started");
  const total = await count(page, "not_started");
  const inProgress = await count(page, "in_progress");
  expect(total).toBeGreaterThan(N);
  await expect(notStarted.getByTestId("column-count")).toHaveText(`${total} 项`);
  // Virtualized: far fewer cards drawn than the column holds, and only the first page loaded.
  const drawnCards = await notStarted.getByTestId("task-card").count();
  expect(drawnCards).toBeGreaterThan(3);
  expect(drawnCards).toBeLessThan(BOARD_PAGE);
  await expect(drawn(page, 26)).toHaveCount(0); // loaded (in the first page) but out of view
  await expect(drawn(page, 90)).toHaveCount(0); // not loaded
  await expect(notStarted.getByTestId("load-more")).toBeVisible(); // the path for keyboards and screen readers

  // Someone else scrolls to the cards and moves them with 移到….
  const other = await (await browser.newContext({ baseURL: server.origin })).newPage();
  await signIn(other, "shouxi");
  await openBoard(other, "/board");
  const body = column(other, "not_started").locator(".column-body");
  for (const i of [26, 90]) {
    await expect(async () => {
      await body.evaluate((el) => el.scrollBy(0, 700));
      await expect(drawn(other, i)).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await other.getByLabel(`把任务「${title(i)}」移到`).selectOption("in_progress");
    await expect(other.getByText(`已将「${title(i)}」移到「进行中」`)).toBeVisible();
  }

  // The first viewer never scrolled: both moves reached him, in the counts and in the column they landed in.
  await expect(notStarted.getByTestId("column-count")).toHaveText(`${total - 2} 项`);
  await expect(column(page, "in_progress").getByTestId("column-count")).toHaveText(`${inProgress + 2} 项`);
  expect(await notStarted.evaluate((el) => el.querySelector(".column-body")!.scrollTop)).toBe(0);
  const target = column(page, "in_progress").locator(".column-body");
  for (const i of [26, 90]) {
    await expect(async () => {
      await target.evaluate((el) => el.scrollBy(0, 500));
      await expect(column(page, "in_progress").getByTestId("task-card").filter({ hasText: title(i) })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
  }
  // And the card left the not-started column for good: loading its next page does not bring it back.
  await notStarted.getByTestId("load-more").click();
  await expect(notStarted.getByTestId("load-more")).toHaveText(/还有 \d+ 张/);
  await expect(page.getByTestId("task-card").filter({ hasText: title(90) })).toHaveCount(1);
  await page.screenshot({ path: shot("board-scale.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(column(page, "not_started").getByTestId("task-card").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: shot("board-scale-phone.png") });
  await other.context().close();
});
