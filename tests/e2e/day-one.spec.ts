// Day one from an empty database, in real Chromium against its own production server (SEED_DEMO=0):
// the setup link the server prints -> the consortium and first admin -> member units -> users -> the expert
// pool and its expert -> a project with participants, the pool's expert as responsible expert and a milestone -> a task created on the board by the
// secretariat, seen live by a researcher who was already looking at the empty board -> the project lead, on
// his project's own milestone page, links that task to the milestone and records a node's outcome.
import { test, expect, type Page } from "@playwright/test";
import { completeSetup, createProject, signIn } from "./first-day";
import { shot } from "./helpers";
import { ownServer } from "./own-server";

const server = ownServer(Number(process.env.E2E_PORT ?? 3210) + 50, "dayone", { SEED_DEMO: "0" });
const base = server.origin;
let setupLink: string;
let projectId: string;

test.beforeAll(async () => {
  server.start();
  setupLink = `${base}${(await server.printed(/http:\/\/localhost:\d+(\/setup\?token=[\w-]+)/))[1]}`;
  await server.healthy();
});

test.afterAll(async () => {
  await server.dispose();
});

async function addUser(page: Page, u: { username: string; name: string; unit?: string; role: string }) {
  await page.goto(`${base}/admin/users/new`);
  await page.getByLabel("用户名").fill(u.username);
  await page.getByLabel("姓名").fill(u.name);
  if (u.unit) await page.getByLabel("所属成员单位").selectOption({ label: u.unit });
  await page.getByLabel("初始密码").fill("welcome-2026");
  await page.getByLabel("科研人员").uncheck();
  await page.getByLabel(u.role, { exact: true }).check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?created=/);
}

test("from an empty database to a live task on a new project", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Before setup every page leads to the setup page, which without the token only explains where it is.
  await page.goto(`${base}/board`);
  await expect(page).toHaveURL(`${base}/setup`);
  await expect(page.getByText("npm run admin:create")).toBeVisible();

  await completeSetup(page, setupLink);
  await expect(page.getByRole("banner")).toContainText("浙江省具身智能创新联合体");

  for (const [name, short] of [
    ["杭州具身智能机器人有限公司", "具身机器人"],
    ["浙江柔感传感科技有限公司", "柔感传感"],
  ]) {
    await page.goto(`${base}/admin/units/new`);
    await page.getByLabel("单位名称").fill(name!);
    await page.getByLabel("简称").fill(short!);
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page).toHaveURL(/\/admin\/units\?created=/);
  }
  await addUser(page, { username: "chen", name: "陈秘书", unit: "杭州具身智能机器人有限公司", role: "秘书处" });
  await addUser(page, { username: "li_yan", name: "李妍", unit: "浙江柔感传感科技有限公司", role: "科研人员" });
  // The expert pool (外部机构), and its expert added from there: the user form opens in the pool, as an expert.
  await page.goto(`${base}/admin/bodies`);
  await expect(page.getByTestId("bodies-empty")).toBeVisible();
  await page.getByLabel("机构名称").fill("浙江省具身智能专家库");
  await page.getByLabel("类型").selectOption({ label: "专家库" });
  await page.getByRole("button", { name: "添加机构" }).click();
  await page.getByTestId("body-row").filter({ hasText: "浙江省具身智能专家库" }).getByRole("link", { name: "添加人员" }).click();
  await expect(page.getByLabel("项目责任专家", { exact: true })).toBeChecked();
  await page.getByLabel("用户名").fill("sun");
  await page.getByLabel("姓名").fill("孙专家");
  await page.getByLabel("初始密码").fill("welcome-2026");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?created=/);
  await page.goto(`${base}/admin/bodies`);
  await expect(page.getByTestId("body-row").filter({ hasText: "浙江省具身智能专家库" })).toContainText("孙专家");
  await addUser(page, { username: "wu_lead", name: "吴负责", unit: "杭州具身智能机器人有限公司", role: "项目负责人" });

  // A project group, then the project with its lead, a second participating unit, the expert and a milestone.
  projectId = await createProject(page, base, { lead: "吴负责" });

  // The researcher is already looking at the empty board of the new project.
  const researcher = await (await browser.newContext()).newPage();
  await signIn(researcher, base, "li_yan", "welcome-2026");
  await researcher.goto(`${base}/projects/${projectId}/board`);
  await expect(researcher.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(researcher.getByText("还没有任务")).toBeVisible();

  const secretariat = await (await browser.newContext()).newPage();
  await signIn(secretariat, base, "chen", "welcome-2026");
  await secretariat.goto(`${base}/projects/${projectId}/board`);
  await expect(secretariat.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await secretariat.getByRole("button", { name: "新建任务" }).first().click();
  const drawer = secretariat.getByTestId("task-drawer");
  await drawer.getByLabel("任务名称").fill("柔性电子皮肤与整机集成");
  await drawer.getByLabel("承担单位").selectOption({ label: "柔感传感" });
  await drawer.getByRole("button", { name: "新建" }).click();

  await expect(researcher.getByTestId("task-card").filter({ hasText: "柔性电子皮肤与整机集成" })).toBeVisible();
  await expect(researcher.getByText("还没有任务")).toHaveCount(0);
});

test("the project lead links the task to the milestone and judges a node from his project's page", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, base, "wu_lead", "welcome-2026");
  await page.goto(`${base}/projects/${projectId}/board`);
  await page.getByRole("link", { name: "里程碑节点" }).click();
  await expect(page).toHaveURL(`${base}/projects/${projectId}/milestones`);
  const node = page.getByTestId("milestone-row").filter({ hasText: "整机样机下线" });
  await expect(node).toContainText("尚未关联任务");

  // The checklist: filtered by typing, ticked by keyboard (space), saved.
  await node.getByRole("link", { name: "选择关联任务" }).click();
  const form = page.getByTestId("milestone-tasks-form");
  await form.getByPlaceholder("按编号或名称筛选任务").fill("电子皮肤");
  await expect(form.getByTestId("milestone-tasks-count")).toContainText("显示 1 / 1 项，已选 0 项");
  await form.getByRole("checkbox", { name: /柔性电子皮肤与整机集成/ }).focus();
  await page.keyboard.press("Space");
  await expect(form.getByTestId("milestone-tasks-count")).toContainText("已选 1 项");
  await page.screenshot({ path: shot(`day-one-milestone-tasks-${test.info().project.name}.png`), fullPage: true });
  await form.getByRole("button", { name: "保存关联任务" }).click();
  await expect(form.getByRole("status")).toContainText("已保存关联任务");
  await expect(node.getByTestId("milestone-linked-tasks")).toContainText("柔性电子皮肤与整机集成");

  // A node due today is judged at once (节点状态), from the lead's own page.
  await page.getByLabel("节点名称").last().fill("总体方案评审");
  await page.getByLabel("截止日期").last().fill("2026-11-23");
  await page.getByRole("button", { name: "添加节点" }).click();
  const review = page.getByTestId("milestone-row").filter({ hasText: "总体方案评审" });
  await review.locator("summary").click();
  await review.getByLabel("节点状态").selectOption({ label: "已达成" });
  await review.getByRole("button", { name: "判定" }).click();
  await expect(page.getByTestId("milestone-row").filter({ hasText: "总体方案评审" }).locator("summary")).toContainText("已达成");
  await page.screenshot({ path: shot(`day-one-milestones-${test.info().project.name}.png`), fullPage: true });
});
