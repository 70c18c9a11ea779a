// How text becomes search terms, shared by the index (a SQL function the triggers call, registered on
// every connection in db/client.ts) and the query. SQLite's tokenizers do not serve Chinese: unicode61
// makes a whole run of Han characters one token, and trigram needs three characters. So the index holds
// every character bigram of a Han run plus the run's last character alone ("电机控制" -> 电机 机控 控制
// 制): a two-character term is one token, a longer one a phrase of bigrams, and a single character a
// prefix query (it begins some bigram or ends the run). Latin letters and digits are lower-cased words.

const HAN = /\p{Script=Han}/u;
const PIECE = /[\p{Script=Han}]+|[\p{L}\p{N}]+/gu;

function hanTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** The index form of a text: space-separated terms, in order (phrases match consecutive terms). */
export function searchTerms(text: string | null | undefined): string {
  if (!text) return "";
  const out: string[] = [];
  for (const [piece] of text.toLowerCase().matchAll(PIECE)) {
    if (HAN.test(piece)) out.push(...hanTerms(piece));
    else out.push(piece);
  }
  return out.join(" ");
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A query word's terms: a Han run of two or more is its bigrams (not the trailing single character). */
function wordTerms(word: string): string[] {
  const out: string[] = [];
  for (const [piece] of word.matchAll(PIECE)) {
    if (!HAN.test(piece)) out.push(piece);
    else out.push(...([...piece].length === 1 ? [piece] : hanTerms(piece).slice(0, -1)));
  }
  return out;
}

/**
 * An FTS5 MATCH expression for what the user typed: each whitespace-separated word is a phrase of its
 * terms and every word must occur (AND). A word ending in Latin letters or digits (still being typed),
 * or a lone Han character, matches as a prefix. Null when the query has nothing searchable.
 */
export function matchExpression(query: string): string | null {
  const words = query.toLowerCase().split(/\s+/).map(wordTerms).filter((w) => w.length);
  if (!words.length) return null;
  return words
    .map((terms) => {
      const tail = terms[terms.length - 1]!;
      const prefix = !HAN.test(tail) || [...tail].length === 1;
      return `${quote(terms.join(" "))}${prefix ? "*" : ""}`;
    })
    .join(" AND ");
}

/** The pieces of a query, for highlighting matches in the original text (case-insensitive). */
export function queryPieces(query: string): string[] {
  return [...query.matchAll(PIECE)].map(([p]) => p);
}
