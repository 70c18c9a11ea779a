import { expect, test } from "@playwright/test";
import { card, column, openBoard, userPage, signIn } from "./helpers";

// The e2e server pins today to 2026-11-23 and has the demo seed: an open round 2026年11月销号轮次.
// RX01-T08 (精传减速, owner jiang_hao, in progress) has two indicators: 累计寿命试验时长 (7833 of 10000 h)
// and 参试减速器样件 (4 of 6). mishu (secretariat) belongs to 智元人形, so he may approve 精传减速's task.
const CODE = "RX01-T08";
const TITLE = "谐波减速器寿命试验（1万小时）";
const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n") });

test("a researcher records a value with a file, proposes close-out; the secretariat approves in another context and the card turns 已销号 live", async ({ page, browser }) => {
  await signIn(page, "jiang_hao");

  // From the board's drawer to the task page: record the life-test hours with the test report. His own
  // tasks (我的): the consortium's columns draw only the cards in view, and earlier specs add cards on top.
  await openBoard(page, "/board?scope=me");
  await card(page, TITLE).click();
  await page.getByTestId("task-drawer").getByRole("link", { name: /记录实测值/ }).click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  const hours = page.getByTestId("indicator").filter({ hasText: "累计寿命试验时长" });
  await hours.getByRole("button", { name: "记录实测值" }).click();
  await hours.getByLabel("实测值（h）").fill("10000");
  await hours.getByLabel("佐证材料").setInputFiles(pdf("寿命试验报告-10000h.pdf"));
  await hours.getByRole("button", { name: "保存实测值" }).click();
  await expect(hours.getByText("已记录实测值")).toBeVisible();
  await expect(hours.getByTestId("latest")).toContainText("10000");

  // The drawer's 申请销号 opens the proposal form for this task.
  await openBoard(page, "/board?scope=me");
  await card(page, TITLE).click();
  const panel = page.getByTestId("closeout-panel");
  await expect(panel).toContainText("尚未申请销号");
  await panel.getByTestId("propose-link").click();
  await expect(page).toHaveURL(/\/closeout\?task=\d+/);
  const form = page.getByTestId("propose-form");
  await expect(form).toContainText(TITLE);
  await expect(form.locator("fieldset").filter({ hasText: "累计寿命试验时长" })).toContainText("已达标");
  await expect(form).toContainText("寿命试验报告-10000h.pdf"); // the value's evidence is shown with its indicator
  await form.getByLabel("「累计寿命试验时长」佐证材料").setInputFiles(pdf("背隙与效率衰减曲线.pdf"));
  await form.getByLabel("申请说明（可选）").fill("1万小时寿命试验完成；2件样件转正样装配验证");

  // 参试减速器样件 is not met: without a waiver reason the form refuses, in Chinese, and sends nothing.
  await form.getByRole("button", { name: "提交销号申请" }).click();
  await expect(form.getByText("未达标的指标须填写豁免理由")).toBeVisible();
  await form.getByLabel("「参试减速器样件」豁免理由（未达标时必填）").fill("2件样件用于正样装配验证，未参与寿命试验");
  await form.getByRole("button", { name: "提交销号申请" }).click();
  await expect(page.getByText("已提交销号申请，等待审批")).toBeVisible();

  // Back on the board: the card is 待销号, and stays open while the secretariat decides elsewhere.
  await openBoard(page, "/board");
  await expect(column(page, "pending_closeout").getByText(TITLE)).toBeVisible();

  const sec = await userPage(browser, "mishu");
  await sec.goto("/closeout");
  const proposal = sec.locator(`[data-task-code="${CODE}"]`).filter({ hasText: "待审批" });
  await expect(proposal).toContainText("背隙与效率衰减曲线.pdf");
  await expect(proposal).toContainText("寿命试验报告-10000h.pdf");
  await expect(proposal).toContainText("2件样件用于正样装配验证");
  await expect(proposal.getByRole("link", { name: /背隙与效率衰减曲线\.pdf/ })).toHaveAttribute("href", /^\/evidence\/\d+$/);
  await proposal.getByLabel("审批意见").fill("寿命试验数据完整，样件豁免理由充分，同意销号");
  await proposal.getByRole("button", { name: "同意销号" }).click();
  await expect(sec.getByText("已同意销号，任务已标记为已销号")).toBeVisible();

  // The researcher's board moved the card to 已销号 without a reload, struck through.
  const closed = column(page, "closed").getByTestId("task-card").filter({ hasText: TITLE });
  await expect(closed).toBeVisible();
  await expect(closed).toHaveAttribute("data-status", "closed");
  await expect(closed.locator(".title")).toHaveCSS("text-decoration-line", "line-through");

  // The round's summary counts it and keeps the decision in its history.
  await sec.goto("/closeout");
  await sec.getByRole("link", { name: "查看轮次汇总" }).click();
  await expect(sec.getByTestId("round-summary").locator('[data-figure="approved"]')).toHaveText("1");
  await expect(sec.locator(`[data-task-code="${CODE}"]`)).toContainText("寿命试验数据完整，样件豁免理由充分，同意销号");
  await sec.context().close();
});

test("a unit lead signs acceptance of an upstream deliverable; the executing unit then proposes it", async ({ page, browser }) => {
  // RX02-T04 (感知力传) waits for 灵犀科技's acceptance (seed); its indicators are met.
  await signIn(page, "cao_jun");
  await page.goto("/closeout");
  const pick = page.getByLabel("任务", { exact: true });
  await pick.selectOption((await pick.locator("option", { hasText: "RX02-T04" }).getAttribute("value"))!);
  const form = page.getByTestId("propose-form");
  await expect(form).toContainText("交付物尚未经灵犀科技签署验收");
  await expect(form.getByRole("button", { name: "提交销号申请" })).toBeDisabled();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");

  const lead = await userPage(browser, "li_xiaoyan");
  await lead.goto("/acceptance");
  const item = lead.locator(".acc-card").filter({ hasText: "RX02-T04" });
  await item.getByLabel("验收意见").fill("标定样件装入灵巧手指尖复测，耦合误差1.6%FS，验收通过");
  await item.getByLabel("佐证材料").setInputFiles(pdf("指尖力传感器验收单.pdf"));
  await item.getByRole("button", { name: "签署验收意见" }).click();
  await expect(lead.getByRole("row").filter({ hasText: "RX02-T04" })).toContainText("验收通过");
  await expect(lead.getByRole("row").filter({ hasText: "RX02-T04" }).getByRole("link", { name: /指尖力传感器验收单\.pdf/ })).toBeVisible();

  // The proposer's open form sees the acceptance live (the page reloads its data on acceptance events).
  await expect(form).toContainText("满足销号条件");
  await form.getByRole("button", { name: "提交销号申请" }).click();
  await expect(page.getByText("已提交销号申请，等待审批")).toBeVisible();
  await expect(page.locator('[data-group="proposed"] [data-task-code="RX02-T04"]')).toContainText("验收通过");
  await lead.context().close();
});
