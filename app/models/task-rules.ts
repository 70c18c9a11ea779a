// Task rules shared by the server and the board UI, without the write schemas (tasks.ts, which also
// re-exports these): the row, which status moves are allowed (not into or out of the process-owned
// statuses), field-level conflict detection, the overdue test and the board order. The board's first
// load reads only this module, so it carries no zod.
import { differenceInCalendarDays, parseISO } from "date-fns";
import type { TaskStatus } from "./domain";
import type { ErrorCode } from "../i18n/catalog";

export type TaskRow = {
  id: number;
  projectId: number;
  code: string;
  title: string;
  description: string;
  ownerUnitId: number;
  ownerUserId: number | null;
  startOn: string;
  dueOn: string;
  status: TaskStatus;
  position: string;
  progress: number;
  isKey: boolean;
  archivedAt: string | null;
  version: number;
  /** field -> task version at which it last changed */
  fieldVersions: Record<string, number>;
  updatedAt: string;
  updatedBy: number | null;
};

/** Fields a user edits in the card drawer. Status and position change only through a move. */
export const EDITABLE_FIELDS = ["title", "description", "ownerUnitId", "ownerUserId", "startOn", "dueOn", "progress", "isKey"] as const;

/**
 * Statuses owned by a process, entered and left only through it, never by a move: 待销号 (a close-out
 * proposal puts a task there; approval, return or withdrawal takes it out), 已销号 (approval; final) and
 * 已暂停 (an approved change request suspends, another resumes).
 */
export const PROCESS_STATUSES: readonly TaskStatus[] = ["pending_closeout", "closed", "suspended"];

/** Why a move (drag, keyboard, socket, HTTP) from one status to another is refused, or null when allowed. */
export function moveRefusal(from: TaskStatus, to: TaskStatus): ErrorCode | null {
  if (from === to) return null; // reordering within a column
  if (from === "closed") return "closedIsFinal";
  if (to === "closed") return "closeOnlyByCloseout";
  if (from === "pending_closeout") return "pendingLeavesByCloseout";
  if (to === "pending_closeout") return "pendingOnlyByProposal";
  if (from === "suspended") return "resumeOnlyByChange";
  if (to === "suspended") return "suspendOnlyByChange";
  return null;
}

/**
 * Fields of `patch` that someone else changed after `seenVersion` (and that the patch sets to a
 * different value). Non-empty means the write would silently overwrite another person's edit.
 */
export function conflictingFields(row: TaskRow, seenVersion: number, fields: string[]): string[] {
  return fields.filter((f) => (row.fieldVersions[f] ?? 0) > seenVersion);
}

/**
 * What a task event tells of the card before the change (payload `was`; null when created): enough for a
 * board that never loaded the card to take it out of the right column's count.
 */
export type TaskPlace = Pick<TaskRow, "status" | "projectId" | "ownerUnitId" | "ownerUserId" | "dueOn" | "archivedAt">;
export const placeOf = (t: TaskPlace | null): TaskPlace | null =>
  t && { status: t.status, projectId: t.projectId, ownerUnitId: t.ownerUnitId, ownerUserId: t.ownerUserId, dueOn: t.dueOn, archivedAt: t.archivedAt };

export function isOverdue(t: Pick<TaskRow, "dueOn" | "status">, today: string): boolean {
  return t.dueOn < today && (t.status === "not_started" || t.status === "in_progress");
}

/** isOverdue as an SQL condition on a tasks row (`prefix`: its alias with the dot); one parameter, today. */
export const overdueSql = (prefix = "") => `${prefix}due_on < ? AND ${prefix}status IN ('not_started', 'in_progress')`;

export function daysOverdue(t: Pick<TaskRow, "dueOn">, today: string): number {
  return differenceInCalendarDays(parseISO(today), parseISO(t.dueOn));
}

/** Board order: status column, then fractional key (plain string comparison, never locale-aware). */
export function byPosition(a: Pick<TaskRow, "position" | "id">, b: Pick<TaskRow, "position" | "id">): number {
  return a.position < b.position ? -1 : a.position > b.position ? 1 : a.id - b.id;
}
