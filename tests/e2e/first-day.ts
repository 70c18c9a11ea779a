// Steps of a consortium's first day that the empty-install specs share: signing in, the setup page (the
// consortium and its first admin, 周管理 / zhou), and the project JS-01 with 柔感传感 taking part, 孙专家 as its
// responsible expert and the milestone 整机样机下线.
import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Fills the setup page the one-time link opens; ends signed in as the first admin on the unit list. */
export async function completeSetup(page: Page, setupUrl: string) {
  await page.goto(setupUrl);
  await page.getByLabel("联合体名称").fill("浙江省具身智能创新联合体");
  await page.getByLabel("所在地区").fill("杭州市余杭区");
  await page.getByLabel("组建协议签订日期").fill("2026-03-01");
  await page.getByLabel("姓名").fill("周管理");
  await page.getByLabel("用户名").fill("zhou");
  await page.getByLabel("密码", { exact: true }).fill("first-admin-1");
  await page.getByLabel("再次输入密码").fill("first-admin-1");
  await page.getByRole("button", { name: "完成设置并登录" }).click();
  await expect(page).toHaveURL(/\/admin\/units\?welcome=1/);
}

/** A project group, then the project (led by `lead`, if named) and its milestone, as the admin; returns the project's id. */
export async function createProject(page: Page, base: string, opts: { lead?: string } = {}): Promise<string> {
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
  if (opts.lead) await page.getByLabel("项目负责人", { exact: true }).selectOption({ label: opts.lead });
  await page.getByRole("button", { name: "新建项目" }).click();
  await expect(page).toHaveURL(/\/admin\/projects\/\d+\?created=1/);
  const projectId = /projects\/(\d+)/.exec(page.url())![1]!;
  await page.getByLabel("节点名称").fill("整机样机下线");
  await page.getByLabel("截止日期").last().fill("2027-06-30");
  await page.getByRole("button", { name: "添加节点" }).click();
  await expect(page.getByTestId("milestone-row")).toContainText("整机样机下线");
  return projectId;
}
