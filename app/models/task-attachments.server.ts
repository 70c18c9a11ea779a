// Files attached to a task itself (photos of a test bench, a test report), in the evidence store under the
// subject "task": the same type sniffing and limits, downloaded by whoever may read the task's project
// board (the store's rule for files of a project). Whoever may update the task may attach. One transaction:
// the files' rows and audit rows (storeEvidence) and an `attachment.upserted` event per file on the task's
// boards, so the task page of every viewer shows them live.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { boardsOf } from "./boards.server";
import { commit, recordChange } from "./write.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { getTask } from "./tasks.server";
import { listEvidence, storeEvidence, type EvidenceRow, type UploadedFile } from "./evidence.server";
import { TASK_ATTACHMENT_SUBJECT, type TaskAttachInput } from "./comments";

/** A task's own attachments, oldest first (callers have checked the reader may read the task). */
export const taskAttachments = (db: DB, taskId: number): EvidenceRow[] => listEvidence(db, TASK_ATTACHMENT_SUBJECT, [taskId])[taskId] ?? [];

export function attachToTask(ctx: AppContext, actor: Actor, input: TaskAttachInput, files: UploadedFile[]): EvidenceRow[] {
  const { db } = ctx;
  return commit(ctx, () => {
    const task = getTask(db, input.taskId);
    if (task.archivedAt) throw notFound();
    assertCan(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId });
    if (!files.length) throw new DomainError("uploadNone", 400);
    const rows = storeEvidence(db, ctx.config, actor, { type: TASK_ATTACHMENT_SUBJECT, id: task.id, projectId: task.projectId }, files);
    // storeEvidence audited each file; the event only tells the task's viewers.
    const events = rows.flatMap((row) => recordChange(db, { entity: "attachment", id: row.id, action: "add", by: actor, before: null, after: row, boards: boardsOf(task.projectId), audit: false }));
    return { result: rows, events };
  });
}
