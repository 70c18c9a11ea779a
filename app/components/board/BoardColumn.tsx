// One status column: its heading with the count under the filters, and its cards virtualized (only those
// near the column's visible part are in the page; the rest are spacing). Nearing the end of the loaded
// cards loads the next page; 加载更多 does the same for keyboards and screen readers, and focusing a card
// scrolls it into view, which draws the next ones, so Tab reaches every card.
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, type ReactNode } from "react";
import { useT } from "../../lib/viewer";
import type { TaskStatus } from "../../models/domain";
import type { ErrorCode } from "../../i18n/catalog";

const columnId = (status: TaskStatus) => `col:${status}`;
/** A card with its 移到… control and the gap below it, before it is measured (most measure 148-152 px). */
const CARD_ESTIMATE = 150;

type Props = {
  status: TaskStatus;
  /** The cards shown (loaded and passing the filters), in order. */
  ids: number[];
  /** All the column's cards under the filters, loaded or not. */
  total: number;
  /** More cards wait on the server beyond the loaded ones. */
  more: boolean;
  loading?: boolean;
  failed?: boolean;
  onLoadMore: () => void;
  /** While a card is lifted, why this column takes no drop (a status its process owns). */
  refusal?: ErrorCode | null;
  renderCard: (id: number) => ReactNode;
};

export function BoardColumn({ status, ids, total, more, loading, failed, onLoadMore, refusal, renderCard }: Props) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({ id: columnId(status), data: { status }, disabled: refusal != null });
  const bodyRef = useRef<HTMLDivElement | null>(null);
  const setBody = useCallback(
    (el: HTMLDivElement | null) => {
      bodyRef.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  const virt = useVirtualizer({
    count: ids.length,
    getScrollElement: () => bodyRef.current,
    estimateSize: () => CARD_ESTIMATE,
    getItemKey: (i) => ids[i]!,
    // Enough beyond the visible part for Tab to reach the next card; each more is drawn and hydrated at load.
    overscan: 4,
    // Server render: the first screen of cards is in the HTML before hydration.
    initialRect: { width: 260, height: 720 },
  });
  const items = virt.getVirtualItems();
  const lastShown = items.length ? items[items.length - 1]!.index : -1;
  // Scrolling near the end of what is loaded asks for the next page (a failed load waits for the button).
  useEffect(() => {
    if (more && !loading && !failed && lastShown >= ids.length - 4) onLoadMore();
  }, [more, loading, failed, lastShown, ids.length, onLoadMore]);

  const headingId = `col-h-${status}`;
  const before = items[0]?.start ?? 0;
  const after = Math.max(0, virt.getTotalSize() - (items.length ? items[items.length - 1]!.end : 0));
  const rest = Math.max(0, total - ids.length);
  return (
    <section
      className={`column${isOver ? " over" : ""}${refusal ? " refuses" : ""}`}
      data-status={status}
      data-testid={`column-${status}`}
      data-total={total}
      aria-labelledby={headingId}
    >
      <div className="column-head">
        <span id={headingId}>{t(`statuses.${status}`)}</span>
        <span className="count" data-testid="column-count">
          {t("board.cardCount", { n: Math.max(total, ids.length) })}
        </span>
      </div>
      {refusal && (
        <p className="column-refusal" data-testid="column-refusal">
          {t(`errors.${refusal}`)}
        </p>
      )}
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <div ref={setBody} className="column-body">
          <div className="column-cards" style={{ paddingTop: before, paddingBottom: after }}>
            {items.map((v) => (
              <div key={v.key} data-index={v.index} ref={virt.measureElement} className="card-row">
                {renderCard(ids[v.index]!)}
              </div>
            ))}
          </div>
          {more && (
            <button type="button" className="btn secondary load-more" data-testid="load-more" onClick={onLoadMore} disabled={loading} aria-live="polite">
              {loading ? t("boardPages.loading") : failed ? t("boardPages.retry") : t("boardPages.more", { n: rest })}
            </button>
          )}
          {ids.length === 0 && !more && <div className="empty">{t("board.empty")}</div>}
        </div>
      </SortableContext>
    </section>
  );
}
