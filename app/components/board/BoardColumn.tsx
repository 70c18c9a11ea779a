import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import type { ReactNode } from "react";
import { useT } from "../../lib/viewer";
import type { TaskStatus } from "../../models/domain";
import type { ErrorCode } from "../../i18n/catalog";

const columnId = (status: TaskStatus) => `col:${status}`;

/** `refusal`: while a card is lifted, why this column takes no drop (a status its process owns). */
export function BoardColumn({ status, ids, refusal, children }: { status: TaskStatus; ids: number[]; refusal?: ErrorCode | null; children: ReactNode }) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({ id: columnId(status), data: { status }, disabled: refusal != null });
  const headingId = `col-h-${status}`;
  return (
    <section
      className={`column${isOver ? " over" : ""}${refusal ? " refuses" : ""}`}
      data-status={status}
      data-testid={`column-${status}`}
      aria-labelledby={headingId}
    >
      <div className="column-head">
        <span id={headingId}>{t(`statuses.${status}`)}</span>
        <span className="count">{t("board.cardCount", { n: ids.length })}</span>
      </div>
      {refusal && (
        <p className="column-refusal" data-testid="column-refusal">
          {t(`errors.${refusal}`)}
        </p>
      )}
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className="column-body">
          {children}
          {ids.length === 0 && <div className="empty">{t("board.empty")}</div>}
        </div>
      </SortableContext>
    </section>
  );
}
