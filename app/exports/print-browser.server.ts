// The print browser: headless Chromium (playwright-core) that opens a page of this app and writes an A3
// landscape PDF, an A4 PDF or a PNG to a file. It runs in the printer's own thread (server/jobs/print-worker.ts,
// started by printer.server.ts): playwright-core's loading and every CDP message (navigation, request
// routing, a big PDF's transfer) stay off the server's event loop; the server's thread never imports this.
// One print runs at a time and each gives up after 2 minutes. The browser stays up for half a minute after a
// print (launching it is 1-3 s of every print); each print has a context of its own (cookies, cache,
// storage), closed after it, and a print that fails or times out closes the browser (it may be hung).
//
// The browser is kept from being turned against anything else: it reaches nothing but its origin (route
// interception refuses every other origin and every non-GET request; all other traffic, redirects and
// WebSockets included, goes to a dead proxy) and gets only the environment it needs.
import net from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { PRINT_WIDTH } from "../models/battle-map";
import { PrintTimeoutError, type PrintOrder } from "./print-job";

// A 20,000-task report prints in about 30 s on two cores; prints run as jobs with progress, so this bound only
// guards against a hung browser and must not cut a big report short.
const PRINT_TIMEOUT_MS = 120_000;
// The PDF's viewport is exactly the printable width of A3 landscape (420 mm − 2 × 10 mm @page margins at
// 96 dpi), so Chromium does not re-lay out the map for the page.
const VIEWPORTS = { pdf: { width: PRINT_WIDTH, height: 1000 }, png: { width: 1600, height: 1000 } };
// A4 portrait (reports): 210 mm at 96 dpi; the page's own @page rule sets the margins.
const A4_VIEWPORT = { width: 794, height: 1123 };

/** One print in the printer's thread: the order printer.server.ts sent, the page's HTML and the progress callback. */
export type BrowserPrintJob = PrintOrder & {
  /**
   * The page's HTML rendered elsewhere (a worker of the pool, print-render.server.ts), arriving while the
   * browser starts: the navigation is answered with that file. Null (a redirect, an error page): the
   * navigation reaches the server as usual.
   */
  document: Promise<string | null>;
  /** How far the print is (0..1): browser up, page loaded, fonts ready. */
  progress?: (fraction: number) => void;
};

/** "— 1 —" centred at the bottom of each A4 page (Chromium fills .pageNumber). */
const A4_FOOTER =
  '<div style="width:100%;text-align:center;font-size:12pt;font-family:\'Noto Serif CJK SC\',serif;color:#000">— <span class="pageNumber"></span> —</div>';

const PRINT_ENV_KEYS = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "FONTCONFIG_PATH", "FONTCONFIG_FILE", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"];

function printBrowserEnv(): Record<string, string> {
  return Object.fromEntries(PRINT_ENV_KEYS.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

/** A TCP port that drops every connection: the print browser's proxy for anything not its own origin. */
export async function deadProxy(): Promise<net.Server> {
  const sink = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  return sink;
}

/**
 * The print browser: Chromium with only the environment it needs (not the server's SESSION_SECRET,
 * database paths or preloaded libraries), whose traffic to anything but `origin` goes to the dead proxy
 * at `proxyPort` (loopback included: `<-loopback>`).
 */
export async function launchPrintBrowser(origin: string, proxyPort: number): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", `--proxy-server=http://127.0.0.1:${proxyPort}`, `--proxy-bypass-list=<-loopback>;${new URL(origin).host}`],
    env: printBrowserEnv(),
  });
}

/**
 * Refuses, in the print browser, every request that is not a GET/HEAD to `origin` (navigations included).
 * `prerendered`: every navigation to `page` is answered with the HTML in `file` (rendered by a worker,
 * print-render.server.ts) instead of reaching the server; the page keeps its own URL, so its relative links,
 * styles and fonts resolve against (and are fetched from) the origin as before. Not only the first: a loaded
 * Chromium may navigate again (seen once in export-jobs.test under load), and that one reached the server,
 * whose main thread then rendered the whole view.
 */
export async function confineContext(context: BrowserContext, origin: string, prerendered?: { page: string; file: string }): Promise<void> {
  await context.route("**/*", (route) => {
    const request = route.request();
    const own = new URL(request.url()).origin === origin && (request.method() === "GET" || request.method() === "HEAD");
    if (!own) return route.abort("blockedbyclient");
    if (prerendered && request.isNavigationRequest() && request.url() === prerendered.page)
      return route.fulfill({ status: 200, path: prerendered.file, contentType: "text/html; charset=utf-8", headers: { "cache-control": "no-store" } });
    return route.continue();
  });
}

/** A print browser for one origin (its proxy bypass names it) with its dead proxy. */
type PrintBrowser = { origin: string; browser: Browser; sink: net.Server };
const WARM_MS = 30_000;

const shut = async (b: PrintBrowser) => {
  await b.browser.close().catch(() => undefined);
  b.sink.close();
};

async function launch(origin: string): Promise<PrintBrowser> {
  const sink = await deadProxy();
  try {
    return { origin, sink, browser: await launchPrintBrowser(origin, (sink.address() as net.AddressInfo).port) };
  } catch (err) {
    sink.close();
    throw err;
  }
}

export type PrintBrowserQueue = {
  /** Prints after every earlier print has finished; throws PrintTimeoutError after 2 minutes. */
  print(job: BrowserPrintJob): Promise<void>;
  /** Closes the warm browser. */
  close(): Promise<void>;
};

export function createPrintBrowserQueue(): PrintBrowserQueue {
  let queue: Promise<unknown> = Promise.resolve();
  /** The browser kept up between prints, and the timer that closes it when no print came for WARM_MS. */
  let warm: { held: PrintBrowser; idle: NodeJS.Timeout } | null = null;

  async function close(): Promise<void> {
    const w = warm;
    warm = null;
    if (!w) return;
    clearTimeout(w.idle);
    await shut(w.held);
  }

  /** The warm browser of `origin`, else a new one; a print owns its browser until it hands it back. */
  async function take(origin: string): Promise<PrintBrowser> {
    const w = warm;
    warm = null;
    if (w) {
      clearTimeout(w.idle);
      if (w.held.origin === origin && w.held.browser.isConnected()) return w.held;
      await shut(w.held);
    }
    return launch(origin);
  }

  function handBack(b: PrintBrowser): void {
    if (warm) return void shut(b); // prints run one at a time, so this does not happen; never leak a browser
    warm = { held: b, idle: setTimeout(() => void close(), WARM_MS).unref() };
  }

  async function withTimeout(job: BrowserPrintJob): Promise<void> {
    let held: PrintBrowser | null = null;
    let context: BrowserContext | null = null;
    let printed = false;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintTimeoutError()), PRINT_TIMEOUT_MS);
    });
    const url = new URL(job.path, job.origin).toString();
    job.document.catch(() => undefined); // awaited below; a browser that failed first must not leave it unhandled
    const work = (async (): Promise<void> => {
      // The page is rendered (in a worker of the pool) while the browser starts: both take seconds on a cold server.
      const b = await take(job.origin);
      // Up after the timeout already answered: nobody waits for this browser any more.
      if (finished) {
        await shut(b);
        throw new PrintTimeoutError();
      }
      held = b;
      const a4 = job.paper === "a4-portrait";
      const ctx = await b.browser.newContext({
        viewport: a4 ? A4_VIEWPORT : VIEWPORTS[job.format],
        locale: "zh-CN",
        deviceScaleFactor: job.format === "png" ? 1.5 : 1,
        serviceWorkers: "block",
        acceptDownloads: false,
        // What is printed is the page as the server rendered it: the app's scripts would only hydrate it
        // (and download, open a socket and ask the server for route manifests while doing so).
        javaScriptEnabled: false,
      });
      context = ctx;
      job.progress?.(0.3);
      const file = await job.document;
      job.progress?.(0.4);
      await confineContext(ctx, job.origin, file ? { page: url, file } : undefined);
      await ctx.addCookies([{ ...job.cookie, url: job.origin }]);
      const page = await ctx.newPage();
      await page.goto(url, { waitUntil: "load", timeout: PRINT_TIMEOUT_MS });
      await page.waitForSelector(job.readySelector, { timeout: PRINT_TIMEOUT_MS });
      job.progress?.(0.6);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      job.progress?.(0.7);
      // Print styles (no top bar, no toolbar) for the PNG too: both are for the wall, not for clicking.
      await page.emulateMedia({ media: "print" });
      const path = job.outFile;
      if (job.format === "pdf" && a4)
        // The page's CSS @page rule (size and margins) wins; Chromium draws the page number in the footer.
        await page.pdf({ path, format: "A4", preferCSSPageSize: true, printBackground: true, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: A4_FOOTER });
      else if (job.format === "pdf") await page.pdf({ path, format: "A3", landscape: true, printBackground: true });
      else await page.screenshot({ path, fullPage: true, type: "png" });
      printed = true;
    })();
    try {
      await Promise.race([work, timeout]);
    } finally {
      finished = true;
      clearTimeout(timer);
      work.catch(() => undefined); // the abandoned work of a timed-out print fails quietly
      const b = held as PrintBrowser | null;
      const ctx = context as BrowserContext | null;
      if (b && printed && ctx && (await ctx.close().then(() => true, () => false))) handBack(b);
      else if (b) await shut(b);
    }
  }

  return {
    print(job) {
      const run = queue.then(() => withTimeout(job));
      queue = run.catch(() => undefined);
      return run;
    },
    close,
  };
}
