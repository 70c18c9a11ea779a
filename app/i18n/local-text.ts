// Generated text kept as a catalogue key and its params (stored as JSON), so that every reader sees it in
// his own language rather than in the language of whoever caused it to be generated. A param is a raw value
// (a name, a date, a number: shown as it is), a nested text (a status, a suffix: translated in turn), or a
// list of those written one after another.
import * as z from "zod";
import type { MessageKey, T } from "./catalog";

export type TextParam = string | number | LocalText | TextParam[];
export type LocalText = { key: string; params?: Record<string, TextParam> };

/** A nested text of `key` with `params`, typed against the catalogue where it is built. */
export const text = (key: MessageKey, params?: Record<string, TextParam>): LocalText => (params ? { key, params } : { key });

const paramSchema: z.ZodType<TextParam> = z.lazy(() => z.union([z.string(), z.number(), textSchema, z.array(paramSchema)]));
const textSchema: z.ZodType<LocalText> = z.object({ key: z.string().regex(/^[a-zA-Z]+(\.\w+)+$/), params: z.record(z.string(), paramSchema).optional() });

/** The text in `t`'s language. */
export function renderText(t: T, value: TextParam): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => renderText(t, v)).join("");
  const params = Object.fromEntries(Object.entries(value.params ?? {}).map(([k, v]) => [k, renderText(t, v)]));
  return t(value.key as MessageKey, params);
}

/** A stored text (its key and its params as JSON) read back, or null when there is none or it is not one (rows of older databases). */
export function parseText(key: string | null | undefined, params: string | null | undefined): LocalText | null {
  if (!key) return null;
  try {
    const parsed = textSchema.safeParse({ key, params: params ? JSON.parse(params) : undefined });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A generated line in the reader's language, else the title stored with it. */
export const localTitle = (t: T, row: { title: string; titleText: LocalText | null }) => (row.titleText ? renderText(t, row.titleText) : row.title);
