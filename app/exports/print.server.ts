// Prints a page of this app as the requester sees it: headless Chromium (playwright-core) opens the page
// and returns an A3 landscape PDF or a PNG. One print runs at a time (Chromium is heavy; the others wait
// in line) and each gives up after 2 minutes with a clear error.
//
// The print browser is a server-side client, so it is kept from being turned against anything else: it
// opens this server's own internal origin (loopback and its own port, never the request's Host), with a
// print session minted for this print alone (read-only, as long as one print may take, ended afterwards; never the
// caller's cookie), and it can reach nothing but that origin: route interception refuses every other
// origin and every non-GET request, and all other traffic (redirects, WebSockets) goes to a dead proxy.
import net from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import type { Browser, BrowserContext } from "playwright-core";
import { requireActor } from "../lib/http.server";
import { sessionCookie } from "../models/session-cookie.server";
import { translate } from "../i18n/catalog";
import { PRINT_WIDTH } from "../models/battle-map";
import { createSession, logout } from "../models/auth.server";
import type { Actor } from "../models/context.server";

// A 20,000-task report prints in about 30 s on two cores; prints run as jobs with progress, so this bound only
// guards against a hung browser and must not cut a big report short.
const PRINT_TIMEOUT_MS = 120_000;
// The PDF's viewport is exactly the printable width of A3 landscape (420 mm − 2 × 10 mm @page margins at
// 96 dpi), so Chromium does not re-lay out the map for the page.
const VIEWPORTS = { pdf: { width: PRINT_WIDTH, height: 1000 }, png: { width: 1600, height: 1000 } };
// A4 portrait (reports): 210 mm at 96 dpi; the page's own @page rule sets the margins.
const A4_VIEWPORT = { width: 794, height: 1123 };

export type PrintFormat = "pdf" | "png";
/** Paper of a PDF: the battle map's A3 landscape (default) or A4 portrait with page numbers (reports). */
export type PrintPaper = "a3-landscape" | "a4-portrait";
export type PrintJob = {
  /** This server's internal origin ("http://127.0.0.1:3000"): the only one the print browser may reach. */
  origin: string;
  /** Path and query of the page to print. */
  path: string;
  /** Mints the session cookie the page is opened with (when the print starts, not while it waits in line). */
  cookie: () => { name: string; value: string } | Promise<{ name: string; value: string }>;
  format: PrintFormat;
  /** CSS selector that is present once the page has rendered. */
  readySelector: string;
  paper?: PrintPaper;
  /** How far the print is (0..1): browser up, page loaded, fonts ready. */
  progress?: (fraction: number) => void;
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

/** Refuses, in the print browser, every request that is not a GET/HEAD to `origin` (navigations included). */
export async function confineContext(context: BrowserContext, origin: string): Promise<void> {
  await context.route("**/*", (route) => {
    const request = route.request();
    const own = new URL(request.url()).origin === origin && (request.method() === "GET" || request.method() === "HEAD");
    return own ? route.continue() : route.abort("blockedbyclient");
  });
}

async function withTimeout(job: PrintJob): Promise<Buffer> {
  let browser: Browser | null = null;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError()), PRINT_TIMEOUT_MS);
  });
  const sink = await deadProxy();
  const work = (async () => {
    browser = await launchPrintBrowser(job.origin, (sink.address() as net.AddressInfo).port);
    // Launched after the timeout already answered: nobody waits for this browser any more.
    if (finished) await browser.close();
    const a4 = job.paper === "a4-portrait";
    const context = await browser.newContext({
      viewport: a4 ? A4_VIEWPORT : VIEWPORTS[job.format],
      locale: "zh-CN",
      deviceScaleFactor: job.format === "png" ? 1.5 : 1,
      serviceWorkers: "block",
      acceptDownloads: false,
    });
    job.progress?.(0.3);
    await confineContext(context, job.origin);
    await context.addCookies([{ ...(await job.cookie()), url: job.origin }]);
    const page = await context.newPage();
    await page.goto(new URL(job.path, job.origin).toString(), { waitUntil: "load", timeout: PRINT_TIMEOUT_MS });
    await page.waitForSelector(job.readySelector, { timeout: PRINT_TIMEOUT_MS });
    job.progress?.(0.6);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    job.progress?.(0.7);
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
    sink.close();
  }
}

/**
 * Prints a page of this app (path and query) as `actor` sees it: a print session of his (his rights, his
 * language), ended when the print is done. Throws PrintTimeoutError after 2 minutes, or when not listening yet.
 */
export async function printAs(
  context: AppLoadContext,
  actor: Actor,
  opts: { path: string; format: PrintFormat; readySelector: string; paper?: PrintPaper; progress?: (fraction: number) => void },
): Promise<Buffer> {
  const origin = context.config.internalOrigin;
  if (!origin) throw new Error("the server is not listening yet");
  const cookie = sessionCookie(context.config);
  let printSession: string | null = null;
  const mint = async () => {
    printSession = createSession(context.db, actor.id, "print", "print").id;
    const serialized = await cookie.serialize(printSession);
    return { name: cookie.name, value: serialized.slice(cookie.name.length + 1, serialized.indexOf(";")) };
  };
  try {
    return await printPage({ ...opts, origin, cookie: mint });
  } finally {
    if (printSession) logout(context.db, printSession);
  }
}

/**
 * A resource route's whole job: the signed-in requester (else the login redirect), the same path with the
 * same query string (filters, zoom) printed on the internal origin with a print session of his (his rights,
 * his language), returned as a download.
 */
export async function printResponse(
  request: Request,
  context: AppLoadContext,
  /** `query`: parameters added for the printed page (the battle map's `print=1`: every row, no virtualisation). */
  opts: { pagePath: string; format: PrintFormat; readySelector: string; filename: string; paper?: PrintPaper; query?: Record<string, string> },
): Promise<Response> {
  const actor = await requireActor(request, context);
  // Only the path and query of the request are used; its Host and origin never are.
  const page = new URL(opts.pagePath + new URL(request.url).search, "http://print.invalid");
  for (const [k, v] of Object.entries(opts.query ?? {})) page.searchParams.set(k, v);
  try {
    const body = await printAs(context, actor, { path: page.pathname + page.search, format: opts.format, readySelector: opts.readySelector, paper: opts.paper });
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
