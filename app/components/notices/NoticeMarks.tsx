// Open notices on a battle-map row, as small marks next to a task bar.
// Props:
//   notices — the task's not-closed notices the viewer may see (`openNoticesByTask` in
//             app/models/battle-map.ts, kept fresh by the consortium board's "notice.upserted" events);
//   today   — ISO date, to flag notices past their respond-by date.
// Renders nothing when there are none. Text cue (提/督) as well as colour, for colour-blind users.
import type { NoticeRow } from "../../models/notices";
import { isOverdueNotice } from "../../models/notices";
import { useFormat, useT } from "../../lib/viewer";

export type NoticeMarksProps = { notices: NoticeRow[] | undefined; today: string };

export function NoticeMarks({ notices, today }: NoticeMarksProps) {
  const t = useT();
  const fmt = useFormat();
  const open = (notices ?? []).filter((n) => n.status !== "closed");
  if (open.length === 0) return null;
  return (
    <span className="notice-marks">
      {open.map((n) => {
        const text = t("notices.onMap", { kind: t(`notices.kinds.${n.kind}`), body: n.body, status: t(`notices.statuses.${n.status}`), respondBy: fmt.date(n.respondBy) });
        return (
          <a
            key={n.id}
            href="/notices"
            className={`notice-mark ${n.kind} ${n.status}${isOverdueNotice(n, today) ? " overdue" : ""}`}
            title={text}
            aria-label={text}
          >
            {t(`notices.kinds.${n.kind}`).slice(0, 1)}
          </a>
        );
      })}
    </span>
  );
}
