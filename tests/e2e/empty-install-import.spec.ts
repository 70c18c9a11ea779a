// The whole first day of a real consortium from an empty database, in real Chromium against its own
// production server (SEED_DEMO=0): the setup link the server prints -> the consortium and first admin ->
// member units and users imported from Excel (one-time passwords shown once) -> a project with a
// participating unit, a responsible expert and a milestone -> the secretariat imports a task list with
// errors (shown by row and column, nothing written), fixes it and imports it -> a researcher already
// signed in sees the tasks appear live on the board and the battle map -> he records an indicator value.
// Every workbook is generated here with exceljs.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ownServer } from "./own-server";
import { shot } from "./helpers";
import { completeSetup, createProject, signIn } from "./first-day";
import { workbookBytes, type SheetRow } from "../helpers/import-sheets";
import type { ImportSheet } from "../../app/models/import-sheet";

const server = ownServer(Number(process.env.E2E_PORT ?? 3210) + 60, "empty-import", { SEED_DEMO: "0" });
const base = server.origin;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test.beforeAll(async () => {
  server.start();
  await server.healthy();
});
test.afterAll(async () => {
  await server.dispose();
});

/** A new user's first sign-in with the password the import showed: every page leads to choosing his own first. */
async function firstSignIn(browser: Browser, username: string, initial: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, username, initial);
  await expect(page).toHaveURL(/\/account\?mustChange=1/);
  await page.getByLabel("当前密码").fill(initial);
  await page.getByLabel("新密码", { exact: true }).fill(`${username}-own-2026`);
  await page.getByLabel("确认新密码").fill(`${username}-own-2026`);
  await page.locator("form").filter({ has: page.getByLabel("确认新密码") }).getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "密码已修改" })).toBeVisible();
  return page;
}

async function upload(page: Page, sheets: Partial<Record<ImportSheet, SheetRow[]>>, name: string) {
  await page.getByLabel("Excel 文件（.xlsx）").setInputFiles({ name, mimeType: XLSX, buffer: Buffer.from(await workbookBytes(sheets, { titleRows: 1 })) });
  await page.getByRole("button", { name: "上传并预览" }).click();
}

const UNITS: SheetRow[] = [
  { name: "杭州具身智能机器人有限公司", shortName: "具身机器人", kind: "牵头企业", subKind: "", creditCode: "", district: "杭州市余杭区", contact: "周工", joinedOn: "2026-03-01" },
  { name: "浙江柔感传感科技有限公司", shortName: "柔感传感", kind: "企业", subKind: "", creditCode: "", district: "宁波市", contact: "", joinedOn: "2026年3月1日" },
  { name: "浙江概念验证服务中心", shortName: "概念验证中心", kind: "服务机构", subKind: "概念验证", creditCode: "", district: "杭州市", contact: "", joinedOn: "2026/3/15" },
];
const USERS: SheetRow[] = [
  { displayName: "陈秘书", username: "chen", unit: "具身机器人", roles: "秘书处", email: "chen@example.cn", phone: "" },
  { displayName: "李妍", username: "li_yan", unit: "浙江柔感传感科技有限公司", roles: "科研人员", email: "", phone: "13800001111" },
  { displayName: "孙专家", username: "sun", unit: "", roles: "项目责任专家", email: "", phone: "" },
];

test("empty install: setup, units and users from Excel, a project, a task list with errors fixed, live to a researcher who records a value", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const [, setupPath] = await server.printed(/http:\/\/localhost:\d+(\/setup\?token=[\w-]+)/);
  await completeSetup(page, `${base}${setupPath}`);

  // Units and users from the admin's workbook; a wrong role and a misspelt unit first, shown where they are.
  await page.goto(`${base}/import`);
  await expect(page.getByText("您可以导入：成员单位、用户")).toBeVisible();
  await upload(page, { units: UNITS, users: [{ ...USERS[0]!, roles: "秘书" }, { ...USERS[1]!, unit: "浙江柔感传感" }, USERS[2]!] }, "成员和用户.xlsx");
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("发现 2 处错误，未导入任何数据");
  await expect(errors.getByRole("row").filter({ hasText: "角色" })).toContainText("无法识别的角色“秘书”");
  const unitLine = errors.getByRole("row").filter({ hasText: "所属单位" });
  await expect(unitLine.getByRole("cell").nth(1)).toHaveText("4"); // title row, header, then Excel row 4
  await expect(unitLine).toContainText("是否为“柔感传感”");
  await expect(page.getByRole("button", { name: "确认导入" })).toHaveCount(0);

  await upload(page, { units: UNITS, users: USERS }, "成员和用户.xlsx");
  await expect(page.getByTestId("import-preview")).toContainText("新建 6");
  await expect(page.getByTestId("import-rows")).toContainText("概念验证中心");
  await page.screenshot({ path: shot("import-people-preview.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot("import-people-preview-390.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByRole("status").filter({ hasText: "导入完成" })).toContainText("成员单位新建 3 个、更新 0 个；用户新建 3 个");
  const passwords = page.getByTestId("import-passwords");
  await expect(passwords).toContainText("只显示这一次");
  const initial = async (username: string) => (await passwords.getByRole("row").filter({ hasText: username }).getByTestId("initial-password").textContent())!.trim();
  const chenInitial = await initial("chen");
  const liInitial = await initial("li_yan");
  await page.screenshot({ path: shot("import-people-passwords.png"), fullPage: true });

  // The project, with 柔感传感 taking part, 孙专家 as its responsible expert and a milestone.
  const projectId = await createProject(page, base);

  // The researcher signs in for the first time and watches the empty board, and the battle map in another tab.
  const researcher = await firstSignIn(browser, "li_yan", liInitial);
  await researcher.goto(`${base}/projects/${projectId}/board`);
  await expect(researcher.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(researcher.getByText("还没有任务")).toBeVisible();
  const map = await researcher.context().newPage();
  await map.goto(`${base}/battle-map`);
  await expect(map.getByTestId("bm-count")).toBeVisible();

  // The secretariat imports the task list: first with errors (nothing written), then fixed.
  const secretariat = await firstSignIn(browser, "chen", chenInitial);
  await secretariat.goto(`${base}/import`);
  await expect(secretariat.getByText("您可以导入：任务清单、考核指标")).toBeVisible();
  const tasks: SheetRow[] = [
    { project: "2026ZDZX-JS-01", code: "JS01-T01", title: "柔性电子皮肤样片研制", unit: "柔感传感", owner: "李妍", startOn: "2026-12-01", dueOn: "2027-03-31", isKey: "是", predecessors: "", description: "" },
    { project: "2026ZDZX-JS-01", code: "JS01-T02", title: "电子皮肤与整机集成", unit: "具身机器人", owner: "", startOn: "2027-04-01", dueOn: "2027-06-30", isKey: "否", predecessors: "JS01-T01", description: "" },
  ];
  const indicators: SheetRow[] = [{ taskCode: "JS01-T01", name: "触觉阵列单元数", unitOfMeasure: "个", baseline: 0, target: 256, direction: "提高", dueOn: "2027-03-31", unit: "柔感传感", owner: "李妍" }];
  await upload(secretariat, { tasks: [{ ...tasks[0]!, unit: "柔感传" }, { ...tasks[1]!, dueOn: "明年六月" }], indicators }, "任务清单.xlsx");
  const taskErrors = secretariat.getByTestId("import-errors");
  await expect(taskErrors).toContainText("未导入任何数据");
  await expect(taskErrors.getByRole("row").filter({ hasText: "承担单位" })).toContainText("是否为“柔感传感”");
  const dateLine = taskErrors.getByRole("row").filter({ hasText: "截止日期" });
  await expect(dateLine.getByRole("cell").nth(1)).toHaveText("4");
  await expect(dateLine).toContainText("无法识别的日期“明年六月”");
  await expect(secretariat.getByRole("button", { name: "确认导入" })).toHaveCount(0);
  await expect(researcher.getByText("还没有任务")).toBeVisible();

  await upload(secretariat, { tasks, indicators }, "任务清单.xlsx");
  await expect(secretariat.getByTestId("import-preview")).toContainText("新建 3");
  await secretariat.getByRole("button", { name: "确认导入" }).click();
  await expect(secretariat.getByRole("status").filter({ hasText: "导入完成" })).toContainText("任务新建 2 项");

  // Live, without a reload: the researcher's board and his battle map.
  await expect(researcher.getByTestId("task-card").filter({ hasText: "柔性电子皮肤样片研制" })).toBeVisible();
  await expect(researcher.getByTestId("task-card").filter({ hasText: "电子皮肤与整机集成" })).toBeVisible();
  await expect(map.getByTestId("bm-task").filter({ hasText: "JS01-T01" }).getByTestId("bm-bar")).toBeVisible();
  await expect(map.getByTestId("bm-task").filter({ hasText: "JS01-T02" }).getByTestId("bm-bar")).toBeVisible();

  // He records the first measured value of his indicator.
  await researcher.getByTestId("task-card").filter({ hasText: "柔性电子皮肤样片研制" }).click();
  await researcher.getByTestId("task-drawer").getByRole("link", { name: "查看指标、记录实测值 →" }).click();
  const indicator = researcher.getByTestId("indicator").filter({ hasText: "触觉阵列单元数" });
  await indicator.getByRole("button", { name: "记录实测值" }).click();
  const form = indicator.getByTestId("record-form");
  await form.getByLabel("实测值（个）").fill("64");
  await form.getByLabel("说明").fill("首批样片 8×8 阵列通过点检");
  await form.getByRole("button", { name: "保存实测值" }).click();
  await expect(indicator.getByRole("status")).toHaveText("已记录实测值，进度已更新");
  await expect(indicator.getByTestId("latest")).toContainText("64 个");
  await researcher.context().close();
  await secretariat.context().close();
});
