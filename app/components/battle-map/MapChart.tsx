// The chart itself: sticky time header and lane column, virtualised 28 px rows (only what is on screen
// is in the DOM, so 5,000 tasks scroll smoothly), grid, today line, milestone diamonds, dependency
// arrows, and bars that move horizontally by pointer or keyboard (dnd-kit) to reschedule.
// Per scroll frame only the rows entering the window render (rows are memoised, the header and the grid
// too), and only the arrows crossing the window get their geometry.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
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
import type { NoticeRow } from "../../models/notices";
import {
  arrowPath,
  barGeometry,
  LABEL_WIDTH,
  PX_PER_DAY,
  ROW_HEIGHT,
  shiftDates,
  STEP_DAYS,
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
import { MapRowView, rowKey, useLookups, type RowContext } from "./TaskLine";
import { HEAD_HEIGHT, TimeGrid, TimeHead } from "./TimeHead";

type TaskRowOf = Extract<MapRow<MapTaskRow>, { kind: "task" }>;

export type Reschedule = (taskId: number, next: { startOn: string; dueOn: string }) => void;

const POINTER_OPTIONS = { activationConstraint: { distance: 4 } };
// A finger pans the chart; only a long press on a bar (still for half a second) picks it up to reschedule.
const TOUCH_OPTIONS = { activationConstraint: { delay: 500, tolerance: 6 } };
// In 调整日期 mode the bars do not pan (touch-action: none): a finger drags one at once, like the mouse.
const ADJUST_TOUCH_OPTIONS = { activationConstraint: { distance: 4 } };
const AUTO_SCROLL = { threshold: { x: 0.1, y: 0 } };


type Props = {
  rows: MapRow<MapTaskRow>[];
  range: TimeRange;
  zoom: Zoom;
  today: string;
  /** RAG of a row, computed on demand (and cached per row object). */
  rag: (r: MapTaskRow) => RagResult;
  /** Open 提示/督办 per task id, as this viewer may see them. */
  notices: Map<number, NoticeRow[]>;
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
  /** 调整日期 mode: a finger drags bars and their ends without a long press. */
  adjusting?: boolean;
  /** 可启动 tasks (压茬推进): their bars are marked and the links handing over to them drawn highlighted. */
  ready: Set<number>;
  /** Makes `from` a predecessor of `to` (a link drawn with the mouse), or null where links cannot be drawn. */
  link: ((from: number, to: number) => void) | null;
  /** Tasks at the far end of links out of the window (not loaded): a link to one ends in a stub naming it. */
  outside: Map<number, { code: string; title: string }>;
  /** A lane's 更多 link. */
  moreHref: (laneKey: string) => string;
};

/** A link being drawn: from the bar end's knob to the pointer, in the arrows layer's coordinates. */
type Drawing = { from: number; x0: number; y0: number; x: number; y: number };

export function MapChart(props: Props) {
  const { rows, range, zoom, today, rag, dependencies, highlightUnit } = props;
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const ppd = PX_PER_DAY[zoom];
  const width = timelineWidth(range, zoom);
  const total = rows.length * ROW_HEIGHT;
  const todayX = xOf(today, range, zoom);

  // The server renders the first screen with a small margin (less HTML, a shorter render, a quicker
  // hydration); once mounted, a wider margin keeps fast scrolling from showing blank rows.
  const [overscan, setOverscan] = useState(4);
  useEffect(() => setOverscan(12), []);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan,
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

  const lookups = useLookups(props.units, props.projects);

  // ------------------------------------------------------------------ drawing a link (mouse)
  // From a bar end's knob to another bar: a line follows the pointer; on release over a bar, that task
  // gets this one as its predecessor (the server decides: rights, cycles). Esc cancels.
  const arrowsRef = useRef<SVGSVGElement>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const linkRef = useRef(props.link);
  linkRef.current = props.link;
  const canLink = props.link != null;
  const startLink = useCallback((from: number, e: React.PointerEvent<HTMLElement>) => {
    const svg = arrowsRef.current;
    if (!svg || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const box = svg.getBoundingClientRect();
    const knob = e.currentTarget.getBoundingClientRect();
    const at = (ev: { clientX: number; clientY: number }) => ({ x: ev.clientX - box.left, y: ev.clientY - box.top });
    const start = { from, x0: knob.left + knob.width / 2 - box.left, y0: knob.top + knob.height / 2 - box.top };
    setDrawing({ ...start, ...at(e) });
    const move = (ev: PointerEvent) => setDrawing({ ...start, ...at(ev) });
    const stop = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("keydown", esc);
      setDrawing(null);
    };
    const up = (ev: PointerEvent) => {
      stop();
      const over = document.elementFromPoint(ev.clientX, ev.clientY)?.closest<HTMLElement>("[data-testid='bm-task']");
      const to = Number(over?.dataset.taskId);
      if (to && to !== from) linkRef.current?.(from, to);
    };
    const esc = (ev: KeyboardEvent) => ev.key === "Escape" && stop();
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("keydown", esc);
  }, []);

  // ------------------------------------------------------------------ dependency arrows (visible part only)
  const indexOf = useMemo(() => {
    const m = new Map<number, number>();
    rows.forEach((r, i) => r.kind === "task" && m.set(r.task.id, i));
    return m;
  }, [rows]);
  // A scroll frame draws the links with an end among the rendered rows (a line between two bars far off
  // screen is noise, and 3,000 of them crossing the window made every frame long). Links by task, once per
  // data change; each link's path is computed once, on first sight, until the rows or the scale change.
  const linksOf = useMemo(() => {
    const byTask = new Map<number, Dependency[]>();
    for (const d of dependencies) {
      for (const id of d.predecessorId === d.successorId ? [d.predecessorId] : [d.predecessorId, d.successorId]) {
        const list = byTask.get(id);
        if (list) list.push(d);
        else byTask.set(id, [d]);
      }
    }
    return byTask;
  }, [dependencies]);
  // A link with one end not drawn (outside the window, or filtered out) ends in a stub naming the other task.
  const { outside } = props;
  const farCode = useCallback(
    (id: number) => {
      const i = indexOf.get(id);
      return i == null ? (outside.get(id)?.code ?? t("battleMapWindow.unknownTask")) : null;
    },
    [indexOf, outside, t],
  );
  const farLinks = useCallback(
    (taskId: number) => {
      const before: string[] = [];
      const after: string[] = [];
      for (const d of linksOf.get(taskId) ?? []) {
        if (d.successorId === taskId && d.predecessorId !== taskId) {
          const code = farCode(d.predecessorId);
          if (code) before.push(code);
        } else if (d.predecessorId === taskId && d.successorId !== taskId) {
          const code = farCode(d.successorId);
          if (code) after.push(code);
        }
      }
      const parts = [
        before.length ? t("battleMapWindow.predecessorsElsewhere", { codes: before.join(t("common.listSep")) }) : "",
        after.length ? t("battleMapWindow.successorsElsewhere", { codes: after.join(t("common.listSep")) }) : "",
      ].filter(Boolean);
      return parts.length ? parts.join(t("common.clauseSep")) : undefined;
    },
    [farCode, linksOf, t],
  );
  const ctx: RowContext = useMemo(
    () => ({
      range,
      zoom,
      today,
      rag,
      notices: props.notices,
      lookups,
      highlightUnit,
      plan: props.plan,
      ready: props.ready,
      startLink: canLink ? startLink : null,
      moreHref: props.moreHref,
      farLinks,
    }),
    [range, zoom, today, rag, props.notices, lookups, highlightUnit, props.plan, props.ready, canLink, startLink, props.moreHref, farLinks],
  );
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a fresh cache whenever the rows or the scale change
  const paths = useMemo(() => new Map<string, string>(), [indexOf, rows, range, zoom]);
  const y = (k: number) => k * ROW_HEIGHT + ROW_HEIGHT / 2;
  const pathOf = (key: string, i: number, j: number) => {
    let d = paths.get(key);
    if (d == null) {
      const from = barGeometry((rows[i] as TaskRowOf).task, range, zoom);
      const to = barGeometry((rows[j] as TaskRowOf).task, range, zoom);
      paths.set(key, (d = arrowPath(from.x + from.width, y(i), to.x, y(j))));
    }
    return d;
  };
  const arrows: { key: string; critical: boolean; handover: boolean; d: string }[] = [];
  const stubs: { key: string; d: string; x: number; y: number; anchor: "start" | "end"; code: string }[] = [];
  const drawn = new Set<string>();
  for (let k = first; k <= last; k++) {
    const row = rows[k];
    if (row?.kind !== "task") continue;
    for (const d of linksOf.get(row.task.id) ?? []) {
      const key = `${d.predecessorId}-${d.successorId}`;
      const i = indexOf.get(d.predecessorId);
      const j = indexOf.get(d.successorId);
      if (drawn.has(key)) continue;
      if (i == null || j == null) {
        // Into this bar's start from the left, or out of its end and down: the other task's code at the tip.
        drawn.add(key);
        const bar = barGeometry(row.task, range, zoom);
        const code = farCode(i == null ? d.predecessorId : d.successorId)!;
        // One stub per side of a bar, naming every task at that end.
        const side = `${row.task.id}${i == null ? "<" : ">"}`;
        const same = stubs.find((x) => x.key === side);
        if (same) same.code += t("common.listSep") + code;
        else if (i == null) stubs.push({ key: side, d: `M${bar.x - 22},${y(k)} H${bar.x}`, x: bar.x - 24, y: y(k) + 4, anchor: "end", code });
        else stubs.push({ key: side, d: `M${bar.x + bar.width},${y(k)} v8 h16`, x: bar.x + bar.width + 18, y: y(k) + 12, anchor: "start", code });
        continue;
      }
      drawn.add(key);
      // 压茬推进: a link into a 可启动 task comes from a closed one: the hand-over, drawn highlighted.
      arrows.push({ key, critical: !!props.plan?.criticalLinks.has(key), handover: props.ready.has(d.successorId), d: pathOf(key, i, j) });
    }
  }

  // Resizing goes through the same reschedule (warnings, schema, socket); a stable callback keeps the
  // memoised rows from re-rendering on every parent render.
  const rescheduleRef = useRef(props.reschedule);
  rescheduleRef.current = props.reschedule;
  const resize = useCallback<Reschedule>((id, next) => rescheduleRef.current?.(id, next), []);

  // ------------------------------------------------------------------ rescheduling by drag / keyboard
  // The day offset is ours, not dnd-kit's delta: with the keyboard it is the count of ←/→ presses (the
  // sensor also scrolls the container, which dnd-kit would count as movement); with the pointer it is
  // the delta rounded to whole days. The bar is drawn at that offset, so what you see is what is sent.
  //
  // dnd-kit's sensors, options and accessibility texts are built ONCE (they read the zoom and the rows
  // through refs): new option objects on each render would give every draggable bar a new context, and
  // all the rows on screen would re-render on every scroll frame, memo or not.
  const [drag, setDrag] = useState<{ id: number; days: number } | null>(null);
  const dragRef = useRef<{ id: number; days: number; keyboard: boolean } | null>(null);
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  const moveTo = useCallback((days: number) => {
    const d = dragRef.current;
    if (!d || d.days === days) return;
    d.days = days;
    setDrag({ id: d.id, days });
  }, []);
  const keyboardOptions = useMemo(() => {
    const coordinateGetter: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
      const dir = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
      if (!dir || !dragRef.current) return undefined;
      const step = STEP_DAYS[zoomRef.current];
      moveTo(dragRef.current.days + dir * step);
      return { ...currentCoordinates, x: currentCoordinates.x + dir * step * PX_PER_DAY[zoomRef.current] };
    };
    return { coordinateGetter, scrollBehavior: "auto" as const, keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } };
  }, [moveTo]);
  const sensors = useSensors(useSensor(MouseSensor, POINTER_OPTIONS), useSensor(TouchSensor, props.adjusting ? ADJUST_TOUCH_OPTIONS : TOUCH_OPTIONS), useSensor(KeyboardSensor, keyboardOptions));
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
  // The drop's announcement is read after this handler ran (and after the optimistic row moved): it
  // says the dates computed here, at the drop.
  const endText = useRef<string | undefined>(undefined);
  const onDragEnd = ({ active }: DragEndEvent) => {
    const days = dragRef.current?.days ?? 0;
    const moved = datesAfter(active.id, days);
    endText.current = moved ? t("battleMap.moveEnd", { title: title(active.id), start: moved.startOn, due: moved.dueOn }) : undefined;
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
  const latest = useRef({ t, title });
  latest.current = { t, title };
  // dnd-kit's own announcements carry no delta, so the would-be dates are spoken from our state below.
  const moveHint = t("battleMap.moveHint");
  const accessibility = useMemo(() => {
    const announcements: Announcements = {
      onDragStart: ({ active }) => latest.current.t("battleMap.moveStart", { title: latest.current.title(active.id) }),
      onDragOver: () => undefined,
      onDragEnd: () => endText.current,
      onDragCancel: ({ active }) => latest.current.t("battleMap.moveCancel", { title: latest.current.title(active.id) }),
    };
    return { announcements, screenReaderInstructions: { draggable: moveHint } };
  }, [moveHint]);
  const dragging = drag && datesAfter(drag.id, drag.days);


  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={accessibility}
      autoScroll={AUTO_SCROLL}
    >
      <div className="visually-hidden" aria-live="assertive" data-testid="bm-live">
        {drag && drag.days !== 0 && dragging ? t("battleMap.moveOver", { title: title(drag.id), start: dragging.startOn, due: dragging.dueOn }) : ""}
      </div>
      <div className={`bm-scroll${props.adjusting ? " adjusting" : ""}`} ref={scrollRef} data-testid="battle-map" data-zoom={zoom} tabIndex={0} role="region" aria-label={t("shell.scrollRegion", { label: t("battleMap.title") })}>
        <div className="bm-canvas" style={{ width: LABEL_WIDTH + width, height: HEAD_HEIGHT + total }}>
          <TimeHead range={range} zoom={zoom} today={today} width={width} labelWidth={LABEL_WIDTH} />
          <div className="bm-body" style={{ height: total }}>
            <TimeGrid range={range} zoom={zoom} today={today} width={width} height={total} left={LABEL_WIDTH} />
            <svg ref={arrowsRef} className="bm-arrows" style={{ left: LABEL_WIDTH }} width={width} height={total} aria-hidden>
              <defs>
                <marker id="bm-arrowhead" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                  <path d="M0,0 L6,3 L0,6 z" />
                </marker>
                <marker id="bm-arrowhead-critical" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                  <path d="M0,0 L6,3 L0,6 z" className="critical" />
                </marker>
                <marker id="bm-arrowhead-handover" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                  <path d="M0,0 L6,3 L0,6 z" className="handover" />
                </marker>
              </defs>
              {arrows.map((a) => (
                <path
                  key={a.key}
                  d={a.d}
                  className={`bm-arrow${a.critical ? " critical" : ""}${a.handover ? " handover" : ""}`}
                  markerEnd={a.critical ? "url(#bm-arrowhead-critical)" : a.handover ? "url(#bm-arrowhead-handover)" : "url(#bm-arrowhead)"}
                  data-testid="bm-arrow"
                  data-link={a.key}
                  data-critical={a.critical || undefined}
                  data-handover={a.handover || undefined}
                />
              ))}
              {stubs.map((s) => (
                <g key={s.key} data-testid="bm-stub">
                  <path d={s.d} className="bm-arrow stub" markerEnd="url(#bm-arrowhead)" />
                  <text x={s.x} y={s.y} textAnchor={s.anchor} className="bm-stub-code">
                    {s.code}
                  </text>
                </g>
              ))}
              {drawing && <line className="bm-arrow drawing" x1={drawing.x0} y1={drawing.y0} x2={drawing.x} y2={drawing.y} markerEnd="url(#bm-arrowhead)" data-testid="bm-link-drawing" />}
            </svg>
            {items.map((item) => {
              const row = rows[item.index]!;
              const task = row.kind === "task" ? row.task : null;
              return (
                <MapRowView
                  key={rowKey(row)}
                  row={row}
                  ctx={ctx}
                  top={item.start - HEAD_HEIGHT}
                  movable={!!task && props.reschedule != null && props.canMove(task)}
                  dragDays={task && drag?.id === task.id ? drag.days : null}
                  resize={resize}
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
