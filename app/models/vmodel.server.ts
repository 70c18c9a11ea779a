// Key technologies (关键技术), their V-model iterations and the items on the two legs of the V. Every write
// is one transaction: permission (`update:technology` scoped to the owner unit / project), rules, the row
// with its version bumped, the audit row, and a "vmodel.upserted" event on the consortium and project
// boards whose row is the whole technology (TechnologyRow), so every open page applies it as it is.
// TRL claims and their decisions live in trl.server.ts and publish the same row as "trl.upserted".
import type { Table } from "drizzle-orm";
import { getTableName } from "drizzle-orm";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { keyTechnologies, vmodelItems, vmodelIterations } from "../../db/schema";
import { boardsOf, canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one, placeholders, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { can } from "./permissions";
import { listEvidence } from "./evidence.server";
import { projectOptions } from "./projects.server";
import {
  itemRuleBreaks,
  type ClaimRow,
  type ItemCreateInput,
  type ItemLinkInput,
  type ItemRemoveInput,
  type ItemRow,
  type ItemUnlinkInput,
  type ItemUpdateInput,
  type IterationCreateInput,
  type IterationRow,
  type IterationUpdateInput,
  type LinkedTask,
  type TechnologyCreateInput,
  type TechnologyRow,
  type TechnologyUpdateInput,
} from "./vmodel";

export const TRL_CLAIM_SUBJECT = "trl_claim";

// ---------------------------------------------------------------------------------------------- reads

type TechBase = Omit<TechnologyRow, "experts" | "iterations" | "claims">;

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
const technologyBase = (db: DB, id: number): TechBase => must(one<TechBase>(db, `${TECH_SELECT} WHERE k.id = ?`, id));

/** One technology with everything its page shows (no permission check: callers check read access). */
export function technologyRow(db: DB, id: number): TechnologyRow {
  return assemble(db, [technologyBase(db, id)])[0]!;
}

/** The technology for a reader: refused unless he may read its project's board. */
export function readTechnology(db: DB, actor: Actor, id: number): TechnologyRow {
  const row = technologyRow(db, id);
  if (!canReadBoard(actor, projectBoard(row.projectId))) throw new DomainError("forbidden", 403);
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

// ---------------------------------------------------------------------------------------------- helpers

const techTarget = (t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => ({ unitId: t.ownerUnitId, projectId: t.projectId });

export const canUpdateTechnology = (actor: Actor, t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => can(actor, "update", "technology", techTarget(t));

/** What a V-model or TRL write changed: audited as its own row, sent to the boards as the whole technology. */
export type TechnologyChange = { action: string; entity: "key_technology" | "vmodel_iteration" | "vmodel_item" | "trl_claim"; entityId: number; before: unknown; after: unknown };

/**
 * Audits a write and appends the technology's event (full row) to the consortium and project boards.
 * Call inside the write's transaction; returns the events to publish after commit.
 */
export function recordTechnologyWrite(db: DB, actor: Actor, type: "vmodel.upserted" | "trl.upserted", technologyId: number, w: TechnologyChange): { row: TechnologyRow; events: BoardEvent[] } {
  const row = technologyRow(db, technologyId);
  const action = `${w.entity}.${w.action}`;
  const events = recordChange(db, {
    entity: "technology",
    id: row.id,
    action,
    by: actor,
    before: null,
    after: row,
    boards: boardsOf(row.projectId),
    type,
    audit: { entity: w.entity, action, id: w.entityId, before: w.before, after: w.after },
  });
  return { row, events };
}

type Raw = Record<string, unknown>;
const rawRow = (db: DB, table: Table, id: number) => one<Raw>(db, `SELECT * FROM ${getTableName(table)} WHERE id = ?`, id);

function iterationOf(db: DB, id: number) {
  return must(
    one<{ id: number; technologyId: number; entryTrl: number; targetTrl: number; status: string; version: number }>(
      db,
      "SELECT id, technology_id AS technologyId, entry_trl AS entryTrl, target_trl AS targetTrl, status, version FROM vmodel_iterations WHERE id = ?",
      id,
    ),
  );
}

function itemOf(db: DB, id: number) {
  return must(
    one<Pick<ItemRow, "id" | "iterationId" | "leg" | "level" | "state" | "verifiesItemId" | "version"> & { technologyId: number }>(
      db,
      `SELECT i.id, i.iteration_id AS iterationId, i.leg, i.level, i.state, i.verifies_item_id AS verifiesItemId, i.version, v.technology_id AS technologyId
       FROM vmodel_items i JOIN vmodel_iterations v ON v.id = i.iteration_id WHERE i.id = ?`,
      id,
    ),
  );
}

const siblingsOf = (db: DB, iterationId: number) => all<Pick<ItemRow, "id" | "leg" | "level" | "state">>(db, "SELECT id, leg, level, state FROM vmodel_items WHERE iteration_id = ?", iterationId);

function assertItemRules(db: DB, iterationId: number, item: Pick<ItemRow, "leg" | "level" | "state" | "verifiesItemId"> & { id?: number }) {
  const siblings = siblingsOf(db, iterationId).filter((s) => s.id !== item.id);
  const broken = itemRuleBreaks(item, siblings);
  if (broken.length) throw new DomainError(broken[0]!, 400);
  // A design item that a finished verification rests on cannot go back from done.
  if (item.id != null && item.leg === "left" && item.state !== "done") {
    if (exists(db, "SELECT 1 FROM vmodel_items WHERE verifies_item_id = ? AND state = 'done' LIMIT 1", item.id)) throw new DomainError("vmodelVerifyBeforeDesign", 400);
  }
}

/** Loads the technology, checks the actor may edit it; the shared start of every V-model write. */
function editable(db: DB, actor: Actor, technologyId: number): TechBase {
  const tech = technologyBase(db, technologyId);
  assertCan(actor, "update", "technology", techTarget(tech));
  return tech;
}

type V = typeof keyTechnologies | typeof vmodelIterations | typeof vmodelItems;

/** A versioned edit of one row at the version the client saw; the raw rows before and after, for the audit. */
function edit<T extends V>(db: DB, table: T, id: number, seen: number, set: Partial<T["$inferInsert"]>) {
  const before = rawRow(db, table, id);
  if (!before) throw notFound();
  assertVersion(before as { version: number }, seen, before);
  updateVersioned(db, table, id, seen, set, () => before);
  return { before, after: rawRow(db, table, id)! };
}

// ---------------------------------------------------------------------------------------------- writes

/** Commits one V-model write: `fn` checks rules and writes rows inside the transaction, then says what changed. */
function write(ctx: AppContext, actor: Actor, technologyId: number | (() => number), fn: () => TechnologyChange): TechnologyRow {
  return commit(ctx, () => {
    const change = fn();
    const techId = typeof technologyId === "function" ? technologyId() : technologyId;
    const { row, events } = recordTechnologyWrite(ctx.db, actor, "vmodel.upserted", techId, change);
    return { result: row, events };
  });
}

export function createTechnology(ctx: AppContext, actor: Actor, input: TechnologyCreateInput): TechnologyRow {
  const { db } = ctx;
  assertCan(actor, "update", "technology", { unitId: input.ownerUnitId, projectId: input.projectId });
  let id = 0;
  return write(ctx, actor, () => id, () => {
    if (!projectOptions(db, input.projectId)[0]?.unitIds.includes(input.ownerUnitId)) throw new DomainError("unitNotInProject", 400);
    id = insert(
      db,
      "INSERT INTO key_technologies (project_id, name, description, owner_unit_id, start_trl, target_trl) VALUES (?, ?, ?, ?, ?, ?)",
      input.projectId, input.name, input.description, input.ownerUnitId, input.startTrl, input.targetTrl,
    );
    return { action: "create", entity: "key_technology", entityId: id, before: null, after: rawRow(db, keyTechnologies, id) };
  });
}

export function updateTechnology(ctx: AppContext, actor: Actor, input: TechnologyUpdateInput): TechnologyRow {
  editable(ctx.db, actor, input.id);
  return write(ctx, actor, input.id, () => ({
    action: "update",
    entity: "key_technology",
    entityId: input.id,
    ...edit(ctx.db, keyTechnologies, input.id, input.version, { name: input.name, description: input.description, startTrl: input.startTrl, targetTrl: input.targetTrl }),
  }));
}

export function createIteration(ctx: AppContext, actor: Actor, input: IterationCreateInput): TechnologyRow {
  const { db } = ctx;
  editable(db, actor, input.technologyId);
  return write(ctx, actor, input.technologyId, () => {
    const seq = scalar<number>(db, "SELECT coalesce(max(seq), 0) + 1 FROM vmodel_iterations WHERE technology_id = ?", input.technologyId)!;
    const id = insert(
      db,
      `INSERT INTO vmodel_iterations (technology_id, seq, stage, sample_level, entry_trl, target_trl, start_on, end_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.technologyId, seq, input.stage, input.sampleLevel, input.entryTrl, input.targetTrl, input.startOn, input.endOn,
    );
    return { action: "create", entity: "vmodel_iteration", entityId: id, before: null, after: rawRow(db, vmodelIterations, id) };
  });
}

/** Only one iteration of a technology is active at a time. */
export function updateIteration(ctx: AppContext, actor: Actor, input: IterationUpdateInput): TechnologyRow {
  const { db } = ctx;
  const it = iterationOf(db, input.id);
  editable(db, actor, it.technologyId);
  return write(ctx, actor, it.technologyId, () => {
    if (input.status === "active" && exists(db, "SELECT 1 FROM vmodel_iterations WHERE technology_id = ? AND status = 'active' AND id != ?", it.technologyId, it.id)) {
      throw new DomainError("vmodelOneActive", 409);
    }
    const changed = edit(db, vmodelIterations, input.id, input.version, {
      stage: input.stage, sampleLevel: input.sampleLevel, entryTrl: input.entryTrl, targetTrl: input.targetTrl,
      startOn: input.startOn, endOn: input.endOn, status: input.status,
    });
    return { action: "update", entity: "vmodel_iteration", entityId: input.id, ...changed };
  });
}

export function createItem(ctx: AppContext, actor: Actor, input: ItemCreateInput): TechnologyRow {
  const { db } = ctx;
  const it = iterationOf(db, input.iterationId);
  editable(db, actor, it.technologyId);
  return write(ctx, actor, it.technologyId, () => {
    const verifies = input.verifiesItemId ?? null;
    assertItemRules(db, it.id, { leg: input.leg, level: input.level, state: input.state, verifiesItemId: verifies });
    const id = insert(
      db,
      "INSERT INTO vmodel_items (iteration_id, leg, level, title, state, verifies_item_id) VALUES (?, ?, ?, ?, ?, ?)",
      it.id, input.leg, input.level, input.title, input.state, verifies,
    );
    return { action: "create", entity: "vmodel_item", entityId: id, before: null, after: rawRow(db, vmodelItems, id) };
  });
}

/** Loads an item and checks the actor may edit its technology; the start of every item write. */
function editableItem(db: DB, actor: Actor, id: number) {
  const item = itemOf(db, id);
  return { item, tech: editable(db, actor, item.technologyId) };
}

export function updateItem(ctx: AppContext, actor: Actor, input: ItemUpdateInput): TechnologyRow {
  const { db } = ctx;
  const { item } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const fresh = itemOf(db, input.id);
    assertVersion(fresh, input.version, fresh);
    assertItemRules(db, fresh.iterationId, { id: fresh.id, leg: fresh.leg, level: fresh.level, state: input.state, verifiesItemId: input.verifiesItemId ?? null });
    const changed = edit(db, vmodelItems, input.id, input.version, { title: input.title, state: input.state, verifiesItemId: input.verifiesItemId ?? null });
    return { action: "update", entity: "vmodel_item", entityId: input.id, ...changed };
  });
}

/** Removes an item that no verification item points at (unlink those first). */
export function removeItem(ctx: AppContext, actor: Actor, input: ItemRemoveInput): TechnologyRow {
  const { db } = ctx;
  const { item } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const before = rawRow(db, vmodelItems, input.id);
    if (!before) throw notFound();
    assertVersion(before as { version: number }, input.version, before);
    if (exists(db, "SELECT 1 FROM vmodel_items WHERE verifies_item_id = ? LIMIT 1", input.id)) throw new DomainError("vmodelItemVerified", 409);
    run(db, "DELETE FROM vmodel_items WHERE id = ?", input.id);
    return { action: "remove", entity: "vmodel_item", entityId: input.id, before, after: null };
  });
}

/** Links a task of the technology's project to an item, by task code; bumps the item's version. */
export function linkItemTask(ctx: AppContext, actor: Actor, input: ItemLinkInput): TechnologyRow {
  const { db } = ctx;
  const { item, tech } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const task = one<{ id: number; projectId: number }>(db, "SELECT id, project_id AS projectId FROM tasks WHERE code = ? AND archived_at IS NULL", input.taskCode);
    if (!task) throw new DomainError("vmodelTaskUnknown", 400, { code: input.taskCode });
    if (task.projectId !== tech.projectId) throw new DomainError("vmodelTaskNotInProject", 400, { code: input.taskCode });
    if (exists(db, "SELECT 1 FROM vmodel_item_tasks WHERE item_id = ? AND task_id = ?", input.id, task.id)) throw new DomainError("vmodelTaskLinked", 409, { code: input.taskCode });
    const { before, after } = edit(db, vmodelItems, input.id, input.version, {});
    run(db, "INSERT INTO vmodel_item_tasks (item_id, task_id) VALUES (?, ?)", input.id, task.id);
    return { action: "link", entity: "vmodel_item", entityId: input.id, before, after: { ...after, linkedTask: input.taskCode } };
  });
}

export function unlinkItemTask(ctx: AppContext, actor: Actor, input: ItemUnlinkInput): TechnologyRow {
  const { db } = ctx;
  const { item } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const { before, after } = edit(db, vmodelItems, input.id, input.version, {});
    if (run(db, "DELETE FROM vmodel_item_tasks WHERE item_id = ? AND task_id = ?", input.id, input.taskId).changes !== 1) throw notFound();
    return { action: "unlink", entity: "vmodel_item", entityId: input.id, before, after: { ...after, unlinkedTaskId: input.taskId } };
  });
}
