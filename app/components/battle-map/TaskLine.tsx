// One task row: RAG mark (shape + colour), code and title in the sticky column; the planned bar with the
// actual progress inside and the task's open 提示/督办 marks at its end. Closed tasks are struck through,
// suspended ones greyed. Movable bars are dnd-kit draggables (pointer, or focus + Space + ←/→).
import { memo, useMemo, useState } from "react";
import { Link } from "@remix-run/react";
import { useDraggable } from "@dnd-kit/core";
import type { RagResult } from "../../models/rag";
import type { NoticeRow } from "../../models/notices";
import {
  barGeometry,
  LABEL_WIDTH,
  mapProgress,
  type MapPlan,
  type MapRow,
  PX_PER_DAY,
  resizeDates,
  shiftDates,
  STEP_DAYS,
  xOf,
  type MapTaskRow,
  type TaskPlan,
  type TimeRange,
  type Zoom,
} from "../../models/battle-map";
import type { Risk } from "../../models/schedule";
import { useT } from "../../lib/viewer";
import { RagMark } from "./RagMark";
import type { Reschedule } from "./MapChart";
import { BarHandle } from "./BarHandle";
import { NoticeMarks } from "../notices/NoticeMarks";
import { LaneHeader } from "./LaneHeader";

export type Lookups = { unit: (id: number) => string; project: (id: number) => string };

/** Unit short names and project codes by id, for the rows' tooltips and labels. */
export function useLookups(units: { id: number; shortName: string }[], projects: { id: number; code: string }[]): Lookups {
  return useMemo(() => {
    const u = new Map(units.map((x) => [x.id, x.shortName]));
    const p = new Map(projects.map((x) => [x.id, x.code]));
    return { unit: (id) => u.get(id) ?? "—", project: (id) => p.get(id) ?? "—" };
  }, [units, projects]);
}

/** Width taken by a task's notice marks after its bar (px), so the bar's text starts after them. */
const NOTICE_MARK_WIDTH = 20;

type Props = {
  task: MapTaskRow;
  /** Position in the virtualised list; undefined in the print view, where rows flow from page to page. */
  top?: number;
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
  resize: Reschedule;
  /** 倒排工期 for this task, when a milestone is being planned and the task feeds it. */
  plan: TaskPlan | null;
  /** The task's open 提示/督办 notices this viewer may see. */
  notices?: NoticeRow[];
  today: string;
  /** 压茬推进: every predecessor is closed and the task has not started (可启动). */
  ready?: boolean;
  /** Starts drawing a link from this bar's end (pointer): the chart follows the pointer and links on release. */
  startLink?: ((taskId: number, e: React.PointerEvent<HTMLElement>) => void) | null;
  /** Its links to tasks not drawn here, as a sentence (read with the bar; the stubs show them). */
  farLinks?: string;
};

type Edge = "start" | "end";

export const TaskLine = memo(function TaskLine(props: Props) {
  const { task, top, range, zoom, lookups, highlight, showUnit, movable, dragDays, plan, notices } = props;
  const progress = mapProgress(task);
  const t = useT();
  const [resizing, setResizing] = useState<{ edge: Edge; days: number } | null>(null);
  const resized = resizing ? resizeDates(task, resizing.edge, resizing.days) : null;
  const { x, width } = barGeometry(resized ?? task, range, zoom);
  const riskText = plan?.risk ? riskLabel(t, plan.risk) : null;
  // A task that can no longer make its milestone is red now, whatever its own due date says.
  const rag = riskText ? { rag: "red" as const, reason: { key: "battleMap.rag.onTrack" as const, params: {} } } : props.rag;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: task.id, disabled: !movable, attributes: { roleDescription: t("shell.mapBar") } });
  // Drawn at the chart's whole-day offset rather than dnd-kit's raw transform (see MapChart).
  const shift = (dragDays ?? 0) * PX_PER_DAY[zoom];
  const reason = riskText ?? t(rag.reason.key, rag.reason.params);
  const ragName = t(`battleMap.ragNames.${rag.rag}`);
  const label = t("battleMap.bar", {
    code: task.code,
    title: task.title,
    start: task.startOn,
    due: task.dueOn,
    progress,
    status: t(`statuses.${task.status}`),
    reason: t("common.labelValue", { label: ragName, value: reason }),
  }) + (props.farLinks ? ` ${props.farLinks}` : "") + (plan ? ` ${t("battleMap.plan.latest", { start: plan.latestStart, finish: plan.latestFinish, slack: plan.slack })}${plan.critical ? `${t("common.clauseSep")}${t("battleMap.plan.critical")}` : ""}` : "");
  const moved = dragDays != null ? shiftDates(task, dragDays) : resized;
  const handle = (edge: Edge) => {
    const days = resizing?.edge === edge ? resizing.days : 0;
    const date = (resized && resizing?.edge === edge ? resized : task)[edge === "start" ? "startOn" : "dueOn"];
    return (
      <BarHandle
        edge={edge}
        left={edge === "start" ? x : x + width}
        label={`${t(edge === "start" ? "battleMap.resizeStart" : "battleMap.resizeEnd", { title: task.title, date })}${t("common.sentenceSep")}${t("battleMap.resizeHint")}`}
        date={date}
        step={STEP_DAYS[zoom]}
        pxPerDay={PX_PER_DAY[zoom]}
        days={days}
        setDays={(d) => setResizing(d == null ? null : { edge, days: d })}
        commit={(d) => props.resize(task.id, resizeDates(task, edge, d))}
      />
    );
  };
  const cls = [
    "bm-row",
    "bm-taskrow",
    highlight && "mine",
    task.status === "closed" && "closed",
    task.status === "suspended" && "suspended",
    plan?.critical && "critical",
    riskText && "at-risk",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={cls}
      style={{ top }} data-testid="bm-task"
      data-task-id={task.id}
      data-rag={rag.rag}
      data-critical={plan?.critical || undefined}
      data-at-risk={riskText ? true : undefined}
    >
      <div className="bm-label" style={{ width: LABEL_WIDTH }} title={`${task.code} ${task.title}\n${lookups.unit(task.ownerUnitId)} · ${lookups.project(task.projectId)}\n${t("common.labelValue", { label: ragName, value: reason })}`}>
        <RagMark rag={rag.rag} label={t("common.labelValue", { label: ragName, value: reason })} />
        <span className="bm-code">{task.code}</span>
        {task.isKey && (
          <span className="bm-key" title={t("board.keyTask")} aria-label={t("board.keyTask")}>
            ★
          </span>
        )}
        {props.ready && (
          <span className="bm-ready" title={t("taskLinks.readyHint")} data-testid="bm-ready">
            {t("taskLinks.ready")}
          </span>
        )}
        <span className="bm-title">{task.title}</span>
      </div>
      <div className="bm-track">
        <div
          ref={setNodeRef}
          className={`bm-bar rag-${rag.rag}${isDragging ? " dragging" : ""}${movable ? " movable" : ""}${plan?.critical ? " critical" : ""}`}
          style={{ left: x, width, transform: shift ? `translateX(${shift}px)` : undefined }}
          title={label}
          data-testid="bm-bar"
          data-start={task.startOn}
          data-due={task.dueOn}
          {...(movable ? { ...attributes, ...listeners } : { role: "img", tabIndex: -1 })}
          aria-label={label}
        >
          <span className="bm-fill" style={{ width: `${progress}%` }} />
          {moved && (
            <span className="bm-drag-tip" role="presentation">
              {moved.startOn} → {moved.dueOn}
            </span>
          )}
        </div>
        {movable && dragDays == null && (
          <>
            {handle("start")}
            {handle("end")}
          </>
        )}
        {props.startLink && dragDays == null && !resizing && (
          // Mouse only (hidden on touch screens): the task dialog is the path for every pointer and keyboard.
          <span
            className="bm-link-knob"
            style={{ left: x + width + 6 }}
            title={t("taskLinks.linkHandle")}
            aria-hidden
            data-testid="bm-link-knob"
            onPointerDown={(e) => props.startLink?.(task.id, e)}
          />
        )}
        {plan && (
          <span
            className="bm-latest"
            style={{ left: xOf(plan.latestStart, range, zoom) }}
            title={t("battleMap.plan.latestStart", { date: plan.latestStart })}
            data-testid="bm-latest-start"
            data-date={plan.latestStart}
            aria-hidden
          />
        )}
        {notices?.length ? (
          <span className="bm-notices" style={{ left: x + width + 4 + shift }} data-testid="bm-notices">
            <NoticeMarks notices={notices} today={props.today} />
          </span>
        ) : null}
        <span className={`bm-bar-text${riskText ? " bad" : ""}`} style={{ left: x + width + 4 + shift + (notices?.length ?? 0) * NOTICE_MARK_WIDTH }} aria-hidden>
          {progress}%{showUnit ? ` · ${lookups.unit(task.ownerUnitId)}` : ""}
          {riskText ? ` · ${riskText}` : ""}
        </span>
      </div>
    </div>
  );
});

function riskLabel(t: ReturnType<typeof useT>, r: Risk): string {
  if (r.kind === "lateStart") return t("battleMap.plan.lateStart", { date: r.latestStart });
  if (r.kind === "pace") return t("battleMap.plan.pace", { projected: r.projected, latest: r.latestFinish });
  return t("battleMap.plan.overdue", { latest: r.latestFinish });
}

/** What every row of a chart (screen or print) shares. */
export type RowContext = {
  range: TimeRange;
  zoom: Zoom;
  today: string;
  rag: (r: MapTaskRow) => RagResult;
  notices: Map<number, NoticeRow[]>;
  lookups: Lookups;
  highlightUnit: number | null;
  plan: Extract<MapPlan, { ok: true }> | null;
  /** 可启动 tasks (压茬推进). */
  ready?: Set<number>;
  startLink?: Props["startLink"];
  /** The link of a lane's 更多 (none in the print view: it holds every row). */
  moreHref?: (laneKey: string) => string;
  /** Links of a task to tasks not drawn, as a sentence for screen readers (the stubs say it on screen). */
  farLinks?: (taskId: number) => string | undefined;
};

/** One row of the map, a lane header or a task, drawn the same on screen and on paper. */
export function MapRowView({
  row,
  ctx,
  top,
  movable = false,
  dragDays = null,
  resize,
}: {
  row: MapRow<MapTaskRow>;
  ctx: RowContext;
  top?: number;
  movable?: boolean;
  dragDays?: number | null;
  resize: Reschedule;
}) {
  if (row.kind === "lane") {
    return <LaneHeader row={row} top={top} range={ctx.range} zoom={ctx.zoom} highlight={row.unitId != null && row.unitId === ctx.highlightUnit} />;
  }
  if (row.kind === "more") return <MoreRow laneKey={row.laneKey} remaining={row.remaining} top={top} href={ctx.moreHref?.(row.laneKey)} />;
  const { task } = row;
  return (
    <TaskLine
      task={task}
      top={top}
      range={ctx.range}
      zoom={ctx.zoom}
      rag={ctx.rag(task)}
      notices={ctx.notices.get(task.id)}
      today={ctx.today}
      lookups={ctx.lookups}
      highlight={task.ownerUnitId === ctx.highlightUnit}
      showUnit={!row.laneKey.startsWith("u")}
      movable={movable}
      dragDays={dragDays}
      resize={resize}
      plan={ctx.plan?.byTask.get(task.id) ?? null}
      ready={ctx.ready?.has(task.id) ?? false}
      startLink={ctx.startLink}
      farLinks={ctx.farLinks?.(task.id)}
    />
  );
}

/** React key of a row: lanes and tasks never collide. */
export const rowKey = (row: MapRow<MapTaskRow>) => (row.kind === "lane" ? `l${row.key}` : row.kind === "more" ? `m${row.laneKey}` : row.task.id);

/** The end of a lane cut short by the window: a plain link (one page more of this lane), so it works without script. */
function MoreRow({ laneKey, remaining, top, href }: { laneKey: string; remaining: number; top?: number; href?: string }) {
  const t = useT();
  const text = t("battleMapWindow.more", { n: remaining });
  return (
    <div className="bm-row bm-more" style={{ top }} data-testid="bm-more" data-lane={laneKey}>
      <div className="bm-label" style={{ width: LABEL_WIDTH }}>
        {href ? (
          <Link to={href} replace preventScrollReset className="bm-more-link">
            {text}
          </Link>
        ) : (
          <span className="muted">{text}</span>
        )}
      </div>
    </div>
  );
}
