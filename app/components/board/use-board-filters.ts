// The board's filters, kept in the URL so a filtered board can be bookmarked or sent to a colleague:
// whose tasks (all / my unit / mine), overdue only, one owner unit. `visible` applies them.
import { useCallback, useMemo } from "react";
import { useSearchParams } from "@remix-run/react";
import { byPosition, isOverdue, type TaskRow } from "../../models/tasks";

export type Scope = "all" | "unit" | "me";
export const SCOPES: readonly Scope[] = ["all", "unit", "me"];

export type BoardFilters = { scope: Scope; overdueOnly: boolean; unit: number | "" };

export function useBoardFilters() {
  const [params, setParams] = useSearchParams();
  const scopeParam = params.get("scope");
  const filters: BoardFilters = {
    scope: scopeParam === "unit" || scopeParam === "me" ? scopeParam : "all",
    overdueOnly: params.get("overdue") === "1",
    unit: Number(params.get("unit")) > 0 ? Number(params.get("unit")) : "",
  };
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

/** The rows the filters let through, in card order. */
export function useVisibleTasks(rows: TaskRow[], { scope, overdueOnly, unit }: BoardFilters, viewer: { id: number; unitId: number | null }, today: string) {
  return useMemo(
    () =>
      rows
        .filter((r) => !r.archivedAt)
        .filter((r) => scope !== "unit" || r.ownerUnitId === viewer.unitId)
        .filter((r) => scope !== "me" || r.ownerUserId === viewer.id)
        .filter((r) => !overdueOnly || isOverdue(r, today))
        .filter((r) => unit === "" || r.ownerUnitId === unit)
        .sort(byPosition),
    [rows, scope, overdueOnly, unit, viewer.id, viewer.unitId, today],
  );
}
