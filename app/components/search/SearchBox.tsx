// The header's search: a button (also `/` and Ctrl/⌘+K anywhere outside a text field) that opens a
// search panel; typing loads quick results from /search as you type, Enter opens the full results page,
// Esc closes. Self-contained, so the header can place it wherever its layout wants.
import { useEffect, useRef, useState } from "react";
import { useFetcher, useNavigate } from "@remix-run/react";
import type { loader as searchLoader } from "../../routes/search";
import { SEARCH_MAX_LENGTH } from "../../models/search";
import { SearchGroups } from "./SearchGroups";
import { useT } from "../../lib/viewer";

const typingIn = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

export function SearchBox() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const fetcher = useFetcher<typeof searchLoader>();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const combo = e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey);
      if (combo || (e.key === "/" && !typingIn(e.target))) {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const load = fetcher.load;
  useEffect(() => {
    if (!open || [...q.trim()].length < 2) return;
    const timer = setTimeout(() => load(`/search?quick=1&q=${encodeURIComponent(q.trim())}`), 150);
    return () => clearTimeout(timer);
  }, [q, open, load]);

  const close = () => setOpen(false);
  const results = [...q.trim()].length >= 2 && fetcher.data ? fetcher.data.results : { query: "", groups: [], capped: false };
  return (
    <>
      <button type="button" className="search-trigger" onClick={() => setOpen(true)} aria-haspopup="dialog" title={t("search.shortcut")} data-testid="search-open">
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden>
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="search-trigger-label">{t("search.label")}</span>
        <kbd aria-hidden>/</kbd>
      </button>
      {open && (
        <div className="search-overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
          <div className="search-panel" role="dialog" aria-modal="true" aria-label={t("search.label")}>
            <form
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                close();
                navigate(`/search?q=${encodeURIComponent(q.trim())}`);
              }}
            >
              <input
                ref={input}
                type="search"
                name="q"
                value={q}
                onChange={(e) => setQ(e.target.value)}
                placeholder={t("search.placeholder")}
                aria-label={t("search.label")}
                maxLength={SEARCH_MAX_LENGTH}
                autoComplete="off"
                data-testid="search-input"
              />
              <button type="button" className="btn ghost small" onClick={close}>
                Esc
              </button>
            </form>
            <div className="search-quick" aria-live="polite">
              {fetcher.data?.tooLong ? <p className="alert bad">{t("search.tooLong", { max: SEARCH_MAX_LENGTH })}</p> : <SearchGroups results={results} quick onPick={close} />}
            </div>
          </div>
        </div>
      )}
    </>
  );
}
