// Member units: list, create, edit (kinds, SME / 专精特新 flags, joined/left dates).
import * as z from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { memberUnits } from "../../db/schema";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { unitSchema, unitUpdateSchema, type UnitInput } from "./units";

export type UnitRow = {
  id: number;
  name: string;
  shortName: string;
  kind: string;
  subKind: string | null;
  isSme: boolean;
  isSpecialized: boolean;
  isLittleGiant: boolean;
  district: string;
  creditCode: string;
  contact: string;
  externalProjects: number;
  joinedOn: string;
  leftOn: string | null;
  version: number;
};

/** `member`: 在册 on the clock's today (isMemberOn). */
export type UnitListRow = UnitRow & { people: number; tasks: number; leadProjects: number; member: boolean };

const SELECT = `SELECT m.id, m.name, m.short_name AS shortName, m.kind, m.sub_kind AS subKind, m.is_sme AS isSme,
  m.is_specialized AS isSpecialized, m.is_little_giant AS isLittleGiant, m.district, m.credit_code AS creditCode,
  m.contact, m.external_projects AS externalProjects, m.joined_on AS joinedOn, m.left_on AS leftOn, m.version
  FROM member_units m`;

/** SQLite's 0/1 flags as they are read, before they become booleans. */
type Flags<T> = Omit<T, "isSme" | "isSpecialized" | "isLittleGiant"> & { isSme: number; isSpecialized: number; isLittleGiant: number };

const toUnit = <T extends UnitRow>(r: Flags<T>): T => ({ ...r, isSme: !!r.isSme, isSpecialized: !!r.isSpecialized, isLittleGiant: !!r.isLittleGiant }) as T;

export function listUnits(db: DB): UnitListRow[] {
  const today = db.$clock.today();
  return all<Flags<Omit<UnitListRow, "member">>>(
    db,
    `${SELECT.replace(" FROM member_units m", `,
      (SELECT count(*) FROM users u WHERE u.unit_id = m.id AND u.active = 1) AS people,
      (SELECT count(*) FROM tasks t WHERE t.owner_unit_id = m.id AND t.archived_at IS NULL) AS tasks,
      (SELECT count(*) FROM projects p WHERE p.lead_unit_id = m.id) AS leadProjects
      FROM member_units m`)} ORDER BY m.left_on IS NOT NULL, CASE m.kind WHEN 'lead_enterprise' THEN 0 WHEN 'platform' THEN 1 ELSE 2 END, m.id`,
  ).map((r) => ({ ...toUnit(r), member: isMemberOn(r, today) }));
}

/** Every unit (those that left too), for the import's matching by name. */
export const allUnits = (db: DB): UnitRow[] => all<Flags<UnitRow>>(db, `${SELECT} ORDER BY m.id`).map(toUnit);

export const getUnit = (db: DB, id: number): UnitRow => toUnit(must(one<Flags<UnitRow>>(db, `${SELECT} WHERE m.id = ?`, id)));

/**
 * THE rule of membership ("在册"): a unit is a member on day D when it joined on or before D and has not
 * left by D (a unit that leaves on D is no longer a member that day). Live counts (home, 我的工作, the unit
 * list, soft rules) and the annual report use this one rule: `isMemberOn` for a row in hand,
 * `memberOnSql` inside a query.
 */
export const isMemberOn = (u: { joinedOn: string; leftOn: string | null }, day: string): boolean => u.joinedOn <= day && (u.leftOn == null || u.leftOn > day);

/** SQL condition of `isMemberOn` for the member_units row `alias`, the day bound as the named parameter `dayParam`. */
export const memberOnSql = (alias: string, dayParam = "@day") => `(${alias}.joined_on <= ${dayParam} AND (${alias}.left_on IS NULL OR ${alias}.left_on > ${dayParam}))`;

/** Member units on the clock's today. */
export const memberUnitCount = (db: DB, day = db.$clock.today()): number => scalar<number>(db, `SELECT count(*) FROM member_units m WHERE ${memberOnSql("m")}`, { day }) ?? 0;

/** Short names of all units, for pickers and card labels. */
export function unitOptions(db: DB): { id: number; name: string; shortName: string; active: boolean }[] {
  return all<{ id: number; name: string; shortName: string; active: number }>(db, "SELECT id, name, short_name AS shortName, left_on IS NULL AS active FROM member_units ORDER BY id").map(
    (u) => ({ ...u, active: !!u.active }),
  );
}

export { unitSchema, unitUpdateSchema };

export function assertUniqueName(db: DB, name: string, exceptId = 0) {
  if (exists(db, "SELECT 1 FROM member_units WHERE name = ? AND id != ?", name, exceptId)) throw new DomainError("unitNameTaken", 400);
}

/** The columns a unit form (or an imported row) writes (a sub-kind only for platforms and service bodies). */
export const unitColumns = (input: UnitInput) => ({
  name: input.name,
  shortName: input.shortName,
  kind: input.kind,
  subKind: input.kind === "platform" || input.kind === "service" ? (input.subKind ?? null) : null,
  isSme: input.isSme,
  isSpecialized: input.isSpecialized,
  isLittleGiant: input.isLittleGiant,
  district: input.district,
  creditCode: input.creditCode,
  contact: input.contact,
  externalProjects: input.externalProjects,
  joinedOn: input.joinedOn,
  leftOn: input.leftOn ?? null,
});

/** The admin's member pages: audited, followed by no board. */
export function createUnit(ctx: AppContext, actor: Actor, input: UnitInput): UnitRow {
  assertCan(actor, "create", "unit");
  const { db } = ctx;
  return commit(ctx, () => {
    const { row, events } = insertUnit(db, actor, input, []);
    return { result: row, events };
  });
}

/**
 * Inserts and audits a unit inside the caller's transaction (the admin's form, or an approved admission
 * request, which tells `boards`); returns the row and the events to publish.
 */
export function insertUnit(db: DB, actor: Actor, input: UnitInput, boards: string[]): { row: UnitRow; events: BoardEvent[] } {
  assertUniqueName(db, input.name);
  const c = unitColumns(input);
  const id = insert(
    db,
    `INSERT INTO member_units (name, short_name, kind, sub_kind, is_sme, is_specialized, is_little_giant, district,
      credit_code, contact, external_projects, joined_on, left_on, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.name, c.shortName, c.kind, c.subKind, c.isSme ? 1 : 0, c.isSpecialized ? 1 : 0, c.isLittleGiant ? 1 : 0, c.district,
    c.creditCode, c.contact, c.externalProjects, c.joinedOn, c.leftOn, db.$clock.nowIso(),
  );
  const row = getUnit(db, id);
  return { row, events: recordChange(db, { entity: "unit", id, action: "create", by: actor, before: null, after: row, boards }) };
}

/** Writes a unit's changed columns at the version read, audited as `unit.update`, inside the caller's transaction. */
export function writeUnit(db: DB, actor: Actor, before: UnitRow, set: Partial<typeof memberUnits.$inferInsert>, boards: string[]): { row: UnitRow; events: BoardEvent[] } {
  updateVersioned(db, memberUnits, before.id, before.version, { ...set, updatedAt: db.$clock.nowIso() });
  const row = getUnit(db, before.id);
  return { row, events: recordChange(db, { entity: "unit", id: row.id, action: "update", by: actor, before, after: row, boards }) };
}

export function updateUnit(ctx: AppContext, actor: Actor, input: z.infer<typeof unitUpdateSchema>): UnitRow {
  assertCan(actor, "update", "unit");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getUnit(db, input.id);
    assertVersion(before, input.version, before);
    assertUniqueName(db, input.name, input.id);
    const { row, events } = writeUnit(db, actor, before, unitColumns(input), []);
    return { result: row, events };
  });
}
