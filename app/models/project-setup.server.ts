// Setting up the work before tasks: project groups, projects (lead unit and lead, term, participating
// units, responsible experts) and their milestone nodes. Same rules as tasks: permission in the model,
// one transaction with the versioned row, the audit row and the board events (boardsOf the project, so
// open boards and maps follow), published after commit.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { milestones, projectGroups, projects } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, exists, insert, must, one, placeholders, run } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { getMilestone, TASK_IDS_COLUMN, withTaskIds } from "./milestones.server";
import { canRedate, withinProject } from "./milestones";
import type { z } from "zod";
import {
  groupSchema,
  groupUpdateSchema,
  milestoneSchema,
  milestoneUpdateSchema,
  projectSchema,
  projectUpdateSchema,
  type GroupInput,
  type MilestoneInput,
  type ProjectInput,
} from "./project-setup";

export { groupSchema, groupUpdateSchema, milestoneSchema, milestoneUpdateSchema, projectSchema, projectUpdateSchema };

// ---------------------------------------------------------------------------------------------------
// Reads

export type GroupRow = { id: number; code: string; name: string; description: string; version: number; projects: number };

export const listGroups = (db: DB): GroupRow[] =>
  all<GroupRow>(db, "SELECT g.id, g.code, g.name, g.description, g.version, (SELECT count(*) FROM projects p WHERE p.group_id = g.id) AS projects FROM project_groups g ORDER BY g.code, g.id");

const getGroup = (db: DB, id: number): GroupRow => must(one<GroupRow>(db, "SELECT id, code, name, description, version, 0 AS projects FROM project_groups WHERE id = ?", id));

export type ProjectRow = {
  id: number;
  groupId: number;
  code: string;
  name: string;
  leadUnitId: number;
  leadUserId: number | null;
  budget: number;
  startOn: string;
  endOn: string;
  description: string;
  version: number;
  /** Participating units besides the lead unit, and responsible experts, by id. */
  unitIds: number[];
  expertIds: number[];
};

export function getProject(db: DB, id: number): ProjectRow {
  const p = must(
    one<Omit<ProjectRow, "unitIds" | "expertIds">>(
      db,
      `SELECT id, group_id AS groupId, code, name, lead_unit_id AS leadUnitId, lead_user_id AS leadUserId, budget, start_on AS startOn,
        end_on AS endOn, description, version FROM projects WHERE id = ?`,
      id,
    ),
  );
  return {
    ...p,
    unitIds: column<number>(db, "SELECT unit_id FROM project_units WHERE project_id = ? AND unit_id != ? ORDER BY unit_id", id, p.leadUnitId),
    expertIds: column<number>(db, "SELECT user_id FROM project_experts WHERE project_id = ? ORDER BY user_id", id),
  };
}

export type ProjectListRow = {
  id: number;
  code: string;
  name: string;
  groupName: string;
  leadUnit: string;
  leadUser: string | null;
  startOn: string;
  endOn: string;
  units: number;
  experts: number;
  tasks: number;
  milestones: number;
};

export const listProjectsForAdmin = (db: DB): ProjectListRow[] =>
  all<ProjectListRow>(
    db,
    `SELECT p.id, p.code, p.name, g.name AS groupName, m.short_name AS leadUnit, u.display_name AS leadUser, p.start_on AS startOn, p.end_on AS endOn,
      (SELECT count(*) FROM project_units pu WHERE pu.project_id = p.id AND pu.unit_id != p.lead_unit_id) + 1 AS units,
      (SELECT count(*) FROM project_experts e WHERE e.project_id = p.id) AS experts,
      (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.archived_at IS NULL) AS tasks,
      (SELECT count(*) FROM milestones s WHERE s.project_id = p.id) AS milestones
     FROM projects p JOIN project_groups g ON g.id = p.group_id JOIN member_units m ON m.id = p.lead_unit_id
     LEFT JOIN users u ON u.id = p.lead_user_id ORDER BY p.code`,
  );

export type MilestoneAdminRow = { id: number; name: string; dueOn: string; status: string; expectedResults: string; version: number; taskIds: number[] };

/** A project's nodes by due date, each with the tasks feeding it (one statement: group_concat). */
export const projectMilestones = (db: DB, projectId: number): MilestoneAdminRow[] =>
  all<Omit<MilestoneAdminRow, "taskIds"> & { taskIds: string | null }>(
    db,
    `SELECT m.id, m.name, m.due_on AS dueOn, m.status, m.expected_results AS expectedResults, m.version, ${TASK_IDS_COLUMN}
     FROM milestones m WHERE m.project_id = ? ORDER BY m.due_on, m.id`,
    projectId,
  ).map(withTaskIds);

/** Choices of the project form: groups, units still in the consortium, their people, and the experts. */
export function projectFormChoices(db: DB) {
  return {
    groups: all<{ id: number; name: string; code: string }>(db, "SELECT id, code, name FROM project_groups ORDER BY code, id"),
    units: all<{ id: number; name: string }>(db, "SELECT id, short_name AS name FROM member_units WHERE left_on IS NULL ORDER BY id"),
    people: all<{ id: number; name: string; unitId: number }>(db, "SELECT id, display_name AS name, unit_id AS unitId FROM users WHERE active = 1 AND unit_id IS NOT NULL ORDER BY unit_id, id"),
    experts: all<{ id: number; name: string; affiliation: string | null }>(
      db,
      `SELECT u.id, u.display_name AS name, coalesce(m.short_name, o.name) AS affiliation FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'expert'
       LEFT JOIN member_units m ON m.id = u.unit_id LEFT JOIN outside_bodies o ON o.id = u.outside_body_id WHERE u.active = 1 ORDER BY u.id`,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Project groups: the secretariat's and the admin's, followed by no board.

function assertGroupCodeFree(db: DB, code: string, exceptId = 0) {
  if (exists(db, "SELECT 1 FROM project_groups WHERE code = ? AND id != ?", code, exceptId)) throw new DomainError("groupCodeTaken", 400);
}

export function createGroup(ctx: AppContext, actor: Actor, input: GroupInput): GroupRow {
  assertCan(actor, "create", "projectgroup");
  const { db } = ctx;
  return commit(ctx, () => {
    assertGroupCodeFree(db, input.code);
    const id = insert(db, "INSERT INTO project_groups (code, name, description) VALUES (?, ?, ?)", input.code, input.name, input.description);
    const after = getGroup(db, id);
    return { result: after, events: recordChange(db, { entity: "projectgroup", id, action: "create", by: actor, before: null, after, boards: [] }) };
  });
}

export function updateGroup(ctx: AppContext, actor: Actor, input: z.infer<typeof groupUpdateSchema>): GroupRow {
  assertCan(actor, "update", "projectgroup");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getGroup(db, input.id);
    assertVersion(before, input.version, before);
    assertGroupCodeFree(db, input.code, input.id);
    updateVersioned(db, projectGroups, before.id, before.version, { code: input.code, name: input.name, description: input.description });
    const after = getGroup(db, before.id);
    return { result: after, events: recordChange(db, { entity: "projectgroup", id: after.id, action: "update", by: actor, before, after, boards: [] }) };
  });
}

// ---------------------------------------------------------------------------------------------------
// Projects

/** Group, units, lead and experts must exist and fit: the lead belongs to the lead unit, experts hold the expert role. */
function assertProjectRefs(db: DB, input: ProjectInput) {
  if (!exists(db, "SELECT 1 FROM project_groups WHERE id = ?", input.groupId)) throw notFound();
  const unitIds = [...new Set([input.leadUnitId, ...input.unitIds])];
  const found = column<number>(db, `SELECT id FROM member_units WHERE id IN (${placeholders(unitIds)})`, ...unitIds);
  if (found.length !== unitIds.length) throw notFound();
  if (input.leadUserId != null && !exists(db, "SELECT 1 FROM users WHERE id = ? AND unit_id = ? AND active = 1", input.leadUserId, input.leadUnitId)) {
    throw new DomainError("projectLeadNotInUnit", 400);
  }
  const experts = [...new Set(input.expertIds)];
  if (experts.length && column<number>(db, `SELECT user_id FROM user_roles WHERE role = 'expert' AND user_id IN (${placeholders(experts)})`, ...experts).length !== experts.length) {
    throw new DomainError("notAnExpert", 400);
  }
}

function assertCodeFree(db: DB, code: string, exceptId = 0) {
  if (exists(db, "SELECT 1 FROM projects WHERE code = ? AND id != ?", code, exceptId)) throw new DomainError("projectCodeTaken", 400);
}

/** Replaces the participating units (the lead unit included, as the rest of the app reads them) and the experts. */
function setMembers(db: DB, projectId: number, input: ProjectInput) {
  run(db, "DELETE FROM project_units WHERE project_id = ?", projectId);
  for (const u of new Set([input.leadUnitId, ...input.unitIds])) run(db, "INSERT INTO project_units (project_id, unit_id) VALUES (?, ?)", projectId, u);
  run(db, "DELETE FROM project_experts WHERE project_id = ?", projectId);
  for (const e of new Set(input.expertIds)) run(db, "INSERT INTO project_experts (project_id, user_id) VALUES (?, ?)", projectId, e);
}

const columns = (input: ProjectInput) => ({
  groupId: input.groupId,
  code: input.code,
  name: input.name,
  leadUnitId: input.leadUnitId,
  leadUserId: input.leadUserId ?? null,
  budget: input.budget,
  startOn: input.startOn,
  endOn: input.endOn,
  description: input.description,
});

/** People whose rights follow the project (its lead and experts): their sockets re-authenticate. */
const peopleOf = (p: ProjectRow) => [p.leadUserId, ...p.expertIds].filter((id): id is number => id != null);

export function createProject(ctx: AppContext, actor: Actor, input: ProjectInput): ProjectRow {
  assertCan(actor, "create", "project");
  const { db } = ctx;
  const row = commit(ctx, () => {
    assertProjectRefs(db, input);
    assertCodeFree(db, input.code);
    const c = columns(input);
    const id = insert(
      db,
      `INSERT INTO projects (group_id, code, name, lead_unit_id, lead_user_id, budget, start_on, end_on, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      c.groupId, c.code, c.name, c.leadUnitId, c.leadUserId, c.budget, c.startOn, c.endOn, c.description,
    );
    setMembers(db, id, input);
    const after = getProject(db, id);
    return { result: after, events: recordChange(db, { entity: "project", id, action: "create", by: actor, before: null, after, boards: boardsOf(id) }) };
  });
  for (const u of peopleOf(row)) ctx.realtime.evictUser(u);
  return row;
}

/**
 * Edits a project at the version the form saw. A unit that still owns live tasks of the project cannot
 * leave it (move or archive its tasks first), nor can the term shrink past a milestone.
 */
export function updateProject(ctx: AppContext, actor: Actor, input: z.infer<typeof projectUpdateSchema>): ProjectRow {
  const { db } = ctx;
  assertCan(actor, "update", "project", { projectId: input.id, unitId: getProject(db, input.id).leadUnitId });
  const { before, after } = commit(ctx, () => {
    const before = getProject(db, input.id);
    assertVersion(before, input.version, before);
    assertProjectRefs(db, input);
    assertCodeFree(db, input.code, input.id);
    const keep = new Set([input.leadUnitId, ...input.unitIds]);
    const owners = column<number>(db, "SELECT DISTINCT owner_unit_id FROM tasks WHERE project_id = ? AND archived_at IS NULL", input.id);
    if (owners.some((u) => !keep.has(u))) throw new DomainError("unitHasTasks", 400);
    const outside = milestoneOutsideTerm(db, input.id, input);
    if (outside) throw new DomainError("milestoneOutsideProject", 400, { start: input.startOn, end: input.endOn });
    updateVersioned(db, projects, before.id, before.version, columns(input));
    setMembers(db, before.id, input);
    const after = getProject(db, before.id);
    return { result: { before, after }, events: recordChange(db, { entity: "project", id: after.id, action: "update", by: actor, before, after, boards: boardsOf(after.id) }) };
  });
  for (const u of new Set([...peopleOf(before), ...peopleOf(after)])) ctx.realtime.evictUser(u);
  return after;
}

const milestoneOutsideTerm = (db: DB, projectId: number, term: { startOn: string; endOn: string }) =>
  exists(db, "SELECT 1 FROM milestones WHERE project_id = ? AND (due_on < ? OR due_on > ?)", projectId, term.startOn, term.endOn);

// ---------------------------------------------------------------------------------------------------
// Milestone nodes: whoever may re-date a project's milestones (update:milestone) adds and edits them.

function projectTerm(db: DB, projectId: number) {
  const p = one<{ startOn: string; endOn: string }>(db, "SELECT start_on AS startOn, end_on AS endOn FROM projects WHERE id = ?", projectId);
  if (!p) throw notFound();
  return p;
}

function assertWithinTerm(db: DB, projectId: number, dueOn: string) {
  const term = projectTerm(db, projectId);
  if (!withinProject(dueOn, term)) throw new DomainError("milestoneOutsideProject", 400, { start: term.startOn, end: term.endOn });
}

export function createMilestone(ctx: AppContext, actor: Actor, input: MilestoneInput) {
  assertCan(actor, "update", "milestone", { projectId: input.projectId });
  const { db } = ctx;
  return commit(ctx, () => {
    assertWithinTerm(db, input.projectId, input.dueOn);
    const id = insert(db, "INSERT INTO milestones (project_id, name, due_on, expected_results) VALUES (?, ?, ?, ?)", input.projectId, input.name, input.dueOn, input.expectedResults);
    const after = getMilestone(db, id);
    return { result: after, events: recordChange(db, { entity: "milestone", id, action: "create", by: actor, before: null, after, boards: boardsOf(input.projectId) }) };
  });
}

export function updateMilestone(ctx: AppContext, actor: Actor, input: z.infer<typeof milestoneUpdateSchema>) {
  const { db } = ctx;
  assertCan(actor, "update", "milestone", { projectId: getMilestone(db, input.id).projectId });
  return commit(ctx, () => {
    const before = getMilestone(db, input.id);
    assertVersion(before, input.version, before);
    if (input.dueOn !== before.dueOn && !canRedate(before)) throw new DomainError("milestoneNotPending", 409, { current: before });
    assertWithinTerm(db, before.projectId, input.dueOn);
    updateVersioned(db, milestones, before.id, before.version, { name: input.name, dueOn: input.dueOn, expectedResults: input.expectedResults });
    const after = getMilestone(db, before.id);
    return { result: after, events: recordChange(db, { entity: "milestone", id: after.id, action: "update", by: actor, before, after, boards: boardsOf(after.projectId) }) };
  });
}
