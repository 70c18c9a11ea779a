// A task's history, read from the audit trail: each change as a sentence in the reader's language (its
// own rows and those of its indicators, values, 提示/督办, 销号 proposals and comments) and, for edits of
// the task itself, which fields changed from what to what.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { assertCanReadBoard, projectBoard } from "./boards.server";
import { getTask } from "./tasks.server";
import { EDITABLE_FIELDS } from "./tasks";
import { sentenceOf, taskAuditRows } from "./activity.server";

/** `entity` "task": the task's own change (`action` and `fields` say it); anything else: told by `sentence`. */
export type TaskChange = { id: number; at: string; by: string | null; action: string; entity: string; sentence: string; fields: { field: string; from: unknown; to: unknown }[] };

/** Newest first, for a reader of the task's project board. */
export function taskHistory(db: DB, actor: Actor, taskId: number): TaskChange[] {
  const task = getTask(db, taskId);
  assertCanReadBoard(actor, projectBoard(task.projectId));
  return taskAuditRows(db, taskId).map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as Record<string, unknown>;
    const fields =
      r.entity !== "task" || r.before == null
        ? []
        : [...EDITABLE_FIELDS, "status", "archivedAt"].filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((f) => ({ field: f, from: before[f], to: after[f] }));
    return { id: r.id, at: r.at, by: r.userName, action: r.action, entity: r.entity, sentence: sentenceOf(db, actor.locale, r), fields };
  });
}
