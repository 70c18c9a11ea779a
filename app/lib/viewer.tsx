// The signed-in user as the UI sees it (from the root loader), and the translator for his locale.
import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { catalogsInstalled, hasCatalog, makeT, onCatalogInstalled, type Locale, type T } from "../i18n/catalog";
import { loadCatalog } from "../i18n/load.client";
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPercent, type DatePattern } from "../i18n/format";
import { can, canSome, type Target } from "../models/permissions";
import { parseMessage } from "../models/message-keys";

export type Viewer = {
  id: number;
  username: string;
  displayName: string;
  unitId: number | null;
  unitName: string | null;
  roles: string[];
  permissions: string[];
  projectIds: number[];
  csrfToken: string;
  locale: Locale;
};

export type RootData = {
  viewer: Viewer | null;
  locale: Locale;
  /** Where the browser fetches the locale's messages (i18n/catalog-asset.server.ts). */
  catalogHref?: string;
  /** The consortium's time zone: timestamps are shown in it. */
  timeZone?: string;
  consortiumName: string;
  /** Counts on the top bar's bells (提示/督办, checks); absent outside a signed-in page. */
  pendingNotices?: number;
  pendingChecks?: number;
  /** Unread notifications of the 通知中心. */
  unreadInbox?: number;
};

// The last root data this browser saw: when a navigation fails because the server or the network is
// down, the root loader's data is gone too, and the failure must still show inside the user's shell.
// Browser only: on the server a module variable would be shared between requests.
let lastRootData: RootData | undefined;
const NO_ROOT_DATA: RootData = { viewer: null, locale: "zh-CN", consortiumName: "" };

export function useRootData(): RootData {
  const data = useRouteLoaderData("root") as RootData | undefined;
  if (typeof document === "undefined") return data ?? NO_ROOT_DATA;
  if (data) lastRootData = data;
  return data ?? lastRootData ?? NO_ROOT_DATA;
}

export function useViewer(): Viewer {
  const { viewer } = useRootData();
  if (!viewer) throw new Error("useViewer outside a signed-in page");
  return viewer;
}

export function useT(): T {
  const { locale, catalogHref } = useRootData();
  // A reader who switches language in the browser sees the page in the old one until the new catalogue
  // arrives, then every translated component re-renders.
  const installed = useSyncExternalStore(onCatalogInstalled, catalogsInstalled, catalogsInstalled);
  useEffect(() => {
    if (catalogHref && !hasCatalog(locale)) void loadCatalog(locale, catalogHref);
  }, [locale, catalogHref]);
  // A new t when a catalogue arrives, so children memoized on t re-render too.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => makeT(locale), [locale, installed]);
}

/** Permission checks in the UI mirror the server's (same pure function, same grants). */
export function useCan() {
  const { viewer } = useRootData();
  return useMemo(
    () => ({
      can: (action: string, entity: string, target?: Target) => (viewer ? can(viewer, action, entity, target) : false),
      some: (action: string, entity: string) => (viewer ? canSome(viewer, action, entity) : false),
    }),
    [viewer],
  );
}

/** Translates a validation message ("validation.tooLong|{max:200}") or passes plain text through. */
export function useMessage() {
  const t = useT();
  return (m: string | undefined | null) => {
    if (!m) return "";
    const { key, params } = parseMessage(m);
    return /^[a-zA-Z]+\.[\w.]+$/.test(key) ? t(key as never, params) : m;
  };
}

/** Date and number formatters bound to the viewer's locale (see app/i18n/format.ts). */
export function useFormat() {
  const { locale, timeZone } = useRootData();
  return useMemo(
    () => ({
      locale,
      date: (iso: string | null | undefined, pattern?: DatePattern | string) => formatDate(locale, iso, pattern, timeZone),
      month: (iso: string | null | undefined, short?: boolean) => formatMonth(locale, iso, short),
      dateTime: (iso: string | null | undefined) => formatDateTime(locale, iso, timeZone),
      number: (n: number, options?: Intl.NumberFormatOptions) => formatNumber(locale, n, options),
      percent: (share: number) => formatPercent(locale, share),
    }),
    [locale, timeZone],
  );
}
