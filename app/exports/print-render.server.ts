// A print view's HTML rendered in a worker thread (server/jobs/handlers.ts, task "print-page"): the same
// Remix build and request handler the server uses, with a load context on the worker's read-only
// connection, so the loaders, the loader data's encoding and React's render of a 2,000-row map or a long
// report run off the server's event loop. The print browser gets this document for its navigation
// (printer.server.ts) from the file written here, and loads the page's styles and fonts from the server.
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { DB } from "../../db/client";
import { PROJECT_ROOT } from "../../db/root";
import { silentRealtime, type AppConfig } from "../models/context.server";

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
export type InlineWorkers = (kind: string, input: unknown) => unknown;

let handler: Promise<(request: Request, context: AppLoadContext) => Promise<Response>> | null = null;

/** The Remix build and its request handler, loaded once per thread (with its first print). */
function remixHandler() {
  handler ??= Promise.all([
    import(pathToFileURL(path.join(PROJECT_ROOT, "build/index.js")).href) as Promise<ServerBuild>,
    import("@remix-run/node"),
  ]).then(([build, { createRequestHandler }]) => createRequestHandler(build, "production"));
  return handler;
}

export async function renderPrintPage(db: DB, input: PrintPageInput, inline: InlineWorkers): Promise<PrintPage> {
  const handle = await remixHandler();
  // Only what the print views' loaders (and the root's) use: reads, the config for the session cookie,
  // and worker tasks run here. Nothing here writes: the connection is read-only.
  const context = {
    db,
    realtime: silentRealtime,
    config: input.config,
    workers: { run: async (_clock: unknown, task: { kind: string; input: unknown }) => inline(task.kind, task.input) },
    // The print browser runs no scripts (printer.server.ts): the page's scripts get no valid nonce.
    cspNonce: "",
    requestId: "print",
    ip: "127.0.0.1",
    handoff: {},
  } as unknown as AppLoadContext;
  const request = new Request(new URL(input.path, input.origin), { headers: { cookie: input.cookie, "user-agent": "print" } });
  const response = await handle(request, context);
  if (response.status !== 200) return { status: response.status };
  await fs.writeFile(input.outFile, Buffer.from(await response.arrayBuffer()));
  return { status: 200 };
}
