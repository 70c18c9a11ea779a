// Tablets (project "tablet", 820x1180): no page scrolls sideways (wide tables and the battle map scroll
// inside their own labelled, focusable container). On the phone (390x844) a11y.spec.ts checks the same
// while it visits the same pages for axe.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { MAIN_PAGES, settle, sidewaysOffender } from "./main-pages";

test("no main page scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  const offenders: string[] = [];
  for (const path of MAIN_PAGES) {
    await page.goto(path);
    await settle(page);
    offenders.push(...(await sidewaysOffender(page, path)));
  }
  expect(offenders).toEqual([]);
});
