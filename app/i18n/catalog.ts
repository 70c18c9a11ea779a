// Typed access to the message catalogues. `t("board.due", { date })` -> "截止 2026-12-01".
// The server holds every catalogue; the browser holds only those it installed (its reader's language,
// fetched before hydration by entry.client: see i18n/load.client.ts).
import type { Messages } from "./zh-CN";
import { serverCatalogs } from "./catalogs.server";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each locale's name in its own language, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "简体中文", en: "English" };

// In the browser serverCatalogs is the empty module Remix substitutes for *.server files.
const catalogs: Partial<Record<Locale, Messages>> = { ...serverCatalogs };
const listeners = new Set<() => void>();
let installed = 0;

/** Makes a fetched catalogue available to translate; pages using useT re-render. */
export function installCatalog(locale: Locale, messages: Messages) {
  catalogs[locale] = messages;
  installed += 1;
  for (const listener of listeners) listener();
}

/** Snapshot for useSyncExternalStore: how many catalogues the browser has installed. */
export const catalogsInstalled = () => installed;

export const hasCatalog = (locale: Locale) => catalogs[locale] !== undefined;

/** Subscription for useSyncExternalStore: a catalogue arrived (a language switch in the browser). */
export function onCatalogInstalled(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type { Messages };
export type MessageKey = Leaves<Messages>;
export type ErrorCode = keyof Messages["errors"];
export type Params = Record<string, string | number>;

export function resolveLocale(value: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : "zh-CN";
}

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (node == null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** The locale's text; while a browser is still fetching a newly chosen language, the one it has. */
export function translate(locale: Locale, key: string, params?: Params): string {
  const messages = catalogs[locale] ?? catalogs["zh-CN"] ?? Object.values(catalogs)[0];
  const text = lookup(messages, key) ?? lookup(catalogs["zh-CN"], key) ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

export type T = (key: MessageKey, params?: Params) => string;
export const makeT = (locale: Locale): T => (key, params) => translate(locale, key, params);

/** Label of a vocabulary item, e.g. label(t, "statuses", "closed"). */
export function label(t: T, group: keyof Messages, id: string): string {
  return t(`${group}.${id}` as MessageKey);
}
