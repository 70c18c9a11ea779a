// Search over everything a person may read: one FTS5 index (migration 0008_search_index, kept in step by
// triggers inside every write transaction), queried with Chinese-aware terms (search-terms.ts) and
// filtered here, in the model layer, by the reader's rights: tasks and indicators by the projects whose
// board he may read, notices as the notices page shows them, results and meetings with the report, units
// and people with the consortium, comments by the read permission of the item each is on (asked of
// comments.server.ts, after the index query). An exact code match ranks first, then FTS5's bm25 rank.
import * as z from "zod";
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all, placeholders, type SqlValue } from "./sql.server";
import { can } from "./permissions";
import { seesAllNotices } from "./notices.server";
import { commentFinder } from "./comments.server";
import { matchExpression, queryPieces } from "./search-terms";
import { SEARCH_KINDS, SEARCH_MAX_LENGTH, type SearchGroup, type SearchKind, type SearchResults } from "./search";

/** The one schema of a search request (the box's query string). */
export const searchSchema = z.object({ q: z.string().trim().max(SEARCH_MAX_LENGTH) });

/** The rows a reader may see, as a SQL condition over search_index, and its parameters. */
function readable(actor: Actor): { sql: string; args: SqlValue[] } {
  const parts: string[] = [];
  const args: SqlValue[] = [];
  if (can(actor, "read", "board")) parts.push("kind IN ('task','indicator')");
  else {
    const projects = actor.projectIds.filter((projectId) => can(actor, "read", "board", { projectId }));
    if (projects.length) {
      parts.push(`(kind IN ('task','indicator') AND project_id IN (${placeholders(projects)}))`);
      args.push(...projects);
    }
  }
  if (seesAllNotices(actor)) parts.push("kind = 'notice'");
  else if (actor.unitId != null) {
    parts.push("(kind = 'notice' AND unit_id = ?)");
    args.push(actor.unitId);
  }
  if (can(actor, "read", "report")) parts.push("kind IN ('result','meeting')");
  if (can(actor, "read", "consortium")) parts.push("kind IN ('unit','person')");
  // Each comment is filtered by its item's own rule after the query (search below).
  parts.push("kind = 'comment'");
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "0", args };
}

type Row = { kind: SearchKind; id: number; projectId: number | null; code: string | null; title: string; body: string; exact: number };

function hrefOf(actor: Actor, r: Row): string | null {
  const admin = can(actor, "read", "admin");
  switch (r.kind) {
    case "task":
      return `/tasks/${r.id}`;
    case "indicator":
      return r.projectId != null ? `/projects/${r.projectId}/indicators` : "/indicators";
    case "result":
      return "/results";
    case "notice":
      return "/notices";
    case "meeting":
      return `/meetings/${r.id}`;
    case "unit":
      return admin ? `/admin/units/${r.id}` : null;
    case "person":
      return admin ? `/admin/users/${r.id}` : null;
    case "comment":
      return null; // set from the comment's item (search below)
  }
}

/** About 90 characters of `body` around the first piece of the query found in it. */
export function snippetOf(body: string, pieces: string[]): string {
  const text = body.replace(/\s+/g, " ").trim();
  const lower = text.toLowerCase();
  const at = Math.min(...pieces.map((p) => lower.indexOf(p.toLowerCase())).filter((i) => i >= 0), Infinity);
  const start = at === Infinity ? 0 : Math.max(0, at - 30);
  const window = text.slice(start, start + 90);
  return `${start > 0 ? "…" : ""}${window}${start + 90 < text.length ? "…" : ""}`;
}

/** Whether a query could be a code of a task, indicator or result (codes are one word of letters, digits and - _ . /). */
const mayBeCode = (q: string) => /^[\p{L}\p{N}._/-]+$/u.test(q) && /[a-z0-9]/.test(q);

/** Matches considered per query (best bm25 first): a very common term ranks and counts only these. */
export const CANDIDATES = 400;

/**
 * The matches for `query` the actor may read, grouped by kind (up to `perKind` each, with each group's
 * total among the best CANDIDATES, `capped` when there were more); groups with an exact code match come
 * first, then in the order of SEARCH_KINDS. A query shorter than two characters finds nothing (one
 * character matches most of a Chinese corpus).
 */
export function search(db: DB, actor: Actor, query: string, opts: { perKind?: number } = {}): SearchResults {
  const match = [...query.trim()].length >= 2 ? matchExpression(query) : null;
  if (!match) return { query, groups: [], capped: false };
  const perKind = opts.perKind ?? 5;
  const scope = readable(actor);
  const code = query.trim().toLowerCase();
  const columns = "kind, ref_id AS id, project_id AS projectId, code, title, body";
  // FTS5 answers `ORDER BY rank LIMIT n` reading the stored columns of those n rows only; exact code
  // matches are fetched apart so a common term cannot push them out. That lookup reads the code of every
  // match, so it runs only for what can be a code (one word with a Latin letter or a digit: RX01-T03,
  // 2025ZDZX-RX-01), never for a Chinese term such as 电机 that matches thousands of comments.
  const ranked = `SELECT * FROM (SELECT ${columns}, 0 AS exact FROM search_index WHERE search_index MATCH ? AND ${scope.sql} ORDER BY rank LIMIT ${CANDIDATES})`;
  const rows = mayBeCode(code)
    ? all<Row>(
        db,
        `SELECT * FROM (SELECT ${columns}, 1 AS exact FROM search_index WHERE search_index MATCH ? AND lower(code) = ? AND ${scope.sql}) UNION ALL ${ranked}`,
        match, code, ...scope.args, match, ...scope.args,
      )
    : all<Row>(db, ranked, match, ...scope.args);
  const pieces = queryPieces(query);
  const groups = new Map<SearchKind, SearchGroup>();
  const seen = new Set<string>();
  const findComment = commentFinder(db, actor, rows.filter((r) => r.kind === "comment").map((r) => r.id));
  for (const r of rows.sort((a, b) => b.exact - a.exact)) {
    const key = `${r.kind}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = r.kind === "comment" ? findComment(r.id) : null;
    if (r.kind === "comment" && !where) continue;
    const group = groups.get(r.kind) ?? { kind: r.kind, total: 0, hits: [] };
    group.total++;
    if (group.hits.length < perKind) group.hits.push({ kind: r.kind, id: r.id, code: r.code ?? "", title: where?.title ?? r.title, snippet: snippetOf(r.body, pieces), href: where?.href ?? hrefOf(actor, r), exact: r.exact === 1 });
    groups.set(r.kind, group);
  }
  const order = (g: SearchGroup) => (g.hits.some((h) => h.exact) ? -1 : SEARCH_KINDS.indexOf(g.kind));
  return { query, groups: [...groups.values()].sort((a, b) => order(a) - order(b)), capped: rows.filter((r) => !r.exact).length >= CANDIDATES };
}
