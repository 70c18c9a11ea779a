// Prints a page of this app as the requester sees it, through the server's printer (printer.server.ts: a
// thread of its own), and answers with the file, streamed from disk, or a clear error.
//
// The print browser is a server-side client, so it is kept from being turned against anything else: it
// opens this server's own internal origin (loopback and its own port, never the request's Host), with a
// print session minted for this print alone (read-only, as long as one print may take, ended afterwards; never the
// caller's cookie), and it can reach nothing but that origin: route interception refuses every other
// origin and every non-GET request, and all other traffic (redirects, WebSockets) goes to a dead proxy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createReadableStreamFromReadable, type AppLoadContext } from "@remix-run/node";
import { requireActor } from "../lib/http.server";
import { sessionCookie } from "../models/session-cookie.server";
import { translate } from "../i18n/catalog";
import { PrintTimeoutError, type PrintFormat, type PrintPaper } from "./printer.server";
import { createSession, logout } from "../models/auth.server";
import type { Actor } from "../models/context.server";

/**
 * Prints a page of this app (path and query) as `actor` sees it into `outFile`: a print session of his (his
 * rights, his language), ended when the print is done. Throws PrintTimeoutError after 2 minutes, or when not
 * listening yet.
 */
export async function printAs(
  context: AppLoadContext,
  actor: Actor,
  opts: { path: string; format: PrintFormat; readySelector: string; paper?: PrintPaper; outFile: string; progress?: (fraction: number) => void },
): Promise<void> {
  const origin = context.config.internalOrigin;
  if (!origin) throw new Error("the server is not listening yet");
  const cookie = sessionCookie(context.config);
  let printSession: string | null = null;
  const mint = async () => {
    printSession = createSession(context.db, actor.id, "print", "print").id;
    const serialized = await cookie.serialize(printSession);
    return { name: cookie.name, value: serialized.slice(cookie.name.length + 1, serialized.indexOf(";")) };
  };
  // The page is rendered in a worker thread (print-render.server.ts), not by this thread when the print
  // browser asks for it: a print view draws every row, hundreds of milliseconds of React at 20,000 tasks.
  const document = async (c: { name: string; value: string }, outFile: string) => {
    const page = await context.workers.run(context.db.$clock, { kind: "print-page", input: { origin, path: opts.path, cookie: `${c.name}=${c.value}`, config: context.config, outFile } });
    return page.status === 200;
  };
  try {
    await context.printer.print({ ...opts, origin, cookie: mint, document });
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
  // The printer's thread writes the file; this thread only streams it (the open file outlives its removal).
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "cw-printed-"));
  try {
    const outFile = path.join(dir, `print.${opts.format}`);
    await printAs(context, actor, { path: page.pathname + page.search, format: opts.format, readySelector: opts.readySelector, paper: opts.paper, outFile });
    const size = (await fs.promises.stat(outFile)).size;
    const file = fs.createReadStream(outFile);
    await new Promise((resolve, reject) => file.once("open", resolve).once("error", reject));
    return new Response(createReadableStreamFromReadable(file), {
      headers: {
        "Content-Type": opts.format === "pdf" ? "application/pdf" : "image/png",
        "Content-Length": String(size),
        "Content-Disposition": `attachment; filename="${opts.filename}.${opts.format}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    // By name: the server bundle and the Remix build each have their own copy of the class.
    const key = (err as Error | null)?.name === PrintTimeoutError.name ? "errors.printTimeout" : "errors.printFailed";
    return new Response(translate(actor.locale, key), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
