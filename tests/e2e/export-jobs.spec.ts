// Export jobs in a real browser: the report page's export buttons start background jobs whose progress
// shows at once; the user leaves for another page, comes back through 导出任务 and downloads the file.
// Screenshots of the progress panel and of the list (desktop and 390 px) go to test-results/screenshots.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { navTo, signIn } from "./helpers";

const SHOTS = path.join(import.meta.dirname, "../../test-results/screenshots");

test("an export started on the report page shows its progress, survives leaving the page and is downloaded from 导出任务", async ({ page }) => {
  test.setTimeout(150_000); // the PDF is printed by Chromium: seconds on a busy machine
  await signIn(page, "mishu");
  await page.goto("/reports/2026?format=zhejiang");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  await page.getByTestId("export-pdf").click();
  const panel = page.getByTestId("export-panel");
  const pdfJob = panel.getByTestId("export-job").filter({ hasText: "PDF 报告" });
  await expect(pdfJob).toBeVisible();
  // Progress while it runs: a progress bar with the stage (the PDF takes seconds: Chromium prints it).
  await expect(pdfJob.getByRole("progressbar")).toBeVisible();
  await expect(pdfJob).toContainText(/生成中|排队中/);
  await panel.screenshot({ path: path.join(SHOTS, "export-progress.png") });
  await page.getByTestId("export-docx").click();
  await expect(panel.getByTestId("export-job").filter({ hasText: "Word 报告" })).toBeVisible();

  // Leave the page while the PDF is still being printed.
  await navTo(page, "任务看板");
  await expect(page).toHaveURL(/\/board/);

  await page.goto("/exports");
  const done = page.getByTestId("export-job").filter({ hasText: "PDF 报告" });
  await expect(done).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("export-job").filter({ hasText: "Word 报告" })).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await page.screenshot({ path: path.join(SHOTS, "exports-list.png") });
  const download = page.waitForEvent("download");
  await done.getByTestId("export-download").click();
  expect((await download).suggestedFilename()).toBe("浙江省人形机器人创新联合体2026年度实施情况自评报告.pdf");

  await page.setViewportSize({ width: 390, height: 800 });
  await page.reload();
  await expect(page.getByTestId("export-download").first()).toBeVisible();
  const box = await page.getByTestId("export-download").first().boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  // The list fits the phone's width (the top bar is the mobile shell's, reworked separately).
  const list = await page.getByTestId("export-jobs").boundingBox();
  expect(list!.x + list!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, "exports-list-390.png"), fullPage: true });
});
