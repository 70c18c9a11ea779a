// The chart itself: sticky time header and lane column, virtualised 28 px rows (only what is on screen
// is in the DOM, so 5,000 tasks scroll smoothly), grid, today line, milestone diamonds, dependency
// arrows, and bars that move horizontally by pointer or keyboard (dnd-kit) to reschedule.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { RagResult } from "../../models/rag";
import {
  arrowPath,
  barGeometry,
  PX_PER_DAY,
  ROW_HEIGHT,
  shiftDates,
  STEP_DAYS,
  ticks,
  timelineWidth,
  xOf,
  type Dependency,
  type MapPlan,
  type MapTaskRow,
  type MapRow,
  type TimeRange,
  type Zoom,
} from "../../models/battle-map";
import { useT } from "../../lib/viewer";
import { TaskLine, type Lookups } from "./TaskLine";
import { LaneHeader } from "./LaneHeader";

type TaskRowOf = Extract<MapRow<MapTaskRow>, { kind: "task" }>;

export type Reschedule = (taskId: number, next: { startOn: string; dueOn: string }) => void;

export const LABEL_WIDTH = 264;
const HEAD_HEIGHT = 48;

type Props = {
  rows: MapRow<MapTaskRow>[];
  range: TimeRange;
  zoom: Zoom;
  today: string;
  rag: Map<number, RagResult>;
  dependencies: Dependency[];
  units: { id: number; shortName: string }[];
  projects: { id: number; code: string; name: string; leadUnitId: number }[];
  highlightUnit: number | null;
  /** Changes when the filters or lanes change: the list then starts again from the top. */
  viewKey: string;
  canMove: (r: MapTaskRow) => boolean;
  reschedule: Reschedule | null;
  /** 倒排工期 result: latest-start markers, critical path, tasks that cannot make it. */
  plan: Extract<MapPlan, { ok: true }> | null;
};

export function MapChart(props: Props) {
  const { rows, range, zoom, today, rag, dependencies, highlightUnit } = props;
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const ppd = PX_PER_DAY[zoom];
  const width = timelineWidth(range, zoom);
  const total = rows.length * ROW_HEIGHT;
  const todayX = xOf(today, range, zoom);

  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEAD_HEIGHT,
    // Server render: the first screen of rows is in the HTML before hydration.
    initialRect: { width: 1400, height: 720 },
  });
  const items = virt.getVirtualItems();

  // Open on today (and again after a zoom change), a third from the left edge.
  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollLeft = Math.max(0, todayX - (el.clientWidth - LABEL_WIDTH) / 3);
  }, [todayX]);

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [props.viewKey]);

  const lookups: Lookups = useMemo(() => {
    const units = new Map(props.units.map((u) => [u.id, u.shortName]));
    const projects = new Map(props.projects.map((p) => [p.id, p.code]));
    return { unit: (id) => units.get(id) ?? "—", project: (id) => projects.get(id) ?? "—" };
  }, [props.units, props.projects]);

  // ------------------------------------------------------------------ dependency arrows (visible part only)
  const indexOf = useMemo(() => {
    const m = new Map<number, number>();
    rows.forEach((r, i) => r.kind === "task" && m.set(r.task.id, i));
    return m;
  }, [rows]);
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  // Links with both ends shown, with their bars' geometry, computed once per data/zoom change; each
  // scroll frame then only picks the ones crossing the visible rows.
  const links = useMemo(
    () =>
      dependencies.flatMap((d) => {
        const i = indexOf.get(d.predecessorId);
        const j = indexOf.get(d.successorId);
        if (i == null || j == null) return [];
        const from = barGeometry((rows[i] as TaskRowOf).task, range, zoom);
        const to = barGeometry((rows[j] as TaskRowOf).task, range, zoom);
        const key = `${d.predecessorId}-${d.successorId}`;
        return [{ key, i, j, x1: from.x + from.width, x2: to.x, critical: !!props.plan?.criticalLinks.has(key) }];
      }),
    [dependencies, indexOf, rows, range, zoom, props.plan],
  );
  const y = (k: number) => k * ROW_HEIGHT + ROW_HEIGHT / 2;
  const arrows = links
    .filter((l) => Math.max(l.i, l.j) >= first && Math.min(l.i, l.j) <= last)
    .map((l) => ({ key: l.key, critical: l.critical, d: arrowPath(l.x1, y(l.i), l.x2, y(l.j)) }));

  // Resizing goes through the same reschedule (warnings, schema, socket); a stable callback keeps the
  // memoised rows from re-rendering on every parent render.
  const rescheduleRef = useRef(props.reschedule);
  rescheduleRef.current = props.reschedule;
  const resize = useCallback<Reschedule>((id, next) => rescheduleRef.current?.(id, next), []);

  // ------------------------------------------------------------------ rescheduling by drag / keyboard
  // The day offset is ours, not dnd-kit's delta: with the keyboard it is the count of ←/→ presses (the
  // sensor also scrolls the container, which dnd-kit would count as movement); with the pointer it is
  // the delta rounded to whole days. The bar is drawn at that offset, so what you see is what is sent.
  const [drag, setDrag] = useState<{ id: number; days: number } | null>(null);
  const dragRef = useRef<{ id: number; days: number; keyboard: boolean } | null>(null);
  const moveTo = (days: number) => {
    const d = dragRef.current;
    if (!d || d.days === days) return;
    d.days = days;
    setDrag({ id: d.id, days });
  };
  const keyboardStep: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
    const dir = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    if (!dir || !dragRef.current) return undefined;
    moveTo(dragRef.current.days + dir * STEP_DAYS[zoom]);
    return { ...currentCoordinates, x: currentCoordinates.x + dir * STEP_DAYS[zoom] * ppd };
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardStep, scrollBehavior: "auto", keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } }),
  );
  const taskOf = (id: unknown) => {
    const i = indexOf.get(Number(id));
    const r = i == null ? null : rows[i];
    return r?.kind === "task" ? r.task : null;
  };
  const datesAfter = (id: unknown, days: number) => {
    const task = taskOf(id);
    return task ? shiftDates(task, days) : null;
  };
  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    dragRef.current = { id: Number(active.id), days: 0, keyboard: activatorEvent instanceof KeyboardEvent };
    setDrag({ id: Number(active.id), days: 0 });
  };
  const onDragMove = ({ delta }: DragMoveEvent) => {
    if (dragRef.current && !dragRef.current.keyboard) moveTo(Math.round(delta.x / ppd));
  };
  const onDragEnd = ({ active }: DragEndEvent) => {
    const days = dragRef.current?.days ?? 0;
    dragRef.current = null;
    setDrag(null);
    const next = datesAfter(active.id, days);
    if (days !== 0 && next) props.reschedule?.(Number(active.id), next);
  };
  const onDragCancel = () => {
    dragRef.current = null;
    setDrag(null);
  };
  const title = (id: unknown) => taskOf(id)?.title ?? "";
  // dnd-kit's own announcements carry no delta, so the would-be dates are spoken from our state below.
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("battleMap.moveStart", { title: title(active.id) }),
    onDragOver: () => undefined,
    onDragEnd: ({ active }) => {
      const n = datesAfter(active.id, dragRef.current?.days ?? 0);
      return n ? t("battleMap.moveEnd", { title: title(active.id), start: n.startOn, due: n.dueOn }) : undefined;
    },
    onDragCancel: ({ active }) => t("battleMap.moveCancel", { title: title(active.id) }),
  };
  const dragging = drag && datesAfter(drag.id, drag.days);

  const { major, minor, majorUnit } = useMemo(() => ticks(range, zoom), [range, zoom]);
  const minorLabel = (k: (typeof minor)[number]) =>
    zoom === "month"
      ? t("battleMap.tick.month", { m: k.month })
      : zoom === "quarter"
        ? t("battleMap.tick.quarterShort", { q: k.quarter })
        : t("battleMap.tick.week", { m: k.month, d: k.day });
  const majorLabel = (k: (typeof major)[number]) =>
    majorUnit === "year" ? t("battleMap.tick.year", { y: k.year }) : t("battleMap.tick.monthLong", { y: k.year, m: k.month });

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t("battleMap.moveHint") } }}
      autoScroll={{ threshold: { x: 0.1, y: 0 } }}
    >
      <div className="visually-hidden" aria-live="assertive" data-testid="bm-live">
        {drag && drag.days !== 0 && dragging ? t("battleMap.moveOver", { title: title(drag.id), start: dragging.startOn, due: dragging.dueOn }) : ""}
      </div>
      <div className="bm-scroll" ref={scrollRef} data-testid="battle-map" data-zoom={zoom}>
        <div className="bm-canvas" style={{ width: LABEL_WIDTH + width, height: HEAD_HEIGHT + total }}>
          <div className="bm-timehead" style={{ width: LABEL_WIDTH + width, height: HEAD_HEIGHT }}>
            <div className="bm-corner" style={{ width: LABEL_WIDTH }}>
              {t("battleMap.header")}
            </div>
            <div className="bm-ticks" style={{ width }}>
              {major.map((k) => (
                <div key={`M${k.start}`} className="bm-tick major" style={{ left: k.x, width: k.width }}>
                  <span>{majorLabel(k)}</span>
                </div>
              ))}
              {minor.map((k, i) => (
                <div
                  key={`m${k.start}`}
                  className={`bm-tick minor${k.start <= today && today < (minor[i + 1]?.start ?? range.end) ? " now" : ""}`}
                  style={{ left: k.x, width: k.width }}
                  data-testid="bm-tick"
                >
                  {minorLabel(k)}
                </div>
              ))}
              <div className="bm-today-flag" style={{ left: todayX }}>
                {t("battleMap.today")}
              </div>
            </div>
          </div>
          <div className="bm-body" style={{ height: total }}>
            <div className="bm-grid" style={{ left: LABEL_WIDTH, width, height: total }} aria-hidden>
              {minor.map((k) => (
                <i key={k.start} style={{ left: k.x }} className={major.some((m) => m.x === k.x) ? "strong" : undefined} />
              ))}
              <b className="bm-today" style={{ left: todayX + ppd / 2 }} data-testid="bm-today" />
            </div>
            <svg className="bm-arrows" style={{ left: LABEL_WIDTH }} width={width} height={total} aria-hidden>
              <defs>
                <marker id="bm-arrowhead" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                  <path d="M0,0 L6,3 L0,6 z" />
                </marker>
                <marker id="bm-arrowhead-critical" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                  <path d="M0,0 L6,3 L0,6 z" className="critical" />
                </marker>
              </defs>
              {arrows.map((a) => (
                <path
                  key={a.key}
                  d={a.d}
                  className={a.critical ? "bm-arrow critical" : "bm-arrow"}
                  markerEnd={a.critical ? "url(#bm-arrowhead-critical)" : "url(#bm-arrowhead)"}
                  data-testid="bm-arrow"
                  data-critical={a.critical || undefined}
                />
              ))}
            </svg>
            {items.map((item) => {
              const row = rows[item.index]!;
              const top = item.start - HEAD_HEIGHT;
              return row.kind === "lane" ? (
                <LaneHeader key={`l${row.key}`} row={row} top={top} range={range} zoom={zoom} highlight={row.unitId != null && row.unitId === highlightUnit} />
              ) : (
                <TaskLine
                  key={row.task.id}
                  task={row.task}
                  top={top}
                  range={range}
                  zoom={zoom}
                  rag={rag.get(row.task.id)!}
                  lookups={lookups}
                  highlight={row.task.ownerUnitId === highlightUnit}
                  showUnit={!row.laneKey.startsWith("u")}
                  movable={props.reschedule != null && props.canMove(row.task)}
                  dragDays={drag?.id === row.task.id ? drag.days : null}
                  resize={resize}
                  plan={props.plan?.byTask.get(row.task.id) ?? null}
                />
              );
            })}
            {rows.length === 0 && (
              <div className="empty bm-empty" style={{ left: 0, width: LABEL_WIDTH + width }}>
                {t("battleMap.empty")}
              </div>
            )}
          </div>
        </div>
      </div>
    </DndContext>
  );
}
