// Search results grouped by kind, each hit's code, title and text window with the query's pieces marked.
import { Link } from "@remix-run/react";
import { highlightParts, type SearchResults } from "../../models/search";
import { queryPieces } from "../../models/search-terms";
import { useT } from "../../lib/viewer";

function Marked({ text, pieces }: { text: string; pieces: string[] }) {
  return (
    <>
      {highlightParts(text, pieces).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}
    </>
  );
}

type Props = { results: SearchResults; quick?: boolean; onPick?: () => void };

export function SearchGroups({ results, quick, onPick }: Props) {
  const t = useT();
  const pieces = queryPieces(results.query);
  if ([...results.query.trim()].length < 2) return <p className="muted search-empty">{t("search.prompt")}</p>;
  if (!results.groups.length) return <p className="muted search-empty">{t("search.empty", { q: results.query })}</p>;
  return (
    <div className="search-groups" data-testid="search-results">
      {results.groups.map((g) => (
        <section key={g.kind} className="search-group" aria-label={t(`search.kinds.${g.kind}`)}>
          <h2>
            {t(`search.kinds.${g.kind}`)} <span className="muted">{g.total}{results.capped ? "+" : ""}</span>
          </h2>
          <ul>
            {g.hits.map((h) => {
              const body = (
                <>
                  <span className="search-title">
                    {h.code && (
                      <code>
                        <Marked text={h.code} pieces={pieces} />
                      </code>
                    )}
                    <span>
                      <Marked text={h.title} pieces={pieces} />
                    </span>
                    {h.exact && <span className="badge info">{t("search.exact")}</span>}
                  </span>
                  {h.snippet && (
                    <span className="search-snippet">
                      <Marked text={h.snippet} pieces={pieces} />
                    </span>
                  )}
                </>
              );
              return (
                <li key={`${h.kind}-${h.id}`}>
                  {h.href ? (
                    <Link to={h.href} onClick={onPick}>
                      {body}
                    </Link>
                  ) : (
                    <div>{body}</div>
                  )}
                </li>
              );
            })}
          </ul>
          {quick && g.total > g.hits.length && (
            <Link className="search-more" to={`/search?q=${encodeURIComponent(results.query)}`} onClick={onPick}>
              {t("search.more", { n: g.total })}
            </Link>
          )}
        </section>
      ))}
    </div>
  );
}
