// Asks before a move that starts a task before its predecessor is due or ends it after a milestone it feeds.
import { useEffect, useRef } from "react";
import type { MapTaskRow } from "../../models/battle-map";
import type { RescheduleWarning } from "../../models/battle-map";
import { useT } from "../../lib/viewer";

export type PendingMove = { task: MapTaskRow; startOn: string; dueOn: string; warnings: RescheduleWarning[] };

export function RescheduleDialog({ move, confirm, cancel }: { move: PendingMove; confirm: () => void; cancel: () => void }) {
  const t = useT();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <>
      <div className="backdrop" style={{ zIndex: 50 }} onClick={cancel} />
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="bm-warn-title"
        data-testid="reschedule-dialog"
        onKeyDown={(e) => e.key === "Escape" && cancel()}
      >
        <h2 id="bm-warn-title">{t("battleMap.warnTitle")}</h2>
        <p>{t("battleMap.warnBody", { title: move.task.title, start: move.startOn, due: move.dueOn })}</p>
        <ul className="bm-warnings">
          {move.warnings.map((w, i) => (
            <li key={i}>
              {w.kind === "predecessor"
                ? t("battleMap.warnPredecessor", { code: w.code, name: w.title, due: w.dueOn })
                : t("battleMap.warnMilestone", { name: w.name, due: w.dueOn })}
            </li>
          ))}
        </ul>
        <div className="actions" style={{ display: "flex", gap: 8, justifyContent: "flex-end" }}>
          <button ref={cancelRef} type="button" className="btn secondary" onClick={cancel}>
            {t("battleMap.warnCancel")}
          </button>
          <button type="button" className="btn danger" onClick={confirm}>
            {t("battleMap.warnConfirm")}
          </button>
        </div>
      </div>
    </>
  );
}
