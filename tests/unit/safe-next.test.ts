// The redirect after sign-in (safeNext) never leaves the site, whatever the `next` parameter holds:
// property-tested over generated targets mixing control characters, whitespace, backslashes, percent
// encodings, dot segments and schemes. "Leaves the site" is judged the way a browser does: Node's URL
// parser is the WHATWG one browsers implement (tabs and newlines dropped, "\" read as "/").
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { safeNext } from "../../app/models/auth";

const SITE = "https://gzt.example.cn";

/** Where a browser on SITE goes for `Location: <location>`. */
const browserTarget = (location: string) => new URL(location, `${SITE}/login`);

function assertStaysOnSite(input: string) {
  const out = safeNext(input);
  // Printable ASCII only: nothing for the browser to drop, nothing Node refuses in a header.
  expect(out).toMatch(/^\/[\x21-\x7e]*$/);
  expect(out.startsWith("//")).toBe(false);
  expect(out).not.toContain("\\");
  expect(browserTarget(out).origin).toBe(SITE);
  // Idempotent: the normalised path is its own safe form.
  expect(safeNext(out)).toBe(out);
}

const fragments = fc.constantFrom(
  "/", "//", "\\", "/\\", "\\/", "\t", "\n", "\r", "\u0000", "\u001f", "\u007f", " ", "\u00a0", "\u3000", "\u2028", "\ufeff",
  "%09", "%0a", "%0d", "%2f", "%2F", "%5c", "%5C", "%2e", "%252f", "%", "%zz", ".", "..", "./", "../", "/./", "/../",
  "evil.example", "evil.example:443", "@evil.example", "user:pass@", "127.0.0.1", "[::1]", "xn--", "例子.中国",
  "http:", "https:", "javascript:", "data:", "file:", "vbscript:", "JaVaScRiPt:", "//evil.example", "///evil.example",
  "board", "?next=/", "#", "#//evil.example", "?", "&", "=", ":", ";", "alert(1)", "<script>", "'", "\"",
);
const hostile = fc.array(fragments, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));

describe("safeNext", () => {
  it("keeps ordinary paths of this site as they are", () => {
    for (const p of ["/", "/board", "/projects/2/board?unit=3&zoom=week", "/reports/2026?format=zhejiang", "/tasks/12#history", "/battle-map.pdf?unit=3"]) {
      expect(safeNext(p)).toBe(p);
    }
  });

  it("refuses the reported and the known off-site forms", () => {
    for (const p of [
      "/\t/evil.example/", "/%09/evil.example/", "/\n/evil.example", "/\r\n/evil.example", " /evil.example", "/ /evil.example",
      "//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "https://evil.example", "javascript:alert(1)",
      "/.//evil.example", "/..//evil.example", "/a/..//evil.example", "\u0000//evil.example", "/\u0000/evil.example", "",
    ]) {
      const out = safeNext(p);
      expect(browserTarget(out).origin, JSON.stringify(p)).toBe(SITE);
      expect(out.startsWith("//"), JSON.stringify(p)).toBe(false);
    }
    expect(safeNext("/\t/evil.example/")).toBe("/");
    expect(safeNext("/.//evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
    expect(safeNext(undefined)).toBe("/");
  });

  it("never leaves the site, for generated targets starting anywhere", () => {
    fc.assert(fc.property(hostile, assertStaysOnSite), { numRuns: 5000 });
  });

  it("never leaves the site, for generated targets that start like a path", () => {
    fc.assert(fc.property(hostile, (rest) => assertStaysOnSite(`/${rest}`)), { numRuns: 5000 });
  });

  it("never leaves the site, for arbitrary strings (full Unicode)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => assertStaysOnSite(s)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => assertStaysOnSite(`/${s}`)), { numRuns: 3000 });
  });

  it("keeps generated same-site paths (segments, query, fragment) unchanged", () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
    const path = fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(segment, segment)), fc.option(segment))
      .map(([segs, q, h]) => `/${segs.join("/")}${q ? `?${q[0]}=${q[1]}` : ""}${h ? `#${h}` : ""}`);
    fc.assert(fc.property(path, (p) => safeNext(p) === p), { numRuns: 1000 });
  });
});
