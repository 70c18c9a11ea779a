// The battle map page: the window of rows the URL's filters select (each lane's first rows, 更多 for the
// rest), kept live from the consortium board (or an expert's snapshot), RAG per task, open 提示/督办 marks,
// 倒排工期 with saving a milestone's deadline, rescheduling through the same socket write path as the task
// board, and a print view (`?print=1`) of every filtered row.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "@remix-run/react";
import type { MapMilestone, MapTaskRow } from "../../models/battle-map";
import type { BattleMapData } from "../../models/battle-map.server";
import { fromPayload, type BattleMapPayload } from "../../models/battle-map-wire";
import { useRenderHandoff } from "../../lib/render-handoff";
import {
  buildRows,
  dateSpan,
  filtersToParams,
  inLaneWindow,
  isPrintView,
  LABEL_WIDTH,
  laneOf,
  matchesMapFilters,
  moreHref,
  mapPlan,
  mapProgress,
  openNoticesByTask,
  parseFilters,
  printLayout,
  PRINT_ROW_LIMIT,
  reschedulePatchSchema,
  rescheduleWarnings,
  timeRange,
  type LaneWindow,
  type MapFilters,
} from "../../models/battle-map";
import type { NoticeRow } from "../../models/notices";
import { ragOf, type RagResult } from "../../models/rag";
import { useBoard, type ConnState } from "../../realtime/use-board";
import { Msg, type BoardEvent, type Row } from "../../realtime/protocol";
import { useCan, useMessage, useT, useViewer } from "../../lib/viewer";
import { ConnectionBadge } from "../board/ConnectionBadge";
import { Toasts, useToasts } from "../ui/Toasts";
import { MapToolbar } from "./MapToolbar";
import { MapLegend } from "./MapLegend";
import { MapChart, type Reschedule } from "./MapChart";
import { PrintChart } from "./PrintChart";
import { RescheduleDialog, type PendingMove } from "./RescheduleDialog";
import { PlanningPanel, type Planning } from "./PlanningPanel";
import { edgesOf, linkRowsOf, readyIds, type TaskLinksRow } from "../../models/task-dependencies";
import type { Dependency } from "../../models/battle-map";
import { useLinkWrite } from "../tasks/use-link-write";

type Send = ReturnType<typeof useBoard<MapTaskRow>>["send"];
/** What changes while the page is open: rows from the board (or the snapshot), with their milestones and notices. */
type Live = {
  rows: MapTaskRow[];
  milestones: MapMilestone[];
  notices: NoticeRow[];
  dependencies: Dependency[];
  /** Each lane's count under the filters, kept by the live events (the snapshot's as loaded). */
  lanes: Record<string, LaneWindow>;
  conn?: ConnState;
  send?: Send;
};
type Props = { data: BattleMapData; today: string };

export function BattleMap({ data: payload, today }: { data: BattleMapPayload; today: string }) {
  const { battleMapRows } = useRenderHandoff();
  const data = useMemo(() => fromPayload(payload, battleMapRows), [payload, battleMapRows]);
  return data.boardId ? (
    <LiveMap data={data} boardId={data.boardId} today={today} />
  ) : (
    <MapView data={data} today={today} live={{ rows: data.tasks, milestones: data.milestones, notices: data.notices, dependencies: data.dependencies, lanes: data.lanes }} />
  );
}

const notArchived = (r: MapTaskRow) => !r.archivedAt;
const byDue = (a: MapMilestone, b: MapMilestone) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id - b.id);

function LiveMap({ data, boardId, today }: Props & { boardId: string }) {
  const t = useT();
  const viewer = useViewer();
  // Milestones, notices and links ride on the same board as the tasks: one snapshot, one seq, one catch-up.
  const extra = useMemo(() => ({ milestone: data.milestones, notice: data.notices, taskLinks: linkRowsOf(data.dependencies) }), [data]);
  const toasts = useToasts();
  const { push } = toasts;
  const onRemoteChange = useCallback(
    (ev: BoardEvent) => {
      const row = ev.payload.row as MapMilestone | undefined;
      if (ev.type === "milestone.upserted" && row && ev.payload.by && ev.payload.by.id !== viewer.id) {
        push(t("battleMapExtra.movedBy", { name: ev.payload.by.name, milestone: row.name, date: row.dueOn }));
      }
    },
    [viewer.id, push, t],
  );
  const inView = useLiveWindow(data, today);
  const board = useBoard<MapTaskRow>({ boardId, seq: data.seq, rows: data.tasks, entity: "task", belongs: inView.belongs, onApplied: inView.onApplied, extra, onRemoteChange });
  inView.held.current = board.rows;
  const milestoneTable = board.entities.milestone;
  const noticeTable = board.entities.notice;
  const milestones = useMemo(() => (Object.values(milestoneTable ?? {}) as MapMilestone[]).sort(byDue), [milestoneTable]);
  const notices = useMemo(() => Object.values(noticeTable ?? {}) as NoticeRow[], [noticeTable]);
  const linksTable = board.entities.taskLinks;
  const dependencies = useMemo(() => edgesOf(Object.values(linksTable ?? {}) as TaskLinksRow[]), [linksTable]);
  return (
    <MapView
      data={data}
      today={today}
      live={{ rows: board.rows, milestones, notices, dependencies, lanes: inView.lanes, conn: board.conn, send: board.send }}
      remoteToasts={toasts}
    />
  );
}

/** The row filter of a live event: the URL's filters with the map's RAG (today, the consortium's thresholds). */
function useMatches(settings: BattleMapData["settings"], today: string) {
  const [params] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  return useCallback(
    (r: MapTaskRow) => !r.archivedAt && matchesMapFilters(r, filters, (x) => ragOf(x, today, settings, mapProgress(x)).rag),
    [filters, today, settings],
  );
}

/**
 * What a live event does to the window: a task that matches the filters and lands within its lane's loaded
 * range enters (one already shown stays while it matches, wherever it moves: a bar dragged later does not
 * vanish); one that stops matching leaves. Each lane's count follows every event, loaded or not: an event
 * says where the task was (`was`: its status, unit, project and due date; the rest as it is now).
 */
function useLiveWindow(data: BattleMapData, today: string) {
  const matches = useMatches(data.settings, today);
  const [params] = useSearchParams();
  const { lanes: mode, plan } = parseFilters(params);
  const held = useRef<MapTaskRow[]>(data.tasks);
  const heldIds = useMemo(() => ({ rows: null as MapTaskRow[] | null, ids: new Set<number>() }), []);
  const isHeld = (id: number) => {
    if (heldIds.rows !== held.current) {
      heldIds.rows = held.current;
      heldIds.ids = new Set(held.current.map((r) => r.id));
    }
    return heldIds.ids.has(id);
  };
  const [lanes, setLanes] = useState(data.lanes);
  useEffect(() => setLanes(data.lanes), [data.lanes]);
  const lanesRef = useRef(lanes);
  lanesRef.current = lanes;
  const belongs = (r: MapTaskRow) =>
    isHeld(r.id) ? matches(r) : plan == null && matches(r) && inLaneWindow(r, lanesRef.current[laneOf(r, mode)]);
  const onApplied = (ev: BoardEvent, previous: Row | undefined) => {
    if (ev.payload.entity !== "task" || plan != null) return;
    const now = ev.type === "task.upserted" ? (ev.payload.row as MapTaskRow | undefined) : undefined;
    const was = (previous ?? ("was" in ev.payload && ev.payload.was && now ? { ...now, ...(ev.payload.was as object) } : undefined)) as MapTaskRow | undefined;
    const shift = (r: MapTaskRow | undefined, by: number, next: Record<string, LaneWindow>) => {
      if (!r || !matches(r)) return;
      const key = laneOf(r, mode);
      const lane = next[key] ?? { count: 0, last: null };
      next[key] = { ...lane, count: Math.max(0, lane.count + by) };
    };
    setLanes((l) => {
      const next = { ...l };
      shift(was, -1, next);
      shift(now, +1, next);
      return next;
    });
  };
  return { belongs, onApplied, lanes, held };
}

function MapView({ data, today, live, remoteToasts }: Props & { live: Live; remoteToasts?: ReturnType<typeof useToasts> }) {
  const t = useT();
  const viewer = useViewer();
  const { can, some } = useCan();
  const ownToasts = useToasts();
  const { toasts, push, dismiss } = remoteToasts ?? ownToasts;
  const { rows, conn, send, dependencies } = live;
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const print = isPrintView(params);
  const setFilters = useCallback(
    (patch: Partial<MapFilters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: true, preventScrollReset: true }),
    [filters, setParams],
  );

  // A deadline saved here wins over the board's copy until the board's event (same or newer version) arrives.
  const [saved, setSaved] = useState<Record<number, MapMilestone>>({});
  const allMilestones = useMemo(
    () => live.milestones.map((m) => (saved[m.id] && saved[m.id]!.version > m.version ? saved[m.id]! : m)).sort(byDue),
    [live.milestones, saved],
  );
  const onSaved = useCallback((m: MapMilestone) => setSaved((s) => ({ ...s, [m.id]: m })), []);

  const visibleRows = useMemo(() => rows.filter(notArchived), [rows]);
  // RAG on demand, once per row object: the server render and each scroll only colour the rows drawn
  // (a filter by RAG colours them all, once). A changed row is a new object, so it is recoloured.
  const rag = useMemo(() => {
    const cache = new WeakMap<MapTaskRow, RagResult>();
    return (r: MapTaskRow) => {
      let v = cache.get(r);
      if (!v) cache.set(r, (v = ragOf(r, today, data.settings, mapProgress(r))));
      return v;
    };
  }, [today, data.settings]);
  const notices = useMemo(() => openNoticesByTask(live.notices, data.seesAllNotices, viewer.unitId), [live.notices, data.seesAllNotices, viewer.unitId]);

  // 倒排工期: while a milestone is picked (in the URL: the server then sends its feeders and everything
  // upstream), the map shows only the tasks that feed it (and their predecessors).
  const [planOpen, setPlanOpen] = useState(filters.plan != null);
  const [deadline, setDeadline] = useState<string | null>(null);
  const planning: Planning | null = planOpen ? { milestoneId: filters.plan, deadline } : null;
  const setPlanning = useCallback(
    (p: Planning | null) => {
      setPlanOpen(p != null);
      setDeadline(p?.deadline ?? null);
      if ((p?.milestoneId ?? null) !== filters.plan) setFilters({ plan: p?.milestoneId ?? null });
    },
    [filters.plan, setFilters],
  );
  const planMilestone = planning && allMilestones.find((m) => m.id === planning.milestoneId);
  const plan = useMemo(
    () => (planMilestone ? mapPlan(visibleRows, dependencies, planMilestone, planning?.deadline ?? planMilestone.dueOn, today) : null),
    [visibleRows, dependencies, planMilestone, planning?.deadline, today],
  );
  const visible = useMemo(
    () => visibleRows.filter((r) => matchesMapFilters(r, filters, (x) => rag(x).rag) && (!plan?.ok || plan.byTask.has(r.id))),
    [visibleRows, filters, rag, plan],
  );
  const milestones = useMemo(
    () => allMilestones.filter((m) => filters.project == null || m.projectId === filters.project),
    [allMilestones, filters.project],
  );
  const mapRows = useMemo(
    () => buildRows(visible, milestones, filters.lanes, data, t("battleMap.allTasks"), planning?.milestoneId ? undefined : live.lanes),
    [visible, milestones, filters.lanes, data, t, planning?.milestoneId, live.lanes],
  );
  // The axis spans every task and milestone (the server's span of them all, and the rows as they move
  // live), not just the filtered ones, so it stays put while filtering.
  const dates = useMemo(() => [...data.span, ...dateSpan(visibleRows, allMilestones)], [data.span, visibleRows, allMilestones]);
  const range = useMemo(() => timeRange(dates, today, filters.zoom), [dates, today, filters.zoom]);
  const paper = useMemo(() => (print ? printLayout(dates, today, filters.zoom, LABEL_WIDTH) : null), [print, dates, today, filters.zoom]);
  const byId = useMemo(() => new Map(visibleRows.map((r) => [r.id, r])), [visibleRows]);
  // The far ends of links out of the window, by id: the stubs name them.
  const outside = useMemo(() => new Map(data.outside.map((o) => [o.id, o])), [data.outside]);
  const message = useMessage();

  const [pending, setPending] = useState<PendingMove | null>(null);
  // 调整日期: a finger drags bars (and their ends) at once; out of it a finger pans and only a long press lifts a bar.
  const [adjusting, setAdjusting] = useState(false);
  const mayReschedule = !!send && some("update", "task");
  const commit = async (move: PendingMove, undoable = true): Promise<void> => {
    setPending(null);
    if (!send) return;
    const { task, startOn, dueOn } = move;
    const reply = await send(Msg.taskUpdate, { id: task.id, version: task.version, patch: { startOn, dueOn } }, { ...task, startOn, dueOn });
    if (!reply.ok) return push(reply.code === "offline" ? t("conn.offlineRefused") : t("board.refused", { reason: reply.message }), "bad");
    if (!undoable) return push(t("battleMapExtra.undoneDates", { title: task.title, start: startOn, due: dueOn }));
    // 撤销: the old dates written back as an ordinary versioned update (refused if someone changed them since).
    push(t("shell.rescheduled", { title: task.title, start: startOn, due: dueOn }), "info", {
      label: t("shell.undo"),
      run: () => void commit({ task: reply.row, startOn: task.startOn, dueOn: task.dueOn, warnings: [] }, false),
    });
  };
  const reschedule: Reschedule | null = send
    ? (taskId, next) => {
        const task = byId.get(taskId);
        if (!task || (task.startOn === next.startOn && task.dueOn === next.dueOn)) return;
        if (conn !== "online") return push(t("conn.offlineRefused"), "bad");
        // The server's own rule, checked first: a bar end dragged past the other one is refused here.
        const checked = reschedulePatchSchema.safeParse(next);
        if (!checked.success) return push(message(checked.error.issues[0]?.message), "bad");
        const warnings = rescheduleWarnings(taskId, next, byId, dependencies, allMilestones);
        const move = { task, ...next, warnings };
        if (warnings.length) setPending(move);
        else void commit(move);
      }
    : null;
  const canMove = useCallback(
    (r: MapTaskRow) => !!send && r.status !== "closed" && can("update", "task", { unitId: r.ownerUnitId, projectId: r.projectId }),
    [send, can],
  );
  // 压茬推进: 可启动 tasks, from the live links and the live statuses.
  const ready = useMemo(() => readyIds([...data.outside, ...visibleRows], dependencies), [data.outside, visibleRows, dependencies]);
  // A link drawn on the map: the same write as the task dialog's; a refusal (a cycle …) comes back as a toast.
  const writeLink = useLinkWrite();
  const link =
    send && some("update", "task")
      ? (from: number, to: number) => {
          const [a, b] = [byId.get(from), byId.get(to)];
          if (!a || !b) return;
          if (conn !== "online") return push(t("conn.offlineRefused"), "bad");
          void writeLink({ intent: "add", taskId: b.id, version: b.version, predecessorId: a.id }).then((r) =>
            r.ok ? push(t("taskLinks.linkedOnMap", { from: `${a.code} ${a.title}`, to: `${b.code} ${b.title}` })) : push(t("board.refused", { reason: r.message }), "bad"),
          );
        }
      : null;
  // The print view takes every row the filters select: no 更多, no 倒排工期.
  const exportQuery = filtersToParams({ ...filters, more: {}, plan: null }).toString();
  // What the screen chart and the print view both draw.
  const chart = {
    rows: mapRows,
    today,
    rag,
    notices,
    units: data.units,
    projects: data.projects,
    highlightUnit: filters.mine ? viewer.unitId : null,
    plan: plan?.ok ? plan : null,
    moreHref: (laneKey: string) => moreHref(filters, laneKey),
  };
  const exportHref = (format: "pdf" | "png") => `/battle-map.${format}${exportQuery ? `?${exportQuery}` : ""}`;

  return (
    <div className={`bm-page${print ? " bm-printing" : ""}`}>
      <div className="page-head bm-head-row">
        <div>
          <h1>{t("battleMap.title")}</h1>
          <p className="muted bm-sub">
            {print
              ? data.matching > data.tasks.length
                ? t("battleMapExtra.printedCut", { date: today, n: data.matching, limit: PRINT_ROW_LIMIT })
                : t("battleMapExtra.printedAt", { date: today, n: visible.length })
              : data.boardId
                ? t("battleMap.subtitle")
                : t("battleMap.snapshot")}
          </p>
        </div>
        {!print && (
          <div className="bm-head-actions">
            <span className="bm-export" role="group" aria-label={t("battleMapExtra.printTitle")}>
              <a className="btn secondary small" href={exportHref("pdf")} download data-testid="bm-print-pdf" title={t("battleMapExtra.printTitle")}>
                {t("battleMapExtra.printPdf")}
              </a>
              <a className="btn secondary small" href={exportHref("png")} download data-testid="bm-print-png" title={t("battleMapExtra.printTitle")}>
                {t("battleMapExtra.printPng")}
              </a>
            </span>
            <button type="button" className="btn secondary small" aria-pressed={planning != null} onClick={() => setPlanning(planning ? null : { milestoneId: null, deadline: null })}>
              {t("battleMap.plan.toggle")}
            </button>
            {conn && <ConnectionBadge state={conn} />}
          </div>
        )}
      </div>
      {!print && (
        <MapToolbar
          data={data}
          filters={filters}
          setFilters={setFilters}
          shown={planning?.milestoneId ? visible.length : Math.max(visible.length, Object.values(live.lanes).reduce((n, l) => n + l.count, 0))}
          total={data.total}
          hasUnit={viewer.unitId != null}
          adjust={mayReschedule ? { on: adjusting, toggle: () => setAdjusting((a) => !a) } : undefined}
        />
      )}
      {adjusting && mayReschedule && !print && (
        <p className="bm-adjust-hint" role="status" data-testid="bm-adjust-hint">
          {t("battleMapExtra.adjustOn")}
        </p>
      )}
      {planning && !print && (
        <PlanningPanel
          milestones={milestones}
          projects={data.projects}
          planning={planning}
          setPlanning={setPlanning}
          plan={plan}
          codeOf={(id) => byId.get(id)?.code}
          onSaved={onSaved}
        />
      )}
      {paper ? (
        <PrintChart {...chart} range={paper.range} zoom={paper.zoom} scale={paper.scale} requestedZoom={filters.zoom} />
      ) : (
        <MapChart
          {...chart}
          range={range}
          zoom={filters.zoom}
          dependencies={dependencies}
          outside={outside}
          ready={ready}
          link={link}
          viewKey={filtersToParams({ ...filters, zoom: "month", mine: false, more: {} }).toString()}
          canMove={canMove}
          reschedule={reschedule}
          adjusting={adjusting && mayReschedule}
        />
      )}
      <MapLegend />
      {pending && <RescheduleDialog move={pending} confirm={() => void commit(pending)} cancel={() => setPending(null)} />}
      <Toasts toasts={toasts} dismiss={dismiss} closeLabel={t("common.close")} />
    </div>
  );
}
