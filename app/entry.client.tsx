import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { resolveLocale } from "./i18n/catalog";
import { loadCatalog } from "./i18n/load.client";

function hydrate() {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// The page was rendered in its reader's language: hydrate once that catalogue is here (the root layout's
// preload link names it), so the first client render matches the server's. If it cannot be fetched, the
// page stays as the server rendered it (links and forms still work) rather than showing message keys.
const link = document.querySelector<HTMLLinkElement>("link[data-catalog]");
if (link) {
  loadCatalog(resolveLocale(link.dataset.catalog), link.href).then(hydrate, (error: unknown) =>
    console.error("The message catalogue could not be loaded; the page is not interactive.", error),
  );
} else {
  hydrate();
}
