// What the server's thread (printer.server.ts) and the printer's thread (server/jobs/print-worker.ts) say to
// each other, and the print's types. Plain data only: nothing here loads playwright-core.
export type PrintFormat = "pdf" | "png";
/** Paper of a PDF: the battle map's A3 landscape (default) or A4 portrait with page numbers (reports). */
export type PrintPaper = "a3-landscape" | "a4-portrait";

export class PrintTimeoutError extends Error {
  constructor() {
    super("print timed out");
    this.name = "PrintTimeoutError";
  }
}

/** A print as the printer thread gets it: the page, its print session's cookie and where the file goes. */
export type PrintOrder = {
  /** This server's internal origin ("http://127.0.0.1:3000"): the only one the print browser may reach. */
  origin: string;
  /** Path and query of the page to print. */
  path: string;
  cookie: { name: string; value: string };
  format: PrintFormat;
  /** CSS selector that is present once the page has rendered. */
  readySelector: string;
  paper?: PrintPaper;
  /** Where the PDF or PNG is written. */
  outFile: string;
};

export type ToPrinter =
  | { type: "print"; id: number; order: PrintOrder }
  /** The page's HTML rendered by the pool (a file), or null: the print browser asks the server for the page; `error`: the render failed, so does the print. */
  | { type: "document"; id: number; file: string | null; error?: string }
  | { type: "close" };

export type FromPrinter =
  | { type: "progress"; id: number; fraction: number }
  | { type: "done"; id: number }
  | { type: "failed"; id: number; timeout: boolean; message: string }
  | { type: "closed" };
