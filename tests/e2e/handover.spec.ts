import { expect, test, type Page } from "@playwright/test";
import { card, openBoard, shot, userPage, signIn } from "./helpers";

// Predecessors in the task dialog and 压茬推进. The secretariat (mishu, 智元人形) makes two 精传减速 tasks on the
// board: a finished one (蒋浩's, progress 100 %, no indicators: it may be proposed for close-out at once) and
// the next one (林峰's), links them in the dialog and is refused the reverse link (a cycle). Then 蒋浩
// proposes the first for 销号, mishu approves it, and 林峰, signed in in another browser, sees his inbox
// count rise and the 可启动 mark on his card and on the battle map without reloading.
const FIRST = "减速器样机装配（交接测试）";
const NEXT = "减速器台架联调（交接测试）";

// Serial: each test goes on from the state the one before left. Each does many steps in several browsers: slow.
test.describe.configure({ mode: "serial", timeout: 90_000 });

async function createTask(page: Page, title: string, owner: string) {
  await page.getByRole("button", { name: "新建任务" }).click();
  const drawer = page.getByTestId("task-drawer");
  await drawer.getByLabel("所属项目").selectOption({ label: "2025ZDZX-RX-01 高功率密度关节模组研制" });
  await drawer.getByLabel("任务名称").fill(title);
  await drawer.getByLabel("承担单位").selectOption({ label: "精传减速" });
  await drawer.getByLabel("负责人").selectOption({ label: owner });
  await drawer.getByRole("button", { name: "新建" }).click();
  await expect(card(page, title)).toBeVisible();
}

test("a predecessor is added in the task dialog with the searchable picker; the reverse link is refused as a cycle", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, "/board");
  await createTask(page, FIRST, "蒋浩");
  await createTask(page, NEXT, "林峰");

  // The finished task: progress 100 % (no indicators, so it is typed in).
  await card(page, FIRST).click();
  let drawer = page.getByTestId("task-drawer");
  await drawer.getByLabel("进度（%）").fill("100");
  await drawer.getByRole("button", { name: "保存" }).click();
  await expect(card(page, FIRST).locator(".progress span")).toHaveAttribute("style", /width: 100%/);
  await page.keyboard.press("Escape");

  // The next task's dialog: type part of the title, pick with the keyboard.
  await card(page, NEXT).click();
  drawer = page.getByTestId("task-drawer");
  const links = drawer.getByTestId("task-links");
  await expect(links.getByTestId("link-search")).toBeVisible();
  await links.getByTestId("link-search").fill("样机装配（交接");
  const options = links.getByTestId("link-options");
  await expect(options.getByRole("option")).toHaveCount(1);
  await expect(options.getByRole("option").first()).toContainText("本项目");
  await links.getByTestId("link-search").press("Enter");
  await expect(links.getByTestId("task-links-reply")).toContainText(`已添加前置任务`);
  await expect(links.getByTestId("task-predecessors")).toContainText(FIRST);
  await links.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("task-links-desktop.png") });
  await page.keyboard.press("Escape");

  // The first task's dialog lists the successor; making it the first one's predecessor would close a loop.
  await card(page, FIRST).click();
  const firstLinks = page.getByTestId("task-drawer").getByTestId("task-links");
  await expect(firstLinks.getByTestId("task-successors")).toContainText(NEXT);
  await firstLinks.getByTestId("link-search").fill("台架联调（交接");
  await firstLinks.getByRole("option").filter({ hasText: NEXT }).click();
  await expect(firstLinks.getByRole("alert")).toContainText("不能添加：会形成循环依赖");
  await expect(firstLinks.getByRole("link", { name: NEXT })).toHaveCount(1); // still only among the successors
  await page.keyboard.press("Escape");
});

test("closing a task out hands over: the successor's owner, signed in elsewhere, is told and sees 可启动 live", async ({ page, browser }) => {
  // 林峰 watches his board in his own browser.
  const owner = await userPage(browser, "lin_feng");
  await openBoard(owner, "/board");
  await expect(card(owner, NEXT)).toBeVisible();
  await expect(card(owner, NEXT).getByTestId("card-ready")).toHaveCount(0);
  const countBefore = Number((await owner.getByTestId("inbox-count").textContent({ timeout: 1000 }).catch(() => "0")) || 0);

  // 蒋浩 proposes the finished task for close-out (the app's 销号 path: 申请销号 from the dialog).
  const researcher = await userPage(browser, "jiang_hao");
  await openBoard(researcher, "/board");
  await card(researcher, FIRST).click();
  await researcher.getByTestId("closeout-panel").getByTestId("propose-link").click();
  await expect(researcher.getByTestId("propose-form")).toContainText(FIRST);
  await researcher.getByTestId("propose-form").getByRole("button", { name: "提交销号申请" }).click();
  await expect(researcher.getByText("已提交销号申请，等待审批")).toBeVisible();
  await researcher.context().close();

  // mishu (secretariat, another unit) approves it.
  await signIn(page, "mishu");
  await page.goto("/closeout");
  const proposal = page.locator("[data-task-code]").filter({ hasText: FIRST }).filter({ hasText: "待审批" });
  await proposal.getByRole("button", { name: "同意销号" }).click();
  await expect(page.getByText("已同意销号，任务已标记为已销号")).toBeVisible();

  // 林峰's page, not reloaded: one more unread notification, and his card says 可启动.
  await expect(owner.getByTestId("inbox-count")).toHaveText(String(countBefore + 1));
  await expect(card(owner, NEXT).getByTestId("card-ready")).toHaveText("可启动");
  await owner.goto("/inbox");
  await expect(owner.getByRole("link", { name: new RegExp(`前置任务「RX01-T\\d+ ${FIRST}」已销号.*可以启动`) })).toBeVisible();

  // The battle map shows the hand-over: the successor's bar marked 可启动, the link drawn highlighted.
  await owner.goto("/battle-map");
  await expect(owner.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await owner.getByRole("combobox", { name: "单位", exact: true }).selectOption({ label: "精传减速" });
  const row = owner.getByTestId("bm-task").filter({ hasText: NEXT });
  await row.scrollIntoViewIfNeeded();
  await expect(row.getByTestId("bm-ready")).toHaveText("可启动");
  await expect(owner.locator("[data-testid='bm-arrow'][data-handover]")).toHaveCount(1);
  await owner.screenshot({ path: shot("battle-map-handover.png") });
  await owner.context().close();
});

test("on a phone (390 px) the dialog's predecessor section fits, with thumb-sized targets and the 可启动 mark", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const phone = await context.newPage();
  await signIn(phone, "lin_feng");
  await openBoard(phone, "/board");
  await card(phone, NEXT).click();
  const links = phone.getByTestId("task-drawer").getByTestId("task-links");
  await expect(links.getByTestId("task-ready")).toHaveText("可启动");
  await expect(links.getByTestId("task-predecessors")).toContainText(FIRST);
  await links.getByTestId("link-search").fill("RX01");
  await expect(links.getByTestId("link-options").getByRole("option").first()).toBeVisible();
  const option = await links.getByTestId("link-options").getByRole("option").first().boundingBox();
  expect(option!.height).toBeGreaterThanOrEqual(44);
  const search = await links.getByTestId("link-search").boundingBox();
  expect(search!.height).toBeGreaterThanOrEqual(44);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await links.getByTestId("link-options").getByRole("option").nth(2).scrollIntoViewIfNeeded();
  await phone.screenshot({ path: shot("task-links-phone.png") });
  await context.close();
});

test("on the battle map a link is drawn with the mouse from a bar's end to another bar; a loop is refused with a toast", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, "/battle-map");
  await page.getByRole("combobox", { name: "单位", exact: true }).selectOption({ label: "精传减速" });
  const row = (title: string) => page.getByTestId("bm-task").filter({ hasText: title });
  const drawLink = async (from: string, to: string) => {
    await row(from).getByTestId("bm-link-knob").scrollIntoViewIfNeeded();
    await row(from).getByTestId("bm-link-knob").hover();
    const knob = (await row(from).getByTestId("bm-link-knob").boundingBox())!;
    // Released anywhere on the other task's row (its bar may lie off screen, months later).
    const target = (await row(to).boundingBox())!;
    await page.mouse.move(knob.x + knob.width / 2, knob.y + knob.height / 2);
    await page.mouse.down();
    await page.mouse.move(knob.x - 40, target.y + target.height / 2, { steps: 8 });
    await expect(page.getByTestId("bm-link-drawing")).toHaveCount(1);
    await page.mouse.up();
  };
  // 精传减速's five tasks; among them one link so far: the hand-over of the tests above.
  await expect(page.getByTestId("bm-task")).toHaveCount(5);
  const arrows = page.getByTestId("bm-arrow");
  const before = 1;
  await expect(arrows).toHaveCount(before);
  // 台架联调 goes before 小批量试制: a new arrow, for every viewer of the map.
  await drawLink(NEXT, "关节模组小批量试制");
  await expect(page.getByText(`已将「`)).toContainText(`${NEXT}」设为「`);
  await expect(arrows).toHaveCount(before + 1);
  // The reverse would close a loop: refused, said in a toast, no arrow added.
  await drawLink("关节模组小批量试制", NEXT);
  await expect(page.getByText("不能添加：会形成循环依赖")).toBeVisible();
  await expect(arrows).toHaveCount(before + 1);
});
