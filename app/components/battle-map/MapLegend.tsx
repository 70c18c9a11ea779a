// What every colour, shape and line on the map means.
import { RAGS } from "../../models/rag";
import { useT } from "../../lib/viewer";
import { RagMark } from "./RagMark";

export function MapLegend() {
  const t = useT();
  return (
    <div className="bm-legend" aria-label={t("battleMap.legend")} role="note" data-testid="bm-legend">
      <strong>{t("battleMap.legend")}</strong>
      {RAGS.map((r) => (
        <span key={r} className="bm-legend-item">
          <RagMark rag={r} />
          <i className={`bm-swatch rag-${r}`} aria-hidden />
          {r === "done" ? <s>{t(`battleMap.ragNames.${r}`)}</s> : t(`battleMap.ragNames.${r}`)}
        </span>
      ))}
      <span className="bm-legend-item">
        <i className="bm-swatch-bar" aria-hidden>
          <b />
        </i>
        {t("battleMap.legendBar")} / {t("battleMap.legendFill")}
      </span>
      <span className="bm-legend-item">
        <span className="bm-diamond pending" aria-hidden>
          ◆
        </span>
        {t("battleMap.legendMilestone")}
      </span>
      <span className="bm-legend-item">
        <svg width="28" height="10" aria-hidden>
          <path d="M1,5 H22" className="bm-arrow" markerEnd="url(#bm-arrowhead)" />
        </svg>
        {t("battleMap.legendDependency")}
      </span>
      <span className="bm-legend-item">
        <svg width="28" height="10" aria-hidden>
          <path d="M1,5 H22" className="bm-arrow handover" markerEnd="url(#bm-arrowhead-handover)" />
        </svg>
        <span className="bm-ready" aria-hidden>
          {t("taskLinks.ready")}
        </span>
        {t("taskLinks.legendHandover")}
      </span>
      <span className="bm-legend-item">
        <i className="bm-swatch-bar bm-legend-critical" aria-hidden />
        {t("battleMap.legendCritical")}
      </span>
      <span className="bm-legend-item">
        <i className="bm-latest bm-legend-latest" aria-hidden />
        {t("battleMap.legendLatest")}
      </span>
      <span className="bm-legend-item">
        <i className="bm-today-sample" aria-hidden />
        {t("battleMap.today")}
      </span>
      <span className="bm-legend-item">
        <span className="notice-marks" aria-hidden>
          <i className="notice-mark reminder">{t("notices.kinds.reminder").slice(0, 1)}</i>
          <i className="notice-mark supervision">{t("notices.kinds.supervision").slice(0, 1)}</i>
        </span>
        {t("battleMapExtra.legendNotice")}
      </span>
    </div>
  );
}
