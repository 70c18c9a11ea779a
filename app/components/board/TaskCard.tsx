import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { memo, type KeyboardEvent } from "react";
import { isOverdue, daysOverdue, type TaskRow } from "../../models/task-rules";
import { isReady, type TaskLinksRow } from "../../models/task-dependencies";
import type { TaskStatus } from "../../models/domain";
import { useFormat, useT } from "../../lib/viewer";
import { MoveTo } from "./MoveTo";

export type CardLookups = {
  unitName: (id: number) => string;
  personName: (id: number | null) => string;
  today: string;
  /** Live indicator count of a task: its progress is then computed from them (考核指标). */
  indicatorCount?: (taskId: number) => number;
  /** A task's live predecessors (压茬推进: 可启动 once they are all closed). */
  links?: (taskId: number) => TaskLinksRow | undefined;
};

/**
 * `disabled`: the card cannot be lifted or moved; `dropDisabled`: nothing may be dropped onto it (its
 * column refuses); `onMoveTo`: the 移到… control under the card (the non-drag path for every move).
 */
type Props = {
  task: TaskRow;
  lookups: CardLookups;
  editingBy?: string;
  pending?: boolean;
  disabled?: boolean;
  dropDisabled?: boolean;
  onOpen: (id: number) => void;
  onMoveTo: (row: TaskRow, to: TaskStatus) => void;
};

// Memoized: a column re-rendered after measuring its cards, or a board re-rendered by one card's event,
// leaves the other cards alone (the board keeps their props' identities: rows, lookups, handlers).
export const TaskCard = memo(function TaskCard(props: Props) {
  const { task, disabled, dropDisabled } = props;
  const t = useT();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: task.id,
    data: { status: task.status },
    disabled: { draggable: !!disabled, droppable: !!dropDisabled },
    attributes: { roleDescription: t("shell.taskCard") },
  });
  // dnd-kit's contexts re-render every sortable when they change (droppables registered or measured, a
  // drag's state); only this slot follows them: the card inside is redrawn when its own props change.
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform), transition }} className={`card-slot${isDragging ? " dragging" : ""}`}>
      <CardFace {...props} attributes={attributes} listeners={listeners} handleRef={setActivatorNodeRef} isDragging={isDragging} />
    </div>
  );
});

type Sortable = ReturnType<typeof useSortable>;

const CardFace = memo(function CardFace({
  task,
  lookups,
  editingBy,
  pending,
  disabled,
  onOpen,
  onMoveTo,
  attributes,
  listeners,
  handleRef,
  isDragging,
}: Props & { attributes: Sortable["attributes"]; listeners: Sortable["listeners"]; handleRef: Sortable["setActivatorNodeRef"]; isDragging: boolean }) {
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // Enter opens the card; Space lifts it (dnd-kit keyboard sensor).
    if (e.key === "Enter" && !isDragging) {
      e.preventDefault();
      onOpen(task.id);
      return;
    }
    listeners?.onKeyDown?.(e);
  };
  // The card is the handle (pointer, finger after a short press, Space); the 移到… control sits under it,
  // outside the handle, so it is not a control nested in a control.
  return (
    <>
      <article
        ref={handleRef}
        className={`card${disabled ? "" : " has-move"}${pending ? " pending" : ""}${editingBy ? " editing-by-other" : ""}`}
        data-testid="task-card"
        data-task-id={task.id}
        data-status={task.status}
        {...attributes}
        // A card that cannot be dragged still opens its drawer: it is not a disabled button.
        aria-disabled={undefined}
        data-draggable={disabled ? "false" : "true"}
        {...listeners}
        onKeyDown={onKeyDown}
        onClick={() => onOpen(task.id)}
      >
        <CardBody task={task} lookups={lookups} editingBy={editingBy} />
      </article>
      {!disabled && <MoveTo task={task} onMove={onMoveTo} />}
    </>
  );
});

export function CardBody({ task, lookups, editingBy }: { task: TaskRow; lookups: CardLookups; editingBy?: string }) {
  const t = useT();
  const fmt = useFormat();
  const overdue = isOverdue(task, lookups.today);
  return (
    <>
      {editingBy && <span className="editing">{t("board.editing", { name: editingBy })}</span>}
      <div className="code">
        {task.code} {task.isKey && <span className="tag key">{t("board.keyTask")}</span>}
        {isReady(task, lookups.links?.(task.id)) && (
          <span className="badge ok card-ready" data-testid="card-ready" title={t("taskLinks.readyHint")}>
            {t("taskLinks.ready")}
          </span>
        )}
      </div>
      <div className="title">{task.title}</div>
      <div className="meta">
        <span>{lookups.unitName(task.ownerUnitId)}</span>
        <span>· {lookups.personName(task.ownerUserId)}</span>
        <span className={overdue ? "overdue" : ""}>
          {overdue ? t("board.overdueMark", { days: daysOverdue(task, lookups.today) }) : t("board.due", { date: fmt.date(task.dueOn) })}
        </span>
      </div>
      <div className="progress" aria-label={`${t("board.progress")} ${task.progress}%`}>
        <span style={{ width: `${task.progress}%` }} />
      </div>
      {lookups.indicatorCount?.(task.id) ? (
        <span className="card-cue" data-testid="progress-cue">
          {t("indicators.computedCue")} {task.progress}%
        </span>
      ) : null}
    </>
  );
}
