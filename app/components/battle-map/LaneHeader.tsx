// A lane's header row: its name and task count in the sticky column, its milestones as diamonds.
import { memo } from "react";
import type { MapRow, TimeRange, Zoom } from "../../models/battle-map";
import { LABEL_WIDTH, PX_PER_DAY, xOf } from "../../models/battle-map";
import { useT } from "../../lib/viewer";

type Lane = Extract<MapRow, { kind: "lane" }>;

/** `top` is the row's place in the virtualised list; undefined in the print view (rows flow). */
export const LaneHeader = memo(function LaneHeader({ row, top, range, zoom, highlight }: { row: Lane; top?: number; range: TimeRange; zoom: Zoom; highlight: boolean }) {
  const t = useT();
  return (
    <div className={`bm-row bm-lane${highlight ? " mine" : ""}`} style={{ top }} data-testid="bm-lane" data-lane={row.key}>
      <div className="bm-label" style={{ width: LABEL_WIDTH }} title={row.title}>
        <span className="bm-lane-name">{row.label}</span>
        <span className="bm-lane-count">{t("board.cardCount", { n: row.count })}</span>
      </div>
      <div className="bm-track">
        {row.milestones.map((m) => {
          const text = t("battleMap.milestone", {
            name: m.name,
            due: m.dueOn,
            status: t(`battleMap.milestoneStatus.${m.status as "pending"}` as const),
          });
          return (
            <span
              key={m.id}
              className={`bm-diamond ${m.status}`}
              style={{ left: xOf(m.dueOn, range, zoom) + PX_PER_DAY[zoom] / 2 }}
              title={text}
              aria-label={text}
              role="img"
              data-testid="milestone"
            >
              ◆<small>{m.name}</small>
            </span>
          );
        })}
      </div>
    </div>
  );
});
