// The card drawer's list of a task's change requests (its 动态调整 history) and the "申请调整" entry,
// which opens the propose form prefilled with this task.
import { Link } from "@remix-run/react";
import { useBackgroundLoad } from "../../lib/use-background-load";
import type { ChangeView } from "../../models/change-requests";
import { useCan, useFormat, useT } from "../../lib/viewer";
import { useDiffText } from "./DiffTable";

type Props = { task: { id: number; version: number; ownerUnitId: number; projectId: number } };

export function TaskChangeRequests({ task }: Props) {
  const t = useT();
  const fmt = useFormat();
  const text = useDiffText();
  const { can } = useCan();
  // Reload when the task changes (an approved request has just been applied, live).
  const load = useBackgroundLoad<{ changes: ChangeView[] }>(`/changes/task/${task.id}`, task.version);
  const changes = load.data?.changes;
  return (
    <section aria-labelledby="task-changes-h" className="cr-task" data-testid="task-changes">
      <div className="cr-task-head">
        <h3 id="task-changes-h">{t("changes.taskRequests")}</h3>
        {can("propose", "change", { unitId: task.ownerUnitId, projectId: task.projectId }) && (
          <Link className="btn secondary small" to={`/changes?propose=adjust_task&task=${task.id}#propose`}>
            {t("changes.proposeForTask")}
          </Link>
        )}
      </div>
      {!changes ? (
        <p className="muted">{load.failed ? t("shell.loadFailed") : t("common.loading")}</p>
      ) : changes.length === 0 ? (
        <p className="muted">{t("changes.taskRequestsEmpty")}</p>
      ) : (
        <ul className="history">
          {changes.map((c) => (
            <li key={c.id}>
              <Link to={`/changes#change-${c.id}`}>
                #{c.id} {t(`changes.kinds.${c.kind}`)}
              </Link>{" "}
              <span className={`badge ${c.status === "approved" ? "ok" : c.status === "pending" ? "warn" : ""}`}>{t(`changes.statuses.${c.status}`)}</span>{" "}
              <span className="muted">{fmt.date(c.requestedAt)}</span>
              {c.diff
                .filter((d) => d.subject === `task:${task.id}`)
                .map((d) => (
                  <span key={d.field}>
                    {" "}
                    {text.field(d.subject, d.field)}：{text.value(d.subject, d.field, d.from)} → {text.value(d.subject, d.field, d.to)}；
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
