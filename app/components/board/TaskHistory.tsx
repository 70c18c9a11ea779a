// The card's change history, read from the audit trail: who changed which field, from what to what, and
// what happened around the task (values recorded, notices, 销号, comments) as sentences.
import { useBackgroundLoad } from "../../lib/use-background-load";
import type { TaskChange } from "../../models/task-history.server";
import type { TaskDecision } from "../../models/meetings.server";
import { TaskDecisionList } from "../governance/TaskDecisionList";
import { useFormat, useT } from "../../lib/viewer";

export function TaskHistory({ taskId, version, text }: { taskId: number; version: number; text: (field: string, v: unknown) => string }) {
  const t = useT();
  const fmt = useFormat();
  // Reload whenever the task changes (ours or someone else's edit arrived live).
  const load = useBackgroundLoad<{ history: TaskChange[]; decisions: TaskDecision[] }>(`/tasks/${taskId}/history`, version);
  const history = load.data?.history;
  const decisions = load.data?.decisions ?? [];
  return (
    <>
    <TaskDecisionList decisions={decisions} headingId="drawer-decisions-h" />
    <section aria-labelledby="history-h" style={{ marginTop: 16 }}>
      <h3 id="history-h">{t("board.history")}</h3>
      {!history ? (
        <p className="muted">{load.failed ? t("shell.loadFailed") : t("common.loading")}</p>
      ) : history.length === 0 ? (
        <p className="muted">{t("board.historyEmpty")}</p>
      ) : (
        <ul className="history" data-testid="task-history">
          {history.map((h) => (
            <li key={h.id}>
              <span className="muted">{fmt.dateTime(h.at)}</span>{" "}
              {h.entity !== "task" ? (
                // Its indicators, values, notices, 销号 and comments: one sentence each.
                h.sentence
              ) : (
                <>
                  <strong>{h.by ?? "—"}</strong>{" "}
                  {/* Writes of an approved change request are audited as task.change_* (changes.historyActions). */}
                  {t(`${h.action.startsWith("task.change_") ? "changes" : "board"}.historyActions.${h.action.replace(/^task\./, "")}` as never)}
                </>
              )}
              {h.fields.map((f) => (
                <span key={f.field}>
                  {" "}
                  {t("common.labelValue", { label: t(`fields.${f.field}` as never), value: `${text(f.field, f.from)} → ${text(f.field, f.to)}` })}
                  {t("common.itemSep")}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
    </>
  );
}
