// Phones and tablets (projects "phone" 390x844 and "tablet" 820x1180): no page scrolls sideways (wide
// tables and the battle map scroll inside their own labelled, focusable container), the navigation
// collapses into a menu, and tap targets and form text are big enough for a finger.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { MAIN_PAGES, settle, sidewaysOverflow } from "./main-pages";

test("no main page scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin");
  const offenders: string[] = [];
  for (const path of MAIN_PAGES) {
    await page.goto(path);
    await settle(page);
    const { overflow, culprits } = await sidewaysOverflow(page);
    if (overflow > 0) offenders.push(`${path}: ${overflow}px wider (${culprits.join(", ")})`);
  }
  expect(offenders).toEqual([]);
});
