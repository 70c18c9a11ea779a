// The browser's half of the catalogues: it fetches only its reader's language, before hydration
// (entry.client) and when the reader switches language (useT). The root layout preloads the same
// address, so the fetch starts with the page's scripts rather than after them.
import { hasCatalog, installCatalog, type Locale, type Messages } from "./catalog";

const pending = new Map<Locale, Promise<void>>();

export function loadCatalog(locale: Locale, href: string): Promise<void> {
  if (hasCatalog(locale)) return Promise.resolve();
  let loading = pending.get(locale);
  if (!loading) {
    loading = fetchMessages(href)
      .then((messages) => installCatalog(locale, messages))
      .finally(() => pending.delete(locale));
    pending.set(locale, loading);
  }
  return loading;
}

async function fetchMessages(href: string, attempts = 3): Promise<Messages> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`${href}: ${response.status}`);
      return (await response.json()) as Messages;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
