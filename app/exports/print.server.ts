// Prints a page of this app as the requester sees it: headless Chromium (playwright-core) opens the URL
// with the requester's session cookie and returns an A3 landscape PDF or a PNG. One print runs at a time
// (Chromium is heavy; the others wait in line) and each gives up after 30 s with a clear error.
import type { AppLoadContext } from "@remix-run/node";
import type { Browser } from "playwright-core";
import { requireActor } from "../lib/http.server";
import { sessionCookie } from "../models/session-cookie.server";
import { translate } from "../i18n/catalog";
import { PRINT_WIDTH } from "../models/battle-map";

const PRINT_TIMEOUT_MS = 30_000;
// The PDF's viewport is exactly the printable width of A3 landscape (420 mm − 2 × 10 mm @page margins at
// 96 dpi), so Chromium does not re-lay out the map for the page.
const VIEWPORTS = { pdf: { width: PRINT_WIDTH, height: 1000 }, png: { width: 1600, height: 1000 } };
// A4 portrait (reports): 210 mm at 96 dpi; the page's own @page rule sets the margins.
const A4_VIEWPORT = { width: 794, height: 1123 };

export type PrintFormat = "pdf" | "png";
/** Paper of a PDF: the battle map's A3 landscape (default) or A4 portrait with page numbers (reports). */
export type PrintPaper = "a3-landscape" | "a4-portrait";
export type PrintJob = {
  /** Absolute URL of the page to print, on this server's own origin. */
  url: string;
  /** The session cookie to send (name and value), so the page renders with the requester's rights. */
  cookie: { name: string; value: string };
  format: PrintFormat;
  /** CSS selector that is present once the page has rendered. */
  readySelector: string;
  paper?: PrintPaper;
};

export class PrintTimeoutError extends Error {
  constructor() {
    super("print timed out");
    this.name = "PrintTimeoutError";
  }
}

/** "— 1 —" centred at the bottom of each A4 page (Chromium fills .pageNumber). */
const A4_FOOTER =
  '<div style="width:100%;text-align:center;font-size:12pt;font-family:\'Noto Serif CJK SC\',serif;color:#000">— <span class="pageNumber"></span> —</div>';

let queue: Promise<unknown> = Promise.resolve();

/** Runs the job after every earlier one has finished, so only one Chromium is alive at a time. */
function printPage(job: PrintJob): Promise<Buffer> {
  const run = queue.then(() => withTimeout(job));
  queue = run.catch(() => undefined);
  return run;
}

const PRINT_ENV_KEYS = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "FONTCONFIG_PATH", "FONTCONFIG_FILE", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"];

function printBrowserEnv(): Record<string, string> {
  return Object.fromEntries(PRINT_ENV_KEYS.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

async function withTimeout(job: PrintJob): Promise<Buffer> {
  let browser: Browser | null = null;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError()), PRINT_TIMEOUT_MS);
  });
  const work = (async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
      // The browser gets only what it needs to run and find fonts, not the server's environment
      // (SESSION_SECRET, database paths, preloaded libraries).
      env: printBrowserEnv(),
    });
    // Launched after the timeout already answered: nobody waits for this browser any more.
    if (finished) await browser.close();
    const a4 = job.paper === "a4-portrait";
    const context = await browser.newContext({ viewport: a4 ? A4_VIEWPORT : VIEWPORTS[job.format], locale: "zh-CN", deviceScaleFactor: job.format === "png" ? 1.5 : 1 });
    await context.addCookies([{ ...job.cookie, url: new URL(job.url).origin }]);
    const page = await context.newPage();
    await page.goto(job.url, { waitUntil: "load", timeout: PRINT_TIMEOUT_MS });
    await page.waitForSelector(job.readySelector, { timeout: PRINT_TIMEOUT_MS });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Print styles (no top bar, no toolbar) for the PNG too: both are for the wall, not for clicking.
    await page.emulateMedia({ media: "print" });
    if (job.format === "pdf" && a4) {
      // The page's CSS @page rule (size and margins) wins; Chromium draws the page number in the footer.
      return page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: A4_FOOTER });
    }
    if (job.format === "pdf") {
      return page.pdf({ format: "A3", landscape: true, printBackground: true });
    }
    return page.screenshot({ fullPage: true, type: "png" });
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    finished = true;
    clearTimeout(timer);
    // Close even when the timeout won the race; the abandoned work then fails quietly.
    await (browser as Browser | null)?.close().catch(() => undefined);
    work.catch(() => undefined);
  }
}

/**
 * A resource route's whole job: the signed-in requester (else the login redirect), the same path with the
 * same query string (filters, zoom) printed with his own session, returned as a download.
 */
export async function printResponse(
  request: Request,
  context: AppLoadContext,
  /** `query`: parameters added for the printed page (the battle map's `print=1`: every row, no virtualisation). */
  opts: { pagePath: string; format: PrintFormat; readySelector: string; filename: string; paper?: PrintPaper; query?: Record<string, string> },
): Promise<Response> {
  const actor = await requireActor(request, context);
  const cookie = sessionCookie(context.config);
  const value = new RegExp(`(?:^|;\\s*)${cookie.name}=([^;]+)`).exec(request.headers.get("Cookie") ?? "")?.[1];
  if (!value) throw new Response(null, { status: 401 });
  const url = new URL(request.url);
  const page = new URL(opts.pagePath + url.search, url.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) page.searchParams.set(k, v);
  const target = page.toString();
  try {
    const body = await printPage({ url: target, cookie: { name: cookie.name, value }, format: opts.format, readySelector: opts.readySelector, paper: opts.paper });
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": opts.format === "pdf" ? "application/pdf" : "image/png",
        "Content-Disposition": `attachment; filename="${opts.filename}.${opts.format}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    const key = err instanceof PrintTimeoutError ? "errors.printTimeout" : "errors.printFailed";
    return new Response(translate(actor.locale, key), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
