import { expect, test, type Page } from "@playwright/test";
import { shot, userPage, signIn } from "./helpers";

// A 1x1 PNG and a one-page PDF (a blue box), as a phone's camera and a scanner would hand them over.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R>> endobj\n4 0 obj <</Length 27>> stream\n0 0 1 rg 20 20 160 60 re f\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);

/** The first change request's card and its folded discussion, opened. */
async function openThread(page: Page) {
  await page.goto("/changes");
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const card = page.locator("article[data-change]").first();
  await card.getByTestId("comment-fold").locator("summary").click();
  const thread = card.getByTestId("comment-thread");
  await expect(thread).toBeVisible();
  return { card, thread };
}

// Two browsers on the change requests page: 蒋浩 comments on a request with a photo and a PDF report;
// 王建国, who has the same thread open, sees the comment arrive live with the image and the PDF's first page.
test("a comment with attachments on a change request reaches the other browser live, with previews", async ({ page, browser }) => {
  await signIn(page, "jiang_hao");
  const wang = await userPage(browser, "wang_jianguo");
  const mine = await openThread(page);
  const theirs = await openThread(wang);
  const changeId = await mine.card.getAttribute("data-change");
  expect(await theirs.card.getAttribute("data-change")).toBe(changeId);

  await mine.thread.getByTestId("comment-body").fill("现场照片和第三方检测报告见附件，请审核");
  await mine.thread.getByTestId("photo-input").setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: PNG });
  await mine.thread.getByTestId("file-input").setInputFiles({ name: "检测报告.pdf", mimeType: "application/pdf", buffer: PDF });
  await expect(mine.thread.getByTestId("chosen-files")).toContainText("现场照片.png");
  await mine.thread.getByRole("button", { name: "发表" }).click();
  await expect(mine.thread.getByTestId("comment-body")).toHaveValue("");

  // The other browser: the comment, its image thumbnail and the PDF's first page, without a reload.
  const arrived = theirs.thread.getByTestId("comment").filter({ hasText: "第三方检测报告" });
  await expect(arrived).toBeVisible();
  const image = arrived.getByTestId("image-preview");
  const pdf = arrived.getByTestId("pdf-preview");
  await expect(image).toBeVisible();
  await expect(pdf).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect.poll(() => pdf.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
  await expect(theirs.card.getByTestId("comment-fold").locator("summary .badge")).toHaveText(/^\d+$/);
  await theirs.thread.screenshot({ path: shot("comments-attachments-desktop.png") });
  // Folded again, the card shows only 「讨论」 with its count.
  await theirs.card.getByTestId("comment-fold").locator("summary").click();
  await theirs.card.screenshot({ path: shot("comments-folded-card-desktop.png") });

  // On a phone (touch, 390 px): the thread fits without sideways scrolling, the file buttons are finger-
  // sized and "拍照" opens the back camera.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 })).newPage();
  await signIn(phone, "wang_jianguo");
  const onPhone = await openThread(phone);
  await expect(onPhone.thread.getByTestId("comment").filter({ hasText: "第三方检测报告" }).getByTestId("pdf-preview")).toBeVisible();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expect(onPhone.thread.getByTestId("photo-input")).toHaveAttribute("capture", "environment");
  for (const label of await onPhone.thread.locator("label.cm-file").all()) expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await onPhone.thread.screenshot({ path: shot("comments-attachments-390.png") });
});

// The task page's own attachments: 蒋浩 attaches a test report to his task; it shows by its first page.
test("a task's owner attaches a PDF to the task; it shows with its first page", async ({ page }) => {
  await signIn(page, "jiang_hao");
  await page.goto("/projects/1/indicators");
  await page.locator('a[href^="/tasks/"]').filter({ hasText: "RX01-T08" }).first().click();
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
  const panel = page.getByTestId("task-attachments");
  await panel.getByTestId("file-input").setInputFiles({ name: "寿命试验报告.pdf", mimeType: "application/pdf", buffer: PDF });
  await panel.getByRole("button", { name: "上传" }).click();
  const pdf = panel.getByTestId("attachment").filter({ hasText: "寿命试验报告.pdf" }).getByTestId("pdf-preview");
  await expect(pdf).toBeVisible();
  await expect.poll(() => pdf.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
  await expect(panel.getByRole("button", { name: "上传" })).toBeDisabled();
  await panel.screenshot({ path: shot("task-attachments-desktop.png") });
});
