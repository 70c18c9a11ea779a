// 移到…: the way to change a card's status without dragging (phones, switch users, anyone). Statuses a
// process owns stay listed, marked, and choosing one says which process leads there (same rule and
// message as a refused drop).
import { TASK_STATUSES, type TaskStatus } from "../../models/domain";
import { moveRefusal, type TaskRow } from "../../models/task-rules";
import { useT } from "../../lib/viewer";

export function MoveTo({ task, onMove, disabled }: { task: TaskRow; onMove: (row: TaskRow, to: TaskStatus) => void; disabled?: boolean }) {
  const t = useT();
  return (
    <div className="move-to">
      <select
        aria-label={t("shell.moveToLabel", { title: task.title })}
        value=""
        disabled={disabled}
        data-testid="move-to"
        onChange={(e) => {
          if (e.target.value) onMove(task, e.target.value as TaskStatus);
        }}
      >
        <option value="">{t("shell.moveTo")}</option>
        {TASK_STATUSES.filter((s) => s !== task.status).map((s) => (
          <option key={s} value={s}>
            {t(`statuses.${s}`)}
            {moveRefusal(task.status, s) ? t("shell.moveToHint") : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
