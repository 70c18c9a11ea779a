// 导入任务清单: a file with errors is refused and shows them by row and column; the fixed file previews,
// imports on confirm, and a researcher already on the board (and the secretariat on the battle map) sees
// the new tasks appear live.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { openBoard, shot, userPage, signIn } from "./helpers";
import { workbookBytes, type SheetRow } from "../helpers/import-sheets";

const BOARD = "/projects/1/board";

test("import a task list: errors by row and column, fix, confirm, the board shows the tasks live", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const run = randomBytes(3).toString("hex").toUpperCase();
  const rows: SheetRow[] = [
    { project: "2025ZDZX-RX-01", code: `IMP${run}-1`, title: `导入测试：关节力矩标定 ${run}`, unit: "智元人形", owner: "刘洋", startOn: "2027-03-01", dueOn: "2027-06-30", isKey: "是", predecessors: "", description: "" },
    { project: "2025ZDZX-RX-01", code: `IMP${run}-2`, title: `导入测试：标定结果复核 ${run}`, unit: "浙江智元人形机器人科技有限", owner: "", startOn: "2027年7月1日", dueOn: "2027/9/30", isKey: "否", predecessors: `IMP${run}-1`, description: "" },
  ];
  const researcher = await userPage(browser, "liu_yang");
  await openBoard(researcher, BOARD);
  // The secretariat's battle map of the whole consortium, open meanwhile: the import reloads it too.
  const map = await userPage(browser, "mishu");
  await map.goto("/battle-map");
  const mapCount = map.getByTestId("bm-count");
  await expect(mapCount).toBeVisible();
  const counted = async () => ((await mapCount.textContent()) ?? "").match(/\d+/g)!.map(Number);
  const [, totalBefore] = await counted();

  await signIn(page, "mishu");
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "从 Excel 导入任务清单" })).toBeVisible();
  const upload = async (sheet: SheetRow[], titleRows = 1) =>
    page.getByLabel("Excel 文件（.xlsx）").setInputFiles({ name: "任务清单.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await workbookBytes({ tasks: sheet }, { titleRows, blankEvery: 2 })) });

  await upload(rows);
  await page.getByRole("button", { name: "上传并预览" }).click();
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("发现 1 处错误，未导入任何数据");
  // Title row 1, header row 2, a blank row 3, the first task on row 4: the second is Excel's row 5.
  const line = errors.getByRole("row").filter({ hasText: "承担单位" });
  await expect(line.getByRole("cell").nth(1)).toHaveText("5");
  await expect(line).toContainText("是否为“浙江智元人形机器人科技有限公司”");
  await expect(page.getByRole("button", { name: "确认导入" })).toHaveCount(0);
  await page.screenshot({ path: shot("import-errors.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot("import-errors-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Fixed: the preview lists what will be created, then the confirm imports it.
  await upload([rows[0]!, { ...rows[1]!, unit: "浙江智元人形机器人科技有限公司" }], 0);
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(page.getByTestId("import-rows")).toContainText(`IMP${run}-2`);
  await expect(page.getByTestId("import-preview")).toContainText("新建 2");
  await page.screenshot({ path: shot("import-preview.png"), fullPage: true });
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByRole("status").filter({ hasText: "导入完成" })).toContainText("任务新建 2 项");

  // Live on the researcher's board, without a reload.
  await expect(researcher.getByTestId("task-card").filter({ hasText: `导入测试：标定结果复核 ${run}` })).toBeVisible();
  await expect(researcher.getByTestId("task-card").filter({ hasText: `导入测试：关节力矩标定 ${run}` })).toBeVisible();

  // And on the open battle map (reloaded by the import's one event for its board): two more tasks.
  await expect.poll(async () => (await counted())[1]).toBe(totalBefore! + 2);

  // The same file again changes nothing.
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(page.getByTestId("import-preview")).toContainText("文件与现有数据一致，无需导入。");
  await researcher.context().close();
  await map.context().close();
});
