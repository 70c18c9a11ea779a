// Organs and goals as the secretariat keeps them (/admin/organs): members of the council (理事长, 副理事长,
// 理事), the expert committee, the chief scientist and secretariat staff, each with a term (since / until;
// an ended member stays listed); and the consortium's yearly and phase goals. Same rules as tasks:
// permission in the model, versioned rows, audit and a consortium-board event in one transaction.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { consortiumGoals, organMembers } from "../../db/schema";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one, run } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import type { z } from "zod";
import {
  goalRemoveSchema,
  goalSchema,
  goalUpdateSchema,
  organMemberEndSchema,
  organMemberSchema,
  organMemberUpdateSchema,
  type GoalInput,
  type OrganMemberInput,
} from "./governance";

export { goalRemoveSchema, goalSchema, goalUpdateSchema, organMemberEndSchema, organMemberSchema, organMemberUpdateSchema };

export type OrganMember = {
  id: number;
  organ: string;
  name: string;
  position: string;
  unitId: number | null;
  unitName: string | null;
  userId: number | null;
  sinceOn: string | null;
  untilOn: string | null;
  version: number;
};

const SELECT = `SELECT o.id, o.organ, o.name, o.position, o.unit_id AS unitId, m.short_name AS unitName, o.user_id AS userId,
  o.since_on AS sinceOn, o.until_on AS untilOn, o.version FROM organ_members o LEFT JOIN member_units m ON m.id = o.unit_id`;

/**
 * Whether a member sits in the organ on `day`: his term began on or before it (or has no start) and
 * has not ended before it (until_on is his last day).
 */
export const inOrganOn = (o: { sinceOn: string | null; untilOn: string | null }, day: string) => (o.sinceOn == null || o.sinceOn <= day) && (o.untilOn == null || o.untilOn >= day);

/** SQL twin of `inOrganOn` for the organ_members row `alias`, the day bound as `dayParam`. */
export const inOrganOnSql = (alias: string, dayParam = "@day") => `((${alias}.since_on IS NULL OR ${alias}.since_on <= ${dayParam}) AND (${alias}.until_on IS NULL OR ${alias}.until_on >= ${dayParam}))`;

/** Every member, sitting ones first within each organ. */
export function listOrganMembers(db: DB): (OrganMember & { current: boolean })[] {
  const today = db.$clock.today();
  return all<OrganMember>(db, `${SELECT} ORDER BY o.id`).map((o) => ({ ...o, current: inOrganOn(o, today) }));
}

const getMember = (db: DB, id: number): OrganMember => must(one<OrganMember>(db, `${SELECT} WHERE o.id = ?`, id));

/** Who may be picked: active users and member units (a person without an account is typed by name). */
export function organFormChoices(db: DB) {
  return {
    users: all<{ id: number; name: string; unitName: string | null }>(
      db,
      "SELECT u.id, u.display_name AS name, m.short_name AS unitName FROM users u LEFT JOIN member_units m ON m.id = u.unit_id WHERE u.active = 1 ORDER BY u.unit_id IS NULL, u.unit_id, u.id",
    ),
    units: all<{ id: number; name: string }>(db, "SELECT id, short_name AS name FROM member_units ORDER BY left_on IS NOT NULL, id"),
  };
}

/** A picked user gives the row his name and unit (unless another unit is chosen). */
function resolveMember(db: DB, input: OrganMemberInput) {
  let { name, unitId } = input;
  if (input.userId != null) {
    const u = one<{ name: string; unitId: number | null }>(db, "SELECT display_name AS name, unit_id AS unitId FROM users WHERE id = ?", input.userId);
    if (!u) throw notFound();
    name = name || u.name;
    unitId = unitId ?? u.unitId ?? undefined;
  }
  if (unitId != null && !exists(db, "SELECT 1 FROM member_units WHERE id = ?", unitId)) throw notFound();
  return { organ: input.organ, name, position: input.position, unitId: unitId ?? null, userId: input.userId ?? null, sinceOn: input.sinceOn ?? null, untilOn: input.untilOn ?? null };
}

function assertNotSitting(db: DB, organ: string, userId: number | null, exceptId = 0) {
  if (userId != null && exists(db, "SELECT 1 FROM organ_members WHERE organ = ? AND user_id = ? AND until_on IS NULL AND id != ?", organ, userId, exceptId)) {
    throw new DomainError("organMemberTwice", 400);
  }
}

const change = (db: DB, actor: Actor, id: number, action: string, before: OrganMember | null, after: OrganMember) =>
  recordChange(db, { entity: "organ_member", id, action, by: actor, before, after, boards: [CONSORTIUM_BOARD] });

export function addOrganMember(ctx: AppContext, actor: Actor, input: OrganMemberInput): OrganMember {
  assertCan(actor, "update", "organ");
  const { db } = ctx;
  return commit(ctx, () => {
    const v = resolveMember(db, input);
    assertNotSitting(db, v.organ, v.userId);
    const id = insert(
      db,
      "INSERT INTO organ_members (organ, name, position, unit_id, user_id, since_on, until_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
      v.organ, v.name, v.position, v.unitId, v.userId, v.sinceOn, v.untilOn,
    );
    const after = getMember(db, id);
    return { result: after, events: change(db, actor, id, "create", null, after) };
  });
}

export function updateOrganMember(ctx: AppContext, actor: Actor, input: z.infer<typeof organMemberUpdateSchema>): OrganMember {
  assertCan(actor, "update", "organ");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getMember(db, input.id);
    assertVersion(before, input.version, before);
    const v = resolveMember(db, input);
    if (v.untilOn == null) assertNotSitting(db, v.organ, v.userId, before.id);
    updateVersioned(db, organMembers, before.id, before.version, v);
    const after = getMember(db, before.id);
    return { result: after, events: change(db, actor, after.id, "update", before, after) };
  });
}

/** Ends a term: the member stays in the list (and in past years' reports), no longer counted after the day. */
export function endOrganMember(ctx: AppContext, actor: Actor, input: z.infer<typeof organMemberEndSchema>): OrganMember {
  assertCan(actor, "update", "organ");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getMember(db, input.id);
    assertVersion(before, input.version, before);
    if (before.sinceOn && input.untilOn < before.sinceOn) throw new DomainError("datesOrder", 400);
    updateVersioned(db, organMembers, before.id, before.version, { untilOn: input.untilOn });
    const after = getMember(db, before.id);
    return { result: after, events: change(db, actor, after.id, "end", before, after) };
  });
}

// ---------------------------------------------------------------------------------------------------
// Goals per year and phase (the consortium's goal period is on its profile)

export type Goal = { id: number; year: number; phase: string; goal: string; version: number };
const getGoal = (db: DB, id: number): Goal => must(one<Goal>(db, "SELECT id, year, phase, goal, version FROM consortium_goals WHERE id = ?", id));
export const listGoalRows = (db: DB): Goal[] => all<Goal>(db, "SELECT id, year, phase, goal, version FROM consortium_goals ORDER BY year, id");

const goalChange = (db: DB, actor: Actor, id: number, action: string, before: Goal | null, after: Goal | null) =>
  recordChange(db, { entity: "goal", id, action, by: actor, before, after, boards: [CONSORTIUM_BOARD] });

export function addGoal(ctx: AppContext, actor: Actor, input: GoalInput): Goal {
  assertCan(actor, "update", "goal");
  const { db } = ctx;
  return commit(ctx, () => {
    const consortiumId = one<{ id: number }>(db, "SELECT id FROM consortium ORDER BY id LIMIT 1");
    if (!consortiumId) throw notFound();
    const id = insert(db, "INSERT INTO consortium_goals (consortium_id, year, phase, goal) VALUES (?, ?, ?, ?)", consortiumId.id, input.year, input.phase, input.goal);
    const after = getGoal(db, id);
    return { result: after, events: goalChange(db, actor, id, "create", null, after) };
  });
}

export function updateGoal(ctx: AppContext, actor: Actor, input: z.infer<typeof goalUpdateSchema>): Goal {
  assertCan(actor, "update", "goal");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getGoal(db, input.id);
    assertVersion(before, input.version, before);
    updateVersioned(db, consortiumGoals, before.id, before.version, { year: input.year, phase: input.phase, goal: input.goal });
    const after = getGoal(db, before.id);
    return { result: after, events: goalChange(db, actor, after.id, "update", before, after) };
  });
}

export function removeGoal(ctx: AppContext, actor: Actor, input: z.infer<typeof goalRemoveSchema>): Goal {
  assertCan(actor, "update", "goal");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getGoal(db, input.id);
    assertVersion(before, input.version, before);
    run(db, "DELETE FROM consortium_goals WHERE id = ?", before.id);
    return { result: before, events: goalChange(db, actor, before.id, "remove", before, null) };
  });
}
