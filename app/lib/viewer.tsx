// The signed-in user as the UI sees it (from the root loader), and the translator for his locale.
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { makeT, type Locale, type T } from "../i18n/catalog";
import { can, canSome, type Target } from "../models/permissions";
import { parseMessage } from "../models/validation";

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

export type RootData = { viewer: Viewer | null; locale: Locale; consortiumName: string };

export function useRootData(): RootData {
  return (useRouteLoaderData("root") as RootData | undefined) ?? { viewer: null, locale: "zh-CN", consortiumName: "" };
}

export function useViewer(): Viewer {
  const { viewer } = useRootData();
  if (!viewer) throw new Error("useViewer outside a signed-in page");
  return viewer;
}

export function useT(): T {
  const { locale } = useRootData();
  return useMemo(() => makeT(locale), [locale]);
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
