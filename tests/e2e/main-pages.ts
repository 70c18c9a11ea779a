// The main pages every role works in, visited by the layout (responsive) and accessibility (a11y) specs.
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
