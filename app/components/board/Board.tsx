// The live task board: columns by status, cards dragged with pointer or keyboard, filters, the card
// drawer, conflicts and connection state. Writes go over the socket to the same model functions the
// route actions call; the board shows the server's rows, overlaid by optimistic ones. The jobs live in
// their own modules: filters (use-board-filters), drag and drop (use-board-drag), the drawer's writes
// and conflicts (use-task-editing); this component wires them to the live board (use-board).
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DndContext, DragOverlay, closestCorners } from "@dnd-kit/core";
import { addDays, format, parseISO } from "date-fns";
import { TASK_STATUSES } from "../../models/domain";
import type { TaskPlace, TaskRow } from "../../models/tasks";
import type { TaskLinksRow } from "../../models/task-dependencies";
import type { BoardData, BoardPage } from "../../models/task-board.server";
import { filterParams, matchesFilters } from "../../models/board-filter";
import { useBoard } from "../../realtime/use-board";
import type { BoardEvent, Row } from "../../realtime/protocol";
import { useCan, useT, useViewer } from "../../lib/viewer";
import { BoardColumn } from "./BoardColumn";
import { BoardToolbar } from "./BoardToolbar";
import { CardBody, TaskCard, type CardLookups } from "./TaskCard";
import type { DrawerValues } from "./TaskDrawer";
import { ConflictDialog } from "./ConflictDialog";
import { ConnectionBadge, Presence } from "./ConnectionBadge";
import { Toasts, useToasts } from "../ui/Toasts";
import { ToastContext } from "../../lib/use-background-load";
import { useBoardFilters } from "./use-board-filters";
import { useBoardPages, useLoadMore, useShownCards } from "./use-board-pages";
import { useBoardDrag, useColumns } from "./use-board-drag";
import { useTaskMove } from "./use-task-move";
import { useTaskEditing } from "./use-task-editing";
import { EmptyState } from "../ui/EmptyState";
import { useStableCallback } from "../../lib/use-stable-callback";
import { Link } from "@remix-run/react";

// The card dialog (its forms' schemas, history, change requests, close-out, links) is not needed to show the
// board: it loads once the board is idle after its first render (so a card still opens when the network drops
// later), or sooner when a hand or the keyboard reaches for the board, or when it opens. A failed load is
// forgotten, so the next reach tries again.
let drawerModule: Promise<typeof import("./TaskDrawer")> | null = null;
const loadDrawer = () =>
  (drawerModule ??= import("./TaskDrawer").catch((err: unknown) => {
    drawerModule = null;
    throw err;
  }));
const TaskDrawer = lazy(() => loadDrawer().then((m) => ({ default: m.TaskDrawer })));
const preloadDrawer = () => void loadDrawer().catch(() => undefined);
const whenIdle = (f: () => void) => (typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(f, { timeout: 2000 }) : window.setTimeout(f, 200));

/** The board under the URL's filters; a change of filters reads the board again (a fresh snapshot). */
export function Board(props: { data: BoardData; today: string; projectId?: number }) {
  const { filters } = useBoardFilters();
  return <LiveBoard key={filterParams(filters).toString()} {...props} />;
}

function LiveBoard({ data, today, projectId }: { data: BoardData; today: string; projectId?: number }) {
  const t = useT();
  const viewer = useViewer();
  const { can, some } = useCan();
  const { toasts, push, dismiss } = useToasts();
  const { filters, ...setFilters } = useBoardFilters();
  // Whether a card counts on this board under the filters: the rows held, and what events say a card was.
  const counts = useCallback(
    (card: TaskPlace) => !card.archivedAt && (projectId == null || card.projectId === projectId) && matchesFilters(card, filters, viewer, today),
    // The board remounts when the filters change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [projectId, viewer.id, viewer.unitId, today],
  );
  // Tasks with indicators show computed progress (考核指标); indicator events carry the task's new count.
  const [indicatorCounts, setIndicatorCounts] = useState<Record<number, number>>(data.indicatorCounts ?? {});
  useEffect(() => setIndicatorCounts(data.indicatorCounts ?? {}), [data.indicatorCounts]);
  useEffect(() => void whenIdle(preloadDrawer), []);
  // Predecessors ride on the same board: the cards' 可启动 mark follows links and close-outs live.
  const extra = useMemo(() => ({ taskLinks: data.links }), [data.links]);
  const appliedRef = useRef<(ev: BoardEvent, previous: Row | undefined) => void>(() => {});
  const onApplied = useCallback((ev: BoardEvent, previous: Row | undefined) => {
    const task = (ev.payload as { task?: { id: number; indicatorCount: number } | null }).task;
    if (ev.payload.entity === "indicator" && task) setIndicatorCounts((c) => ({ ...c, [task.id]: task.indicatorCount }));
    appliedRef.current(ev, previous);
  }, []);
  const board = useBoard<TaskRow>({ boardId: data.boardId, seq: data.seq, rows: data.tasks, entity: "task", belongs: counts, onApplied, extra });
  const onPage = useCallback((page: BoardPage) => setIndicatorCounts((c) => ({ ...c, ...page.indicatorCounts })), []);
  const pages = useBoardPages({ boardId: data.boardId, seq: data.seq, columns: data.columns, filters, counts, absorb: board.absorb, onPage });
  appliedRef.current = pages.onApplied;
  const loadMore = useLoadMore(pages.loadMore);
  const linksTable = board.entities.taskLinks as Record<number, TaskLinksRow> | undefined;

  const units = useMemo(() => new Map(data.units.map((u) => [u.id, u])), [data.units]);
  const people = useMemo(() => new Map(data.people.map((p) => [p.id, p])), [data.people]);
  // One object while what it reads is unchanged, so the memoized cards skip a render of the board.
  const lookups = useMemo<CardLookups>(
    () => ({
      unitName: (id) => units.get(id)?.shortName ?? "—",
      personName: (id) => (id == null ? t("board.noOwner") : people.get(id)?.displayName ?? "—"),
      today,
      indicatorCount: (id) => indicatorCounts[id] ?? 0,
      links: (id) => linksTable?.[id],
    }),
    [units, people, t, today, indicatorCounts, linksTable],
  );
  const byId = useMemo(() => new Map(board.rows.map((r) => [r.id, r])), [board.rows]);
  const editingBy = useMemo(() => {
    const m = new Map<number, string>();
    for (const v of board.viewers) if (v.editing != null && v.userId !== viewer.id) m.set(v.editing, v.name);
    return m;
  }, [board.viewers, viewer.id]);

  const visible = useShownCards(board.rows, pages.totals, counts, board.pending);
  const columns = useColumns(visible);

  const moves = useTaskMove({ board, columns, byId, toast: push, onMoved: pages.placed });
  const drag = useBoardDrag({ columns, byId, onMove: (m) => void moves.move(m), onRefuse: (text) => push(text, "bad") });
  const editor = useTaskEditing({ board, byId, lookups, toast: push });
  const openCard = useStableCallback(editor.open);
  const moveCardTo = useStableCallback(moves.moveTo);

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
  const { drawer, drawerRow } = editor;

  // A new install: tasks hang on projects, so the board first leads to where projects are made.
  if (data.projects.length === 0) {
    return (
      <EmptyState
        title={t("projectSetup.emptyBoardTitle")}
        body={some("create", "project") ? t("projectSetup.emptyBoardBody") : `${t("projectSetup.emptyBoardBody")} ${t("projectSetup.emptyBoardAsk")}`}
        action={some("create", "project") ? { to: "/admin/projects/new", label: t("projectSetup.newProject") } : undefined}
      />
    );
  }

  return (
    <ToastContext.Provider value={push}>
      <BoardToolbar filters={filters} {...setFilters} units={data.units.filter((u) => data.projects.some((p) => p.unitIds.includes(u.id)))}>
        <Presence viewers={board.viewers} selfId={viewer.id} />
        <ConnectionBadge state={board.conn} />
        {some("create", "task") && (
          <button type="button" className="btn" onClick={() => editor.open(null)} onPointerDown={preloadDrawer} onFocus={preloadDrawer} disabled={board.conn !== "online"}>
            + {t("board.newTask")}
          </button>
        )}
        {some("import", "task") && (
          <Link to="/import" className="btn secondary">
            {t("import.nav")}
          </Link>
        )}
      </BoardToolbar>
      {TASK_STATUSES.every((s) => pages.totals[s].total === 0) && visible.length === 0 && (
        <EmptyState title={t("projectSetup.emptyTasksTitle")} body={some("create", "task") ? t("projectSetup.emptyTasksBody") : t("projectSetup.emptyTasksAsk")}>
          {some("create", "task") && (
            <button type="button" className="btn" onClick={() => editor.open(null)} disabled={board.conn !== "online"}>
              + {t("board.newTask")}
            </button>
          )}
          {some("import", "task") && (
            <Link to="/import" className="btn secondary">
              {t("import.nav")}
            </Link>
          )}
        </EmptyState>
      )}
      <p className="visually-hidden" id="dnd-hint">
        {t("board.dragHint")}
      </p>
      <DndContext
        id={`board-${data.boardId}`}
        sensors={drag.sensors}
        collisionDetection={closestCorners}
        {...drag.handlers}
        accessibility={{ announcements: drag.announcements, screenReaderInstructions: { draggable: t("board.dragHint") } }}
      >
        <div className="board" data-testid="board" data-seq={board.seq} onPointerDownCapture={preloadDrawer} onFocusCapture={preloadDrawer}>
          {TASK_STATUSES.map((s) => {
            // While a card is lifted, the columns its process owns take no drop and say why.
            const refusal = drag.refusalInto(s);
            return (
              <BoardColumn
                key={s}
                status={s}
                ids={drag.shown[s]}
                total={pages.totals[s].total}
                more={pages.totals[s].end != null}
                loading={pages.loading[s]}
                failed={pages.failed[s]}
                onLoadMore={loadMore[s]}
                refusal={refusal}
                renderCard={(id) => {
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
                      dropDisabled={refusal != null}
                      onOpen={openCard}
                      onMoveTo={moveCardTo}
                    />
                  );
                }}
              />
            );
          })}
        </div>
        <DragOverlay>
          {drag.dragged ? (
            <div className="card overlay">
              <CardBody task={drag.dragged} lookups={lookups} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {drawer && (drawer.taskId == null || drawerRow) && (
        <Suspense fallback={null}>
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
            links={drawerRow ? linksTable?.[drawerRow.id] : undefined}
            serverErrors={drawer.serverErrors}
            formError={drawer.formError}
            onCreate={editor.create}
            onUpdate={editor.update}
            onArchive={editor.archive}
            onMoveTo={drawerRow && can("move", "task", target(drawerRow)) && drawerRow.status !== "closed" ? moves.moveTo : undefined}
            onClose={editor.close}
            fieldText={editor.fieldText}
          />
        </Suspense>
      )}
      {editor.conflict && <ConflictDialog conflict={editor.conflict} />}
      <Toasts toasts={toasts} dismiss={dismiss} closeLabel={t("common.close")} />
    </ToastContext.Provider>
  );
}
