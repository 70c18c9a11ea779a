// Resource route: one language's message catalogue, GET /i18n/zh-CN.<hash>.json (the root loader gives each
// page the address of its reader's language; /i18n/zh-CN.json is the same, uncached). Public: the sign-in page needs it too.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LOCALES, type Locale } from "../i18n/catalog";
import { catalogAsset } from "../i18n/catalog-asset.server";

export function loader({ params }: LoaderFunctionArgs) {
  const match = /^([\w-]+)(?:\.([0-9a-f]+))?\.json$/.exec(params.file ?? "");
  const locale = match && (LOCALES as readonly string[]).includes(match[1]!) ? (match[1] as Locale) : null;
  if (!locale) return new Response("Not Found", { status: 404 });
  const asset = catalogAsset(locale);
  return new Response(asset.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // An old address (a page from before a deploy) or none still gets the current messages, not for keeps.
      "Cache-Control": match?.[2] === asset.hash ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
