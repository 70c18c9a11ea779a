// Sending a card's move (from a drag or the 移到… control) and offering 撤销 for a few seconds. Undo is
// an ordinary versioned move back to the old column, next to the card it sat under; if someone changed
// the card meanwhile the server refuses it like any stale write and says so.
import { useRef } from "react";
import { generateKeyBetween } from "fractional-indexing";
import type { TaskStatus } from "../../models/domain";
import { moveRefusal, type TaskRow } from "../../models/task-rules";
import { Msg } from "../../realtime/protocol";
import type { useBoard } from "../../realtime/use-board";
import { useT } from "../../lib/viewer";
import type { PushToast } from "../ui/Toasts";
import type { Columns, Move } from "./use-board-drag";

type Options = {
  board: Pick<ReturnType<typeof useBoard<TaskRow>>, "send">;
  columns: Columns;
  byId: Map<number, TaskRow>;
  toast: PushToast;
  /** A move the server committed: the card, the card it was put under, and the last card the column showed then. */
  onMoved?: (row: TaskRow, afterId: number | null, lastShownId: number | null) => void;
};

export function useTaskMove({ board, columns, byId, toast, onMoved }: Options) {
  const t = useT();
  const column = (s: TaskStatus) => t(`statuses.${s}`);
  // The undo runs seconds later: it must see the rows as they are then.
  const latest = useRef(byId);
  latest.current = byId;

  const send = async ({ row, to, afterId, beforeId, position }: Move) => {
    const list = columns[to].filter((id) => id !== row.id);
    const lastShownId = list.length ? list[list.length - 1]! : null;
    const reply = await board.send(Msg.taskMove, { id: row.id, version: row.version, toStatus: to, afterId, beforeId }, { ...row, status: to, position });
    if (!reply.ok) toast(reply.code === "offline" ? t("conn.offlineRefused") : t("board.refused", { reason: reply.message }), "bad");
    else onMoved?.(reply.row, afterId, lastShownId);
    return reply.ok ? reply.row : null;
  };

  /** Sends the move; once it is committed, offers to put the card back where it was. */
  const move = async (m: Move) => {
    const list = columns[m.row.status];
    const i = list.indexOf(m.row.id);
    const back = { to: m.row.status, afterId: i > 0 ? list[i - 1]! : null, beforeId: i >= 0 && i < list.length - 1 ? list[i + 1]! : undefined, position: m.row.position };
    const moved = await send(m);
    if (!moved || moved.status === back.to) return;
    toast(t("shell.moved", { title: moved.title, column: column(moved.status) }), "info", {
      label: t("shell.undo"),
      run: () => {
        const now = latest.current.get(moved.id) ?? moved;
        void send({ row: now.version >= moved.version ? now : moved, ...back }).then((r) => r && toast(t("shell.undone")));
      },
    });
  };

  /** The 移到… control: the card goes to the end of the chosen column, or the rule says why not. */
  const moveTo = (row: TaskRow, to: TaskStatus) => {
    if (to === row.status) return;
    const refusal = moveRefusal(row.status, to);
    if (refusal) return toast(t(`errors.${refusal}`), "bad");
    const list = columns[to];
    const last = list.length ? list[list.length - 1]! : null;
    let position = row.position;
    try {
      position = generateKeyBetween(last == null ? null : byId.get(last)?.position ?? null, null);
    } catch {
      /* keep the old key until the server's answer arrives */
    }
    void move({ row, to, afterId: last, beforeId: undefined, position });
  };

  return { move, moveTo };
}
