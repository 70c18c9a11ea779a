// 重点任务推进表 in the browser: a unit lead fills a row and files the month; the secretariat, with the
// page already open, sees it filed live; the XLSX download works.
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import ExcelJS from "exceljs";
import { login, navTo, userPage } from "./helpers";

const unitPanel = (page: Page, shortName: string) => page.locator(`[data-testid="kt-unit"][data-unit="${shortName}"]`);

test("a unit lead fills and files the month; the secretariat sees it filed live and exports it", async ({ page, browser }) => {
  const mishu = await userPage(browser, "mishu");
  await mishu.goto("/key-tasks?month=2026-11");
  await expect(mishu.getByRole("heading", { name: "重点任务推进表", level: 1 })).toBeVisible();
  const seenByMishu = unitPanel(mishu, "智元人形");
  await expect(seenByMishu.getByTestId("kt-state")).toHaveText("未提交");
  // The secretariat reads but does not fill units' rows.
  await expect(mishu.getByRole("button", { name: "提交本月填报" })).toHaveCount(0);

  await login(page, "wang_jianguo");
  await navTo(page, "重点任务推进表");
  await expect(page).toHaveURL(/\/key-tasks/);
  const mine = unitPanel(page, "智元人形");
  const row = mine.getByTestId("kt-row").first();
  const code = (await row.getAttribute("data-task"))!;
  // Out of range progress is refused with a Chinese message, nothing saved.
  await row.getByLabel(`${code} 实际进展(%)`).fill("120");
  await row.getByRole("button", { name: `保存 ${code}` }).click();
  await expect(row.getByRole("alert").first()).toContainText("100");
  await row.getByLabel(`${code} 计划目标`).fill("完成整机初样装配2台");
  await row.getByLabel(`${code} 实际进展(%)`).fill("65");
  await row.getByLabel(`${code} 存在问题`).fill("关节模组到货延迟一周");
  await row.getByLabel(`${code} 下步计划`).fill("月底前完成步态测试");
  await row.getByRole("button", { name: `保存 ${code}` }).click();
  await expect(row.getByText("草稿")).toBeVisible();
  await expect(row.getByLabel(`${code} 实际进展(%)`)).toHaveValue("65");

  // Other units' rows are read-only for him.
  await expect(unitPanel(page, "精传减速").getByRole("textbox")).toHaveCount(0);

  await mine.getByRole("button", { name: "提交本月填报" }).click();
  await expect(mine.getByTestId("kt-state")).toHaveText("已提交");

  // Live on the secretariat's open page, with the figures he entered.
  await expect(seenByMishu.getByTestId("kt-state")).toHaveText("已提交");
  const mishuRow = seenByMishu.locator(`[data-task="${code}"]`);
  await expect(mishuRow).toContainText("完成整机初样装配2台");
  await expect(mishuRow).toContainText("65%");

  const download = mishu.waitForEvent("download");
  await mishu.getByRole("link", { name: "导出 Excel" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("重点任务推进表-2026-11.xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(ws.getCell(2, 2).value).toBe("任务编号");
  const line = Array.from({ length: ws.rowCount - 2 }, (_, i) => ws.getRow(i + 3)).find((r) => r.getCell(2).value === code)!;
  expect(line.getCell(7).value).toBe(65);
  expect(line.getCell(11).value).toBe("已提交");

  fs.mkdirSync("test-results/shots", { recursive: true });
  await page.screenshot({ path: "test-results/shots/key-tasks.png", fullPage: true });
  await mishu.screenshot({ path: "test-results/shots/key-tasks-mishu.png", fullPage: false });
});
