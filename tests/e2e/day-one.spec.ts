// Day one from an empty database, in real Chromium against its own production server (SEED_DEMO=0):
// the setup link the server prints -> the consortium and first admin -> member units -> users -> a project
// with participants, a responsible expert and a milestone -> a task created on the board by the
// secretariat, seen live by a researcher who was already looking at the empty board.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210) + 50;
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
let dir: string;
let setupLink: string;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-dayone-"));
  server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, SEED_DEMO: "0", DATABASE_PATH: path.join(dir, "day-one.db"), SESSION_SECRET: "e2e", APP_NOW: "2026-11-23T10:00:00+08:00", PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  setupLink = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no setup link printed: ${out}`)), 60_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const link = /http:\/\/localhost:\d+(\/setup\?token=[\w-]+)/.exec(out)?.[1];
      if (link) {
        clearTimeout(timer);
        resolve(`${base}${link}`);
      }
    });
  });
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await new Promise((r) => server?.once("exit", r));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

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

  await page.goto(setupLink);
  await page.getByLabel("联合体名称").fill("浙江省具身智能创新联合体");
  await page.getByLabel("所在地区").fill("杭州市余杭区");
  await page.getByLabel("组建协议签订日期").fill("2026-03-01");
  await page.getByLabel("姓名").fill("周管理");
  await page.getByLabel("用户名").fill("zhou");
  await page.getByLabel("密码", { exact: true }).fill("first-admin-1");
  await page.getByLabel("再次输入密码").fill("first-admin-1");
  await page.getByRole("button", { name: "完成设置并登录" }).click();
  await expect(page).toHaveURL(/\/admin\/units\?welcome=1/);
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
  await addUser(page, { username: "sun", name: "孙专家", role: "项目责任专家" });

  // A project group, then the project with a second participating unit, the expert and a milestone.
  await page.goto(`${base}/admin/projects`);
  await expect(page.getByText("尚无项目群")).toBeVisible();
  await page.getByLabel("项目群编号").fill("JS");
  await page.getByLabel("项目群名称").fill("具身智能整机");
  await page.getByRole("button", { name: "添加项目群" }).click();
  await expect(page.getByTestId("group-row")).toContainText("具身智能整机");
  await page.getByRole("link", { name: "新建项目" }).click();
  await page.getByLabel("任务书编号").fill("2026ZDZX-JS-01");
  await page.getByLabel("项目名称").fill("具身智能人形机器人整机研制");
  await page.getByTestId("project-units").getByLabel("柔感传感").check();
  await page.getByTestId("project-experts").getByLabel(/孙专家/).check();
  await page.getByRole("button", { name: "新建项目" }).click();
  await expect(page).toHaveURL(/\/admin\/projects\/\d+\?created=1/);
  const projectId = /projects\/(\d+)/.exec(page.url())![1];
  await page.getByLabel("节点名称").fill("整机样机下线");
  await page.getByLabel("截止日期").last().fill("2027-06-30");
  await page.getByRole("button", { name: "添加节点" }).click();
  await expect(page.getByTestId("milestone-row")).toContainText("整机样机下线");

  // The researcher is already looking at the empty board of the new project.
  const researcher = await (await browser.newContext()).newPage();
  await signIn(researcher, "li_yan", "welcome-2026");
  await researcher.goto(`${base}/projects/${projectId}/board`);
  await expect(researcher.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(researcher.getByText("还没有任务")).toBeVisible();

  const secretariat = await (await browser.newContext()).newPage();
  await signIn(secretariat, "chen", "welcome-2026");
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
