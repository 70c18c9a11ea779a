import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import type { ReactNode } from "react";
import { useT } from "../../lib/viewer";
import type { TaskStatus } from "../../models/domain";

const columnId = (status: TaskStatus) => `col:${status}`;

export function BoardColumn({ status, ids, children }: { status: TaskStatus; ids: number[]; children: ReactNode }) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({ id: columnId(status), data: { status } });
  const headingId = `col-h-${status}`;
  return (
    <section className={`column${isOver ? " over" : ""}`} data-status={status} data-testid={`column-${status}`} aria-labelledby={headingId}>
      <div className="column-head">
        <span id={headingId}>{t(`statuses.${status}`)}</span>
        <span className="count">{t("board.cardCount", { n: ids.length })}</span>
      </div>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className="column-body">
          {children}
          {ids.length === 0 && <div className="empty">{t("board.empty")}</div>}
        </div>
      </SortableContext>
    </section>
  );
}
