// One task row: RAG mark (shape + colour), code and title in the sticky column; the planned bar with the
// actual progress inside. Closed tasks are struck through, suspended ones greyed. Movable bars are
// dnd-kit draggables (pointer, or focus + Space + ←/→).
import { memo } from "react";
import { useDraggable } from "@dnd-kit/core";
import type { RagResult } from "../../models/rag";
import { barGeometry, PX_PER_DAY, shiftDates, type MapTaskRow, type TimeRange, type Zoom } from "../../models/battle-map";
import { useT } from "../../lib/viewer";
import { RagMark } from "./RagMark";
import { LABEL_WIDTH } from "./MapChart";

export type Lookups = { unit: (id: number) => string; project: (id: number) => string };

type Props = {
  task: MapTaskRow;
  top: number;
  range: TimeRange;
  zoom: Zoom;
  rag: RagResult;
  lookups: Lookups;
  highlight: boolean;
  /** Name the owner unit next to the bar (when the lanes are not already by unit). */
  showUnit: boolean;
  movable: boolean;
  /** Days the bar is being dragged by (to show the would-be dates), or null. */
  dragDays: number | null;
};

export const TaskLine = memo(function TaskLine({ task, top, range, zoom, rag, lookups, highlight, showUnit, movable, dragDays }: Props) {
  const t = useT();
  const { x, width } = barGeometry(task, range, zoom);
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: task.id, disabled: !movable });
  // Drawn at the chart's whole-day offset rather than dnd-kit's raw transform (see MapChart).
  const shift = (dragDays ?? 0) * PX_PER_DAY[zoom];
  const reason = t(rag.reason.key, rag.reason.params);
  const ragName = t(`battleMap.ragNames.${rag.rag}`);
  const label = t("battleMap.bar", {
    code: task.code,
    title: task.title,
    start: task.startOn,
    due: task.dueOn,
    progress: task.progress,
    status: t(`statuses.${task.status}`),
    reason: `${ragName}：${reason}`,
  });
  const moved = dragDays != null ? shiftDates(task, dragDays) : null;
  const cls = ["bm-row", "bm-taskrow", highlight && "mine", task.status === "closed" && "closed", task.status === "suspended" && "suspended"]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={cls} style={{ top }} data-testid="bm-task" data-task-id={task.id} data-rag={rag.rag}>
      <div className="bm-label" style={{ width: LABEL_WIDTH }} title={`${task.code} ${task.title}\n${lookups.unit(task.ownerUnitId)} · ${lookups.project(task.projectId)}\n${ragName}：${reason}`}>
        <RagMark rag={rag.rag} label={`${ragName}：${reason}`} />
        <span className="bm-code">{task.code}</span>
        {task.isKey && (
          <span className="bm-key" title={t("board.keyTask")} aria-label={t("board.keyTask")}>
            ★
          </span>
        )}
        <span className="bm-title">{task.title}</span>
      </div>
      <div className="bm-track">
        <div
          ref={setNodeRef}
          className={`bm-bar rag-${rag.rag}${isDragging ? " dragging" : ""}${movable ? " movable" : ""}`}
          style={{ left: x, width, transform: shift ? `translateX(${shift}px)` : undefined }}
          title={label}
          data-testid="bm-bar"
          data-start={task.startOn}
          data-due={task.dueOn}
          {...(movable ? { ...attributes, ...listeners } : { role: "img", tabIndex: -1 })}
          aria-label={label}
        >
          <span className="bm-fill" style={{ width: `${task.progress}%` }} />
          {moved && (
            <span className="bm-drag-tip" role="presentation">
              {moved.startOn} → {moved.dueOn}
            </span>
          )}
        </div>
        <span className="bm-bar-text" style={{ left: x + width + 4 + shift }} aria-hidden>
          {task.progress}%{showUnit ? ` · ${lookups.unit(task.ownerUnitId)}` : ""}
        </span>
      </div>
    </div>
  );
});
