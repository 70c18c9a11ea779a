// The freeze of a signed 责任清单: task and indicator updates ask `assertTaskNotFrozen` /
// `assertIndicatorNotFrozen` before they change a date, a target, a title or an owner of an item in a
// signed list. Approved change requests write through `applyTaskChange` and so are not stopped by the
// freeze: that is the way to change a signed list.
import type { DB } from "../../db/client";
import { all, exists, scalar } from "./sql.server";
import { DomainError } from "./errors";
import { FROZEN_INDICATOR_FIELDS, FROZEN_TASK_FIELDS, listYear } from "./responsibility";

type ListAt = { unitId: number; dueOn: string };

/**
 * The signed lists (`unitId:year`) read once, for a check of thousands of rows (an import's plan): pass it
 * to the asserts below instead of one query per row.
 */
export type SignedLists = ReadonlySet<string>;
export const signedLists = (db: DB): SignedLists => new Set(all<{ k: string }>(db, "SELECT unit_id || ':' || year AS k FROM responsibility_signoffs").map((r) => r.k));

/** Frozen = the unit has signed the list of the year of the item's due date. */
export function isFrozen(db: DB, at: ListAt, signed?: SignedLists): boolean {
  if (signed) return signed.has(`${at.unitId}:${listYear(at.dueOn)}`);
  return exists(db, "SELECT 1 FROM responsibility_signoffs WHERE unit_id = ? AND year = ?", at.unitId, listYear(at.dueOn));
}

export function assertListNotFrozen(db: DB, at: ListAt, signed?: SignedLists): void {
  if (!isFrozen(db, at, signed)) return;
  const unit = scalar<string>(db, "SELECT short_name FROM member_units WHERE id = ?", at.unitId);
  throw new DomainError("listFrozen", 409, { unit: unit ?? "", year: listYear(at.dueOn) });
}

/**
 * A change of a frozen field is refused when the item sits in a signed list before the change (it
 * would alter what was signed) or would land in one after it (it would add to a signed list).
 */
function assertNotFrozen(db: DB, frozen: readonly string[], changed: readonly string[], before: ListAt, after: ListAt, signed?: SignedLists) {
  if (!changed.some((f) => frozen.includes(f))) return;
  assertListNotFrozen(db, before, signed);
  if (after.unitId !== before.unitId || listYear(after.dueOn) !== listYear(before.dueOn)) assertListNotFrozen(db, after, signed);
}

type TaskLike = { ownerUnitId: number; dueOn: string };
export function assertTaskNotFrozen(db: DB, before: TaskLike, after: TaskLike, changed: readonly string[], signed?: SignedLists): void {
  assertNotFrozen(db, FROZEN_TASK_FIELDS, changed, { unitId: before.ownerUnitId, dueOn: before.dueOn }, { unitId: after.ownerUnitId, dueOn: after.dueOn }, signed);
}

type IndicatorLike = { responsibleUnitId: number; dueOn: string };
export function assertIndicatorNotFrozen(db: DB, before: IndicatorLike, after: IndicatorLike, changed: readonly string[], signed?: SignedLists): void {
  assertNotFrozen(
    db,
    FROZEN_INDICATOR_FIELDS,
    changed,
    { unitId: before.responsibleUnitId, dueOn: before.dueOn },
    { unitId: after.responsibleUnitId, dueOn: after.dueOn },
    signed,
  );
}
