// Dragging cards between and within status columns (dnd-kit), by mouse, finger or keyboard, with screen-reader
// announcements. While a card is dragged the columns are a local copy; on drop the hook works out the
// card's new neighbours and a provisional order key, and hands the move to the board, which sends it.
import { useMemo, useRef, useState } from "react";
import {
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { generateKeyBetween } from "fractional-indexing";
import { TASK_STATUSES, type TaskStatus } from "../../models/domain";
import { moveRefusal, type TaskRow } from "../../models/task-rules";
import { useT } from "../../lib/viewer";

export type Columns = Record<TaskStatus, number[]>;

/** A drop: the card, its column, its new neighbours (as the server wants them) and a provisional key. */
export type Move = { row: TaskRow; to: TaskStatus; afterId: number | null; beforeId: number | undefined; position: string };

type Options = {
  columns: Columns;
  byId: Map<number, TaskRow>;
  onMove: (move: Move) => void;
  /** A drop the rules refuse before anything is sent (closing happens only through 销号). */
  onRefuse: (message: string) => void;
};

export function columnsOf(rows: TaskRow[]): Columns {
  const cols = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as number[]])) as Columns;
  for (const r of rows) cols[r.status].push(r.id);
  return cols;
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The columns of the shown cards, each column's list kept (same array) while its cards and their order are
 * unchanged: a new list is a new SortableContext for dnd-kit, which redraws every card of the column, so an
 * event or a socket catch-up that leaves a column as it was (the board's rows are a new array) redraws nothing.
 */
export function useColumns(rows: TaskRow[]): Columns {
  const previous = useRef<Columns | null>(null);
  return useMemo(() => {
    const next = columnsOf(rows);
    const before = previous.current;
    if (before) for (const s of TASK_STATUSES) if (sameIds(before[s], next[s])) next[s] = before[s];
    previous.current = next;
    return next;
  }, [rows]);
}

const containerOf = (cols: Columns, id: UniqueIdentifier): TaskStatus | null => {
  if (typeof id === "string" && id.startsWith("col:")) return id.slice(4) as TaskStatus;
  return TASK_STATUSES.find((s) => cols[s].includes(Number(id))) ?? null;
};

/**
 * ← and → carry the lifted card to the next column that takes it (its top), ↑ and ↓ move it within the
 * column (dnd-kit's sortable steps). dnd-kit's own ← → look for the nearest droppable by geometry and
 * land in the card's own column on the first press, so the first arrow seemed to do nothing.
 */
function columnKeys(current: () => { cols: Columns; from: TaskStatus } | null): KeyboardCoordinateGetter {
  return (event, args) => {
    const { active, droppableRects } = args.context;
    const step = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    const drag = current();
    if (!step || !active || !drag) return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const here = containerOf(drag.cols, active.id);
    if (!here) return undefined;
    for (let i = TASK_STATUSES.indexOf(here) + step; i >= 0 && i < TASK_STATUSES.length; i += step) {
      const to = TASK_STATUSES[i]!;
      if (moveRefusal(drag.from, to)) continue;
      const rect = droppableRects.get(`col:${to}`);
      return rect ? { x: rect.left, y: rect.top } : undefined;
    }
    return undefined;
  };
}

const MOUSE_OPTIONS = { activationConstraint: { distance: 6 } };
// A finger lifts a card only after resting on it briefly; a swipe before that scrolls as usual.
const TOUCH_OPTIONS = { activationConstraint: { delay: 220, tolerance: 8 } };

export function useBoardDrag({ columns, byId, onMove, onRefuse }: Options) {
  const t = useT();
  const [drag, setDrag] = useState<{ id: number; cols: Columns; from: TaskStatus } | null>(null);
  // The keyboard's coordinate getter is fixed when a card is lifted; it reads the drag as it is now.
  const dragRef = useRef(drag);
  dragRef.current = drag;
  // The sensors' options keep their identity across renders: new ones would give every card new listeners
  // (dnd-kit derives them from the sensors), so each render of the board (a viewer joining, the socket
  // connecting) redrew every card through dnd-kit's context.
  const [keyboardOptions] = useState(() => ({
    coordinateGetter: columnKeys(() => dragRef.current),
    keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
  }));
  const sensors = useSensors(
    useSensor(MouseSensor, MOUSE_OPTIONS),
    useSensor(TouchSensor, TOUCH_OPTIONS),
    useSensor(KeyboardSensor, keyboardOptions),
  );

  const onDragStart = ({ active }: DragStartEvent) => {
    const row = byId.get(Number(active.id));
    if (row) setDrag({ id: row.id, cols: structuredClone(columns), from: row.status });
  };
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!drag || !over) return;
    const from = containerOf(drag.cols, active.id);
    const to = containerOf(drag.cols, over.id);
    if (!from || !to || from === to || moveRefusal(drag.from, to)) return;
    const cols = structuredClone(drag.cols);
    cols[from] = cols[from].filter((x) => x !== drag.id);
    const overIndex = cols[to].indexOf(Number(over.id));
    cols[to].splice(overIndex < 0 ? cols[to].length : overIndex, 0, drag.id);
    setDrag({ ...drag, cols });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const current = drag;
    setDrag(null);
    const row = byId.get(Number(active.id));
    if (!current || !row || !over) return;
    const cols = structuredClone(current.cols);
    const to = containerOf(cols, over.id);
    if (!to) return;
    const list = cols[to];
    const oldIndex = list.indexOf(row.id);
    const overIndex = list.indexOf(Number(over.id));
    const finalList = overIndex >= 0 && oldIndex >= 0 ? arrayMove(list, oldIndex, overIndex) : list;
    const idx = finalList.indexOf(row.id);
    const afterId = idx > 0 ? finalList[idx - 1]! : null;
    const beforeId = idx >= 0 && idx < finalList.length - 1 ? finalList[idx + 1]! : undefined;
    const before = columns[row.status];
    const origIdx = before.indexOf(row.id);
    if (to === row.status && (origIdx > 0 ? before[origIdx - 1] : null) === afterId) return; // dropped where it was
    const refusal = moveRefusal(row.status, to);
    if (refusal) return onRefuse(t(`errors.${refusal}`));
    const pos = (id: number | null | undefined) => (id == null ? null : byId.get(id)?.position ?? null);
    let position = row.position;
    try {
      position = generateKeyBetween(pos(afterId), beforeId === undefined ? null : pos(beforeId));
    } catch {
      /* neighbours out of order locally: keep the old key until the server's answer arrives */
    }
    onMove({ row, to, afterId, beforeId, position });
  };

  const title = (id: UniqueIdentifier) => byId.get(Number(id))?.title ?? "";
  const place = (id: UniqueIdentifier, overId: UniqueIdentifier | undefined) => {
    const cols = drag?.cols ?? columns;
    const col = overId != null ? containerOf(cols, overId) : null;
    if (!col) return null;
    const i = cols[col].indexOf(Number(id));
    return { column: t(`statuses.${col}`), index: (i < 0 ? cols[col].length : i) + 1 };
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("board.dragStart", { title: title(active.id) }),
    onDragOver: ({ active, over }) => {
      // Lifting settles "over" on the card itself: that is no move, and the lift message must stay.
      if (over?.id === active.id && drag && containerOf(drag.cols, active.id) === drag.from) return undefined;
      const p = place(active.id, over?.id);
      return p ? t("board.dragOver", { title: title(active.id), ...p }) : undefined;
    },
    onDragEnd: ({ active, over }) => {
      const p = place(active.id, over?.id);
      return p ? t("board.dragEnd", { title: title(active.id), ...p }) : t("board.dragCancel", { title: title(active.id) });
    },
    onDragCancel: ({ active }) => t("board.dragCancel", { title: title(active.id) }),
  };

  return {
    sensors,
    announcements,
    /** The columns as drawn: the local copy while dragging. */
    shown: drag?.cols ?? columns,
    dragged: drag ? byId.get(drag.id) ?? null : null,
    /** Why the lifted card may not drop into this column (a process-owned status), or null. */
    refusalInto: (to: TaskStatus) => (drag ? moveRefusal(drag.from, to) : null),
    handlers: { onDragStart, onDragOver, onDragEnd, onDragCancel: () => setDrag(null) },
  };
}
