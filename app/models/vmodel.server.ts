// The V model's writes: key technologies (关键技术), their iterations and the items on the two legs of the
// V. Every write is one transaction through the write kernel: permission (`update:technology` scoped to
// the owner unit / project), rules, the row with its version bumped, the audit row, and a
// "vmodel.upserted" event on the consortium and project boards whose row is the whole technology
// (technologies.server.ts), so every open page applies it as it is. TRL claims and their decisions live
// in trl.server.ts and publish the same row as "trl.upserted".
import type { Table } from "drizzle-orm";
import { getTableName } from "drizzle-orm";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { keyTechnologies, vmodelItems, vmodelIterations } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { projectOptions } from "./projects.server";
import { technologyBase, technologyRow, technologyScope, type TechBase } from "./technologies.server";
import {
  itemRuleBreaks,
  type ItemCreateInput,
  type ItemLinkInput,
  type ItemRemoveInput,
  type ItemRow,
  type ItemUnlinkInput,
  type ItemUpdateInput,
  type IterationCreateInput,
  type IterationUpdateInput,
  type TechnologyCreateInput,
  type TechnologyRow,
  type TechnologyUpdateInput,
} from "./vmodel";

// ---------------------------------------------------------------------------------------------- helpers

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

/** A row as stored (the audit keeps it whole). */
type Raw = Record<string, unknown> & { id: number; version: number };
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
  assertCan(actor, "update", "technology", technologyScope(tech));
  return tech;
}

type V = typeof keyTechnologies | typeof vmodelIterations | typeof vmodelItems;

/** A versioned edit of one row at the version the client saw; the raw rows before and after, for the audit. */
function edit<T extends V>(db: DB, table: T, id: number, seen: number, set: Partial<T["$inferInsert"]>) {
  const before = rawRow(db, table, id);
  if (!before) throw notFound();
  assertVersion(before, seen, before);
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
    assertVersion(before, input.version, before);
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
