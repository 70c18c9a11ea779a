// The battle map page: live rows from the consortium board (or an expert's snapshot), filters kept in
// the URL, RAG per task, and rescheduling through the same socket write path as the task board.
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "@remix-run/react";
import type { MapTaskRow } from "../../models/battle-map";
import type { BattleMapData, BattleMapPayload } from "../../models/battle-map.server";
import {
  buildRows,
  filterTasks,
  filtersToParams,
  mapPlan,
  parseFilters,
  reschedulePatchSchema,
  rescheduleWarnings,
  timeRange,
  type MapFilters,
} from "../../models/battle-map";
import { ragOf, type RagResult } from "../../models/rag";
import { useBoard, type ConnState } from "../../realtime/use-board";
import type { Ack } from "../../realtime/socket.client";
import { useCan, useMessage, useT, useViewer } from "../../lib/viewer";
import { ConnectionBadge } from "../board/ConnectionBadge";
import { Toasts, useToasts } from "../ui/Toasts";
import { MapToolbar } from "./MapToolbar";
import { MapLegend } from "./MapLegend";
import { MapChart, type Reschedule } from "./MapChart";
import { RescheduleDialog, type PendingMove } from "./RescheduleDialog";
import { PlanningPanel, type Planning } from "./PlanningPanel";

type Props = { data: BattleMapData; today: string };
type Send = (event: string, payload: unknown, optimisticRow?: MapTaskRow) => Promise<Ack>;

export function BattleMap({ data: payload, today }: { data: BattleMapPayload; today: string }) {
  const data = useMemo<BattleMapData>(() => {
    const { tasksJson, ...rest } = payload;
    return { ...rest, tasks: JSON.parse(tasksJson) as MapTaskRow[] };
  }, [payload]);
  return data.boardId ? <LiveMap data={data} boardId={data.boardId} today={today} /> : <MapView data={data} rows={data.tasks} today={today} />;
}

const notArchived = (r: MapTaskRow) => !r.archivedAt;

function LiveMap({ data, boardId, today }: Props & { boardId: string }) {
  const board = useBoard<MapTaskRow>({ boardId, seq: data.seq, rows: data.tasks, entity: "task", belongs: notArchived });
  return <MapView data={data} rows={board.rows} today={today} conn={board.conn} send={board.send as Send} />;
}

function MapView({ data, rows, today, conn, send }: Props & { rows: MapTaskRow[]; conn?: ConnState; send?: Send }) {
  const t = useT();
  const viewer = useViewer();
  const { can } = useCan();
  const { toasts, push, dismiss } = useToasts();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const setFilters = useCallback(
    (patch: Partial<MapFilters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: true, preventScrollReset: true }),
    [filters, setParams],
  );

  const live = useMemo(() => rows.filter(notArchived), [rows]);
  const rag = useMemo(() => new Map<number, RagResult>(live.map((r) => [r.id, ragOf(r, today, data.settings)])), [live, today, data.settings]);
  // 倒排工期: while a milestone is picked, the map shows only the tasks that feed it (and their predecessors).
  const [planning, setPlanning] = useState<Planning | null>(null);
  const planMilestone = planning && data.milestones.find((m) => m.id === planning.milestoneId);
  const plan = useMemo(
    () => (planMilestone ? mapPlan(live, data.dependencies, planMilestone, planning?.deadline ?? planMilestone.dueOn, today) : null),
    [live, data.dependencies, planMilestone, planning?.deadline, today],
  );
  const visible = useMemo(
    () => filterTasks(live, filters, (r) => rag.get(r.id)!.rag).filter((r) => !plan?.ok || plan.byTask.has(r.id)),
    [live, filters, rag, plan],
  );
  const milestones = useMemo(
    () => data.milestones.filter((m) => filters.project == null || m.projectId === filters.project),
    [data.milestones, filters.project],
  );
  const mapRows = useMemo(
    () => buildRows(visible, milestones, filters.lanes, data, t("battleMap.allTasks")),
    [visible, milestones, filters.lanes, data, t],
  );
  // The axis spans every task and milestone, not just the filtered ones, so it stays put while filtering.
  const range = useMemo(
    () => timeRange([...live.flatMap((r) => [r.startOn, r.dueOn]), ...data.milestones.map((m) => m.dueOn)], today, filters.zoom),
    [live, data.milestones, today, filters.zoom],
  );
  const byId = useMemo(() => new Map(live.map((r) => [r.id, r])), [live]);
  const message = useMessage();

  const [pending, setPending] = useState<PendingMove | null>(null);
  const commit = async (move: PendingMove) => {
    setPending(null);
    if (!send) return;
    const { task, startOn, dueOn } = move;
    const reply = await send("task:update", { id: task.id, version: task.version, patch: { startOn, dueOn } }, { ...task, startOn, dueOn });
    if (!reply.ok) push(reply.code === "offline" ? t("conn.offlineRefused") : t("board.refused", { reason: reply.message }), "bad");
  };
  const reschedule: Reschedule | null = send
    ? (taskId, next) => {
        const task = byId.get(taskId);
        if (!task || (task.startOn === next.startOn && task.dueOn === next.dueOn)) return;
        if (conn !== "online") return push(t("conn.offlineRefused"), "bad");
        // The server's own rule, checked first: a bar end dragged past the other one is refused here.
        const checked = reschedulePatchSchema.safeParse(next);
        if (!checked.success) return push(message(checked.error.issues[0]?.message), "bad");
        const warnings = rescheduleWarnings(taskId, next, byId, data.dependencies, data.milestones);
        const move = { task, ...next, warnings };
        if (warnings.length) setPending(move);
        else void commit(move);
      }
    : null;
  const canMove = useCallback(
    (r: MapTaskRow) => !!send && r.status !== "closed" && can("update", "task", { unitId: r.ownerUnitId, projectId: r.projectId }),
    [send, can],
  );

  return (
    <div className="bm-page">
      <div className="page-head bm-head-row">
        <div>
          <h1>{t("battleMap.title")}</h1>
          <p className="muted bm-sub">{data.boardId ? t("battleMap.subtitle") : t("battleMap.snapshot")}</p>
        </div>
        <div className="bm-head-actions">
          <button type="button" className="btn secondary small" aria-pressed={planning != null} onClick={() => setPlanning(planning ? null : { milestoneId: null, deadline: null })}>
            {t("battleMap.plan.toggle")}
          </button>
          {conn && <ConnectionBadge state={conn} />}
        </div>
      </div>
      <MapToolbar
        data={data}
        filters={filters}
        setFilters={setFilters}
        shown={visible.length}
        total={live.length}
        hasUnit={viewer.unitId != null}
      />
      {planning && (
        <PlanningPanel
          milestones={milestones}
          projects={data.projects}
          planning={planning}
          setPlanning={setPlanning}
          plan={plan}
          codeOf={(id) => byId.get(id)?.code}
        />
      )}
      <MapChart
        rows={mapRows}
        range={range}
        zoom={filters.zoom}
        today={today}
        rag={rag}
        dependencies={data.dependencies}
        units={data.units}
        projects={data.projects}
        highlightUnit={filters.mine ? viewer.unitId : null}
        viewKey={`${filtersToParams({ ...filters, zoom: "month", mine: false })}&plan=${planning?.milestoneId ?? ""}`}
        canMove={canMove}
        reschedule={reschedule}
        plan={plan?.ok ? plan : null}
      />
      <MapLegend />
      {pending && <RescheduleDialog move={pending} confirm={() => void commit(pending)} cancel={() => setPending(null)} />}
      <Toasts toasts={toasts} dismiss={dismiss} closeLabel={t("common.close")} />
    </div>
  );
}
