// Reads a resource route's JSON for a part of a page (the card drawer's history, close-out state, change
// requests) without putting the page at stake: a failed load (server down, network gone) shows one
// toast and the part's own "could not load" line, never an error page, and the load is tried again
// every few seconds and when the browser is back online, so the part fills in by itself. (A Remix
// fetcher would hand the failure to the route's error boundary and replace the whole page.)
import { createContext, useContext, useEffect, useState } from "react";
import { useT } from "./viewer";
import type { PushToast } from "../components/ui/Toasts";

const RETRY_MS = 3000;

/** The page's toast stack, for parts that report a failure without owning one. */
export const ToastContext = createContext<PushToast | null>(null);

export type Background<T> = { data: T | undefined; failed: boolean };

/** `key`: load again when it changes (the row's version, for instance). */
export function useBackgroundLoad<T>(url: string, key: unknown): Background<T> {
  const t = useT();
  const toast = useContext(ToastContext);
  const [state, setState] = useState<Background<T>>({ data: undefined, failed: false });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let told = false;
    const load = async () => {
      clearTimeout(timer);
      try {
        const res = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!res.ok && res.status < 500) {
          if (!stopped) setState({ data: undefined, failed: true }); // refused or gone: retrying will not help
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const data = (await res.json()) as T;
        if (!stopped) setState({ data, failed: false });
      } catch {
        if (stopped) return;
        setState((s) => ({ ...s, failed: true }));
        if (!told) toast?.(t("shell.loadFailed"), "bad");
        told = true;
        timer = setTimeout(load, RETRY_MS);
      }
    };
    void load();
    window.addEventListener("online", load);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("online", load);
    };
  }, [url, key, t, toast]);
  return state;
}
