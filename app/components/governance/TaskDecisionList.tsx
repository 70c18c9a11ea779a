// 会议决定 about one task: each decision with its meeting's date and a link to the meeting. Shown in the
// task dialog (above its history) and on the task page.
import { Link } from "@remix-run/react";
import type { TaskDecision } from "../../models/meetings.server";
import { useT } from "../../lib/viewer";

export function TaskDecisionList({ decisions, headingId }: { decisions: TaskDecision[]; headingId: string }) {
  const t = useT();
  if (decisions.length === 0) return null;
  return (
    <section aria-labelledby={headingId} style={{ marginTop: 16 }}>
      <h3 id={headingId}>{t("governance.meetingDecisions")}</h3>
      <ul className="history" data-testid="task-decisions">
        {decisions.map((d) => (
          <li key={d.id}>
            <span className="muted nowrap">{d.heldOn}</span> <Link to={`/meetings/${d.meetingId}`}>{d.meetingTitle}</Link>
            {t("common.itemSep")}
            {d.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
