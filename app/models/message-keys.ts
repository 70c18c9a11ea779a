// Messages as catalogue keys with params ("key|{json}"): how a schema's error or a model's refusal names
// its text, so each reader sees it in his own language. No zod here: the browser's first load reads these
// (useMessage) without the schemas.

export const msg = (key: string, params?: Record<string, string | number>) =>
  params ? `${key}|${JSON.stringify(params)}` : key;

/** Splits "key|{json}" into a key and params. */
export function parseMessage(m: string): { key: string; params?: Record<string, string | number> } {
  const bar = m.indexOf("|");
  if (bar < 0) return { key: m };
  try {
    return { key: m.slice(0, bar), params: JSON.parse(m.slice(bar + 1)) };
  } catch {
    return { key: m.slice(0, bar) };
  }
}
