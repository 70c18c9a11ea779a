// The board's columns at real size: the server sent each column's first page and its count; this hook
// keeps the counts exact from the live events (also for cards never loaded: a task event says where the
// card was, `was`), loads a column's next page on demand (scroll or 加载更多) by keyset, and says which
// cards are shown: every held card that passes the filters and lies in its column's loaded range.
import { useCallback, useMemo, useRef, useState } from "react";
import { TASK_STATUSES, type TaskStatus } from "../../models/domain";
import { byPosition, type TaskPlace, type TaskRow } from "../../models/task-rules";
import { filterParams, inLoadedRange, type BoardFilters, type ColumnPages } from "../../models/board-filter";
import type { BoardPage } from "../../models/task-board.server";
import type { BoardEvent, Row } from "../../realtime/protocol";

type Options = {
  boardId: string;
  seq: number;
  columns: ColumnPages;
  filters: BoardFilters;
  /** Whether a card (or what an event says it was) counts on this board under its filters. */
  counts: (card: TaskPlace) => boolean;
  /** Merges a loaded page into the live rows (useBoard's absorb). */
  absorb: (rows: TaskRow[], atSeq: number) => void;
  /** A loaded page's indicator counts. */
  onPage?: (page: BoardPage) => void;
};

type Totals = { seq: number; columns: ColumnPages };

export function useBoardPages({ boardId, seq, columns, filters, counts, absorb, onPage }: Options) {
  // The counts follow the events from the snapshot's seq on (the board remounts with a new snapshot).
  const [totals, setTotals] = useState<Totals>({ seq, columns });
  const [loading, setLoading] = useState<Partial<Record<TaskStatus, boolean>>>({});
  const [failed, setFailed] = useState<Partial<Record<TaskStatus, boolean>>>({});
  const inflight = useRef(new Set<TaskStatus>());
  const totalsRef = useRef(totals);
  totalsRef.current = totals;

  /** useBoard's onApplied: a task event moves one card between the counts, whether or not it is loaded. */
  const onApplied = useCallback(
    (ev: BoardEvent, previous: Row | undefined) => {
      if (ev.payload.entity !== "task") return;
      const was = ("was" in ev.payload ? ev.payload.was : previous) as TaskPlace | null | undefined;
      const now = ev.type === "task.upserted" ? (ev.payload.row as TaskRow | undefined) : undefined;
      setTotals((t) => {
        if (ev.seq <= t.seq) return t;
        const next = { ...t.columns };
        const shift = (card: TaskPlace | null | undefined, by: number) => {
          if (card && !card.archivedAt && counts(card)) next[card.status] = { ...next[card.status], total: Math.max(0, next[card.status].total + by) };
        };
        shift(was, -1);
        shift(now, +1);
        return { seq: ev.seq, columns: next };
      });
    },
    [counts],
  );

  /** Loads the next page of a column (no-op while one is on its way or when the column is all here). */
  const loadMore = useCallback(
    async (status: TaskStatus) => {
      const after = totalsRef.current.columns[status].end;
      if (after == null || inflight.current.has(status)) return;
      inflight.current.add(status);
      setLoading((l) => ({ ...l, [status]: true }));
      setFailed((f) => ({ ...f, [status]: false }));
      try {
        const q = filterParams(filters);
        q.set("board", boardId);
        q.set("status", status);
        q.set("after", after);
        const res = await fetch(`/board-cards?${q}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!res.ok) throw new Error(String(res.status));
        const page = (await res.json()) as BoardPage;
        absorb(page.tasks, page.seq);
        onPage?.(page);
        setTotals((t) => (t.columns[status].end === after ? { ...t, columns: { ...t.columns, [status]: { ...t.columns[status], end: page.end } } } : t));
      } catch {
        setFailed((f) => ({ ...f, [status]: true }));
      } finally {
        inflight.current.delete(status);
        setLoading((l) => ({ ...l, [status]: false }));
      }
    },
    [absorb, boardId, filters, onPage],
  );

  /**
   * The user's own move landed `row` right below `afterId`, the last card he saw in that column: when that
   * is beyond the loaded range, the range grows to take it in (no card lies between: the server put it
   * next to `afterId`), so a card moved to a long column's end stays in sight.
   */
  const placed = useCallback((row: TaskRow, afterId: number | null, lastShownId: number | null) => {
    if (afterId == null || afterId !== lastShownId) return;
    setTotals((t) => {
      const page = t.columns[row.status];
      return page.end == null || row.position <= page.end ? t : { ...t, columns: { ...t.columns, [row.status]: { ...page, end: row.position } } };
    });
  }, []);

  return { totals: totals.columns, loading, failed, loadMore, onApplied, placed };
}

/**
 * The cards each column shows, in order: held rows that count on the board and lie in their column's
 * loaded range, and the user's own cards on their way to the server (wherever their provisional key is).
 */
export function useShownCards(rows: TaskRow[], pages: ColumnPages, counts: (card: TaskPlace) => boolean, pending: Record<number, unknown>): TaskRow[] {
  return useMemo(
    () => rows.filter((r) => !r.archivedAt && counts(r) && (r.id in pending || inLoadedRange(r.position, pages[r.status]))).sort(byPosition),
    [rows, pages, counts, pending],
  );
}

/** One stable "load the next page" callback per column. */
export function useLoadMore(loadMore: (status: TaskStatus) => Promise<void>): Record<TaskStatus, () => void> {
  return useMemo(() => Object.fromEntries(TASK_STATUSES.map((s) => [s, () => void loadMore(s)])) as Record<TaskStatus, () => void>, [loadMore]);
}
