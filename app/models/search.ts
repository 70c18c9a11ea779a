// Search: what the box accepts and what it answers. The index, the query and the request's schema live in
// search.server.ts (the header's box is on every page's first load, which carries no zod).

export const SEARCH_KINDS = ["task", "indicator", "result", "notice", "comment", "meeting", "unit", "person"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_MAX_LENGTH = 100;

export type SearchHit = {
  kind: SearchKind;
  id: number;
  /** Task code, registration number, username, meeting date … ("" when the kind has none). */
  code: string;
  title: string;
  /** A short window of the row's text around the first match. */
  snippet: string;
  href: string | null;
  /** The query is exactly this row's code (ranked first). */
  exact: boolean;
};

export type SearchGroup = { kind: SearchKind; total: number; hits: SearchHit[] };
/** `capped`: the term is so common that only the best matches were ranked and counted. */
export type SearchResults = { query: string; groups: SearchGroup[]; capped: boolean };

/** Splits text into [plain, match, plain, match, …] around the query's pieces, case-insensitively, for <mark>. */
export function highlightParts(text: string, pieces: string[]): string[] {
  const usable = pieces.filter(Boolean).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!usable.length) return [text];
  return text.split(new RegExp(`(${usable.join("|")})`, "iu"));
}
