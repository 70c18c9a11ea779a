// Key technologies (关键技术) as the pages read them: each technology with its V-model iterations, the
// items on the two legs of the V with their linked tasks, its TRL claims with evidence and the project's
// responsible experts (TechnologyRow, the row every "vmodel.upserted" / "trl.upserted" event carries).
// Writes: vmodel.server.ts (the V model) and trl.server.ts (claims and decisions).
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { all, must, one, placeholders } from "./sql.server";
import { DomainError } from "./errors";
import { can, type Grantee } from "./permissions";
import { listEvidence } from "./evidence.server";
import type { ClaimRow, ItemRow, IterationRow, LinkedTask, TechnologyRow } from "./vmodel";

export const TRL_CLAIM_SUBJECT = "trl_claim";

// ---------------------------------------------------------------------------------------------- reads

export type TechBase = Omit<TechnologyRow, "experts" | "iterations" | "claims">;

const TECH_SELECT = `
  SELECT k.id, k.project_id AS projectId, p.code AS projectCode, p.name AS projectName, p.start_on AS projectStartOn,
         k.name, k.description, k.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName,
         k.start_trl AS startTrl, k.target_trl AS targetTrl, k.version
  FROM key_technologies k JOIN projects p ON p.id = k.project_id JOIN member_units m ON m.id = k.owner_unit_id`;

const CLAIM_SELECT = `
  SELECT c.id, c.technology_id AS technologyId, c.iteration_id AS iterationId, c.trl, c.reason, c.unit_id AS unitId,
         m.short_name AS unitName, c.claimed_by AS claimedBy, cu.display_name AS claimerName, c.claimed_at AS claimedAt,
         c.status, c.decided_by AS decidedBy, du.display_name AS deciderName, c.decided_at AS decidedAt,
         c.decision_comment AS decisionComment, c.check_id AS checkId, c.version
  FROM trl_claims c JOIN member_units m ON m.id = c.unit_id JOIN users cu ON cu.id = c.claimed_by
  LEFT JOIN users du ON du.id = c.decided_by`;

const inList = (ids: number[]) => placeholders(ids) || "NULL";

/** Full rows (iterations with items and linked tasks, claims with evidence) for the given technologies. */
function assemble(db: DB, bases: TechBase[]): TechnologyRow[] {
  if (bases.length === 0) return [];
  const techIds = bases.map((b) => b.id);
  const iterations = all<Omit<IterationRow, "items">>(
    db,
    `SELECT id, technology_id AS technologyId, seq, stage, sample_level AS sampleLevel, entry_trl AS entryTrl, target_trl AS targetTrl,
            start_on AS startOn, end_on AS endOn, status, version
     FROM vmodel_iterations WHERE technology_id IN (${inList(techIds)}) ORDER BY technology_id, seq`,
    ...techIds,
  );
  const iterIds = iterations.map((i) => i.id);
  const items = all<Omit<ItemRow, "tasks">>(
    db,
    `SELECT id, iteration_id AS iterationId, leg, level, title, state, verifies_item_id AS verifiesItemId, version
     FROM vmodel_items WHERE iteration_id IN (${inList(iterIds)}) ORDER BY id`,
    ...iterIds,
  );
  const itemIds = items.map((i) => i.id);
  const links = all<LinkedTask & { itemId: number }>(
    db,
    `SELECT l.item_id AS itemId, t.id, t.code, t.title, t.status FROM vmodel_item_tasks l JOIN tasks t ON t.id = l.task_id
     WHERE l.item_id IN (${inList(itemIds)}) ORDER BY t.code`,
    ...itemIds,
  );
  const claims = all<Omit<ClaimRow, "evidence">>(db, `${CLAIM_SELECT} WHERE c.technology_id IN (${inList(techIds)}) ORDER BY c.claimed_at, c.id`, ...techIds);
  const evidence = listEvidence(db, TRL_CLAIM_SUBJECT, claims.map((x) => x.id));
  const projectIds = [...new Set(bases.map((b) => b.projectId))];
  const experts = all<{ projectId: number; userId: number }>(
    db,
    `SELECT project_id AS projectId, user_id AS userId FROM project_experts WHERE project_id IN (${inList(projectIds)}) ORDER BY user_id`,
    ...projectIds,
  );

  const tasksOf = new Map<number, LinkedTask[]>();
  for (const { itemId, ...t } of links) tasksOf.set(itemId, [...(tasksOf.get(itemId) ?? []), t]);
  return bases.map((b) => ({
    ...b,
    experts: experts.filter((e) => e.projectId === b.projectId).map((e) => e.userId),
    iterations: iterations
      .filter((i) => i.technologyId === b.id)
      .map((i) => ({ ...i, items: items.filter((x) => x.iterationId === i.id).map((x) => ({ ...x, tasks: tasksOf.get(x.id) ?? [] })) })) as IterationRow[],
    claims: claims
      .filter((x) => x.technologyId === b.id)
      .map((x) => ({ ...x, evidence: (evidence[x.id] ?? []).map((e) => ({ id: e.id, name: e.name, size: e.size, mime: e.mime })) })) as ClaimRow[],
  }));
}

/** The technology's own row, without iterations, claims or experts. */
export const technologyBase = (db: DB, id: number): TechBase => must(one<TechBase>(db, `${TECH_SELECT} WHERE k.id = ?`, id));

/** One technology with everything its page shows (no permission check: callers check read access). */
export function technologyRow(db: DB, id: number): TechnologyRow {
  return assemble(db, [technologyBase(db, id)])[0]!;
}

/** Who may read a technology (its iterations and TRL claims): a reader of its project's board. */
export const canReadTechnology = (who: Grantee, t: { projectId: number }) => canReadBoard(who, projectBoard(t.projectId));

/** The technology for a reader: refused unless he may read its project's board. */
function readTechnology(db: DB, actor: Actor, id: number): TechnologyRow {
  const row = technologyRow(db, id);
  if (!canReadTechnology(actor, row)) throw new DomainError("forbidden", 403);
  return row;
}

export type TechnologyPage = LiveBoard & { tech: TechnologyRow; today: string; tasks: { code: string; title: string }[] };

/** The technology's page: the row, the project's live tasks (to link by code) and its board snapshot. */
export function technologyPage(db: DB, actor: Actor, id: number): TechnologyPage {
  return db.transaction(() => {
    const tech = readTechnology(db, actor, id);
    const tasks = all<{ code: string; title: string }>(db, "SELECT code, title FROM tasks WHERE project_id = ? AND archived_at IS NULL ORDER BY code", tech.projectId);
    return { tech, ...liveBoard(db, actor, projectBoard(tech.projectId)), today: db.$clock.today(), tasks };
  });
}

/** Technologies of the projects the actor may read, by project code then name. */
export function listTechnologies(db: DB, actor: Actor): TechnologyRow[] {
  return assemble(db, all<TechBase>(db, `${TECH_SELECT} ORDER BY p.code, k.id`).filter((b) => canReadBoard(actor, projectBoard(b.projectId))));
}

/** Projects where the actor may add a technology, with their participating units (for the create form). */
export function technologyProjectOptions(db: DB, actor: Actor): { id: number; code: string; name: string; units: { id: number; shortName: string }[] }[] {
  const projects = all<{ id: number; code: string; name: string }>(db, "SELECT id, code, name FROM projects ORDER BY code");
  const units = all<{ projectId: number; id: number; shortName: string }>(
    db,
    "SELECT pu.project_id AS projectId, m.id, m.short_name AS shortName FROM project_units pu JOIN member_units m ON m.id = pu.unit_id ORDER BY m.id",
  );
  return projects
    .map((p) => ({ id: p.id, code: p.code, name: p.name, units: units.filter((u) => u.projectId === p.id).map(({ id, shortName }) => ({ id, shortName })) }))
    .filter((p) => p.units.some((u) => canUpdateTechnology(actor, { projectId: p.id, ownerUnitId: u.id })));
}

/** Whose technology it is, for the `update:technology` scope: its owner unit and project. */
export const technologyScope = (t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => ({ unitId: t.ownerUnitId, projectId: t.projectId });

export const canUpdateTechnology = (actor: Actor, t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => can(actor, "update", "technology", technologyScope(t));
