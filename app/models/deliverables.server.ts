// 下家考核上家, read side: a task's deliverable requirement (which unit must accept it), that unit's signed
// decisions with their evidence, the state they add up to (acceptance.ts), and the acceptance page.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { all, exists, one, placeholders } from "./sql.server";
import { can } from "./permissions";
import { listEvidence } from "./evidence.server";
import { getTask } from "./tasks.server";
import { acceptanceState, type AcceptanceRow, type DeliverableRow } from "./acceptance";
import type { TaskRow } from "./tasks";

const DELIVERABLE_SELECT = `
  SELECT d.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle, t.status AS taskStatus, t.project_id AS projectId,
         t.owner_unit_id AS ownerUnitId, ou.short_name AS ownerUnitName, d.deliverable, d.accepting_unit_id AS acceptingUnitId,
         au.short_name AS acceptingUnitName, d.acceptance_kind AS acceptanceKind, d.version
  FROM task_deliverables d
  JOIN tasks t ON t.id = d.task_id
  JOIN member_units ou ON ou.id = t.owner_unit_id
  JOIN member_units au ON au.id = d.accepting_unit_id`;

const ACCEPTANCE_SELECT = `
  SELECT a.id, a.task_id AS taskId, a.unit_id AS unitId, m.short_name AS unitName, a.decision, a.comment,
         a.signed_by AS signedBy, u.display_name AS signerName, a.signed_at AS signedAt
  FROM acceptances a JOIN member_units m ON m.id = a.unit_id JOIN users u ON u.id = a.signed_by`;

/** Every signed decision on these tasks (newest first), with its evidence files. */
function acceptancesOf(db: DB, taskIds: number[]): Record<number, AcceptanceRow[]> {
  const out: Record<number, AcceptanceRow[]> = {};
  if (taskIds.length === 0) return out;
  const ids = [...new Set(taskIds)];
  const rows = all<Omit<AcceptanceRow, "evidence">>(db, `${ACCEPTANCE_SELECT} WHERE a.task_id IN (${placeholders(ids)}) ORDER BY a.id DESC`, ...ids);
  const files = listEvidence(db, "acceptance", rows.map((r) => r.id));
  for (const r of rows) (out[r.taskId] ??= []).push({ ...r, evidence: files[r.id] ?? [] });
  return out;
}

type RawDeliverable = Omit<DeliverableRow, "id" | "latest" | "state">;

function withState(raw: RawDeliverable[], decisions: Record<number, AcceptanceRow[]>): DeliverableRow[] {
  return raw.map((d) => {
    const mine = decisions[d.taskId] ?? [];
    const { state, latestId } = acceptanceState(d, mine);
    return { ...d, id: d.taskId, state, latest: mine.find((a) => a.id === latestId) ?? null };
  });
}

/** The requirement of one task with its state, or null when the task names no accepting unit. */
export function getDeliverable(db: DB, taskId: number): DeliverableRow | null {
  const raw = one<RawDeliverable>(db, `${DELIVERABLE_SELECT} WHERE d.task_id = ?`, taskId);
  return raw ? withState([raw], acceptancesOf(db, [taskId]))[0]! : null;
}

/** Requirements on tasks the actor may read, by task code. */
export function listDeliverables(db: DB, actor: Actor): DeliverableRow[] {
  const raw = all<RawDeliverable>(db, `${DELIVERABLE_SELECT} WHERE t.archived_at IS NULL ORDER BY t.code`).filter((d) => canReadBoard(actor, projectBoard(d.projectId)));
  return withState(raw, acceptancesOf(db, raw.map((d) => d.taskId)));
}

/** Current member units other than the task's own, for the accepting-unit select. */
const acceptingUnitOptions = (db: DB, task: Pick<TaskRow, "ownerUnitId">) =>
  all<{ id: number; shortName: string }>(db, "SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL AND id != ? ORDER BY id", task.ownerUnitId);

export type AcceptancePage = LiveBoard & {
  deliverables: DeliverableRow[];
  /** The requirement form for `?task=`, when the actor may set one on that task. */
  editing: { task: Pick<TaskRow, "id" | "code" | "title">; deliverable: DeliverableRow | null; units: { id: number; shortName: string }[] } | null;
};

/** The acceptance page: the requirements the actor may read, and the form for one task when asked. */
export function acceptancePage(db: DB, actor: Actor, taskId: number | null): AcceptancePage {
  return db.transaction(() => {
    const task = taskId != null && exists(db, "SELECT 1 FROM tasks WHERE id = ?", taskId) ? getTask(db, taskId) : null;
    const editable = task && can(actor, "update", "task", { unitId: task.ownerUnitId, projectId: task.projectId }) && task.status !== "closed";
    return {
      ...liveBoard(db, actor),
      deliverables: listDeliverables(db, actor),
      editing: editable ? { task: { id: task.id, code: task.code, title: task.title }, deliverable: getDeliverable(db, task.id), units: acceptingUnitOptions(db, task) } : null,
    };
  });
}
