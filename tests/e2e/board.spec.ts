import { expect, test } from "@playwright/test";
import { card, column, login, openBoard, userPage, signIn } from "./helpers";

const BOARD = "/projects/1/board";

test("keyboard drag and drop moves a card; another user sees it live; it stays after reload", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const other = await userPage(browser, "shouxi");
  await openBoard(other, BOARD);

  const title = "关节模组批量一致性测试方法研究";
  await expect(card(page, title)).toHaveAttribute("data-status", "not_started");
  await card(page, title).focus();
  await expect(card(page, title)).toHaveAttribute("aria-roledescription", "任务卡片");
  // Tab, Space, one →, Space: the first arrow counts, and the live region says where the card went.
  await page.keyboard.press("Space");
  const live = page.locator("[id^=DndLiveRegion]");
  await expect(live).toContainText(`已拿起任务「${title}」`);
  await page.keyboard.press("ArrowRight");
  await expect(live).toContainText(`任务「${title}」移到「进行中」第`);
  await page.keyboard.press("Space");
  await expect(live).toContainText(`任务「${title}」已放到「进行中」第`);
  await expect(column(page, "in_progress").getByText(title)).toBeVisible();
  await expect(column(other, "in_progress").getByText(title)).toBeVisible();
  await page.reload();
  await expect(column(page, "in_progress").getByText(title)).toBeVisible();
  await other.context().close();
});

test("pointer drag reorders within a column and across columns", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const moving = card(page, "关节模组小批量试制（50套）");
  const target = column(page, "in_progress");
  const from = (await moving.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + 20, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 30, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
  await page.mouse.up();
  await expect(target.getByText("关节模组小批量试制（50套）")).toBeVisible();
  await page.reload();
  await expect(column(page, "in_progress").getByText("关节模组小批量试制（50套）")).toBeVisible();
});

test("columns owned by a process (待销号, 已销号, 已暂停) take no drop and say why; the card stays", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const title = "关节模组批量一致性测试方法研究";
  const moving = card(page, title);
  const from = (await moving.getAttribute("data-status"))!;
  const suspended = column(page, "suspended");
  const box = (await moving.boundingBox())!;
  const to = (await suspended.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + 30, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
  // While the card is lifted, every process-owned column explains itself; the open ones do not.
  await expect(suspended.getByTestId("column-refusal")).toHaveText("任务只能通过经批准的动态调整申请（中止任务）进入“已暂停”");
  await expect(column(page, "pending_closeout").getByTestId("column-refusal")).toContainText("销号申请");
  await expect(column(page, "in_progress").getByTestId("column-refusal")).toHaveCount(0);
  await page.mouse.up();
  await expect(page.getByTestId("column-refusal")).toHaveCount(0);
  await expect(column(page, from).getByText(title)).toBeVisible();
  await expect(suspended.getByText(title)).toHaveCount(0);
  await page.reload();
  await expect(column(page, from).getByText(title)).toBeVisible();
});

test("two people edit the same field: the second sees the conflict and chooses", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  const other = await userPage(browser, "shouxi");
  await openBoard(other, BOARD);
  const title = "伺服驱动器高带宽电流环开发";

  await card(page, title).click();
  await card(other, title).click();
  // The second viewer sees who is editing the card (soft lock).
  await expect(card(other, title).locator(".editing")).toContainText("陈思远 正在编辑");

  await other.getByLabel("任务名称").fill("伺服驱动器高带宽电流环开发（首席修订）");
  await other.getByRole("button", { name: "保存" }).click();
  await expect(other.getByTestId("task-drawer")).toBeHidden();

  await page.getByLabel("任务名称").fill("伺服驱动器电流环开发（秘书处修订）");
  await page.getByRole("button", { name: "保存" }).click();
  const dialog = page.getByTestId("conflict-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("theirs")).toHaveText("伺服驱动器高带宽电流环开发（首席修订）");
  await expect(dialog.getByTestId("yours")).toHaveText("伺服驱动器电流环开发（秘书处修订）");
  await dialog.getByRole("button", { name: "用我的修改覆盖" }).click();
  await expect(card(other, "伺服驱动器电流环开发（秘书处修订）")).toBeVisible();
  await other.context().close();
});

test("a researcher cannot edit or drag another unit's task; his own he can", async ({ page }) => {
  await signIn(page, "jiang_hao"); // 精传减速
  await openBoard(page, BOARD);
  const foreign = card(page, "关节模组正样设计与工艺定型"); // 智元人形
  await foreign.click();
  await expect(page.getByLabel("任务名称")).toHaveAttribute("readonly", "");
  await expect(page.getByRole("button", { name: "保存" })).toHaveCount(0);
  await page.getByRole("button", { name: "取消" }).click();
  await expect(foreign).toHaveAttribute("data-draggable", "false");

  await card(page, "谐波减速器寿命试验（1万小时）").click();
  // Its progress is computed from its 考核指标, never typed in; the description is his to edit.
  await expect(page.getByLabel("进度（%）")).toBeDisabled();
  await page.getByLabel("任务描述").fill("每500小时记录一次背隙与效率");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("task-drawer")).toBeHidden();
  // The change is in the card's history, read from the audit trail.
  await card(page, "谐波减速器寿命试验（1万小时）").click();
  await expect(page.getByTestId("task-history")).toContainText("蒋浩 修改了 任务描述：");
  await expect(page.getByTestId("task-history")).toContainText("→ 每500小时记录一次背隙与效率");
});

test("create a task with validation, then archive it", async ({ page }) => {
  await signIn(page, "li_ming");
  await openBoard(page, BOARD);
  await page.getByRole("button", { name: "新建任务" }).click();
  const drawer = page.getByTestId("task-drawer");
  await drawer.getByRole("button", { name: "新建" }).click();
  await expect(drawer.getByText("此项必填")).toBeVisible();
  await drawer.getByLabel("任务名称").fill("关节模组EMC预测试");
  await drawer.getByLabel("截止日期").fill("2026-10-01");
  await drawer.getByRole("button", { name: "新建" }).click();
  await expect(drawer.getByText("截止日期不能早于开始日期")).toBeVisible();
  await drawer.getByLabel("截止日期").fill("2027-03-31");
  await drawer.getByRole("button", { name: "新建" }).click();
  await expect(column(page, "not_started").getByText("关节模组EMC预测试")).toBeVisible();
  await card(page, "关节模组EMC预测试").click();
  await page.getByRole("button", { name: "归档" }).click();
  await expect(card(page, "关节模组EMC预测试")).toHaveCount(0);
});

test("offline: the badge says so and an edit is refused with a clear message, not queued", async ({ page }) => {
  await signIn(page, "mishu");
  await openBoard(page, BOARD);
  await page.context().setOffline(true);
  await page.evaluate(() => window.dispatchEvent(new Event("offline")));
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "offline");
  await expect(page.getByRole("button", { name: "新建任务" })).toBeDisabled();
  await card(page, "关节模组正样环境适应性试验").focus();
  await page.keyboard.press("Space");
  const live = page.locator("[id^=DndLiveRegion]");
  await expect(async () => {
    await page.keyboard.press("ArrowRight");
    await expect(live).toContainText("移到「进行中」", { timeout: 500 });
  }).toPass();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("toast")).toContainText("当前离线，修改未保存");
  await expect(card(page, "关节模组正样环境适应性试验")).toHaveAttribute("data-status", "not_started");
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online", { timeout: 15_000 });
});

test("filters live in the URL: the overdue figure on the home page opens the board filtered", async ({ page }) => {
  await login(page, "mishu");
  await page.getByRole("link", { name: /逾期任务/ }).click();
  await expect(page).toHaveURL(/\/board\?overdue=1/);
  await expect(page.getByLabel("逾期")).toBeChecked();
  const cards = page.getByTestId("task-card");
  await expect(cards.first()).toBeVisible();
  for (const text of await cards.allTextContents()) expect(text).toMatch(/逾期 \d+ 天/);
  await page.getByRole("button", { name: "本单位" }).click();
  await expect(page).toHaveURL(/scope=unit/);
  await page.reload();
  await expect(page.getByRole("button", { name: "本单位" })).toHaveAttribute("aria-pressed", "true");
});
