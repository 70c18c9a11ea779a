// The build's compressed copies (server/scripts/compress-assets.mjs) sent as they are: a request for
// /build/x.js that accepts Brotli (or gzip) gets x.js.br (x.js.gz) with the script's type and
// Content-Encoding, served by the same static handler, and compression() leaves it alone (already encoded).
// Which copies exist is read once at start; a copy older than its file (an asset rebuilt in place) is ignored.
import fs from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";

const ENCODINGS = [
  { name: "br", ext: ".br" },
  { name: "gzip", ext: ".gz" },
] as const;

/** The files under `dir` (paths relative to it, with "/") that have a fresh copy per encoding. */
function copiesUnder(dir: string): Map<string, Set<string>> {
  const copies = new Map<string, Set<string>>(ENCODINGS.map((e) => [e.name, new Set<string>()]));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return copies; // no build yet
  }
  for (const e of entries) {
    const enc = ENCODINGS.find((x) => e.name.endsWith(x.ext));
    if (!enc || !e.isFile()) continue;
    const copy = path.join(e.parentPath, e.name);
    const original = copy.slice(0, -enc.ext.length);
    try {
      if (fs.statSync(copy).mtimeMs >= fs.statSync(original).mtimeMs) copies.get(enc.name)!.add(path.relative(dir, original).split(path.sep).join("/"));
    } catch {
      /* a copy without its file */
    }
  }
  return copies;
}

/** Mount before the static handler of `dir`, at the same path. */
export function precompressed(dir: string): RequestHandler {
  const copies = copiesUnder(dir);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let file: string;
    try {
      file = decodeURIComponent(req.path).replace(/^\/+/, "");
    } catch {
      return next(); // a malformed address: the static handler answers it (400), not an error page
    }
    // Brotli first (a third smaller than gzip), whatever order the browser lists them in.
    const enc = ENCODINGS.find((e) => copies.get(e.name)!.has(file) && req.acceptsEncodings(e.name) === e.name);
    res.vary("Accept-Encoding");
    if (!enc) return next();
    res.type(path.extname(file));
    res.setHeader("Content-Encoding", enc.name);
    req.url = `/${file}${enc.ext}${req.url.slice(req.path.length)}`;
    next();
  };
}
