// The board's toolbar: the filters (whose tasks, overdue only, one owner unit), who else is here, the
// connection state and "new task".
import type { ReactNode } from "react";
import { useT } from "../../lib/viewer";
import type { UnitOption } from "../../models/task-board.server";
import { SCOPES, type BoardFilters, type useBoardFilters } from "./use-board-filters";

type Props = Omit<ReturnType<typeof useBoardFilters>, "filters"> & {
  filters: BoardFilters;
  /** The units taking part in the board's projects. */
  units: UnitOption[];
  /** Presence, connection state and the new-task button, at the right end. */
  children: ReactNode;
};

export function BoardToolbar({ filters, setScope, setOverdueOnly, setUnit, units, children }: Props) {
  const t = useT();
  return (
    <div className="board-toolbar" role="toolbar" aria-label={t("board.filters")}>
      <div className="toggle-group" role="group" aria-label={t("board.filters")}>
        {SCOPES.map((s) => (
          <button key={s} type="button" aria-pressed={filters.scope === s} onClick={() => setScope(s)}>
            {s === "all" ? t("common.all") : s === "unit" ? t("board.myUnit") : t("board.myTasks")}
          </button>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={filters.overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
        {t("board.overdue")}
      </label>
      <label className="check">
        {t("board.unitFilter")}
        <select value={filters.unit} onChange={(e) => setUnit(e.target.value ? Number(e.target.value) : "")} style={{ font: "inherit", padding: "3px 6px" }}>
          <option value="">{t("board.allUnits")}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.shortName}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      {children}
    </div>
  );
}
