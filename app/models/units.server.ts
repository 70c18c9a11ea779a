// Member units: list, create, edit (kinds, SME / 专精特新 flags, joined/left dates).
import { z } from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { assertCan, assertVersion } from "./guard.server";
import { appendAudit } from "./audit.server";
import { DomainError, notFound } from "./errors";
import { unitSchema, unitUpdateSchema } from "./units";

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

export type UnitListRow = UnitRow & { people: number; tasks: number; leadProjects: number };

const SELECT = `SELECT m.id, m.name, m.short_name AS shortName, m.kind, m.sub_kind AS subKind, m.is_sme AS isSme,
  m.is_specialized AS isSpecialized, m.is_little_giant AS isLittleGiant, m.district, m.credit_code AS creditCode,
  m.contact, m.external_projects AS externalProjects, m.joined_on AS joinedOn, m.left_on AS leftOn, m.version
  FROM member_units m`;

const toUnit = <T extends Record<string, unknown>>(r: T) =>
  ({ ...r, isSme: !!r.isSme, isSpecialized: !!r.isSpecialized, isLittleGiant: !!r.isLittleGiant }) as unknown as T &
    Pick<UnitRow, "isSme" | "isSpecialized" | "isLittleGiant">;

export function listUnits(db: DB): UnitListRow[] {
  const rows = db.$client
    .prepare(
      `${SELECT.replace(" FROM member_units m", `,
        (SELECT count(*) FROM users u WHERE u.unit_id = m.id AND u.active = 1) AS people,
        (SELECT count(*) FROM tasks t WHERE t.owner_unit_id = m.id AND t.archived_at IS NULL) AS tasks,
        (SELECT count(*) FROM projects p WHERE p.lead_unit_id = m.id) AS leadProjects
        FROM member_units m`)} ORDER BY m.left_on IS NOT NULL, CASE m.kind WHEN 'lead_enterprise' THEN 0 WHEN 'platform' THEN 1 ELSE 2 END, m.id`,
    )
    .all() as Record<string, unknown>[];
  return rows.map(toUnit) as unknown as UnitListRow[];
}

export function getUnit(db: DB, id: number): UnitRow {
  const row = db.$client.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Record<string, unknown> | undefined;
  if (!row) throw notFound();
  return toUnit(row) as unknown as UnitRow;
}

/** Short names of all units, for pickers and card labels. */
export function unitOptions(db: DB): { id: number; name: string; shortName: string; active: boolean }[] {
  return (
    db.$client.prepare("SELECT id, name, short_name AS shortName, left_on IS NULL AS active FROM member_units ORDER BY id").all() as {
      id: number;
      name: string;
      shortName: string;
      active: number;
    }[]
  ).map((u) => ({ ...u, active: !!u.active }));
}

export { unitSchema, unitUpdateSchema };

export function assertUniqueName(db: DB, name: string, exceptId = 0) {
  const clash = db.$client.prepare("SELECT id FROM member_units WHERE name = ? AND id != ?").get(name, exceptId);
  if (clash) throw new DomainError("unitNameTaken", 400);
}

function toParams(input: z.infer<typeof unitSchema>) {
  return {
    ...input,
    subKind: input.kind === "platform" || input.kind === "service" ? (input.subKind ?? null) : null,
    isSme: input.isSme ? 1 : 0,
    isSpecialized: input.isSpecialized ? 1 : 0,
    isLittleGiant: input.isLittleGiant ? 1 : 0,
    leftOn: input.leftOn ?? null,
  };
}

export function createUnit(ctx: AppContext, actor: Actor, input: z.infer<typeof unitSchema>): UnitRow {
  assertCan(actor, "create", "unit");
  const { db } = ctx;
  return db.transaction(() => insertUnit(db, actor, input));
}

/** Inserts and audits a unit inside the caller's transaction (also an approved admission request). */
export function insertUnit(db: DB, actor: Actor, input: z.infer<typeof unitSchema>): UnitRow {
  assertUniqueName(db, input.name);
  const { lastInsertRowid } = db.$client
    .prepare(
      `INSERT INTO member_units (name, short_name, kind, sub_kind, is_sme, is_specialized, is_little_giant, district,
        credit_code, contact, external_projects, joined_on, left_on, updated_at)
       VALUES (@name, @shortName, @kind, @subKind, @isSme, @isSpecialized, @isLittleGiant, @district, @creditCode,
        @contact, @externalProjects, @joinedOn, @leftOn, @now)`,
    )
    .run({ ...toParams(input), now: db.$clock.nowIso() });
  const after = getUnit(db, Number(lastInsertRowid));
  appendAudit(db, { userId: actor.id, action: "unit.create", entity: "unit", entityId: after.id, after });
  return after;
}

export function updateUnit(ctx: AppContext, actor: Actor, input: z.infer<typeof unitUpdateSchema>): UnitRow {
  assertCan(actor, "update", "unit");
  const { db } = ctx;
  return db.transaction(() => {
    const before = getUnit(db, input.id);
    assertVersion(before, input.version, before);
    assertUniqueName(db, input.name, input.id);
    db.$client
      .prepare(
        `UPDATE member_units SET name=@name, short_name=@shortName, kind=@kind, sub_kind=@subKind, is_sme=@isSme,
          is_specialized=@isSpecialized, is_little_giant=@isLittleGiant, district=@district, credit_code=@creditCode,
          contact=@contact, external_projects=@externalProjects, joined_on=@joinedOn, left_on=@leftOn,
          version = version + 1, updated_at = @now WHERE id = @id`,
      )
      .run({ ...toParams(input), id: input.id, now: db.$clock.nowIso() });
    const after = getUnit(db, input.id);
    appendAudit(db, { userId: actor.id, action: "unit.update", entity: "unit", entityId: input.id, before, after });
    return after;
  });
}
