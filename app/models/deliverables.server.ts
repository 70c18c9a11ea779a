// 下家考核上家, read side: a task's deliverable requirement (which unit must accept it), that unit's signed
// decisions with their evidence, the state they add up to (acceptance.ts), and the acceptance page.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { all, exists, one, placeholders } from "./sql.server";
import { can } from "./permissions";
import { listEvidence } from "./evidence.server";
import { getTask } from "./tasks.server";
import { acceptanceState, type AcceptanceRow, type DelegateRow, type DeliverableRow } from "./acceptance";
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
         a.signed_by AS signedBy, u.display_name AS signerName, a.signed_at AS signedAt, du.display_name AS delegatorName
  FROM acceptances a JOIN member_units m ON m.id = a.unit_id JOIN users u ON u.id = a.signed_by LEFT JOIN users du ON du.id = a.delegated_by`;

const DELEGATE_SELECT = `
  SELECT g.task_id AS taskId, g.user_id AS userId, u.display_name AS name, g.delegated_by AS delegatedBy, b.display_name AS delegatorName,
         g.delegated_at AS delegatedAt, g.version
  FROM acceptance_delegations g JOIN users u ON u.id = g.user_id JOIN users b ON b.id = g.delegated_by`;

function delegatesOf(db: DB, taskIds: number[]): Map<number, DelegateRow> {
  const ids = [...new Set(taskIds)];
  if (ids.length === 0) return new Map();
  return new Map(all<DelegateRow & { taskId: number }>(db, `${DELEGATE_SELECT} WHERE g.task_id IN (${placeholders(ids)})`, ...ids).map(({ taskId, ...d }) => [taskId, d]));
}

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

type RawDeliverable = Omit<DeliverableRow, "id" | "latest" | "state" | "delegate">;

function withState(db: DB, raw: RawDeliverable[], decisions: Record<number, AcceptanceRow[]>): DeliverableRow[] {
  const delegates = delegatesOf(db, raw.map((d) => d.taskId));
  return raw.map((d) => {
    const mine = decisions[d.taskId] ?? [];
    const { state, latestId } = acceptanceState(d, mine);
    return { ...d, id: d.taskId, state, latest: mine.find((a) => a.id === latestId) ?? null, delegate: delegates.get(d.taskId) ?? null };
  });
}

/** The requirement of one task with its state, or null when the task names no accepting unit. */
export function getDeliverable(db: DB, taskId: number): DeliverableRow | null {
  const raw = one<RawDeliverable>(db, `${DELIVERABLE_SELECT} WHERE d.task_id = ?`, taskId);
  return raw ? withState(db, [raw], acceptancesOf(db, [taskId]))[0]! : null;
}

/** Requirements on tasks the actor may read, by task code. */
export function listDeliverables(db: DB, actor: Actor): DeliverableRow[] {
  const raw = all<RawDeliverable>(db, `${DELIVERABLE_SELECT} WHERE t.archived_at IS NULL ORDER BY t.code`).filter((d) => canReadBoard(actor, projectBoard(d.projectId)));
  return withState(db, raw, acceptancesOf(db, raw.map((d) => d.taskId)));
}

/** Active people of the unit other than the lead himself: whom he may name to sign for it. */
export const delegateChoices = (db: DB, unitId: number, leadId: number) =>
  all<{ id: number; name: string }>(db, "SELECT id, display_name AS name FROM users WHERE unit_id = ? AND active = 1 AND id != ? ORDER BY id", unitId, leadId);

/** Current member units other than the task's own, for the accepting-unit select. */
const acceptingUnitOptions = (db: DB, task: Pick<TaskRow, "ownerUnitId">) =>
  all<{ id: number; shortName: string }>(db, "SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL AND id != ? ORDER BY id", task.ownerUnitId);

export type AcceptancePage = LiveBoard & {
  deliverables: DeliverableRow[];
  /** People of the actor's unit he may name to sign for it (a unit lead with delegate:acceptance), else empty. */
  delegates: { id: number; name: string }[];
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
      delegates: actor.unitId != null && can(actor, "delegate", "acceptance", { unitId: actor.unitId }) ? delegateChoices(db, actor.unitId, actor.id) : [],
      editing: editable ? { task: { id: task.id, code: task.code, title: task.title }, deliverable: getDeliverable(db, task.id), units: acceptingUnitOptions(db, task) } : null,
    };
  });
}
