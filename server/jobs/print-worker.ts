// The printer's thread (bundled to build/server/print-worker.js, started by app/exports/printer.server.ts):
// playwright-core and the print browser it drives live here, so loading them and every CDP message of a
// print (the navigation, its request routing, a big PDF coming back) cost the server's event loop nothing.
// The server's thread sends a print (with its session cookie and the file to write), then the page's
// pre-rendered HTML when the pool has it; this thread answers with progress and done or failed.
import { parentPort } from "node:worker_threads";
import { createPrintBrowserQueue } from "../../app/exports/print-browser.server";
import { PrintTimeoutError, type FromPrinter, type ToPrinter } from "../../app/exports/print-job";
import { backgroundPriority } from "./priority";

// Printing is background work, and the Chromium this thread starts inherits its nice value.
backgroundPriority();

const port = parentPort!;
const printer = createPrintBrowserQueue();
const documents = new Map<number, { resolve: (file: string | null) => void; reject: (err: Error) => void }>();
const say = (m: FromPrinter) => port.postMessage(m);

port.on("message", (m: ToPrinter) => {
  if (m.type === "document") {
    const waiting = documents.get(m.id);
    if (m.error) waiting?.reject(new Error(`the print view failed to render: ${m.error}`));
    else waiting?.resolve(m.file);
    documents.delete(m.id);
  } else if (m.type === "print") {
    const { id, order } = m;
    const document = new Promise<string | null>((resolve, reject) => documents.set(id, { resolve, reject }));
    printer
      .print({ ...order, document, progress: (fraction) => say({ type: "progress", id, fraction }) })
      .then(
        () => say({ type: "done", id }),
        (err: unknown) => say({ type: "failed", id, timeout: err instanceof PrintTimeoutError, message: String((err as Error)?.stack ?? err) }),
      )
      .finally(() => documents.delete(id));
  } else {
    // The server closes, or no print came for a while: the browser goes, then this thread ends.
    void printer.close().finally(() => {
      say({ type: "closed" });
      port.close();
    });
  }
});
