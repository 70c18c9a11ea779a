// The map's time header (years over months / quarters, or months over weeks, and the today flag) and
// its grid lines. Memoised: scrolling the map re-renders the visible rows, never these.
import { memo, useMemo } from "react";
import { ticks, xOf, PX_PER_DAY, type TimeRange, type Zoom } from "../../models/battle-map";
import { useFormat, useT } from "../../lib/viewer";

export const HEAD_HEIGHT = 48;

type Props = { range: TimeRange; zoom: Zoom; today: string; width: number; labelWidth: number };

export const TimeHead = memo(function TimeHead({ range, zoom, today, width, labelWidth }: Props) {
  const t = useT();
  const fmt = useFormat();
  const { major, minor, majorUnit } = useMemo(() => ticks(range, zoom), [range, zoom]);
  const minorLabel = (k: (typeof minor)[number]) =>
    zoom === "month"
      ? fmt.date(k.start, "monthName")
      : zoom === "quarter"
        ? t("battleMap.tick.quarterShort", { q: k.quarter })
        : t("battleMap.tick.week", { m: k.month, d: k.day });
  const majorLabel = (k: (typeof major)[number]) => (majorUnit === "year" ? t("battleMap.tick.year", { y: k.year }) : fmt.month(k.start));
  return (
    <div className="bm-timehead" style={{ width: labelWidth + width, height: HEAD_HEIGHT }}>
      <div className="bm-corner" style={{ width: labelWidth }}>
        {t("battleMap.header")}
      </div>
      <div className="bm-ticks" style={{ width }}>
        {major.map((k) => (
          <div key={`M${k.start}`} className="bm-tick major" style={{ left: k.x, width: k.width }}>
            <span>{majorLabel(k)}</span>
          </div>
        ))}
        {minor.map((k, i) => (
          <div
            key={`m${k.start}`}
            className={`bm-tick minor${k.start <= today && today < (minor[i + 1]?.start ?? range.end) ? " now" : ""}`}
            style={{ left: k.x, width: k.width }}
            data-testid="bm-tick"
          >
            {minorLabel(k)}
          </div>
        ))}
        <div className="bm-today-flag" style={{ left: xOf(today, range, zoom) }}>
          {t("battleMap.today")}
        </div>
      </div>
    </div>
  );
});

/** Vertical lines at each period (stronger at each year or month) and the today line, over `height` px. */
export const TimeGrid = memo(function TimeGrid({ range, zoom, today, width, height, left }: Omit<Props, "labelWidth"> & { height: number; left: number }) {
  const { major, minor } = useMemo(() => ticks(range, zoom), [range, zoom]);
  const strong = useMemo(() => new Set(major.map((m) => m.x)), [major]);
  return (
    <div className="bm-grid" style={{ left, width, height }} aria-hidden>
      {minor.map((k) => (
        <i key={k.start} style={{ left: k.x }} className={strong.has(k.x) ? "strong" : undefined} />
      ))}
      <b className="bm-today" style={{ left: xOf(today, range, zoom) + PX_PER_DAY[zoom] / 2 }} data-testid="bm-today" />
    </div>
  );
});
