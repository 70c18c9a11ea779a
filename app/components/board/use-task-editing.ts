// The card drawer's writes: open a card (announcing it in presence), create, update and archive over the
// socket, refusals shown beside the fields, and a stale edit turned into a conflict: their values beside
// yours, re-apply yours deliberately or keep theirs (never a silent overwrite).
import { useState } from "react";
import type { TaskCreateInput, TaskPatch, TaskRow } from "../../models/tasks";
import type { TaskStatus } from "../../models/domain";
import { Msg, type ErrorReply } from "../../realtime/protocol";
import type { useBoard } from "../../realtime/use-board";
import { useT } from "../../lib/viewer";
import type { CardLookups } from "./TaskCard";
import type { Conflict } from "./ConflictDialog";

type Board = ReturnType<typeof useBoard<TaskRow>>;
type Drawer = { taskId: number | null; seenVersion: number; serverErrors: Record<string, string>; formError: string | null };

type Options = {
  board: Pick<Board, "send" | "editing">;
  byId: Map<number, TaskRow>;
  lookups: CardLookups;
  toast: (text: string, tone?: "bad") => void;
};

export function useTaskEditing({ board, byId, lookups, toast }: Options) {
  const t = useT();
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const drawerRow = drawer?.taskId != null ? byId.get(drawer.taskId) ?? null : null;

  const open = (taskId: number | null) => {
    const row = taskId == null ? null : byId.get(taskId);
    setDrawer({ taskId, seenVersion: row?.version ?? 0, serverErrors: {}, formError: null });
    if (taskId != null) board.editing(taskId);
  };
  const close = () => {
    if (drawer?.taskId != null) board.editing(null);
    setDrawer(null);
  };
  const failed = (reply: ErrorReply) => {
    if (reply.code === "offline") return toast(t("conn.offlineRefused"), "bad");
    setDrawer((d) => d && { ...d, serverErrors: reply.fieldErrors ?? {}, formError: reply.message });
  };

  /** A field's value for people (unit and person names, yes/no, status names). */
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
    toast(t("board.createdToast"));
    close();
  };
  const update = async (patch: TaskPatch) => {
    if (drawer && drawerRow) await saveEdit(drawerRow, drawer.seenVersion, patch);
  };
  const archive = async () => {
    if (!drawerRow) return;
    const reply = await board.send(Msg.taskArchive, { id: drawerRow.id, version: drawerRow.version });
    if (!reply.ok) return failed(reply);
    toast(t("board.archived"));
    close();
  };

  return { drawer, drawerRow, conflict, open, close, create, update, archive, fieldText };
}
