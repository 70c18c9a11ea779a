// A print view's HTML rendered in a worker thread (server/jobs/handlers.ts, task "print-page"): the same
// Remix build and request handler the server uses, with a load context on the worker's read-only
// connection, so the loaders, the loader data's encoding and React's render of a 2,000-row map or a long
// report run off the server's event loop. The print browser gets this document for its navigation
// (printer.server.ts) and loads the page's styles, fonts and scripts from the server as before.
import { randomBytes } from "node:crypto";
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
};
/** The rendered page: `status` 200 when it rendered; `nonce` is the one its scripts carry (for the CSP header). */
export type PrintPage = { status: number; html: string; nonce: string };

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
  const nonce = randomBytes(16).toString("base64");
  // Only what the print views' loaders (and the root's) use: reads, the config for the session cookie,
  // and worker tasks run here. Nothing here writes: the connection is read-only.
  const context = {
    db,
    realtime: silentRealtime,
    config: input.config,
    workers: { run: async (_clock: unknown, task: { kind: string; input: unknown }) => inline(task.kind, task.input) },
    cspNonce: nonce,
    requestId: "print",
    ip: "127.0.0.1",
    handoff: {},
  } as unknown as AppLoadContext;
  const request = new Request(new URL(input.path, input.origin), { headers: { cookie: input.cookie, "user-agent": "print" } });
  const response = await handle(request, context);
  return { status: response.status, html: await response.text(), nonce };
}
