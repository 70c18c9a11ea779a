// A task's history, read from the audit trail: who changed which fields from what to what.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { historyOf } from "./audit.server";
import { assertCanReadBoard, projectBoard } from "./boards.server";
import { getTask } from "./tasks.server";
import { EDITABLE_FIELDS } from "./tasks";

export type TaskChange = { id: number; at: string; by: string | null; action: string; fields: { field: string; from: unknown; to: unknown }[] };

/** Newest first, for a reader of the task's project board. */
export function taskHistory(db: DB, actor: Actor, taskId: number): TaskChange[] {
  const task = getTask(db, taskId);
  assertCanReadBoard(actor, projectBoard(task.projectId));
  return historyOf(db, "task", taskId).map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as Record<string, unknown>;
    const fields = [...EDITABLE_FIELDS, "status", "archivedAt"]
      .filter((f) => r.before != null && JSON.stringify(before[f]) !== JSON.stringify(after[f]))
      .map((f) => ({ field: f, from: before[f], to: after[f] }));
    return { id: r.id, at: r.at, by: r.userName, action: r.action, fields };
  });
}
