// The results registry on the server: list, create, edit and "mark in use". Each write is one
// transaction (result row + sharing units + audit row + "result.upserted" on the consortium board and the
// project's board); the events publish after commit, so every open registry updates live.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { results } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, insert, must, one, run } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { can, type Grantee } from "./permissions";
import { DomainError } from "./errors";
import { projectOptions } from "./projects.server";
import type { ResultInput, ResultOptions, ResultRow, ResultUseInput } from "./results";

type Raw = Omit<ResultRow, "sharingUnitIds" | "sharingUnitNames" | "isCommonTech" | "inUse"> & {
  isCommonTech: number;
  inUse: number;
  sharing: string | null;
};

const SELECT = `
  SELECT r.id, r.kind, r.title, r.registration_no AS registrationNo, r.project_id AS projectId, p.code AS projectCode,
         r.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName, r.obtained_on AS obtainedOn,
         r.is_common_tech AS isCommonTech, r.in_use AS inUse, r.use_where AS useWhere, r.created_by AS createdBy,
         u.display_name AS createdByName, r.created_at AS createdAt, r.version,
         (SELECT json_group_array(json_array(s.unit_id, sm.short_name)) FROM
            (SELECT rs.unit_id FROM result_sharing_units rs WHERE rs.result_id = r.id ORDER BY rs.unit_id) s
            JOIN member_units sm ON sm.id = s.unit_id) AS sharing
  FROM results r
  JOIN member_units m ON m.id = r.owner_unit_id
  LEFT JOIN projects p ON p.id = r.project_id
  JOIN users u ON u.id = r.created_by`;

function toRow(r: Raw): ResultRow {
  const sharing = JSON.parse(r.sharing ?? "[]") as [number, string][];
  const { sharing: _s, ...rest } = r;
  return {
    ...rest,
    isCommonTech: Boolean(r.isCommonTech),
    inUse: Boolean(r.inUse),
    sharingUnitIds: sharing.map((s) => s[0]),
    sharingUnitNames: sharing.map((s) => s[1]),
  };
}

export const getResult = (db: DB, id: number): ResultRow => toRow(must(one<Raw>(db, `${SELECT} WHERE r.id = ?`, id)));

/** Who may read the registry: everyone who reads the consortium's reports (experts read checks instead). */
export const canReadResults = (who: Grantee) => can(who, "read", "report");

/** The whole registry, newest right first (results without a date last); for the report and exports. */
export function allResults(db: DB): ResultRow[] {
  return all<Raw>(db, `${SELECT} ORDER BY r.obtained_on IS NULL, r.obtained_on DESC, r.id DESC`).map(toRow);
}

/** The registry as the actor may read it. */
export function listResults(db: DB, actor: Actor): ResultRow[] {
  if (!canReadResults(actor)) throw new DomainError("forbidden", 403);
  return allResults(db);
}

/** Choices of the form: current member units and the projects with their participating units. */
export function resultOptions(db: DB): ResultOptions {
  const units = all<ResultOptions["units"][number]>(db, "SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL ORDER BY id");
  const projects = projectOptions(db).map(({ id, code, name, unitIds }) => ({ id, code, name, unitIds }));
  return { units, projects };
}

const targetOf = (r: { ownerUnitId: number; projectId?: number | null }) => ({ unitId: r.ownerUnitId, projectId: r.projectId ?? null });

/** The owner is a current member unit, taking part in the project when one is named; sharing units exist. */
function assertReferences(db: DB, input: ResultInput): number[] {
  const unit = one<{ leftOn: string | null }>(db, "SELECT left_on AS leftOn FROM member_units WHERE id = ?", input.ownerUnitId);
  if (!unit || unit.leftOn) throw new DomainError("invalid", 400, { ownerUnitId: input.ownerUnitId });
  if (input.projectId != null) {
    const p = resultOptions(db).projects.find((x) => x.id === input.projectId);
    if (!p) throw new DomainError("invalid", 400, { projectId: input.projectId });
    if (!p.unitIds.includes(input.ownerUnitId)) throw new DomainError("unitNotInProject", 400);
  }
  const sharing = [...new Set(input.sharingUnitIds)].filter((u) => u !== input.ownerUnitId);
  const known = new Set(column<number>(db, "SELECT id FROM member_units"));
  if (sharing.some((u) => !known.has(u))) throw new DomainError("invalid", 400, { sharingUnitIds: sharing });
  return sharing.sort((a, b) => a - b);
}

/** Audit + event on the consortium board and the boards of the projects it was and is of. */
const record = (db: DB, actor: Actor, action: string, before: ResultRow | null, after: ResultRow): BoardEvent[] =>
  recordChange(db, { entity: "result", id: after.id, action, by: actor, before, after, boards: boardsOf(before?.projectId, after.projectId) });

function writeSharing(db: DB, resultId: number, unitIds: number[]) {
  run(db, "DELETE FROM result_sharing_units WHERE result_id = ?", resultId);
  for (const u of unitIds) run(db, "INSERT INTO result_sharing_units (result_id, unit_id) VALUES (?, ?)", resultId, u);
}

const columns = (input: ResultInput) => ({
  kind: input.kind,
  title: input.title,
  registrationNo: input.registrationNo,
  projectId: input.projectId ?? null,
  ownerUnitId: input.ownerUnitId,
  obtainedOn: input.obtainedOn ?? null,
  isCommonTech: input.isCommonTech,
  inUse: input.inUse,
  useWhere: input.inUse ? input.useWhere : "",
});

/** Registers a result. Unit members register their own unit's, project leads their project's, the secretariat any. */
export function createResult(ctx: AppContext, actor: Actor, input: ResultInput): ResultRow {
  const { db } = ctx;
  assertCan(actor, "create", "result", targetOf(input));
  return commit(ctx, () => {
    const sharing = assertReferences(db, input);
    const c = columns(input);
    const id = insert(
      db,
      `INSERT INTO results (kind, title, registration_no, project_id, owner_unit_id, obtained_on, is_common_tech, in_use, use_where, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      c.kind, c.title, c.registrationNo, c.projectId, c.ownerUnitId, c.obtainedOn, c.isCommonTech ? 1 : 0, c.inUse ? 1 : 0, c.useWhere, actor.id, db.$clock.nowIso(),
    );
    writeSharing(db, id, sharing);
    const row = getResult(db, id);
    return { result: row, events: record(db, actor, "create", null, row) };
  });
}

/** Optimistic write of one result: rights on the row as it is and as it will be, version, then the patch. */
function change(ctx: AppContext, actor: Actor, action: string, idv: { id: number; version: number }, apply: (before: ResultRow) => ResultInput): ResultRow {
  const { db } = ctx;
  const current = getResult(db, idv.id);
  assertCan(actor, "update", "result", targetOf(current));
  return commit(ctx, () => {
    const before = getResult(db, idv.id);
    assertVersion(before, idv.version, before);
    const next = apply(before);
    assertCan(actor, "update", "result", targetOf(next));
    const sharing = assertReferences(db, next);
    updateVersioned(db, results, before.id, before.version, columns(next), () => before);
    writeSharing(db, before.id, sharing);
    const row = getResult(db, before.id);
    return { result: row, events: record(db, actor, action, before, row) };
  });
}

export function updateResult(ctx: AppContext, actor: Actor, input: ResultInput & { id: number }): ResultRow {
  return change(ctx, actor, "update", { id: input.id, version: input.version }, () => input);
}

/** Marks a result as put to use (where); this stops its 先用后转 clock. */
export function markResultInUse(ctx: AppContext, actor: Actor, input: ResultUseInput): ResultRow {
  return change(ctx, actor, "use", input, (r) => ({
    kind: r.kind,
    title: r.title,
    registrationNo: r.registrationNo,
    projectId: r.projectId ?? undefined,
    ownerUnitId: r.ownerUnitId,
    obtainedOn: r.obtainedOn ?? undefined,
    isCommonTech: r.isCommonTech,
    inUse: true,
    useWhere: input.useWhere,
    sharingUnitIds: r.sharingUnitIds,
    version: r.version,
  }));
}
