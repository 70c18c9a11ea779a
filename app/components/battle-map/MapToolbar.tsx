// Filters, lane grouping and zoom of the battle map (every one writes the URL: a shareable view), and the
// 调整日期 mode switch (not in the URL: a way of working, not a view).
import { Link } from "@remix-run/react";
import { TASK_STATUSES } from "../../models/domain";
import { RAGS } from "../../models/rag";
import { LANE_MODES, ZOOMS, type MapFilters } from "../../models/battle-map";
import type { BattleMapData } from "../../models/battle-map.server";
import { useT } from "../../lib/viewer";

type Props = {
  data: Pick<BattleMapData, "units" | "projects" | "groups">;
  filters: MapFilters;
  setFilters: (patch: Partial<MapFilters>) => void;
  shown: number;
  total: number;
  hasUnit: boolean;
  /** The 调整日期 mode switch, for a viewer who may reschedule. */
  adjust?: { on: boolean; toggle: () => void };
};

const num = (v: string) => (v ? Number(v) : null);

export function MapToolbar({ data, filters, setFilters, shown, total, hasUnit, adjust }: Props) {
  const t = useT();
  return (
    <div className="bm-toolbar" role="toolbar" aria-label={t("board.filters")}>
      {adjust && (
        <button type="button" className="bm-adjust" aria-pressed={adjust.on} onClick={adjust.toggle} title={t("battleMapExtra.adjustTitle")} data-testid="bm-adjust">
          <span aria-hidden>↔</span> {t("battleMapExtra.adjust")}
        </button>
      )}
      <div className="bm-seg" role="group" aria-label={t("battleMap.lanes")}>
        <span className="bm-seg-label">{t("battleMap.lanes")}</span>
        {LANE_MODES.map((m) => (
          <button key={m} type="button" aria-pressed={filters.lanes === m} onClick={() => setFilters({ lanes: m })}>
            {t(`battleMap.laneModes.${m}`)}
          </button>
        ))}
      </div>
      <div className="bm-seg" role="group" aria-label={t("battleMap.zoom")}>
        <span className="bm-seg-label">{t("battleMap.zoom")}</span>
        {ZOOMS.map((z) => (
          <button key={z} type="button" aria-pressed={filters.zoom === z} onClick={() => setFilters({ zoom: z })}>
            {t(`battleMap.zooms.${z}`)}
          </button>
        ))}
      </div>
      <label className="bm-filter">
        <span>{t("battleMap.unit")}</span>
        <select value={filters.unit ?? ""} onChange={(e) => setFilters({ unit: num(e.target.value) })}>
          <option value="">{t("battleMap.any")}</option>
          {data.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.shortName}
            </option>
          ))}
        </select>
      </label>
      <label className="bm-filter">
        <span>{t("battleMap.project")}</span>
        <select value={filters.project ?? ""} onChange={(e) => setFilters({ project: num(e.target.value) })}>
          <option value="">{t("battleMap.any")}</option>
          {data.groups.map((g) => (
            <optgroup key={g.id} label={`${g.code} ${g.name}`}>
              {data.projects
                .filter((p) => p.groupId === g.id)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.code} {p.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="bm-filter">
        <span>{t("battleMap.status")}</span>
        <select value={filters.status ?? ""} onChange={(e) => setFilters({ status: (e.target.value || null) as MapFilters["status"] })}>
          <option value="">{t("battleMap.any")}</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="bm-filter">
        <span>{t("battleMap.ragLabel")}</span>
        <select value={filters.rag ?? ""} onChange={(e) => setFilters({ rag: (e.target.value || null) as MapFilters["rag"] })}>
          <option value="">{t("battleMap.any")}</option>
          {RAGS.map((r) => (
            <option key={r} value={r}>
              {t(`battleMap.ragNames.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="bm-check">
        <input type="checkbox" checked={filters.keyOnly} onChange={(e) => setFilters({ keyOnly: e.target.checked })} />
        {t("battleMap.keyOnly")}
      </label>
      {hasUnit && (
        <label className="bm-check">
          <input type="checkbox" checked={filters.mine} onChange={(e) => setFilters({ mine: e.target.checked })} />
          {t("battleMap.mine")}
        </label>
      )}
      <Link to="?" replace preventScrollReset className="bm-reset">
        {t("battleMap.reset")}
      </Link>
      <span className="bm-count" data-testid="bm-count">
        {t("battleMap.shown", { n: shown, total })}
      </span>
    </div>
  );
}
