// Every page of the app as a URL, generated from the flat route files in app/routes, so a new route is
// covered by the sweeps that use it without anyone adding it by hand. Parameters get sample values.
import fs from "node:fs";
import path from "node:path";

const ROUTES = path.resolve(__dirname, "../../app/routes");

/** Splits a flat route name on the dots that separate segments (not the escaped "[.]"). */
const segmentsOf = (name: string) => name.split(/\.(?![^[]*\])/);

function segmentPath(seg: string, sample: (param: string) => string): string | null {
  if (seg === "_index" || seg.startsWith("_")) return null; // index route, pathless layout
  const s = seg.replace(/_$/, "").replace(/\[\.\]/g, "."); // "changes_" escapes its layout; "[.]" is a dot
  return s.replace(/\$(\w+)/g, (_m, p: string) => sample(p));
}

/** The URL of every route module, parameters replaced by `sample` (default: 1, a year for `year`). */
export function routeUrls(sample: (param: string) => string = (p) => (p === "year" ? "2026" : "1")): string[] {
  const urls = fs
    .readdirSync(ROUTES)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => {
      const parts = segmentsOf(f.replace(/\.tsx?$/, ""))
        .map((seg) => segmentPath(seg, sample))
        .filter((s): s is string => s != null);
      return `/${parts.join("/")}`.replace(/\/\.(\w+)$/, ".$1");
    });
  return [...new Set(urls)].sort();
}
