// One language's catalogue as the browser downloads it: JSON (UTF-8, parsed faster than a script) at an
// address that names its content, so browsers keep it until the messages change.
import { createHash } from "node:crypto";
import type { Locale } from "./catalog";
import { serverCatalogs } from "./catalogs.server";

export type CatalogAsset = { href: string; hash: string; body: string };

// Derived once from constants: the same in every process that serves this build.
const assets = new Map<Locale, CatalogAsset>();

export function catalogAsset(locale: Locale): CatalogAsset {
  let asset = assets.get(locale);
  if (!asset) {
    const body = JSON.stringify(serverCatalogs[locale]);
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    asset = { href: `/i18n/${locale}.${hash}.json`, hash, body };
    assets.set(locale, asset);
  }
  return asset;
}
