// Page titles in the viewer's language. Remix `meta` functions run without hooks, so they read the
// locale from the root loader's data in `matches` (the root loader knows the signed-in user's locale).
import type { MetaDescriptor } from "@remix-run/node";
import { translate, resolveLocale, type Locale, type MessageKey } from "../i18n/catalog";

type Match = { id: string; data?: unknown };

/** The locale the root loader chose for this request (zh-CN when unknown). */
function metaLocale(matches: readonly Match[] | undefined): Locale {
  const root = matches?.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return resolveLocale(root?.locale);
}

/** `[{ title: "<page> · <app name>" }]`; pass `prefix` for a record name in front of the page title. */
export function pageTitle(matches: readonly Match[] | undefined, key: MessageKey, prefix?: string): MetaDescriptor[] {
  const locale = metaLocale(matches);
  const parts = [prefix, translate(locale, key), translate(locale, "app.name")].filter(Boolean);
  return [{ title: parts.join(" · ") }];
}

/** `[{ title: "<text> · <app name>" }]` for a title built from several messages (`t` in the viewer's locale). */
export function pageTitleFrom(matches: readonly Match[] | undefined, text: (t: (key: MessageKey, params?: Record<string, string | number>) => string) => string): MetaDescriptor[] {
  const locale = metaLocale(matches);
  return [{ title: [text((key, params) => translate(locale, key, params)), translate(locale, "app.name")].join(" · ") }];
}
