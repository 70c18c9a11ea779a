import type { AppLoadContext } from "@remix-run/node";
import type { AppContext } from "../models/context.server";
import type { RenderHandoff } from "./render-handoff";
import type { WorkerPool } from "../../server/jobs/pool";
import type { ExportJobs } from "../exports/jobs.server";
import type { Printer } from "../exports/printer.server";

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {
    cspNonce: string;
    requestId: string;
    ip: string;
    /** This request's hand-off from loaders to the server render (render-handoff.ts). */
    handoff: RenderHandoff;
    /** Worker threads (heavy work off the event loop) and the export jobs (app/exports/jobs.server.ts). */
    workers: WorkerPool;
    exportJobs: ExportJobs;
    /** The server's print browser (PDF and PNG of its own pages). */
    printer: Printer;
  }
  // Single fetch: loader/action types infer plain values.
  interface Future {
    v3_singleFetch: true;
  }
}

/** What the server holds besides its AppContext: its worker pool, export jobs and printer. */
export type ServerParts = Pick<AppLoadContext, "workers" | "exportJobs" | "printer">;
/** What a request brings: its CSP nonce, id and client address. */
export type RequestParts = Pick<AppLoadContext, "cspNonce" | "requestId" | "ip">;

/**
 * The one load context builder: the server's per request (server/app.ts) and a print view's in a worker
 * (print-render.server.ts, on the worker's read-only connection). A field added to AppLoadContext is added
 * here, so neither can miss it.
 */
export function appLoadContext(ctx: AppContext, parts: ServerParts, request: RequestParts): AppLoadContext {
  return { ...ctx, ...parts, ...request, handoff: {} };
}
