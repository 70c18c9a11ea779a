// Typed access to the message catalogues. `t("board.due", { date })` -> "截止 2026-12-01".
import { zhCN, type Messages } from "./zh-CN";
import { en } from "./en";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const catalogs: Record<Locale, Messages> = { "zh-CN": zhCN, en };

/** Each locale's name in its own language, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "简体中文", en: "English" };

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type ErrorCode = keyof Messages["errors"];
export type Params = Record<string, string | number>;

export function resolveLocale(value: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : "zh-CN";
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (node == null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function translate(locale: Locale, key: string, params?: Params): string {
  const text = lookup(catalogs[locale], key) ?? lookup(zhCN, key) ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

export type T = (key: MessageKey, params?: Params) => string;
export const makeT = (locale: Locale): T => (key, params) => translate(locale, key, params);

/** Label of a vocabulary item, e.g. label(t, "statuses", "closed"). */
export function label(t: T, group: keyof Messages, id: string): string {
  return t(`${group}.${id}` as MessageKey);
}
