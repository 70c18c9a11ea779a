// The live task board: columns by status, cards dragged with pointer or keyboard (dnd-kit), filters,
// the card drawer, conflicts and connection state. Writes go over the socket to the same model
// functions the route actions call; the board shows the server's rows, overlaid by optimistic ones.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "@remix-run/react";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { addDays, format, parseISO } from "date-fns";
import { generateKeyBetween } from "fractional-indexing";
import { TASK_STATUSES, type TaskStatus } from "../../models/domain";
import { byPosition, canMoveBetween, isOverdue, type TaskCreateInput, type TaskPatch, type TaskRow } from "../../models/tasks";
import type { BoardData } from "../../models/tasks.server";
import { useBoard } from "../../realtime/use-board";
import { Msg, type Ack, type BoardEvent } from "../../realtime/protocol";
import { useCan, useT, useViewer } from "../../lib/viewer";
import { BoardColumn, columnId } from "./BoardColumn";
import { CardBody, TaskCard, type CardLookups } from "./TaskCard";
import { TaskDrawer, type DrawerValues } from "./TaskDrawer";
import { ConflictDialog, type Conflict } from "./ConflictDialog";
import { ConnectionBadge, Presence } from "./ConnectionBadge";
import { Toasts, useToasts } from "../ui/Toasts";

type Columns = Record<TaskStatus, number[]>;
type Drawer = { taskId: number | null; seenVersion: number; serverErrors: Record<string, string>; formError: string | null };
type Scope = "all" | "unit" | "me";

export function Board({ data, today, projectId }: { data: BoardData; today: string; projectId?: number }) {
  const t = useT();
  const viewer = useViewer();
  const { can, some } = useCan();
  const { toasts, push, dismiss } = useToasts();
  const belongs = useCallback((row: TaskRow) => !row.archivedAt && (projectId == null || row.projectId === projectId), [projectId]);
  // Tasks with indicators show computed progress (考核指标); indicator events carry the task's new count.
  const [indicatorCounts, setIndicatorCounts] = useState<Record<number, number>>(data.indicatorCounts ?? {});
  useEffect(() => setIndicatorCounts(data.indicatorCounts ?? {}), [data.indicatorCounts]);
  const onRemoteChange = useCallback((ev: BoardEvent) => {
    const task = (ev.payload as { task?: { id: number; indicatorCount: number } | null }).task;
    if (ev.payload.entity === "indicator" && task) setIndicatorCounts((c) => ({ ...c, [task.id]: task.indicatorCount }));
  }, []);
  const board = useBoard<TaskRow>({
    boardId: data.boardId,
    seq: data.seq,
    rows: data.tasks,
    entity: "task",
    belongs,
    onRemoteChange,
  });

  // Filters live in the URL so a filtered board can be bookmarked or sent to a colleague.
  const [params, setParams] = useSearchParams();
  const scope: Scope = params.get("scope") === "unit" || params.get("scope") === "me" ? (params.get("scope") as Scope) : "all";
  const overdueOnly = params.get("overdue") === "1";
  const unitFilter: number | "" = Number(params.get("unit")) > 0 ? Number(params.get("unit")) : "";
  const setFilter = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value == null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const setScope = (s: Scope) => setFilter("scope", s === "all" ? null : s);
  const setOverdueOnly = (on: boolean) => setFilter("overdue", on ? "1" : null);
  const setUnitFilter = (u: number | "") => setFilter("unit", u === "" ? null : String(u));
  const [drag, setDrag] = useState<{ id: number; cols: Columns; from: TaskStatus } | null>(null);
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const units = useMemo(() => new Map(data.units.map((u) => [u.id, u])), [data.units]);
  const people = useMemo(() => new Map(data.people.map((p) => [p.id, p])), [data.people]);
  const lookups: CardLookups = {
    unitName: (id) => units.get(id)?.shortName ?? "—",
    personName: (id) => (id == null ? t("board.noOwner") : people.get(id)?.displayName ?? "—"),
    today,
    indicatorCount: (id) => indicatorCounts[id] ?? 0,
  };
  const byId = useMemo(() => new Map(board.rows.map((r) => [r.id, r])), [board.rows]);

  const visible = useMemo(
    () =>
      board.rows
        .filter((r) => !r.archivedAt)
        .filter((r) => scope !== "unit" || r.ownerUnitId === viewer.unitId)
        .filter((r) => scope !== "me" || r.ownerUserId === viewer.id)
        .filter((r) => !overdueOnly || isOverdue(r, today))
        .filter((r) => unitFilter === "" || r.ownerUnitId === unitFilter)
        .sort(byPosition),
    [board.rows, scope, overdueOnly, unitFilter, viewer, today],
  );
  const columns: Columns = useMemo(() => {
    const cols = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as number[]])) as Columns;
    for (const r of visible) cols[r.status].push(r.id);
    return cols;
  }, [visible]);
  const shown = drag?.cols ?? columns;
  const editingBy = useMemo(() => {
    const m = new Map<number, string>();
    for (const v of board.viewers) if (v.editing != null && v.userId !== viewer.id) m.set(v.editing, v.name);
    return m;
  }, [board.viewers, viewer.id]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
    }),
  );

  const containerOf = (cols: Columns, id: UniqueIdentifier): TaskStatus | null => {
    if (typeof id === "string" && id.startsWith("col:")) return id.slice(4) as TaskStatus;
    return TASK_STATUSES.find((s) => cols[s].includes(Number(id))) ?? null;
  };
  const refuse = (reply: Exclude<Ack, { ok: true }>) =>
    push(reply.code === "offline" ? t("conn.offlineRefused") : t("board.refused", { reason: reply.message }), "bad");

  // ------------------------------------------------------------------ drag and drop
  const onDragStart = ({ active }: DragStartEvent) => {
    const row = byId.get(Number(active.id));
    if (row) setDrag({ id: row.id, cols: structuredClone(columns), from: row.status });
  };
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!drag || !over) return;
    const from = containerOf(drag.cols, active.id);
    const to = containerOf(drag.cols, over.id);
    if (!from || !to || from === to) return;
    const cols = structuredClone(drag.cols);
    cols[from] = cols[from].filter((x) => x !== drag.id);
    const overIndex = cols[to].indexOf(Number(over.id));
    cols[to].splice(overIndex < 0 ? cols[to].length : overIndex, 0, drag.id);
    setDrag({ ...drag, cols });
  };
  const onDragEnd = async ({ active, over }: DragEndEvent) => {
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
    if (!canMoveBetween(row.status, to)) {
      push(t(to === "closed" ? "errors.closeOnlyByCloseout" : "errors.closedIsFinal"), "bad");
      return;
    }
    const pos = (id: number | null | undefined) => (id == null ? null : byId.get(id)?.position ?? null);
    let position = row.position;
    try {
      position = generateKeyBetween(pos(afterId), beforeId === undefined ? null : pos(beforeId));
    } catch {
      /* neighbours out of order locally: keep the old key until the server's answer arrives */
    }
    const reply = await board.send(Msg.taskMove, { id: row.id, version: row.version, toStatus: to, afterId, beforeId }, { ...row, status: to, position });
    if (!reply.ok) refuse(reply);
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
      const p = place(active.id, over?.id);
      return p ? t("board.dragOver", { title: title(active.id), ...p }) : undefined;
    },
    onDragEnd: ({ active, over }) => {
      const p = place(active.id, over?.id);
      return p ? t("board.dragEnd", { title: title(active.id), ...p }) : t("board.dragCancel", { title: title(active.id) });
    },
    onDragCancel: ({ active }) => t("board.dragCancel", { title: title(active.id) }),
  };

  // ------------------------------------------------------------------ drawer
  const open = (taskId: number | null) => {
    const row = taskId == null ? null : byId.get(taskId);
    setDrawer({ taskId, seenVersion: row?.version ?? 0, serverErrors: {}, formError: null });
    if (taskId != null) board.editing(taskId);
  };
  const close = () => {
    if (drawer?.taskId != null) board.editing(null);
    setDrawer(null);
  };
  const drawerRow = drawer?.taskId != null ? byId.get(drawer.taskId) ?? null : null;

  const failed = (reply: Exclude<Ack, { ok: true }>) => {
    if (reply.code === "offline") return push(t("conn.offlineRefused"), "bad");
    setDrawer((d) => d && { ...d, serverErrors: reply.fieldErrors ?? {}, formError: reply.message });
  };

  const fieldText = (f: string, v: unknown): string => {
    if (v == null || v === "") return t("common.none");
    if (f === "ownerUnitId") return lookups.unitName(Number(v));
    if (f === "ownerUserId") return lookups.personName(Number(v));
    if (f === "isKey") return v ? t("common.yes") : t("common.no");
    if (f === "status") return t(`statuses.${v as TaskStatus}`);
    if (f === "archivedAt") return String(v).slice(0, 10);
    return String(v);
  };

  const saveEdit = async (row: TaskRow, version: number, patch: TaskPatch) => {
    const reply = await board.send(Msg.taskUpdate, { id: row.id, version, patch });
    if (reply.ok) return close();
    if (reply.code !== "conflict") return failed(reply);
    const current = reply.details?.current as TaskRow;
    const fields = (reply.details?.fields as string[]) ?? [];
    setConflict({
      who: current.updatedBy != null ? lookups.personName(current.updatedBy) : "—",
      fields: fields.map((f) => ({
        field: f,
        label: t(`fields.${f}` as never),
        theirs: fieldText(f, (current as Record<string, unknown>)[f]),
        yours: fieldText(f, (patch as Record<string, unknown>)[f]),
      })),
      reapply: () => {
        setConflict(null);
        setDrawer((d) => d && { ...d, seenVersion: current.version });
        void saveEdit(row, current.version, patch);
      },
      discard: () => {
        setConflict(null);
        close();
      },
    });
  };

  const create = async (input: TaskCreateInput) => {
    const reply = await board.send(Msg.taskCreate, input);
    if (!reply.ok) return failed(reply);
    push(t("board.createdToast"));
    close();
  };
  const update = async (patch: TaskPatch) => {
    if (drawer && drawerRow) await saveEdit(drawerRow, drawer.seenVersion, patch);
  };

  const archive = async () => {
    if (!drawerRow) return;
    const reply = await board.send(Msg.taskArchive, { id: drawerRow.id, version: drawerRow.version });
    if (!reply.ok) return failed(reply);
    push(t("board.archived"));
    close();
  };

  const createDefaults = (): DrawerValues => {
    const project = data.projects.find((p) => p.id === projectId) ?? data.projects[0]!;
    const unit = viewer.unitId != null && project.unitIds.includes(viewer.unitId) ? viewer.unitId : project.leadUnitId;
    return {
      projectId: project.id,
      title: "",
      description: "",
      ownerUnitId: unit,
      ownerUserId: unit === viewer.unitId ? viewer.id : null,
      startOn: today,
      dueOn: format(addDays(parseISO(today), 90), "yyyy-MM-dd"),
      progress: 0,
      isKey: false,
    };
  };

  const target = (r: TaskRow) => ({ unitId: r.ownerUnitId, projectId: r.projectId });
  const dragRow = drag ? byId.get(drag.id) : null;

  return (
    <div>
      <div className="board-toolbar" role="toolbar" aria-label={t("board.filters")}>
        <div className="toggle-group" role="group" aria-label={t("board.filters")}>
          {(["all", "unit", "me"] as Scope[]).map((s) => (
            <button key={s} type="button" aria-pressed={scope === s} onClick={() => setScope(s)}>
              {s === "all" ? t("common.all") : s === "unit" ? t("board.myUnit") : t("board.myTasks")}
            </button>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          {t("board.overdue")}
        </label>
        <label className="check">
          {t("board.unitFilter")}
          <select value={unitFilter} onChange={(e) => setUnitFilter(e.target.value ? Number(e.target.value) : "")} style={{ font: "inherit", padding: "3px 6px" }}>
            <option value="">{t("board.allUnits")}</option>
            {data.units
              .filter((u) => data.projects.some((p) => p.unitIds.includes(u.id)))
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.shortName}
                </option>
              ))}
          </select>
        </label>
        <span className="spacer" />
        <Presence viewers={board.viewers} selfId={viewer.id} />
        <ConnectionBadge state={board.conn} />
        {some("create", "task") && (
          <button type="button" className="btn" onClick={() => open(null)} disabled={board.conn !== "online"}>
            + {t("board.newTask")}
          </button>
        )}
      </div>
      <p className="visually-hidden" id="dnd-hint">
        {t("board.dragHint")}
      </p>
      <DndContext
        id={`board-${data.boardId}`}
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDrag(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("board.dragHint") } }}
      >
        <div className="board" data-testid="board" data-seq={board.seq}>
          {TASK_STATUSES.map((s) => (
            <BoardColumn key={s} status={s} ids={shown[s]}>
              {shown[s].map((id) => {
                const row = byId.get(id);
                if (!row) return null;
                return (
                  <TaskCard
                    key={id}
                    task={row}
                    lookups={lookups}
                    editingBy={editingBy.get(id)}
                    pending={id in board.pending}
                    disabled={!can("move", "task", target(row)) || row.status === "closed"}
                    onOpen={open}
                  />
                );
              })}
            </BoardColumn>
          ))}
        </div>
        <DragOverlay>
          {dragRow ? (
            <div className="card overlay">
              <CardBody task={dragRow} lookups={lookups} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {drawer && (drawer.taskId == null || drawerRow) && (
        <TaskDrawer
          key={drawer.taskId ?? "new"}
          task={drawerRow}
          defaults={createDefaults()}
          projects={data.projects}
          units={data.units}
          people={data.people}
          readOnly={drawerRow ? !can("update", "task", target(drawerRow)) : false}
          canArchive={drawerRow ? can("archive", "task", target(drawerRow)) : false}
          indicatorCount={drawerRow ? indicatorCounts[drawerRow.id] ?? 0 : 0}
          serverErrors={drawer.serverErrors}
          formError={drawer.formError}
          onCreate={create}
          onUpdate={update}
          onArchive={archive}
          onClose={close}
          fieldText={fieldText}
        />
      )}
      {conflict && <ConflictDialog conflict={conflict} />}
      <Toasts toasts={toasts} dismiss={dismiss} closeLabel={t("common.close")} />
    </div>
  );
}
