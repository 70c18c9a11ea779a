// A print view's HTML rendered in a worker thread (server/jobs/handlers.ts, task "print-page"): the same
// Remix build and request handler the server uses, with a load context on the worker's read-only
// connection, so the loaders, the loader data's encoding and React's render of a 2,000-row map or a long
// report run off the server's event loop. The print browser's navigation is answered with the file written
// here (print-browser.server.ts), and it loads the page's styles and fonts from the server.
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { DB } from "../../db/client";
import { PROJECT_ROOT } from "../../db/root";
import { silentRealtime, type AppConfig } from "../models/context.server";
import { appLoadContext } from "../lib/load-context";
import { inlineWorkers } from "../../server/jobs/inline-workers";

export type PrintPageInput = {
  /** The server's internal origin and the page's path and query. */
  origin: string;
  path: string;
  /** The print session's cookie header ("name=value"). */
  cookie: string;
  config: AppConfig;
  /** Where the HTML goes (written only when the page rendered). */
  outFile: string;
};
/** `status`: the page's (200 when its HTML is in outFile; a redirect or an error page is not printed from here). */
export type PrintPage = { status: number };

/** Runs a task of this worker inline: a loader that asks for worker work (the report) is already in one. */
export type InlineTask = Parameters<typeof inlineWorkers>[0];

let handler: Promise<(request: Request, context: AppLoadContext) => Promise<Response>> | null = null;

/** The Remix build and its request handler, loaded once per thread (with its first print). */
function remixHandler() {
  handler ??= Promise.all([
    import(pathToFileURL(path.join(PROJECT_ROOT, "build/index.js")).href) as Promise<ServerBuild>,
    import("@remix-run/node"),
  ]).then(([build, { createRequestHandler }]) => createRequestHandler(build, "production"));
  return handler;
}

export async function renderPrintPage(db: DB, input: PrintPageInput, inline: InlineTask): Promise<PrintPage> {
  const handle = await remixHandler();
  // The server's own context builder on this worker's read-only connection: reads, the config for the session
  // cookie, and worker tasks run inline here. Nothing here writes, queues an export or prints.
  const context = appLoadContext(
    { db, realtime: silentRealtime, config: input.config },
    { workers: inlineWorkers(inline), exportJobs: unavailable("export jobs"), printer: unavailable("the printer") },
    // The print browser runs no scripts (print-browser.server.ts): the page's scripts get no valid nonce.
    { cspNonce: "", requestId: "print", ip: "127.0.0.1" },
  );
  const request = new Request(new URL(input.path, input.origin), { headers: { cookie: input.cookie, "user-agent": "print" } });
  const response = await handle(request, context);
  if (response.status !== 200) return { status: response.status };
  await fs.writeFile(input.outFile, Buffer.from(await response.arrayBuffer()));
  return { status: 200 };
}

/** A part of the server a print view has no use for: any call says so instead of doing something else. */
function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => {
      throw new Error(`a print view asked for ${what}, which a print worker does not have`);
    },
  });
}
