// The print view of the map (`?print=1`, opened by the PDF/PNG export): EVERY filtered row, in a table
// whose header row Chromium repeats on each printed page, rows never split across pages. The timeline
// fits the paper's width (see printLayout); grid and today lines are drawn per row, so they survive
// pagination. Dependency arrows are left out: they would cross page breaks.
import { memo, useMemo } from "react";
import type { RagResult } from "../../models/rag";
import type { NoticeRow } from "../../models/notices";
import {
  LABEL_WIDTH,
  PX_PER_DAY,
  ROW_HEIGHT,
  ticks,
  timelineWidth,
  xOf,
  type MapPlan,
  type MapRow,
  type MapTaskRow,
  type TimeRange,
  type Zoom,
} from "../../models/battle-map";
import { useT } from "../../lib/viewer";
import { MapRowView, rowKey, useLookups, type RowContext } from "./TaskLine";
import { TimeHead } from "./TimeHead";

type Props = {
  rows: MapRow<MapTaskRow>[];
  range: TimeRange;
  /** The zoom printed (may be coarser than the one asked for, to fit the paper) and its extra scaling. */
  zoom: Zoom;
  scale: number;
  requestedZoom: Zoom;
  today: string;
  rag: (r: MapTaskRow) => RagResult;
  notices: Map<number, NoticeRow[]>;
  units: { id: number; shortName: string }[];
  projects: { id: number; code: string; name: string; leadUnitId: number }[];
  highlightUnit: number | null;
  plan: Extract<MapPlan, { ok: true }> | null;
};

const noop = () => undefined;

/** One row's worth of grid lines and the today line, as an SVG background repeated down the table. */
function gridImage(range: TimeRange, zoom: Zoom, today: string, width: number): string {
  const { major, minor } = ticks(range, zoom);
  const strong = new Set(major.map((m) => m.x));
  const lines = minor.map((k) => `<path d="M${k.x + 0.5},0V${ROW_HEIGHT}" stroke="${strong.has(k.x) ? "#d9dee5" : "#eef0f3"}"/>`).join("");
  const todayX = xOf(today, range, zoom) + PX_PER_DAY[zoom] / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${ROW_HEIGHT}">${lines}<path d="M${todayX},0V${ROW_HEIGHT}" stroke="#c8102e" stroke-width="2" opacity="0.7"/></svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

export const PrintChart = memo(function PrintChart(props: Props) {
  const { rows, range, zoom, scale, today } = props;
  const t = useT();
  const lookups = useLookups(props.units, props.projects);
  const ctx: RowContext = { range, zoom, today, rag: props.rag, notices: props.notices, lookups, highlightUnit: props.highlightUnit, plan: props.plan };
  const width = timelineWidth(range, zoom);
  const grid = useMemo(() => gridImage(range, zoom, today, width), [range, zoom, today, width]);
  const adjusted = zoom !== props.requestedZoom || scale < 1;
  return (
    <div className="bm-print-wrap" data-testid="battle-map" data-zoom={zoom} data-print="true">
      {adjusted && <p className="bm-print-note">{t("battleMapExtra.printScaled", { zoom: t(`battleMap.zooms.${zoom}`) })}</p>}
      <table
        className="bm-print"
        style={{ width: LABEL_WIDTH + width, zoom: scale < 1 ? scale : undefined, ["--bm-grid" as string]: grid, ["--bm-label" as string]: `${LABEL_WIDTH}px` }}
      >
        <thead>
          <tr>
            <th>
              <TimeHead range={range} zoom={zoom} today={today} width={width} labelWidth={LABEL_WIDTH} />
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              <td>
                <MapRowView row={row} ctx={ctx} resize={noop} />
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td className="empty">{t("battleMap.empty")}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
});
