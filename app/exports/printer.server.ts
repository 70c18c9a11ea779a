// The server's printer: PDFs and PNGs of this app's own pages, printed by headless Chromium in a thread of
// its own (server/jobs/print-worker.ts, print-browser.server.ts). This thread never loads playwright-core
// (a second of CPU at first import) and carries none of a print's CDP traffic: it mints the print's session
// cookie, has the page rendered by the pool, sends both over, and gets back progress and a file on disk.
// One print runs at a time (Chromium is heavy; the others wait in line here, and each print's cookie is
// minted when its turn comes, not while it waits); the thread, with its warm browser, ends after a minute
// without prints and starts again with the next one.
// The server makes one Printer (server/app.ts) and the routes reach it through their load context.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PROJECT_ROOT } from "../../db/root";
import { PrintTimeoutError, type FromPrinter, type PrintFormat, type PrintOrder, type PrintPaper, type ToPrinter } from "./print-job";

export { PrintTimeoutError, type PrintFormat, type PrintPaper };

/** The printer's thread, bundled by `npm run build` like the pool's (server/scripts/build-server.mjs). */
export const PRINT_WORKER_FILE = path.join(PROJECT_ROOT, "build/server/print-worker.js");
const IDLE_MS = 60_000;
// The printer's thread gives up on a print after 2 minutes (print-browser.server.ts); a thread that has not
// answered a while after that is stuck itself and is replaced.
const STUCK_MS = 150_000;

type Cookie = { name: string; value: string };
/** A print: the order the printer's thread gets (print-job.ts), with its cookie minted when its turn comes. */
export type PrintJob = Omit<PrintOrder, "cookie"> & {
  /** Mints the session cookie the page is opened with (when the print starts, not while it waits in line). */
  cookie: () => Cookie | Promise<Cookie>;
  /** How far the print is (0..1): browser up, page loaded, fonts ready. */
  progress?: (fraction: number) => void;
  /**
   * Renders the page elsewhere (a worker of the pool, print-render.server.ts) with this print's cookie into
   * `outFile` while the browser starts; the print browser's navigation is answered with that file. False (a
   * redirect, an error page): the navigation reaches the page on the server as usual.
   */
  document?: (cookie: Cookie, outFile: string) => Promise<boolean>;
};

export type Printer = {
  /** Prints after every earlier print has finished; throws PrintTimeoutError after 2 minutes. */
  print(job: PrintJob): Promise<void>;
  /** Closes the browser and ends the printer's thread (the server's close). */
  close(): Promise<void>;
};

type Pending = { resolve: () => void; reject: (err: unknown) => void; progress?: (fraction: number) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; exited: Promise<void> };

export function createPrinter(opts: { idleMs?: number } = {}): Printer {
  let queue: Promise<unknown> = Promise.resolve();
  let thread: Thread | null = null;
  let seq = 0;
  let idle: NodeJS.Timeout | undefined;
  let inLine = 0; // prints queued or running

  function start(): Thread {
    if (thread) return thread;
    if (!fs.existsSync(PRINT_WORKER_FILE)) throw new Error(`${PRINT_WORKER_FILE} is missing: run \`npm run build\` first`);
    // No inherited --import loaders (the bundle needs none), as the pool's threads.
    const worker = new Worker(PRINT_WORKER_FILE, { execArgv: [] });
    const t: Thread = { worker, pending: new Map(), exited: new Promise((resolve) => worker.once("exit", () => resolve())) };
    const gone = (err: unknown) => {
      if (thread === t) thread = null;
      for (const p of t.pending.values()) p.reject(err);
      t.pending.clear();
    };
    worker.on("message", (m: FromPrinter) => {
      if (m.type === "closed") return;
      const p = t.pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") return p.progress?.(m.fraction);
      t.pending.delete(m.id);
      if (m.type === "done") p.resolve();
      else p.reject(m.timeout ? new PrintTimeoutError() : new Error(`print failed: ${m.message}`));
    });
    // A thread that dies (its module did not load, out of memory) fails its print, not the server.
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`the printer thread exited (${code})`)));
    thread = t;
    return t;
  }

  async function stop(): Promise<void> {
    clearTimeout(idle);
    const t = thread;
    thread = null;
    if (!t) return;
    t.worker.postMessage({ type: "close" } satisfies ToPrinter);
    const late = setTimeout(() => void t.worker.terminate(), 10_000);
    await t.exited;
    clearTimeout(late);
  }

  async function once(job: PrintJob): Promise<void> {
    const cookie = await job.cookie();
    const t = start();
    const id = ++seq;
    const send = (m: ToPrinter) => t.worker.postMessage(m);
    const done = new Promise<void>((resolve, reject) => t.pending.set(id, { resolve, reject, progress: job.progress }));
    send({ type: "print", id, order: { origin: job.origin, path: job.path, cookie, format: job.format, readySelector: job.readySelector, paper: job.paper, outFile: job.outFile } });
    // The page is rendered (by the pool) while the printer's thread starts its browser.
    let dir: string | null = null;
    const rendered = (async () => {
      if (!job.document) return null;
      dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "cw-print-"));
      const file = path.join(dir, "page.html");
      return (await job.document(cookie, file)) ? file : null;
    })();
    rendered.then(
      (file) => send({ type: "document", id, file }),
      (err: unknown) => send({ type: "document", id, file: null, error: String(err) }),
    );
    const stuck = setTimeout(() => {
      if (t.pending.has(id)) void t.worker.terminate(); // its exit fails this print (and frees the line)
    }, STUCK_MS).unref();
    try {
      await done;
    } finally {
      clearTimeout(stuck);
      void rendered.catch(() => undefined).then(async () => {
        if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
      });
    }
  }

  return {
    print(job) {
      inLine++;
      clearTimeout(idle);
      const run = queue.then(() => once(job));
      queue = run.catch(() => undefined).then(() => {
        // The last print in line: the thread and its browser go after a while without prints.
        if (--inLine === 0) idle = setTimeout(() => void stop(), opts.idleMs ?? IDLE_MS).unref();
      });
      return run;
    },
    close: stop,
  };
}
