import { expect, test } from "@playwright/test";
import { userPage, signIn } from "./helpers";

// The e2e server pins today to 2026-11-23. Project 2025ZDZX-RX-01 (高功率密度关节模组研制) is led by li_ming;
// zhuanjia (outside expert pool) supervises it; zhuanjia2 supervises it too but the seed has no check of it.
const PROJECT = "2025ZDZX-RX-01";
const FINDING = "关节峰值扭矩密度实测值低于阶段目标，缺少第三方测试报告";

test("mishu schedules a check, zhuanjia signs it in another context, the project lead sees the rectification live", async ({ page, browser }) => {
  await signIn(page, "mishu");
  await page.goto("/checks");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");

  // The schedule form: pick the project, see the experts with their conflicts, schedule.
  const form = page.locator(".ck-schedule");
  await form.getByLabel("项目").selectOption({ label: `${PROJECT} 高功率密度关节模组研制` });
  await form.getByLabel("检查类型").selectOption({ label: "中期检查" });
  await form.getByLabel("检查日期").fill("2026-12-01");
  // Submitting without an expert is refused in Chinese.
  await form.getByRole("button", { name: "安排检查" }).click();
  await expect(form.getByText("请至少指派一位专家")).toBeVisible();
  await form.getByLabel(/孙立民/).check();
  await form.getByRole("button", { name: "安排检查" }).click();
  await expect(form.getByText("检查已安排，检查清单已生成")).toBeVisible();
  const row = page.locator("tr[data-check]").filter({ hasText: PROJECT });
  await expect(row).toContainText("已安排");
  await expect(row).toContainText("孙立民");

  // The project lead opens the check (third context) and keeps watching it.
  const lead = await userPage(browser, "li_ming");
  await lead.goto("/checks");
  await lead.locator("tr[data-check]").filter({ hasText: PROJECT }).getByRole("link").click();
  await expect(lead).toHaveURL(/\/checks\/\d+$/);
  await expect(lead.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await expect(lead.getByRole("heading", { name: "整改事项" })).toBeVisible();
  await expect(lead.getByTestId("rectification")).toHaveCount(0);
  const checkUrl = new URL(lead.url()).pathname;
  // He files the self-assessment (signing needs it, or the secretariat's waiver).
  await lead.locator(".ck-self").getByLabel("自评内容").fill("关节模组初样完成装机测试，峰值扭矩密度第三方测试已委托，预计12月出报告。");
  await lead.locator(".ck-self").getByRole("button", { name: "保存自评" }).click();
  await expect(lead.getByTestId("self-assessment")).toContainText("关节模组初样完成装机测试");

  // The expert (second context) reviews: one problem, the rest satisfactory, and signs 整改后通过.
  const expert = await userPage(browser, "zhuanjia");
  await expert.goto(checkUrl);
  await expect(expert.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const item = expert.locator("tr[data-item]").first();
  await item.getByLabel("核查结果").selectOption({ label: "存在问题" });
  await item.getByLabel("核查意见").fill(FINDING);
  await item.getByRole("button", { name: "保存" }).click();
  await expect(expert.locator("tr[data-item]").first().locator("[data-result=problem]")).toBeVisible();
  // The bulk marking asks for the statement it rests on; without one it is refused in Chinese.
  await expert.locator(".ck-rest summary").click();
  await expert.locator(".ck-rest-form").getByRole("button", { name: "其余未核查项均记为符合" }).click();
  await expect(expert.locator(".ck-rest-form").getByText("此项必填")).toBeVisible();
  await expert.getByLabel("核查说明").fill("其余各项已对照自评报告和实测记录核查，均符合");
  await expert.locator(".ck-rest-form").getByRole("button", { name: "其余未核查项均记为符合" }).click();
  await expect(expert.getByText("其余各项已记为符合")).toBeVisible();
  await expect(expert.getByTestId("rest-statement")).toContainText("其余各项已对照自评报告和实测记录核查");
  await expect(expert.locator("[data-result=none]")).toHaveCount(0);

  const sign = expert.locator(".ck-sign");
  await expect(sign.getByLabel("整改后通过")).toBeChecked();
  await sign.getByLabel("结论意见").fill("项目总体按计划推进，峰值扭矩密度须补充第三方测试，整改后通过。");
  // The check date (2026-12-01) is a week away: the conditions say so and signing asks for the reason.
  await expect(sign.getByTestId("sign-readiness").locator("[data-ready=date]")).toHaveAttribute("data-met", "0");
  await expect(sign.getByTestId("sign-readiness").locator("[data-ready=self]")).toHaveAttribute("data-met", "1");
  await sign.getByRole("button", { name: "签署结论" }).click();
  await expect(sign.getByText("检查日期（2026-12-01）未到，提前签署须填写理由")).toBeVisible();
  await sign.getByLabel("提前签署理由").fill("专家下周赴外地评审，经秘书处同意提前检查");
  await sign.getByRole("button", { name: "签署结论" }).click();
  await expect(expert.getByText("检查结论已签署")).toBeVisible();
  await expect(expert.getByTestId("check-outcome")).toContainText("整改后通过");
  await expect(expert.getByTestId("early-reason")).toContainText("专家下周赴外地评审");
  await expert.screenshot({ path: test.info().outputPath("check-expert.png"), fullPage: true });

  // The project lead sees the rectification appear without reloading, with its owner unit and due date,
  // and a live notice under his check bell.
  const rect = lead.getByTestId("rectification").filter({ hasText: FINDING });
  await expect(rect).toBeVisible();
  await expect(rect).toContainText("待整改");
  await expect(rect).toContainText("2026-12-23");
  await expect(lead.getByTestId("check-outcome")).toContainText("整改后通过");
  await expect(lead.getByTestId("check-toast")).toContainText("有新的整改事项");

  // The secretariat's list turned to signed live as well.
  await expect(row).toContainText("已签署");
  await expect(row).toContainText("整改后通过");

  await lead.screenshot({ path: test.info().outputPath("check-lead.png"), fullPage: true });
  await expert.context().close();
  await lead.context().close();
});
