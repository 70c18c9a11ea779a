// Key technologies (关键技术), their V-model iterations and the items on the two legs of the V. Every write
// is one transaction: permission (`update:technology` scoped to the owner unit / project), rules, the row
// with its version bumped, the audit row, and a "vmodel.upserted" event on the consortium and project
// boards whose row is the whole technology (TechnologyRow), so every open page applies it as it is.
// TRL claims and their decisions live in trl.server.ts and publish the same row as "trl.upserted".
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { can } from "./permissions";
import { canReadBoard, commit } from "./tasks.server";
import { listEvidence } from "./evidence.server";
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

const inList = (ids: number[]) => ids.map(() => "?").join(",") || "NULL";

/** Full rows (iterations with items and linked tasks, claims with evidence) for the given technologies. */
function assemble(db: DB, bases: TechBase[]): TechnologyRow[] {
  if (bases.length === 0) return [];
  const c = db.$client;
  const techIds = bases.map((b) => b.id);
  const iterations = c
    .prepare(
      `SELECT id, technology_id AS technologyId, seq, stage, sample_level AS sampleLevel, entry_trl AS entryTrl, target_trl AS targetTrl,
              start_on AS startOn, end_on AS endOn, status, version
       FROM vmodel_iterations WHERE technology_id IN (${inList(techIds)}) ORDER BY technology_id, seq`,
    )
    .all(...techIds) as Omit<IterationRow, "items">[];
  const iterIds = iterations.map((i) => i.id);
  const items = c
    .prepare(
      `SELECT id, iteration_id AS iterationId, leg, level, title, state, verifies_item_id AS verifiesItemId, version
       FROM vmodel_items WHERE iteration_id IN (${inList(iterIds)}) ORDER BY id`,
    )
    .all(...iterIds) as Omit<ItemRow, "tasks">[];
  const itemIds = items.map((i) => i.id);
  const links = c
    .prepare(
      `SELECT l.item_id AS itemId, t.id, t.code, t.title, t.status FROM vmodel_item_tasks l JOIN tasks t ON t.id = l.task_id
       WHERE l.item_id IN (${inList(itemIds)}) ORDER BY t.code`,
    )
    .all(...itemIds) as (LinkedTask & { itemId: number })[];
  const claims = c
    .prepare(`${CLAIM_SELECT} WHERE c.technology_id IN (${inList(techIds)}) ORDER BY c.claimed_at, c.id`)
    .all(...techIds) as Omit<ClaimRow, "evidence">[];
  const evidence = listEvidence(db, TRL_CLAIM_SUBJECT, claims.map((x) => x.id));
  const projectIds = [...new Set(bases.map((b) => b.projectId))];
  const experts = c
    .prepare(`SELECT project_id AS projectId, user_id AS userId FROM project_experts WHERE project_id IN (${inList(projectIds)}) ORDER BY user_id`)
    .all(...projectIds) as { projectId: number; userId: number }[];

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
function technologyBase(db: DB, id: number): TechBase {
  const base = db.$client.prepare(`${TECH_SELECT} WHERE k.id = ?`).get(id) as TechBase | undefined;
  if (!base) throw notFound();
  return base;
}

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

/** Technologies of the projects the actor may read, by project code then name. */
export function listTechnologies(db: DB, actor: Actor): TechnologyRow[] {
  const bases = (db.$client.prepare(`${TECH_SELECT} ORDER BY p.code, k.id`).all() as TechBase[]).filter((b) =>
    canReadBoard(actor, projectBoard(b.projectId)),
  );
  return assemble(db, bases);
}

/** Projects where the actor may add a technology, with their participating units (for the create form). */
export function technologyProjectOptions(db: DB, actor: Actor): { id: number; code: string; name: string; units: { id: number; shortName: string }[] }[] {
  const projects = db.$client.prepare("SELECT id, code, name, lead_unit_id AS leadUnitId FROM projects ORDER BY code").all() as {
    id: number;
    code: string;
    name: string;
    leadUnitId: number;
  }[];
  const units = db.$client
    .prepare(
      `SELECT pu.project_id AS projectId, m.id, m.short_name AS shortName FROM project_units pu JOIN member_units m ON m.id = pu.unit_id ORDER BY m.id`,
    )
    .all() as { projectId: number; id: number; shortName: string }[];
  return projects
    .map((p) => ({ id: p.id, code: p.code, name: p.name, units: units.filter((u) => u.projectId === p.id).map(({ id, shortName }) => ({ id, shortName })) }))
    .filter((p) => p.units.some((u) => canUpdateTechnology(actor, { projectId: p.id, ownerUnitId: u.id })));
}

// ---------------------------------------------------------------------------------------------- helpers

const techTarget = (t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => ({ unitId: t.ownerUnitId, projectId: t.projectId });

export const canUpdateTechnology = (actor: Actor, t: Pick<TechnologyRow, "projectId" | "ownerUnitId">) => can(actor, "update", "technology", techTarget(t));

/**
 * Audits a write and appends the technology's event (full row) to the consortium and project boards.
 * Call inside the write's transaction; returns the events to publish after commit.
 */
export function recordTechnologyWrite(
  db: DB,
  actor: Actor,
  w: { type: "vmodel.upserted" | "trl.upserted"; action: string; entity: string; entityId: number; before: unknown; after: unknown; technologyId: number },
): { row: TechnologyRow; events: BoardEvent[] } {
  appendAudit(db, { userId: actor.id, action: `${w.entity}.${w.action}`, entity: w.entity, entityId: w.entityId, before: w.before, after: w.after });
  const row = technologyRow(db, w.technologyId);
  const events = appendEvents(db, [CONSORTIUM_BOARD, projectBoard(row.projectId)], w.type, {
    entity: "technology",
    id: row.id,
    row,
    by: { id: actor.id, name: actor.displayName },
    action: `${w.entity}.${w.action}`,
  });
  return { row, events };
}

type Raw = Record<string, unknown>;
const rawRow = (db: DB, table: string, id: number) => db.$client.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Raw | undefined;

function iterationOf(db: DB, id: number) {
  const r = db.$client
    .prepare("SELECT id, technology_id AS technologyId, entry_trl AS entryTrl, target_trl AS targetTrl, status, version FROM vmodel_iterations WHERE id = ?")
    .get(id) as { id: number; technologyId: number; entryTrl: number; targetTrl: number; status: string; version: number } | undefined;
  if (!r) throw notFound();
  return r;
}

function itemOf(db: DB, id: number) {
  const r = db.$client
    .prepare(
      `SELECT i.id, i.iteration_id AS iterationId, i.leg, i.level, i.state, i.verifies_item_id AS verifiesItemId, i.version, v.technology_id AS technologyId
       FROM vmodel_items i JOIN vmodel_iterations v ON v.id = i.iteration_id WHERE i.id = ?`,
    )
    .get(id) as (Pick<ItemRow, "id" | "iterationId" | "leg" | "level" | "state" | "verifiesItemId" | "version"> & { technologyId: number }) | undefined;
  if (!r) throw notFound();
  return r;
}

const siblingsOf = (db: DB, iterationId: number) =>
  db.$client.prepare("SELECT id, leg, level, state FROM vmodel_items WHERE iteration_id = ?").all(iterationId) as Pick<ItemRow, "id" | "leg" | "level" | "state">[];

function assertItemRules(db: DB, iterationId: number, item: Pick<ItemRow, "leg" | "level" | "state" | "verifiesItemId"> & { id?: number }) {
  const siblings = siblingsOf(db, iterationId).filter((s) => s.id !== item.id);
  const broken = itemRuleBreaks(item, siblings);
  if (broken.length) throw new DomainError(broken[0]!, 400);
  // A design item that a finished verification rests on cannot go back from done.
  if (item.id != null && item.leg === "left" && item.state !== "done") {
    const verified = db.$client
      .prepare("SELECT 1 FROM vmodel_items WHERE verifies_item_id = ? AND state = 'done' LIMIT 1")
      .get(item.id);
    if (verified) throw new DomainError("vmodelVerifyBeforeDesign", 400);
  }
}

/** Loads the technology, checks the actor may edit it; the shared start of every V-model write. */
function editable(db: DB, actor: Actor, technologyId: number): TechBase {
  const tech = technologyBase(db, technologyId);
  assertCan(actor, "update", "technology", techTarget(tech));
  return tech;
}

/** Optimistic update of one row: refuses a stale version, bumps it. */
function bump(db: DB, table: string, id: number, seen: number, set: Record<string, unknown>) {
  const current = rawRow(db, table, id);
  if (!current) throw notFound();
  assertVersion(current as { version: number }, seen, current);
  const cols = Object.keys(set);
  const r = db.$client
    .prepare(`UPDATE ${table} SET ${[...cols.map((k) => `${k} = @${k}`), "version = version + 1"].join(", ")} WHERE id = @id AND version = @seen`)
    .run({ ...set, id, seen });
  if (r.changes !== 1) throw new DomainError("conflict", 409, { current });
  return { before: current, after: rawRow(db, table, id)! };
}

// ---------------------------------------------------------------------------------------------- writes

type Change = { action: string; entity: "key_technology" | "vmodel_iteration" | "vmodel_item"; entityId: number; before: unknown; after: unknown };

/** Commits one V-model write: `fn` checks rules and writes rows inside the transaction, then says what changed. */
function write(ctx: AppContext, actor: Actor, technologyId: number | (() => number), fn: () => Change): TechnologyRow {
  return commit(ctx, () => {
    const change = fn();
    const techId = typeof technologyId === "function" ? technologyId() : technologyId;
    const { row, events } = recordTechnologyWrite(ctx.db, actor, { type: "vmodel.upserted", technologyId: techId, ...change });
    return { result: row, events };
  });
}

export function createTechnology(ctx: AppContext, actor: Actor, input: TechnologyCreateInput): TechnologyRow {
  const { db } = ctx;
  assertCan(actor, "update", "technology", { unitId: input.ownerUnitId, projectId: input.projectId });
  let id = 0;
  return write(ctx, actor, () => id, () => {
    const inProject = db.$client
      .prepare("SELECT 1 FROM project_units WHERE project_id = ? AND unit_id = ? UNION SELECT 1 FROM projects WHERE id = ? AND lead_unit_id = ?")
      .get(input.projectId, input.ownerUnitId, input.projectId, input.ownerUnitId);
    if (!inProject) throw new DomainError("unitNotInProject", 400);
    ({ id } = db.$client
      .prepare(`INSERT INTO key_technologies (project_id, name, description, owner_unit_id, start_trl, target_trl) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(input.projectId, input.name, input.description, input.ownerUnitId, input.startTrl, input.targetTrl) as { id: number });
    return { action: "create", entity: "key_technology", entityId: id, before: null, after: rawRow(db, "key_technologies", id) };
  });
}

export function updateTechnology(ctx: AppContext, actor: Actor, input: TechnologyUpdateInput): TechnologyRow {
  editable(ctx.db, actor, input.id);
  return write(ctx, actor, input.id, () => ({
    action: "update",
    entity: "key_technology",
    entityId: input.id,
    ...bump(ctx.db, "key_technologies", input.id, input.version, { name: input.name, description: input.description, start_trl: input.startTrl, target_trl: input.targetTrl }),
  }));
}

export function createIteration(ctx: AppContext, actor: Actor, input: IterationCreateInput): TechnologyRow {
  const { db } = ctx;
  editable(db, actor, input.technologyId);
  return write(ctx, actor, input.technologyId, () => {
    const { seq } = db.$client.prepare("SELECT coalesce(max(seq), 0) + 1 AS seq FROM vmodel_iterations WHERE technology_id = ?").get(input.technologyId) as { seq: number };
    const { id } = db.$client
      .prepare(
        `INSERT INTO vmodel_iterations (technology_id, seq, stage, sample_level, entry_trl, target_trl, start_on, end_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(input.technologyId, seq, input.stage, input.sampleLevel, input.entryTrl, input.targetTrl, input.startOn, input.endOn) as { id: number };
    return { action: "create", entity: "vmodel_iteration", entityId: id, before: null, after: rawRow(db, "vmodel_iterations", id) };
  });
}

/** Only one iteration of a technology is active at a time. */
export function updateIteration(ctx: AppContext, actor: Actor, input: IterationUpdateInput): TechnologyRow {
  const { db } = ctx;
  const it = iterationOf(db, input.id);
  editable(db, actor, it.technologyId);
  return write(ctx, actor, it.technologyId, () => {
    if (input.status === "active") {
      const other = db.$client.prepare("SELECT 1 FROM vmodel_iterations WHERE technology_id = ? AND status = 'active' AND id != ?").get(it.technologyId, it.id);
      if (other) throw new DomainError("vmodelOneActive", 409);
    }
    const changed = bump(db, "vmodel_iterations", input.id, input.version, {
      stage: input.stage, sample_level: input.sampleLevel, entry_trl: input.entryTrl, target_trl: input.targetTrl,
      start_on: input.startOn, end_on: input.endOn, status: input.status,
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
    const { id } = db.$client
      .prepare(`INSERT INTO vmodel_items (iteration_id, leg, level, title, state, verifies_item_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(it.id, input.leg, input.level, input.title, input.state, verifies) as { id: number };
    return { action: "create", entity: "vmodel_item", entityId: id, before: null, after: rawRow(db, "vmodel_items", id) };
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
    const changed = bump(db, "vmodel_items", input.id, input.version, { title: input.title, state: input.state, verifies_item_id: input.verifiesItemId ?? null });
    return { action: "update", entity: "vmodel_item", entityId: input.id, ...changed };
  });
}

/** Removes an item that no verification item points at (unlink those first). */
export function removeItem(ctx: AppContext, actor: Actor, input: ItemRemoveInput): TechnologyRow {
  const { db } = ctx;
  const { item } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const before = rawRow(db, "vmodel_items", input.id);
    if (!before) throw notFound();
    assertVersion(before as { version: number }, input.version, before);
    if (db.$client.prepare("SELECT 1 FROM vmodel_items WHERE verifies_item_id = ? LIMIT 1").get(input.id)) throw new DomainError("vmodelItemVerified", 409);
    db.$client.prepare("DELETE FROM vmodel_items WHERE id = ?").run(input.id);
    return { action: "remove", entity: "vmodel_item", entityId: input.id, before, after: null };
  });
}

/** Links a task of the technology's project to an item, by task code; bumps the item's version. */
export function linkItemTask(ctx: AppContext, actor: Actor, input: ItemLinkInput): TechnologyRow {
  const { db } = ctx;
  const { item, tech } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const task = db.$client.prepare("SELECT id, project_id AS projectId FROM tasks WHERE code = ? AND archived_at IS NULL").get(input.taskCode) as
      | { id: number; projectId: number }
      | undefined;
    if (!task) throw new DomainError("vmodelTaskUnknown", 400, { code: input.taskCode });
    if (task.projectId !== tech.projectId) throw new DomainError("vmodelTaskNotInProject", 400, { code: input.taskCode });
    if (db.$client.prepare("SELECT 1 FROM vmodel_item_tasks WHERE item_id = ? AND task_id = ?").get(input.id, task.id)) {
      throw new DomainError("vmodelTaskLinked", 409, { code: input.taskCode });
    }
    const { before, after } = bump(db, "vmodel_items", input.id, input.version, {});
    db.$client.prepare("INSERT INTO vmodel_item_tasks (item_id, task_id) VALUES (?, ?)").run(input.id, task.id);
    return { action: "link", entity: "vmodel_item", entityId: input.id, before, after: { ...after, linkedTask: input.taskCode } };
  });
}

export function unlinkItemTask(ctx: AppContext, actor: Actor, input: ItemUnlinkInput): TechnologyRow {
  const { db } = ctx;
  const { item } = editableItem(db, actor, input.id);
  return write(ctx, actor, item.technologyId, () => {
    const { before, after } = bump(db, "vmodel_items", input.id, input.version, {});
    if (db.$client.prepare("DELETE FROM vmodel_item_tasks WHERE item_id = ? AND task_id = ?").run(input.id, input.taskId).changes !== 1) throw notFound();
    return { action: "unlink", entity: "vmodel_item", entityId: input.id, before, after: { ...after, unlinkedTaskId: input.taskId } };
  });
}
