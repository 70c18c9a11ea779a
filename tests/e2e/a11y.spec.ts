// axe-core on the main pages, at desktop width (project "desktop") and phone width (project "phone"):
// no serious or critical violation (colour contrast, names, keyboard reach of scrolling boxes, ...).
// The pages go in two halves that may run side by side on the two workers (axe is the suite's longest part).
// On the phone the same visit also checks that no page scrolls sideways (responsive.spec.ts checks it on
// the tablet): loading and settling each page is a third of a scan, and was paid twice.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
import { axeViolations, MAIN_PAGES, settle, sidewaysOffender } from "./main-pages";

test.describe.configure({ mode: "parallel" });

const half = Math.ceil(MAIN_PAGES.length / 2);
const halves = [MAIN_PAGES.slice(0, half), MAIN_PAGES.slice(half)];

for (const [i, pages] of halves.entries()) {
  test(`the main pages (${i + 1}/2: ${pages[0]} … ${pages.at(-1)}) have no serious or critical accessibility violations`, async ({ page, isMobile }) => {
    test.setTimeout(180_000);
    await signIn(page, "admin");
    const found: string[] = [];
    const offenders: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await settle(page);
      if (isMobile) offenders.push(...(await sidewaysOffender(page, path)));
      const violations = await axeViolations(page);
      for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
        found.push(`${path} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
    }
    expect({ found, offenders }).toEqual({ found: [], offenders: [] });
  });
}
