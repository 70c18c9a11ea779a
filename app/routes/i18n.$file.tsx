// Resource route: one language's message catalogue, GET /i18n/zh-CN.<hash>.json (the root loader gives each
// page the address of its reader's language; /i18n/zh-CN.json is the same, uncached). Public: the sign-in page needs it too.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LOCALES, type Locale } from "../i18n/catalog";
import { catalogAsset, catalogBrotli } from "../i18n/catalog-asset.server";

/** Whether the request takes Brotli (listed, and not refused with q=0). */
const takesBrotli = (header: string | null) => header != null && /(?:^|,)\s*br\s*(?:,|$|;(?!\s*q=0(?:\.0*)?\s*(?:,|$)))/.test(header);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const match = /^([\w-]+)(?:\.([0-9a-f]+))?\.json$/.exec(params.file ?? "");
  const locale = match && (LOCALES as readonly string[]).includes(match[1]!) ? (match[1] as Locale) : null;
  if (!locale) return new Response("Not Found", { status: 404 });
  const asset = catalogAsset(locale);
  // Compressed once per process (not per request by compression(), which leaves an encoded answer alone).
  const br = takesBrotli(request.headers.get("accept-encoding"));
  return new Response(br ? await catalogBrotli(locale) : asset.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      Vary: "Accept-Encoding",
      ...(br ? { "Content-Encoding": "br" } : {}),
      // An old address (a page from before a deploy) or none still gets the current messages, not for keeps.
      "Cache-Control": match?.[2] === asset.hash ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
