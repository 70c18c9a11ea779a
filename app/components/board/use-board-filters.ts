// The board's filters, kept in the URL (board-filter.ts reads them, on the server too): changing one
// reloads the board's first pages and counts from the server, which filters in SQL.
import { useCallback } from "react";
import { useSearchParams } from "@remix-run/react";
import { boardFiltersOf, type Scope } from "../../models/board-filter";

export { SCOPES, type BoardFilters, type Scope } from "../../models/board-filter";

export function useBoardFilters() {
  const [params, setParams] = useSearchParams();
  const filters = boardFiltersOf(params);
  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value == null) next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: true, preventScrollReset: true },
      ),
    [setParams],
  );
  return {
    filters,
    setScope: (s: Scope) => setParam("scope", s === "all" ? null : s),
    setOverdueOnly: (on: boolean) => setParam("overdue", on ? "1" : null),
    setUnit: (u: number | "") => setParam("unit", u === "" ? null : String(u)),
  };
}
