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
export {};
