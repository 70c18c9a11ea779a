// The main pages every role works in, visited by the layout (responsive) and accessibility (a11y) specs.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export const MAIN_PAGES = [
  "/",
  "/dashboard",
  "/board",
  "/projects/1/board",
  "/battle-map",
  "/key-tasks",
  "/responsibility",
  "/indicators",
  "/projects/1/indicators",
  "/changes",
  "/closeout",
  "/acceptance",
  "/checks",
  "/rectifications",
  "/activity",
  "/projects/1/activity",
  "/technologies",
  "/technologies/1",
  "/results",
  "/reports",
  "/notices",
  "/account",
  "/inbox",
  "/import",
  "/admin",
  "/admin/users",
  "/admin/organs",
  "/meetings",
  "/meetings/1",
  "/funding",
];

/** Waits until a page has drawn (live pages: connected) so measurements see its final layout. */
export async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  const conn = page.getByTestId("conn");
  if ((await conn.count()) > 0) await conn.first().waitFor({ state: "visible" });
}

/** The widest page content beyond the viewport, with the elements sticking out (for the failure message). */
export async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0 && culprits.length < 6) {
          // only the outermost element sticking out
          let parent = el.parentElement;
          let outer = true;
          while (parent && parent !== document.body) {
            if (parent.getBoundingClientRect().right > width + 1) outer = false;
            parent = parent.parentElement;
          }
          if (outer) culprits.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)}px)`);
        }
      }
    }
    return { overflow, culprits };
  });
}

/** The line a page that scrolls sideways adds to the failure message, or nothing when it fits. */
export async function sidewaysOffender(page: Page, path: string) {
  const { overflow, culprits } = await sidewaysOverflow(page);
  return overflow > 0 ? [`${path}: ${overflow}px wider (${culprits.join(", ")})`] : [];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is: the violations, every impact.
 * Legacy mode runs axe.run in the page itself: the default (runPartial) injects axe a second time into a
 * blank page and ships every rule's passing nodes there to finish, which made a scan 2–3× slower, and
 * buys only cross-origin iframes, which the app has none of. resultTypes: only violations keep all their
 * nodes (passes and incomplete keep one), the only results the specs read.
 */
export async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).options({ resultTypes: ["violations"] }).setLegacyMode().analyze();
  return violations;
}
