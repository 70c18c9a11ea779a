// V-model and TRL in the browser: the V of an iteration with its legend and links, keyboard access from a
// diagram item to its row; a researcher claims a TRL with a file, the responsible expert (another
// browser, page already open) sees the claim arrive live and confirms it, and the researcher's page
// shows the confirmed level without a reload.
import path from "node:path";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { login, navTo, userPage, shot, signIn } from "./helpers";

const SHOT = shot("vmodel.png");

test("the V-model of a key technology: legs, links, states, iterations and the TRL ladder", async ({ page }) => {
  await login(page, "zhuanjia");
  // Hydrated (the bell's socket is up) before opening the nav group, or hydration closes it again.
  await expect(page.getByTestId("notice-bell")).toHaveAttribute("data-live", "1");
  await navTo(page, "关键技术");
  await expect(page.getByRole("heading", { name: "关键技术与V型迭代", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "高功率密度一体化关节模组" }).click();
  await expect(page.getByRole("heading", { name: "高功率密度一体化关节模组", level: 1 })).toBeVisible();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");

  // The active iteration (第2轮 初样) is selected; its V has 10 items and a link for every verification.
  const tabs = page.getByRole("navigation", { name: "迭代轮次" });
  await expect(tabs.locator('[aria-current="page"]')).toContainText("第2轮 · 初样");
  const v = page.getByTestId("vmodel-svg");
  await expect(v.locator(".v-item")).toHaveCount(10);
  await expect(v.locator(".v-link")).toHaveCount(5);
  await expect(v.locator('.v-item[data-state="failed"]')).toHaveCount(1);
  await expect(page.locator(".v-legend")).toContainText("未通过");
  await expect(page.getByTestId("trl-ladder").locator('[data-marker="claimed"]')).toHaveCount(1);
  await expect(page.locator(".trl-claim-claimed")).toContainText("TRL 5");

  fs.mkdirSync(path.dirname(SHOT), { recursive: true });
  await page.screenshot({ path: SHOT, fullPage: true });

  // Keyboard: focus a diagram item and follow it to its row in the table.
  const failed = v.locator('.v-item[data-state="failed"]');
  await failed.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#item-\d+$/);
  const id = page.url().split("#item-")[1];
  await expect(page.locator(`#item-${id}`)).toContainText("伺服驱动电流环带宽测试");

  // The first iteration is done: every item done.
  await tabs.getByRole("link", { name: /第1轮 · 模样/ }).click();
  await expect(tabs.locator('[aria-current="page"]')).toContainText("第1轮 · 模样");
  await expect(v.locator('.v-item[data-state="done"]')).toHaveCount(10);
});

test("a researcher claims TRL 5 with evidence; the expert sees it live and confirms; the researcher sees it confirmed", async ({ page, browser }) => {
  const expert = await userPage(browser, "zhuanjia");
  await signIn(page, "deng_yu");
  await page.goto("/technologies");
  await page.getByRole("link", { name: "多指灵巧手触觉感知" }).click();
  await expect(page.getByRole("heading", { name: "多指灵巧手触觉感知", level: 1 })).toBeVisible();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const url = page.url();
  await expert.goto(url);
  await expect(expert.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(expert.locator(".trl-claim-claimed")).toHaveCount(0);

  // TRL 6 from confirmed TRL 4 is a jump of two levels: the form asks for a reason.
  const form = page.locator(".trl-claim-form");
  await form.getByLabel("申报等级").selectOption("6");
  await expect(form.getByLabel(/理由说明（此等级须说明理由）/)).toBeVisible();
  await form.getByLabel("申报等级").selectOption("5");
  await expect(form.getByLabel("理由说明", { exact: true })).toBeVisible();
  await form.getByLabel("佐证材料").setInputFiles({
    name: "六维力传感器标定报告.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"),
  });
  await form.getByRole("button", { name: "提交申报" }).click();
  await expect(page.getByText("已提交申报，等待专家确认")).toBeVisible();
  await expect(page.getByText("已有待确认的申报")).toBeVisible();

  // The expert's open page shows the claim with its file, live.
  const pending = expert.locator(".trl-claim-claimed");
  await expect(pending).toContainText("TRL 5");
  await expect(pending).toContainText("邓宇");
  await expect(pending.getByRole("link", { name: /六维力传感器标定报告\.pdf/ })).toBeVisible();
  await pending.getByLabel("意见").fill("初样六维力传感器与电子皮肤在相关环境中验证充分，同意 TRL 5。");
  await pending.getByRole("button", { name: "确认该等级" }).click();
  await expect(expert.getByText("已记录结论")).toBeVisible();

  // The researcher's page follows without a reload.
  const confirmed = page.locator(".trl-claim-confirmed").filter({ hasText: "TRL 5" });
  await expect(confirmed).toContainText("孙立民");
  await expect(page.locator(".figure.trl-confirmed .value")).toHaveText("TRL 5");
  await expect(page.getByTestId("trl-ladder").locator('[data-marker="confirmed"]')).toHaveCount(3);
  await expert.context().close();
});
