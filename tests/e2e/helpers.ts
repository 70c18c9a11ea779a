import path from "node:path";
import { expect, type Browser, type BrowserContext, type Cookie, type Page } from "@playwright/test";

/** Signs in through the login form, as a user does; the page ends where the server sends him (home). */
export async function loginThroughUi(page: Page, username: string, password = "demo1234") {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

// One sign-in per person per server and worker: the session's cookies, taken right after the form signed
// him in (nothing a test did later rides along), keyed by the server's origin. Sessions live in the
// database, so a reused one is checked first: one a test ended (sign-out, deactivation) means a new
// sign-in through the form. auth.spec.ts signs in through the form every time.
const sessions = new Map<string, Cookie[]>();

/** Signed in as `username` on the page's server; the page is not navigated (the test goes where it starts). */
export async function signIn(page: Page, username: string, password = "demo1234") {
  const context = page.context();
  const origin = new URL((await context.request.get("/healthz")).url()).origin;
  const key = `${origin} ${username} ${password}`;
  const cookies = sessions.get(key);
  if (cookies) {
    await context.addCookies(cookies);
    if (await signedIn(context)) return;
    await context.clearCookies();
  }
  await loginThroughUi(page, username, password);
  sessions.set(key, await context.cookies(origin));
}

/** Whether the context's session is live: the login page sends a signed-in visitor on. */
async function signedIn(context: BrowserContext) {
  return (await context.request.get("/login", { maxRedirects: 0 })).status() === 302;
}

/** Signed in as `username` and on the home page, as after the login form. */
export async function login(page: Page, username: string, password = "demo1234") {
  await signIn(page, username, password);
  if (new URL(page.url(), "http://x").pathname !== "/") await page.goto("/");
  await expect(page).not.toHaveURL(/\/login/);
}

/** A second, independent browser context (its own cookies), signed in as `username`, not yet on a page. */
export async function userPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

export async function openBoard(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("conn")).toHaveAttribute("data-state", "online");
}

export const card = (page: Page, title: string) => page.getByTestId("task-card").filter({ hasText: title });
export const column = (page: Page, status: string) => page.getByTestId(`column-${status}`);

/** Follows a link of the main navigation, opening its group's dropdown (任务 / 考核 / 成果与报告) first. */
export async function navTo(page: Page, name: string) {
  const nav = page.getByRole("navigation", { name: /^(主导航|Main navigation)$/ });
  const link = nav.getByRole("link", { name, exact: true });
  // A closed <details> hides its links from the accessibility tree: find the group by the link's text.
  const group = nav.locator("details").filter({ has: page.locator("a", { hasText: new RegExp(`^${name}$`) }) });
  const url = page.url();
  // Hydration (or a live re-render) can close a dropdown opened a moment before: open and click again
  // until the page has left for the link.
  await expect(async () => {
    if (page.url() !== url) return;
    if ((await group.count()) > 0 && !(await group.first().evaluate((d) => (d as HTMLDetailsElement).open))) await group.first().locator("summary").click();
    await link.click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Where a screenshot of the UI goes: test-results/screenshots by default, so a test run leaves the tree
 * clean; `SCREENSHOTS=1 npx playwright test …` refreshes the README's pictures in public/screenshots.
 */
export const shot = (name: string) => path.resolve(import.meta.dirname, "../..", process.env.SCREENSHOTS === "1" ? "public/screenshots" : "test-results/screenshots", name);

/** A finger: touch down at `from`, rest `holdMs`, slide to `to` in steps, lift (Chromium's CDP touch input). */
export async function finger(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, holdMs: number) {
  const cdp = await page.context().newCDPSession(page);
  const at = (p: { x: number; y: number }) => [{ x: Math.round(p.x), y: Math.round(p.y), id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(from) });
  await page.waitForTimeout(holdMs);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at({ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }) });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

export const center = async (page: Page, selector: ReturnType<Page["locator"]>) => {
  const b = (await selector.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 30) };
};
