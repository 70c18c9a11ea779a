// 任务动态调整 (art. 9): proposals to suspend (中止) or resume (恢复), adjust (调整), merge (合并) or add
// (新增) tasks, and to admit or remove member units. 已暂停 is entered and left only this way (tasks.ts). Each request keeps a snapshot of what it changes as it was when proposed
// (`before`) and what it asks for (`after`), shown side by side; it is applied atomically on approval.
//
// Who decides (issue: "chief scientist for tasks; council for member changes, settings"):
// - task kinds need `approve:change` (the chief scientist); the council does NOT approve task changes
//   (its default grant `approve:change:any` was dropped for that reason, see permissions.ts);
// - member kinds need `approve:member` (the council); the chief scientist cannot admit or remove units.
// Who proposes: `propose:change` (unit lead for his unit's tasks, project lead for his project's) for
// task kinds; `propose:member` (the secretariat, which manages the membership) for member kinds.
//
// merge_tasks (B into A): A keeps its identity and widens its dates to cover both; B is suspended and
// archived (it leaves the boards, its history stays) with `mergedInto: A` recorded in the request;
// B's indicators move to A.
import * as z from "zod";
import { unitSchema } from "./units";
import { checkTarget, indicatorDraftFields } from "./indicators";
import { can, type Grantee, type Target } from "./permissions";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";

export const CHANGE_KINDS = ["suspend_task", "resume_task", "adjust_task", "merge_tasks", "add_task", "admit_unit", "remove_unit"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const MEMBER_KINDS: readonly ChangeKind[] = ["admit_unit", "remove_unit"];
export const isMemberKind = (k: ChangeKind) => MEMBER_KINDS.includes(k);

export const CHANGE_STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** The permission entity that proposing and deciding a kind needs: `propose|approve:<entity>:<scope>`. */
export const proposeEntity = (k: ChangeKind) => (isMemberKind(k) ? "member" : "change");
export const approveEntity = (k: ChangeKind) => (isMemberKind(k) ? "member" : "change");

/** What an approval's scope is matched against: the request's project (a unit's removal: that unit). */
export const decisionTarget = (v: { kind: ChangeKind; projectId: number | null; targetId: number | null }): Target => ({
  projectId: v.projectId,
  unitId: v.kind === "remove_unit" ? v.targetId : undefined,
});

/** Whether a user may decide a request (the same check the server makes): the right for its kind, never his own. */
export const canDecide = (user: Grantee, v: { kind: ChangeKind; projectId: number | null; targetId: number | null; requestedBy: number }) =>
  v.requestedBy !== user.id && can(user, "approve", approveEntity(v.kind), decisionTarget(v));

/** Audit action names written on a task by an approved request (task history shows them). */
export const TASK_CHANGE_ACTIONS = {
  suspend_task: "change_suspend",
  resume_task: "change_resume",
  adjust_task: "change_adjust",
  merge_tasks: "change_merge",
  merged_into: "change_merged_into",
  add_task: "change_add",
} as const;

// -------------------------------------------------------------------------------------------- payloads

const reason = requiredText(1000);

export const suspendTaskSchema = z.object({ kind: z.literal("suspend_task"), reason, taskId: id }).strict();

/** A suspended task goes back to 进行中 when approved. */
export const resumeTaskSchema = z.object({ kind: z.literal("resume_task"), reason, taskId: id }).strict();

export const indicatorAdjustSchema = z
  .object({ id, target: z.number().finite().optional(), dueOn: isoDate.optional() })
  .strict();

/** Only the fields present change; the server drops the ones equal to the current values. */
export const adjustTaskSchema = z
  .object({
    kind: z.literal("adjust_task"),
    reason,
    taskId: id,
    title: requiredText(120).optional(),
    startOn: isoDate.optional(),
    dueOn: isoDate.optional(),
    ownerUnitId: id.optional(),
    ownerUserId: id.nullable().optional(),
    indicators: z.array(indicatorAdjustSchema).max(50).optional(),
  })
  .strict()
  .refine((p) => !p.startOn || !p.dueOn || p.dueOn >= p.startOn, { message: msg("errors.datesOrder"), path: ["dueOn"] });

export const mergeTasksSchema = z
  .object({ kind: z.literal("merge_tasks"), reason, taskId: id, mergeId: id })
  .strict()
  .refine((p) => p.taskId !== p.mergeId, { message: msg("changes.mergeSame"), path: ["mergeId"] });

const indicatorDraftSchema = indicatorDraftFields.strict().superRefine(checkTarget);

/** Task codes typed in one field ("RX01-T03, RX01-T05", full-width commas and spaces too), or a list. */
const taskCodes = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,，、;；\s]+/).filter(Boolean) : v),
  z.array(z.string().trim().min(1).max(40)).max(20).default([]),
);

export const addTaskSchema = z
  .object({
    kind: z.literal("add_task"),
    reason,
    projectId: id,
    title: requiredText(120),
    description: optionalText(4000),
    ownerUnitId: id,
    ownerUserId: id.nullable().optional(),
    startOn: isoDate,
    dueOn: isoDate,
    isKey: z.boolean().default(false),
    /** The new task's indicators (its owner unit answers for them). */
    indicators: z.array(indicatorDraftSchema).max(50).default([]),
    /** Codes of existing tasks it waits for (predecessors) and that will wait for it (successors). */
    predecessors: taskCodes,
    successors: taskCodes,
  })
  .strict()
  .refine((p) => p.dueOn >= p.startOn, { message: msg("errors.datesOrder"), path: ["dueOn"] });

export const admitUnitSchema = z.object({ kind: z.literal("admit_unit"), reason, unit: unitSchema }).strict();

export const removeUnitSchema = z.object({ kind: z.literal("remove_unit"), reason, unitId: id, leftOn: isoDate }).strict();

/** One schema for the propose form, the action and the model: the kind picks the payload's shape. */
export const changeProposeSchema = z.discriminatedUnion("kind", [
  suspendTaskSchema,
  resumeTaskSchema,
  adjustTaskSchema,
  mergeTasksSchema,
  addTaskSchema,
  admitUnitSchema,
  removeUnitSchema,
]);
export type ChangeProposeInput = z.infer<typeof changeProposeSchema>;
export type ChangePayload = ChangeProposeInput extends infer P ? (P extends unknown ? Omit<P, "reason"> : never) : never;
export type PayloadOf<K extends ChangeKind> = Extract<ChangePayload, { kind: K }>;

export const changeDecideSchema = z.object({ id, version }).strict();
export const changeApproveSchema = z.object({ id, version, comment: optionalText(1000) }).strict();
export type ChangeApproveInput = z.infer<typeof changeApproveSchema>;
export type ChangeDecideInput = z.infer<typeof changeDecideSchema>;
export const changeRejectSchema = z.object({ id, version, comment: requiredText(1000) }).strict();
export type ChangeRejectInput = z.infer<typeof changeRejectSchema>;

// ------------------------------------------------------------------------------------------- snapshots

/** subject ("task:12", "indicator:5", "unit:7", "task:new", "unit:new") -> field -> value. */
export type Snapshot = Record<string, Record<string, unknown>>;

export type DiffRow = { subject: string; field: string; from: unknown; to: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field differences, subjects in the order they appear (before first, then new ones). */
export function diffOf(before: Snapshot, after: Snapshot): DiffRow[] {
  const rows: DiffRow[] = [];
  const subjects = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const subject of subjects) {
    const b = before[subject] ?? {};
    const a = after[subject] ?? {};
    const isNew = !(subject in before);
    for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
      if (!(field in a)) continue; // a field the change does not touch
      if (isNew && (a[field] == null || a[field] === "" || a[field] === false || a[field] === 0)) continue; // nothing to say about a new row's blank field
      if (!same(b[field], a[field])) rows.push({ subject, field, from: field in b ? b[field] : null, to: a[field] });
    }
  }
  return rows;
}

/** Whether the rows a request was made against are still as they were (else approving is refused). */
export const sameSnapshot = (a: Snapshot, b: Snapshot) => same(canonical(a), canonical(b));
function canonical(s: Snapshot): unknown {
  return Object.keys(s)
    .sort()
    .map((k) => [k, Object.keys(s[k]!).sort().map((f) => [f, s[k]![f] ?? null])]);
}

/** Where an approved resume puts a task. */
export const RESUMED_STATUS = "in_progress";

const TASK_FIELDS = ["title", "startOn", "dueOn", "ownerUnitId", "ownerUserId"] as const;

/**
 * What the request asks for, as a snapshot of the same subjects as `before` (plus new ones).
 * Pure: the server applies exactly this, and the UI shows it against `before`.
 */
export function afterOf(p: ChangePayload, before: Snapshot): Snapshot {
  switch (p.kind) {
    case "suspend_task":
      return { [`task:${p.taskId}`]: { status: "suspended" } };
    case "resume_task":
      return { [`task:${p.taskId}`]: { status: RESUMED_STATUS } };
    case "adjust_task": {
      const task: Record<string, unknown> = {};
      for (const f of TASK_FIELDS) if (p[f] !== undefined) task[f] = p[f];
      const out: Snapshot = { [`task:${p.taskId}`]: task };
      for (const i of p.indicators ?? []) {
        const ind: Record<string, unknown> = {};
        if (i.target !== undefined) ind.target = i.target;
        if (i.dueOn !== undefined) ind.dueOn = i.dueOn;
        out[`indicator:${i.id}`] = ind;
      }
      return out;
    }
    case "merge_tasks": {
      const a = before[`task:${p.taskId}`] ?? {};
      const b = before[`task:${p.mergeId}`] ?? {};
      const out: Snapshot = {
        [`task:${p.taskId}`]: { startOn: minDate(a.startOn, b.startOn), dueOn: maxDate(a.dueOn, b.dueOn) },
        [`task:${p.mergeId}`]: { status: "suspended", archived: true, mergedInto: p.taskId },
      };
      for (const s of Object.keys(before)) if (s.startsWith("indicator:")) out[s] = { taskId: p.taskId };
      return out;
    }
    case "add_task": {
      const { kind: _k, indicators, predecessors, successors, ...task } = p;
      // Lists only when they say something (a new row's blank fields are left out of its diff).
      const lists = { ...(indicators?.length ? { indicators } : {}), ...(predecessors?.length ? { predecessors } : {}), ...(successors?.length ? { successors } : {}) };
      return { "task:new": { ...task, ownerUserId: task.ownerUserId ?? null, ...lists } };
    }
    case "admit_unit":
      return { "unit:new": { ...p.unit } };
    case "remove_unit":
      return { [`unit:${p.unitId}`]: { leftOn: p.leftOn } };
  }
}

const minDate = (a: unknown, b: unknown) => (String(a) < String(b) ? a : b);
const maxDate = (a: unknown, b: unknown) => (String(a) > String(b) ? a : b);

/** Fields whose values are ids the server replaces with names for display. */
export const NAMED_FIELDS = ["ownerUnitId", "ownerUserId", "projectId", "taskId", "mergedInto"] as const;

/** A request's own fields, as stored (with the requester's and decider's names). */
export type ChangeRecord = {
  id: number;
  kind: ChangeKind;
  status: ChangeStatus;
  projectId: number | null;
  projectCode: string | null;
  targetId: number | null;
  reason: string;
  requestedBy: number;
  requesterName: string;
  requestedAt: string;
  decidedBy: number | null;
  deciderName: string | null;
  decidedAt: string | null;
  decisionComment: string;
  version: number;
};

/** The request as everyone sees it: its record plus the diff with names resolved. */
export type ChangeView = ChangeRecord & {
  /** e.g. "RX01-T03 谐波减速器齿形优化设计" or the unit's name. */
  targetLabel: string;
  /** Task ids the request touches (for the task drawer's list). */
  taskIds: number[];
  /** Unit ids the request touches (owner units before and after), for "own-unit" views. */
  unitIds: number[];
  /** subject -> label ("RX01-T03 …", an indicator's or a new unit's name). */
  subjects: Record<string, string>;
  diff: DiffRow[];
  /** Pending only: the rows changed since the request was made (approving is refused until re-proposed). */
  stale: DiffRow[];
};

export type ChangeListFilter = { status?: "pending" | "decided"; kind?: ChangeKind; projectId?: number; taskId?: number };

export const changeFilterSchema = z
  .object({
    status: z.enum(["pending", "decided"]).optional(),
    kind: z.enum(CHANGE_KINDS).optional(),
    project: z.coerce.number().pipe(id).optional(),
  })
  .strip();
