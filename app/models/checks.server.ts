// Milestone and mid-term checks, their rectifications (整改) and escalations to the 总体部. Every write is
// one transaction (row + audit + board events on the consortium and the project board, published after
// commit); then the people concerned get a personal "notify" carrying their own count of check work
// (assigned experts, the project lead and the owner units' leads, the observers of the 总体部).
// Pure rules (checklist, conflict of interest, outcome, reminder clock) live in checks.ts.
import { getSettings } from "./consortium.server";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { assertCan, assertVersion } from "./guard.server";
import { can } from "./permissions";
import { DomainError, notFound } from "./errors";
import { commit } from "./tasks.server";
import { decideTrlClaimInTx } from "./trl.server";
import type { TrlDecisionInput } from "./trl";
import { storeEvidence, listEvidence, type UploadedFile } from "./evidence.server";
import type { EvidenceRow } from "./evidence";
import { resolveLocale, translate, type Locale } from "../i18n/catalog";
import {
  AWAITING_OWNER,
  coiConflict,
  expertRefusal,
  generateChecklist,
  outcomeRefusal,
  problemItems,
  RECT_ALLOWED_FROM,
  rectificationAlert,
  sortRectifications,
  type CheckExpertInput,
  type CheckItemRow,
  type CheckRow,
  type CheckScheduleInput,
  type ChecklistInput,
  type EscalateInput,
  type EscalationRow,
  type ExpertRef,
  type ExpertRefusal,
  type FindingInput,
  type RectAlert,
  type RectificationRow,
  type RectRespondInput,
  type RectRules,
  type RectTransitionInput,
  type ResolveEscalationInput,
  type RestOkInput,
  type SelfAssessmentInput,
  type SignOutcomeInput,
} from "./checks";

const q = <T>(db: DB, sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T | undefined;
const all = <T>(db: DB, sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
/** The one row a select finds by id, or "not found". */
function one<T>(db: DB, sql: string, id: number): T {
  const row = q<T>(db, sql, id);
  if (!row) throw notFound();
  return row;
}
const boardsOf = (projectId: number) => [CONSORTIUM_BOARD, projectBoard(projectId)];

// ---------------------------------------------------------------------------------------------- reads

const CHECK_SELECT = `
  SELECT c.id, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName, p.lead_unit_id AS leadUnitId,
         p.lead_user_id AS leadUserId, lu.display_name AS leadUserName, c.milestone_id AS milestoneId, ms.name AS milestoneName,
         ms.due_on AS milestoneDueOn, c.kind, c.scheduled_on AS scheduledOn, c.status, c.self_assessment AS selfAssessment,
         c.self_assessed_by AS selfAssessedBy, sa.display_name AS selfAssessorName, c.self_assessed_at AS selfAssessedAt,
         c.outcome, c.outcome_summary AS outcomeSummary, c.signed_by AS signedBy, su.display_name AS signerName,
         c.signed_at AS signedAt, c.created_by AS createdBy, cu.display_name AS creatorName, c.created_at AS createdAt, c.version,
         (SELECT count(*) FROM check_items i WHERE i.check_id = c.id) AS itemCount,
         (SELECT count(*) FROM check_items i WHERE i.check_id = c.id AND i.result IS NOT NULL) AS reviewedCount,
         (SELECT count(*) FROM check_items i WHERE i.check_id = c.id AND i.result IN ('problem','serious')) AS problemCount,
         (SELECT count(*) FROM rectifications r WHERE r.check_id = c.id AND r.status != 'closed') AS openRectifications
  FROM checks c
  JOIN projects p ON p.id = c.project_id
  JOIN users cu ON cu.id = c.created_by
  LEFT JOIN users lu ON lu.id = p.lead_user_id
  LEFT JOIN milestones ms ON ms.id = c.milestone_id
  LEFT JOIN users sa ON sa.id = c.self_assessed_by
  LEFT JOIN users su ON su.id = c.signed_by`;

function expertsOf(db: DB, checkIds: number[]): Record<number, ExpertRef[]> {
  const out: Record<number, ExpertRef[]> = {};
  if (!checkIds.length) return out;
  const rows = all<ExpertRef & { checkId: number }>(
    db,
    `SELECT ce.check_id AS checkId, u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName
     FROM check_experts ce JOIN users u ON u.id = ce.user_id LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE ce.check_id IN (${checkIds.map(() => "?").join(",")}) ORDER BY u.id`,
    ...checkIds,
  );
  for (const { checkId, ...e } of rows) (out[checkId] ??= []).push(e);
  return out;
}

function withExperts(db: DB, rows: Omit<CheckRow, "experts">[]): CheckRow[] {
  const experts = expertsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, experts: experts[r.id] ?? [] }));
}

export const getCheck = (db: DB, id: number): CheckRow => withExperts(db, [one<Omit<CheckRow, "experts">>(db, `${CHECK_SELECT} WHERE c.id = ?`, id)])[0]!;

const readsProject = (actor: Actor, projectId: number) => can(actor, "read", "board", { projectId });

/** Checks of the projects the actor may read, latest first within active and signed. */
export function listChecks(db: DB, actor: Actor): CheckRow[] {
  const rows = all<Omit<CheckRow, "experts">>(db, `${CHECK_SELECT} ORDER BY c.scheduled_on DESC, c.id DESC`);
  return withExperts(db, rows.filter((r) => readsProject(actor, r.projectId)));
}

/** The unit answerable for an item: the indicator's responsible unit, the unit whose evidence it is, the claiming unit, else the project's lead unit. */
const ITEM_UNIT = `CASE WHEN i.kind = 'indicator' THEN coalesce(ind.responsible_unit_id, p.lead_unit_id) WHEN i.kind = 'evidence' THEN coalesce(i.ref_id, p.lead_unit_id)
  WHEN i.kind = 'trl_claim' THEN coalesce(tc.unit_id, p.lead_unit_id) ELSE p.lead_unit_id END`;

const ITEM_SELECT = `
  SELECT i.id, i.check_id AS checkId, i.seq, i.kind, i.ref_id AS refId, i.title, i.finding, i.result, i.recorded_by AS recordedBy,
         ru.display_name AS recorderName, i.version, ${ITEM_UNIT} AS unitId,
         (SELECT short_name FROM member_units WHERE id = ${ITEM_UNIT}) AS unitName
  FROM check_items i
  JOIN checks c ON c.id = i.check_id
  JOIN projects p ON p.id = c.project_id
  LEFT JOIN indicators ind ON i.kind = 'indicator' AND ind.id = i.ref_id
  LEFT JOIN trl_claims tc ON i.kind = 'trl_claim' AND tc.id = i.ref_id
  LEFT JOIN users ru ON ru.id = i.recorded_by`;

export const listItems = (db: DB, checkId: number) => all<CheckItemRow>(db, `${ITEM_SELECT} WHERE i.check_id = ? ORDER BY i.seq, i.id`, checkId);

const getItem = (db: DB, id: number) => one<CheckItemRow>(db, `${ITEM_SELECT} WHERE i.id = ?`, id);

const RECT_SELECT = `
  SELECT r.id, r.check_id AS checkId, c.kind AS checkKind, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName,
         r.check_item_id AS checkItemId, i.title AS itemTitle, r.description, r.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName,
         r.due_on AS dueOn, r.severity, r.status, r.response, r.closed_by AS closedBy, cu.display_name AS closerName, r.closed_at AS closedAt, r.version
  FROM rectifications r
  JOIN checks c ON c.id = r.check_id
  JOIN projects p ON p.id = c.project_id
  JOIN member_units m ON m.id = r.owner_unit_id
  LEFT JOIN check_items i ON i.id = r.check_item_id
  LEFT JOIN users cu ON cu.id = r.closed_by`;

export const getRectification = (db: DB, id: number) => one<RectificationRow>(db, `${RECT_SELECT} WHERE r.id = ?`, id);

/** Rectifications the actor may read: open ones (overdue first), optionally of one unit or with the closed ones. */
export function listRectifications(db: DB, actor: Actor, today: string, opts: { unitId?: number | null; checkId?: number; includeClosed?: boolean } = {}): RectificationRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  const filter = (sql: string, arg?: unknown) => {
    where.push(sql);
    if (arg !== undefined) args.push(arg);
  };
  if (opts.checkId) filter("r.check_id = ?", opts.checkId);
  if (opts.unitId) filter("r.owner_unit_id = ?", opts.unitId);
  if (!opts.includeClosed) filter("r.status != 'closed'");
  const rows = all<RectificationRow>(db, `${RECT_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`, ...args);
  return sortRectifications(rows.filter((r) => readsProject(actor, r.projectId)), today);
}

const ESC_SELECT = `
  SELECT e.id, e.check_id AS checkId, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName,
         e.rectification_id AS rectificationId, r.description AS rectificationDescription, e.description,
         e.escalated_by AS escalatedBy, eu.display_name AS escalatorName, e.escalated_at AS escalatedAt, e.status, e.resolution,
         e.resolved_by AS resolvedBy, ru.display_name AS resolverName, e.resolved_at AS resolvedAt, e.version
  FROM escalations e
  JOIN checks c ON c.id = e.check_id
  JOIN projects p ON p.id = c.project_id
  JOIN users eu ON eu.id = e.escalated_by
  LEFT JOIN rectifications r ON r.id = e.rectification_id
  LEFT JOIN users ru ON ru.id = e.resolved_by`;

export const getEscalation = (db: DB, id: number) => one<EscalationRow>(db, `${ESC_SELECT} WHERE e.id = ?`, id);

/** Open escalations first, newest first. */
export function listEscalations(db: DB, actor: Actor, opts: { checkId?: number } = {}): EscalationRow[] {
  const rows = opts.checkId
    ? all<EscalationRow>(db, `${ESC_SELECT} WHERE e.check_id = ? ORDER BY e.status = 'resolved', e.escalated_at DESC, e.id DESC`, opts.checkId)
    : all<EscalationRow>(db, `${ESC_SELECT} ORDER BY e.status = 'resolved', e.escalated_at DESC, e.id DESC`);
  return rows.filter((r) => readsProject(actor, r.projectId));
}

/** Units executing the project: owners of its tasks and its lead unit. */
export function executingUnitIds(db: DB, projectId: number): number[] {
  return all<{ id: number }>(
    db,
    `SELECT DISTINCT owner_unit_id AS id FROM tasks WHERE project_id = ? AND archived_at IS NULL UNION SELECT lead_unit_id FROM projects WHERE id = ?`,
    projectId,
    projectId,
  ).map((r) => r.id);
}

export type ExpertOption = { id: number; name: string; unitId: number | null; unitName: string | null; refusal: ExpertRefusal | null };

/** Every active expert with the reason he cannot check the project (conflict of interest first), or null. */
export function expertOptions(db: DB, projectId: number): ExpertOption[] {
  const project = q<{ leadUserId: number | null }>(db, "SELECT lead_user_id AS leadUserId FROM projects WHERE id = ?", projectId);
  if (!project) throw notFound();
  const executing = executingUnitIds(db, projectId);
  const rows = all<{ id: number; name: string; unitId: number | null; unitName: string | null; responsible: number }>(
    db,
    `SELECT u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName,
            EXISTS (SELECT 1 FROM project_experts pe WHERE pe.project_id = ? AND pe.user_id = u.id) AS responsible
     FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'expert' LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE u.active = 1 ORDER BY u.id`,
    projectId,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitId: r.unitId,
    unitName: r.unitName,
    refusal: expertRefusal({ ...r, isExpert: true, responsible: !!r.responsible }, executing, project.leadUserId),
  }));
}

/** Refuses an expert who may not check the project, with the reason as the error (`options`: expertOptions of the project, read once by the caller). */
function assertEligibleExpert(db: DB, projectId: number, userId: number, options: ExpertOption[] = expertOptions(db, projectId)): void {
  const user = q<{ id: number; name: string; unitId: number | null; unitName: string | null }>(
    db,
    `SELECT u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName FROM users u LEFT JOIN member_units m ON m.id = u.unit_id WHERE u.id = ? AND u.active = 1`,
    userId,
  );
  if (!user) throw notFound();
  const option = options.find((o) => o.id === userId);
  const refusal = option ? option.refusal : "not_expert";
  if (refusal === "executing_unit") throw new DomainError("checkCoiUnit", 403, { name: user.name, unit: user.unitName ?? "" });
  if (refusal === "project_lead") throw new DomainError("checkCoiLead", 403, { name: user.name });
  if (refusal === "not_expert") throw new DomainError("checkNotExpert", 400, { name: user.name });
  if (refusal === "not_responsible") throw new DomainError("checkExpertNotResponsible", 400, { name: user.name });
}

/** Rectification clock from the consortium's settings (province profile + overrides, admin page). */
export function checkRules(db: DB): RectRules {
  const s = getSettings(db);
  return { reminderDays: s.checkReminderDays, escalateOverdueDays: s.checkEscalateDays, rectifyDays: s.checkRectifyDays };
}

/** What the checklist is generated from, read from the milestones, indicators, evidence and TRL claims tables. */
export function checklistInput(db: DB, projectId: number, kind: "milestone" | "midterm", milestoneId: number | null, scheduledOn: string): ChecklistInput {
  const project = q<ChecklistInput["project"]>(db, "SELECT id, code, name FROM projects WHERE id = ?", projectId);
  if (!project) throw notFound();
  const MS = "SELECT id, name, due_on AS dueOn, expected_results AS expectedResults, status FROM milestones";
  const milestone = milestoneId ? (q<ChecklistInput["milestone"]>(db, `${MS} WHERE id = ? AND project_id = ?`, milestoneId, projectId) ?? null) : null;
  const milestoneResults = kind === "midterm" ? all<NonNullable<ChecklistInput["milestone"]>>(db, `${MS} WHERE project_id = ? AND due_on <= ? ORDER BY due_on, id`, projectId, scheduledOn) : [];
  // A milestone check reviews the indicators of the tasks feeding the node and the project's own ones due by then.
  const scope =
    kind === "milestone" && milestone
      ? { sql: "AND (ind.task_id IN (SELECT task_id FROM milestone_tasks WHERE milestone_id = ?) OR (ind.task_id IS NULL AND ind.due_on <= ?))", args: [milestone.id, milestone.dueOn] }
      : { sql: "", args: [] };
  const indicators = all<Omit<ChecklistInput["indicators"][number], "latest"> & { latestValue: number | null; latestOn: string | null }>(
    db,
    `SELECT ind.id, ind.name, ind.unit_of_measure AS unitOfMeasure, ind.target, ind.direction, ind.due_on AS dueOn, ind.waived_reason AS waivedReason,
            ind.responsible_unit_id AS responsibleUnitId, (SELECT short_name FROM member_units WHERE id = ind.responsible_unit_id) AS unitName,
            (SELECT v.value FROM indicator_values v WHERE v.indicator_id = ind.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latestValue,
            (SELECT v.measured_on FROM indicator_values v WHERE v.indicator_id = ind.id ORDER BY v.measured_on DESC, v.id DESC LIMIT 1) AS latestOn,
            (SELECT count(*) FROM evidence_files e JOIN indicator_values v ON e.subject_type = 'indicator_value' AND e.subject_id = v.id
              WHERE v.indicator_id = ind.id) AS evidenceCount
     FROM indicators ind WHERE ind.project_id = ? AND ind.archived_at IS NULL ${scope.sql} ORDER BY ind.due_on, ind.id`,
    projectId,
    ...scope.args,
  ).map(({ latestValue, latestOn, ...ind }) => ({ ...ind, latest: latestValue == null || latestOn == null ? null : { value: latestValue, measuredOn: latestOn } }));
  const trlClaims = all<ChecklistInput["trlClaims"][number]>(
    db,
    `SELECT tc.id, k.name AS technologyName, tc.trl, m.short_name AS unitName
     FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id JOIN member_units m ON m.id = tc.unit_id
     WHERE k.project_id = ? AND tc.status = 'claimed' ORDER BY tc.id`,
    projectId,
  );
  return { project, milestone, milestoneResults, indicators, trlClaims };
}

// ---------------------------------------------------------------------------------------------- who hears what

type Recipient = { id: number; locale: Locale };

function recipients(db: DB, sql: string, ...args: unknown[]): Recipient[] {
  return all<{ id: number; locale: string }>(db, sql, ...args).map((r) => ({ id: r.id, locale: resolveLocale(r.locale) }));
}
const leadsOfUnit = (db: DB, unitId: number) =>
  recipients(db, "SELECT u.id, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'unit_lead' WHERE u.unit_id = ? AND u.active = 1", unitId);
const observers = (db: DB) => recipients(db, "SELECT u.id, u.locale FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'observer' WHERE u.active = 1");
const usersById = (db: DB, ids: (number | null)[]) => {
  const list = ids.filter((x): x is number => x != null);
  return list.length ? recipients(db, `SELECT id, locale FROM users WHERE active = 1 AND id IN (${list.map(() => "?").join(",")})`, ...list) : [];
};

/**
 * The number on a user's check bell: for observers the open escalations; for unit leads their unit's
 * rectifications waiting for them; for experts their unsigned checks and submitted rectifications of
 * them; for the secretariat submitted rectifications to close; for project leads checks waiting for a
 * self-assessment and open rectifications of their projects. Counted once each.
 */
export function pendingCheckCount(db: DB, userId: number): number {
  const u = q<{ unitId: number | null }>(db, "SELECT unit_id AS unitId FROM users WHERE id = ?", userId);
  if (!u) return 0;
  const roles = all<{ role: string }>(db, "SELECT role FROM user_roles WHERE user_id = ?", userId).map((r) => r.role);
  return pendingCheckCountOf(db, { id: userId, unitId: u.unitId, roles });
}

/** The same count for a signed-in actor, whose unit and roles are already known (root loader, every request). */
export function pendingCheckCountOf(db: DB, who: { id: number; unitId: number | null; roles: readonly string[] }): number {
  const userId = who.id;
  const u = { unitId: who.unitId };
  const roles = new Set(who.roles);
  const keys = new Set<string>();
  const add = (prefix: string, sql: string, ...args: unknown[]) => all<{ id: number }>(db, sql, ...args).forEach((r) => keys.add(`${prefix}${r.id}`));
  if (roles.has("observer")) add("e", "SELECT id FROM escalations WHERE status = 'open'");
  if (roles.has("unit_lead") && u.unitId != null) add("r", "SELECT id FROM rectifications WHERE owner_unit_id = ? AND status IN ('open','escalated')", u.unitId);
  if (roles.has("expert")) {
    add("c", "SELECT c.id FROM checks c JOIN check_experts ce ON ce.check_id = c.id WHERE ce.user_id = ? AND c.status != 'signed'", userId);
    add("r", "SELECT r.id FROM rectifications r JOIN check_experts ce ON ce.check_id = r.check_id WHERE ce.user_id = ? AND r.status = 'submitted'", userId);
  }
  if (roles.has("secretariat")) add("r", "SELECT id FROM rectifications WHERE status = 'submitted'");
  if (roles.has("project_lead")) {
    add("c", "SELECT c.id FROM checks c JOIN projects p ON p.id = c.project_id WHERE p.lead_user_id = ? AND c.status = 'scheduled'", userId);
    add("r", "SELECT r.id FROM rectifications r JOIN checks c ON c.id = r.check_id JOIN projects p ON p.id = c.project_id WHERE p.lead_user_id = ? AND r.status IN ('open','escalated')", userId);
  }
  return keys.size;
}

export type CheckNotice = "assigned" | "rectification" | "due_soon" | "overdue" | "escalation" | "resolved" | "submitted";

/** One personal notification per recipient, in his language, with his own pending count. */
type NoticeParams = Record<string, string | number>;
function notify(ctx: AppContext, to: Recipient[], event: CheckNotice, href: string, params: NoticeParams | ((locale: Locale) => NoticeParams)) {
  const seen = new Set<number>();
  for (const r of to) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const text = translate(r.locale, `checks.notify.${event}`, typeof params === "function" ? params(r.locale) : params);
    ctx.realtime.notifyUsers([r.id], { kind: "check", event, text, href, pending: pendingCheckCount(ctx.db, r.id) });
  }
}

/** Notice parameters naming a check, in the recipient's language. */
const checkParams = (check: Pick<CheckRow, "kind" | "projectCode">) => (locale: Locale) => ({ project: check.projectCode, kind: translate(locale, `checks.kinds.${check.kind}`) });

// ---------------------------------------------------------------------------------------------- write helpers

type By = Pick<Actor, "id" | "displayName"> | null;

/** Audit row + board event of one entity, inside the caller's transaction. */
function record(db: DB, by: By, entity: "check" | "rectification" | "escalation", action: string, before: unknown, after: { id: number }, projectId: number, extra?: Record<string, unknown>): BoardEvent[] {
  appendAudit(db, { userId: by?.id ?? null, action: `${entity}.${action}`, entity, entityId: after.id, before, after: extra ? { ...after, ...extra } : after });
  return appendEvents(db, boardsOf(projectId), `${entity}.upserted`, { entity, id: after.id, row: after, by: by ? { id: by.id, name: by.displayName } : null, action });
}

const checkEvent = (db: DB, by: By, checkId: number, action: string) => {
  const row = getCheck(db, checkId);
  return appendEvents(db, boardsOf(row.projectId), "check.upserted", { entity: "check", id: row.id, row, by: by ? { id: by.id, name: by.displayName } : null, action });
};

/** Optimistic update of one row: the version must still be the one read in this transaction. */
function bump(db: DB, table: "checks" | "check_items" | "rectifications" | "escalations", id: number, seen: number, set: Record<string, unknown>): void {
  const cols = Object.keys(set);
  const changed = db.$client
    .prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(", ")}, version = version + 1 WHERE id = @id AND version = @seen`)
    .run({ ...set, id, seen });
  if (changed.changes !== 1) throw new DomainError("conflict", 409);
}

function readableCheck(db: DB, actor: Actor, checkId: number): CheckRow {
  const check = getCheck(db, checkId);
  if (!readsProject(actor, check.projectId)) throw new DomainError("forbidden", 403, { check: checkId });
  return check;
}

const assertOpen = (check: CheckRow) => {
  if (check.status === "signed") throw new DomainError("checkSigned", 409, { current: check });
};

/**
 * Only an assigned expert reviews and signs, with the grant for the project (sign:check own-project), and
 * the conflict-of-interest rule is checked again now (a task may have moved to his unit since).
 */
function assertReviewer(db: DB, actor: Actor, check: CheckRow): void {
  assertCan(actor, "sign", "check", { projectId: check.projectId });
  if (!q(db, "SELECT 1 AS x FROM check_experts WHERE check_id = ? AND user_id = ?", check.id, actor.id)) throw new DomainError("checkNotAssigned", 403);
  const coi = coiConflict(actor, executingUnitIds(db, check.projectId), check.leadUserId);
  if (coi === "executing_unit") throw new DomainError("checkCoiUnit", 403, { name: actor.displayName, unit: actor.unitName ?? "" });
  if (coi === "project_lead") throw new DomainError("checkCoiLead", 403, { name: actor.displayName });
}

/** Null when the actor may review and sign the check, else why not (in his language). */
export function reviewRefusal(db: DB, actor: Actor, check: CheckRow): string | null {
  try {
    assertReviewer(db, actor, check);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return translate(actor.locale, `errors.${err.code}`, err.details as NoticeParams);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------- checks

/**
 * The secretariat schedules a check: a milestone check needs a milestone of the project; every expert
 * must be an eligible responsible expert (conflict of interest refused). The checklist is generated now
 * from the project's milestones, indicators, evidence and pending TRL claims.
 */
export function scheduleCheck(ctx: AppContext, actor: Actor, input: CheckScheduleInput, today: string): CheckRow {
  const { db } = ctx;
  assertCan(actor, "schedule", "check", { projectId: input.projectId });
  if (!q(db, "SELECT 1 AS x FROM projects WHERE id = ?", input.projectId)) throw notFound();
  if (input.scheduledOn < today) throw new DomainError("invalid", 400, { scheduledOn: input.scheduledOn });
  const milestoneId = input.milestoneId ?? null;
  if (milestoneId != null && !q(db, "SELECT 1 AS x FROM milestones WHERE id = ? AND project_id = ?", milestoneId, input.projectId)) throw new DomainError("checkMilestoneRequired", 400);
  if (input.kind === "milestone" && milestoneId == null) throw new DomainError("checkMilestoneRequired", 400);
  const expertIds = [...new Set(input.expertIds)];
  const options = expertOptions(db, input.projectId);
  for (const e of expertIds) assertEligibleExpert(db, input.projectId, e, options);
  const check = commit(ctx, () => {
    const dup = q(db, "SELECT 1 AS x FROM checks WHERE project_id = ? AND kind = ? AND coalesce(milestone_id, 0) = ? AND status != 'signed'", input.projectId, input.kind, milestoneId ?? 0);
    if (dup) throw new DomainError("checkDuplicate", 409);
    const { id } = db.$client
      .prepare("INSERT INTO checks (project_id, milestone_id, kind, scheduled_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
      .get(input.projectId, milestoneId, input.kind, input.scheduledOn, actor.id, db.$clock.nowIso()) as { id: number };
    const addExpert = db.$client.prepare("INSERT INTO check_experts (check_id, user_id) VALUES (?, ?)");
    for (const e of expertIds) addExpert.run(id, e);
    const items = generateChecklist(checklistInput(db, input.projectId, input.kind, milestoneId, input.scheduledOn));
    const addItem = db.$client.prepare("INSERT INTO check_items (check_id, seq, kind, ref_id, title) VALUES (?, ?, ?, ?, ?)");
    for (const it of items) addItem.run(id, it.seq, it.kind, it.refId, it.title);
    const row = getCheck(db, id);
    return { result: row, events: record(db, actor, "check", "schedule", null, row, row.projectId, { items }) };
  });
  notify(ctx, usersById(db, expertIds), "assigned", `/checks/${check.id}`, checkParams(check));
  return check;
}

export function assignExpert(ctx: AppContext, actor: Actor, input: CheckExpertInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "schedule", "check", { projectId: current.projectId });
  assertEligibleExpert(db, current.projectId, input.userId);
  const check = commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    if (before.experts.some((e) => e.id === input.userId)) throw new DomainError("checkExpertAssigned", 409);
    db.$client.prepare("INSERT INTO check_experts (check_id, user_id) VALUES (?, ?)").run(before.id, input.userId);
    bump(db, "checks", before.id, before.version, {});
    const after = getCheck(db, before.id);
    return { result: after, events: record(db, actor, "check", "assign_expert", before, after, after.projectId) };
  });
  notify(ctx, usersById(db, [input.userId]), "assigned", `/checks/${check.id}`, checkParams(check));
  return check;
}

export function unassignExpert(ctx: AppContext, actor: Actor, input: CheckExpertInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "schedule", "check", { projectId: current.projectId });
  return commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    if (!before.experts.some((e) => e.id === input.userId)) throw notFound();
    if (before.experts.length <= 1) throw new DomainError("checkLastExpert", 409);
    db.$client.prepare("DELETE FROM check_experts WHERE check_id = ? AND user_id = ?").run(before.id, input.userId);
    bump(db, "checks", before.id, before.version, {});
    const after = getCheck(db, before.id);
    return { result: after, events: record(db, actor, "check", "unassign_expert", before, after, after.projectId) };
  });
}

/** The project lead files (or revises, until signing) the project's self-assessment. */
export function saveSelfAssessment(ctx: AppContext, actor: Actor, input: SelfAssessmentInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "prepare", "check", { projectId: current.projectId });
  return commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    bump(db, "checks", before.id, before.version, {
      self_assessment: input.selfAssessment,
      self_assessed_by: actor.id,
      self_assessed_at: db.$clock.nowIso(),
      status: "self_assessed",
    });
    const after = getCheck(db, before.id);
    return { result: after, events: record(db, actor, "check", "self_assess", before, after, after.projectId) };
  });
}

/** An assigned expert records the finding and result of one checklist item. */
export function recordFinding(ctx: AppContext, actor: Actor, input: FindingInput): CheckItemRow {
  const { db } = ctx;
  const item = getItem(db, input.id);
  const check = readableCheck(db, actor, item.checkId);
  assertReviewer(db, actor, check);
  return commit(ctx, () => {
    const before = getItem(db, input.id);
    assertVersion(before, input.version, before);
    assertOpen(getCheck(db, before.checkId));
    bump(db, "check_items", before.id, before.version, { finding: input.finding, result: input.result, recorded_by: actor.id });
    const after = getItem(db, before.id);
    appendAudit(db, { userId: actor.id, action: "check_item.record", entity: "check_item", entityId: after.id, before, after });
    return { result: after, events: checkEvent(db, actor, after.checkId, "finding") };
  });
}

/** Marks every item not yet reviewed as satisfactory (the expert reviewed the list as a whole). */
export function markRestOk(ctx: AppContext, actor: Actor, input: RestOkInput): CheckRow {
  const { db } = ctx;
  const check = readableCheck(db, actor, input.checkId);
  assertReviewer(db, actor, check);
  return commit(ctx, () => {
    assertOpen(getCheck(db, check.id));
    const ids = all<{ id: number }>(db, "SELECT id FROM check_items WHERE check_id = ? AND result IS NULL", check.id).map((r) => r.id);
    db.$client.prepare("UPDATE check_items SET result = 'ok', recorded_by = ?, version = version + 1 WHERE check_id = ? AND result IS NULL").run(actor.id, check.id);
    const after = getCheck(db, check.id);
    appendAudit(db, { userId: actor.id, action: "check.review_rest", entity: "check", entityId: check.id, before: { unreviewed: ids }, after: { itemIds: ids, result: "ok" } });
    return { result: after, events: checkEvent(db, actor, check.id, "review_rest") };
  });
}

function insertEscalation(db: DB, by: By, escalatedBy: number, checkId: number, rectificationId: number | null, description: string, projectId: number): { row: EscalationRow; events: BoardEvent[] } {
  const { id } = db.$client
    .prepare("INSERT INTO escalations (check_id, rectification_id, description, escalated_by, escalated_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
    .get(checkId, rectificationId, description, escalatedBy, db.$clock.nowIso()) as { id: number };
  const row = getEscalation(db, id);
  return { row, events: record(db, by, "escalation", by ? "create" : "auto", null, row, projectId) };
}

export type SignResult = { check: CheckRow; rectifications: RectificationRow[]; escalations: EscalationRow[] };

/**
 * An assigned expert signs the outcome. Every item must be reviewed; "pass" is refused with serious
 * findings; "rectify" and "fail" turn each problem item into a rectification (owner: the item's unit
 * unless the plan names another; due: the plan's date or the form's default). Serious rectifications
 * go to the 总体部 at once, and a failed check without a serious item is escalated as a whole.
 */
export function signOutcome(ctx: AppContext, actor: Actor, input: SignOutcomeInput, today: string): SignResult {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertReviewer(db, actor, current);
  const plans = new Map(input.rect.map((p) => [p.itemId, p]));
  if (input.dueOn < today || input.rect.some((p) => p.dueOn < today)) throw new DomainError("invalid", 400, { dueOn: input.dueOn });
  const result = commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    const items = listItems(db, before.id);
    const openSerious = q<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM rectifications r JOIN checks c ON c.id = r.check_id WHERE c.project_id = ? AND r.check_id != ? AND r.severity = 'serious' AND r.status != 'closed'`,
      before.projectId,
      before.id,
    )!.n;
    const refusal = outcomeRefusal(input.outcome, items, openSerious);
    if (refusal) throw new DomainError(refusal, 409);
    bump(db, "checks", before.id, before.version, {
      status: "signed",
      outcome: input.outcome,
      outcome_summary: input.summary,
      signed_by: actor.id,
      signed_at: db.$clock.nowIso(),
    });
    const events: BoardEvent[] = [];
    const rectifications: RectificationRow[] = [];
    const escalations: EscalationRow[] = [];
    if (input.outcome !== "pass") {
      const insert = db.$client.prepare(
        "INSERT INTO rectifications (check_id, check_item_id, description, owner_unit_id, due_on, severity, status) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      );
      for (const item of problemItems(items)) {
        const plan = plans.get(item.id);
        const ownerUnitId = plan?.ownerUnitId ?? item.unitId ?? before.leadUnitId;
        if (!q(db, "SELECT 1 AS x FROM member_units WHERE id = ?", ownerUnitId)) throw new DomainError("invalid", 400, { ownerUnitId });
        const serious = item.result === "serious";
        const { id } = insert.get(before.id, item.id, item.finding || item.title, ownerUnitId, plan?.dueOn ?? input.dueOn, serious ? "serious" : "normal", serious ? "escalated" : "open") as { id: number };
        const rect = getRectification(db, id);
        rectifications.push(rect);
        events.push(...record(db, actor, "rectification", "create", null, rect, before.projectId));
        if (serious) {
          const esc = insertEscalation(db, actor, actor.id, before.id, id, `${item.title}：${item.finding}`, before.projectId);
          escalations.push(esc.row);
          events.push(...esc.events);
        }
      }
      if (input.outcome === "fail" && escalations.length === 0) {
        const esc = insertEscalation(db, actor, actor.id, before.id, null, input.summary, before.projectId);
        escalations.push(esc.row);
        events.push(...esc.events);
      }
    }
    const after = getCheck(db, before.id);
    events.unshift(...record(db, actor, "check", "sign", before, after, after.projectId));
    return { result: { check: after, rectifications, escalations }, events };
  });
  const { check } = result;
  const href = `/checks/${check.id}`;
  for (const r of result.rectifications) {
    notify(ctx, [...usersById(db, [check.leadUserId]), ...leadsOfUnit(db, r.ownerUnitId)], "rectification", href, { project: check.projectCode, description: r.description });
  }
  for (const e of result.escalations) notify(ctx, observers(db), "escalation", "/escalations", { project: check.projectCode, description: e.description });
  return result;
}

/**
 * A TRL claim decided inside the check by one of its experts: the decision itself (and its rule, "not of
 * the claiming unit") is trl.server.ts's; the claim's checklist item records the result in the same
 * transaction (confirmed: satisfactory; rejected: a problem, with the comment as finding).
 */
export function decideTrlInCheck(ctx: AppContext, actor: Actor, input: TrlDecisionInput): CheckItemRow | null {
  const { db } = ctx;
  if (input.checkId == null) throw new DomainError("invalid", 400, { checkId: null });
  const check = readableCheck(db, actor, input.checkId);
  assertReviewer(db, actor, check);
  assertOpen(check);
  let decided: ReturnType<typeof decideTrlClaimInTx> | null = null;
  const item = commit(ctx, () => {
    const d = (decided = decideTrlClaimInTx(db, actor, input));
    const row = q<{ id: number; version: number }>(db, "SELECT id, version FROM check_items WHERE check_id = ? AND kind = 'trl_claim' AND ref_id = ?", check.id, input.claimId);
    if (row) {
      const finding = input.comment || translate("zh-CN", "checks.detail.trlStatuses.confirmed");
      bump(db, "check_items", row.id, row.version, { result: input.decision === "confirmed" ? "ok" : "problem", finding, recorded_by: actor.id });
      appendAudit(db, { userId: actor.id, action: "check_item.record", entity: "check_item", entityId: row.id, after: getItem(db, row.id) });
    }
    return { result: row ? getItem(db, row.id) : null, events: [...d.events, ...checkEvent(db, actor, check.id, "trl")] };
  });
  // The claimer hears of it as from the technology page.
  const { row: tech, claimedBy } = decided!;
  ctx.realtime.notifyUsers([claimedBy], { kind: "trl", technologyId: tech.id, name: tech.name, claim: tech.claims.find((c) => c.id === input.claimId) });
  return item;
}

// ---------------------------------------------------------------------------------------------- rectifications

function rectTransition(ctx: AppContext, actor: Actor, action: "respond" | "close" | "reopen", input: { id: number; version: number }, set: () => Record<string, unknown>, extra?: (r: RectificationRow) => void, auditExtra?: Record<string, unknown>): RectificationRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getRectification(db, input.id);
    assertVersion(before, input.version, before);
    if (!RECT_ALLOWED_FROM[action].includes(before.status)) throw new DomainError("rectWrongStatus", 409, { current: before });
    bump(db, "rectifications", before.id, before.version, set());
    extra?.(before);
    const after = getRectification(db, before.id);
    return { result: after, events: record(db, actor, "rectification", action, before, after, after.projectId, auditExtra) };
  });
}

/** The owner unit's lead reports what was done, with evidence files; the rectification waits for closing. */
export function respondRectification(ctx: AppContext, actor: Actor, input: RectRespondInput, files: UploadedFile[] = []): RectificationRow {
  const { db } = ctx;
  const current = getRectification(db, input.id);
  assertCan(actor, "respond", "rectification", { unitId: current.ownerUnitId, projectId: current.projectId });
  const row = rectTransition(ctx, actor, "respond", input, () => ({ status: "submitted", response: input.response }), (r) => {
    if (files.length) storeEvidence(db, ctx.config, actor, { type: "rectification", id: r.id, projectId: r.projectId }, files);
  });
  const check = getCheck(db, row.checkId);
  notify(ctx, [...usersById(db, [check.leadUserId, ...check.experts.map((e) => e.id)])], "submitted", `/checks/${check.id}`, { description: row.description });
  return row;
}

/** Experts of the project and the secretariat close or return a rectification, never one of their own unit. */
function assertCloser(actor: Actor, r: RectificationRow) {
  assertCan(actor, "close", "rectification", { projectId: r.projectId });
  if (actor.unitId != null && actor.unitId === r.ownerUnitId) throw new DomainError("rectOwnUnit", 403);
}

export function closeRectification(ctx: AppContext, actor: Actor, input: RectTransitionInput): RectificationRow {
  assertCloser(actor, getRectification(ctx.db, input.id));
  const row = rectTransition(ctx, actor, "close", input, () => ({ status: "closed", closed_by: actor.id, closed_at: ctx.db.$clock.nowIso() }), undefined, input.comment ? { comment: input.comment } : undefined);
  notifyOwners(ctx, row, "resolved");
  return row;
}

export function reopenRectification(ctx: AppContext, actor: Actor, input: RectTransitionInput): RectificationRow {
  assertCloser(actor, getRectification(ctx.db, input.id));
  const row = rectTransition(ctx, actor, "reopen", input, () => ({ status: "open", closed_by: null, closed_at: null }), undefined, input.comment ? { comment: input.comment } : undefined);
  notifyOwners(ctx, row, "rectification");
  return row;
}

function notifyOwners(ctx: AppContext, r: RectificationRow, event: CheckNotice) {
  const check = getCheck(ctx.db, r.checkId);
  notify(ctx, [...usersById(ctx.db, [check.leadUserId]), ...leadsOfUnit(ctx.db, r.ownerUnitId)], event, `/checks/${check.id}`, {
    project: check.projectCode,
    description: r.description,
    date: r.dueOn,
  });
}

// ---------------------------------------------------------------------------------------------- escalations

/** The secretariat or a responsible expert escalates a problem of a check (optionally one rectification) to the 总体部. */
export function escalate(ctx: AppContext, actor: Actor, input: EscalateInput): EscalationRow {
  const { db } = ctx;
  const check = readableCheck(db, actor, input.checkId);
  assertCan(actor, "escalate", "check", { projectId: check.projectId });
  const row = commit(ctx, () => {
    const events: BoardEvent[] = [];
    let rectId: number | null = null;
    if (input.rectificationId != null) {
      const r = getRectification(db, input.rectificationId);
      if (r.checkId !== check.id) throw notFound();
      if (q(db, "SELECT 1 AS x FROM escalations WHERE rectification_id = ? AND status = 'open'", r.id)) throw new DomainError("escalationExists", 409);
      if (!RECT_ALLOWED_FROM.escalate.includes(r.status)) throw new DomainError("rectWrongStatus", 409, { current: r });
      bump(db, "rectifications", r.id, r.version, { status: "escalated" });
      events.push(...record(db, actor, "rectification", "escalate", r, getRectification(db, r.id), check.projectId));
      rectId = r.id;
    }
    const esc = insertEscalation(db, actor, actor.id, check.id, rectId, input.description, check.projectId);
    return { result: esc.row, events: [...events, ...esc.events] };
  });
  notify(ctx, observers(db), "escalation", "/escalations", { project: check.projectCode, description: row.description });
  return row;
}

/** The 总体部 records its resolution; an escalated rectification goes back to its owner to carry it out. */
export function resolveEscalation(ctx: AppContext, actor: Actor, input: ResolveEscalationInput): EscalationRow {
  const { db } = ctx;
  const current = getEscalation(db, input.id);
  assertCan(actor, "resolve", "escalation", { projectId: current.projectId });
  const row = commit(ctx, () => {
    const before = getEscalation(db, input.id);
    assertVersion(before, input.version, before);
    if (before.status !== "open") throw new DomainError("escalationResolved", 409, { current: before });
    bump(db, "escalations", before.id, before.version, { status: "resolved", resolution: input.resolution, resolved_by: actor.id, resolved_at: db.$clock.nowIso() });
    const after = getEscalation(db, before.id);
    const events = record(db, actor, "escalation", "resolve", before, after, after.projectId);
    if (before.rectificationId != null) {
      const r = getRectification(db, before.rectificationId);
      if (r.status === "escalated") {
        bump(db, "rectifications", r.id, r.version, { status: "open" });
        events.push(...record(db, actor, "rectification", "resolved", r, getRectification(db, r.id), r.projectId));
      }
    }
    return { result: after, events };
  });
  const check = getCheck(db, row.checkId);
  const owner = row.rectificationId != null ? leadsOfUnit(db, getRectification(db, row.rectificationId).ownerUnitId) : [];
  notify(ctx, [...usersById(db, [row.escalatedBy, check.leadUserId]), ...owner], "resolved", `/checks/${check.id}`, { description: row.description });
  return row;
}

// ---------------------------------------------------------------------------------------------- reminders

export type ReminderEntry = { rectification: RectificationRow; alert: RectAlert };

/** Rectifications due soon, overdue, or to be escalated on `today` (read only). */
export function rectificationReminders(db: DB, today: string, rules: RectRules = checkRules(db)): ReminderEntry[] {
  const rows = all<RectificationRow>(db, `${RECT_SELECT} WHERE r.status IN (${AWAITING_OWNER.map(() => "?").join(",")}) ORDER BY r.due_on, r.id`, ...AWAITING_OWNER);
  const escalated = new Set(all<{ id: number }>(db, "SELECT DISTINCT rectification_id AS id FROM escalations WHERE rectification_id IS NOT NULL").map((e) => e.id));
  return rows.flatMap((r) => {
    const alert = rectificationAlert(r, today, rules, escalated.has(r.id));
    return alert.reminder || alert.escalate ? [{ rectification: r, alert }] : [];
  });
}

/**
 * Sends the reminders not yet sent (each kind once per rectification; the audit trail remembers them)
 * and escalates what the clock says must go to the 总体部, in the name of whoever scheduled the check.
 * Runs when the check pages load and from the server's daily timer; idempotent.
 */
export function issueRectificationReminders(ctx: AppContext, today: string): { reminded: number; escalated: number } {
  const { db } = ctx;
  const entries = rectificationReminders(db, today);
  if (!entries.length) return { reminded: 0, escalated: 0 };
  const sent = db.$client.prepare(
    "SELECT 1 AS x FROM audit_log WHERE entity = 'rectification' AND entity_id = ? AND action = 'rectification.remind' AND json_extract(after, '$.kind') = ? LIMIT 1",
  );
  const { reminders, escalations } = commit(ctx, () => {
    const reminders: ReminderEntry[] = [];
    const escalations: EscalationRow[] = [];
    const events: BoardEvent[] = [];
    for (const e of entries) {
      const r = e.rectification;
      if (e.alert.reminder && !sent.get(String(r.id), e.alert.reminder)) {
        appendAudit(db, { userId: null, action: "rectification.remind", entity: "rectification", entityId: r.id, after: { kind: e.alert.reminder, on: today, dueOn: r.dueOn } });
        reminders.push(e);
      }
      if (e.alert.escalate) {
        const fresh = getRectification(db, r.id);
        if (fresh.status !== "open") continue;
        bump(db, "rectifications", r.id, fresh.version, { status: "escalated" });
        events.push(...record(db, null, "rectification", "auto_escalate", fresh, getRectification(db, r.id), r.projectId));
        const by = q<{ createdBy: number }>(db, "SELECT created_by AS createdBy FROM checks WHERE id = ?", r.checkId)!.createdBy;
        const reason = translate("zh-CN", e.alert.reminder === "overdue" ? "checks.notify.overdue" : "checks.notify.rectification", { date: r.dueOn, description: r.description, project: r.projectCode });
        const esc = insertEscalation(db, null, by, r.checkId, r.id, reason, r.projectId);
        escalations.push(esc.row);
        events.push(...esc.events);
      }
    }
    return { result: { reminders, escalations }, events };
  });
  for (const { rectification: r, alert } of reminders) {
    const check = getCheck(db, r.checkId);
    notify(ctx, [...usersById(db, [check.leadUserId]), ...leadsOfUnit(db, r.ownerUnitId)], alert.reminder!, `/rectifications?unit=${r.ownerUnitId}`, { date: r.dueOn, description: r.description });
  }
  for (const e of escalations) notify(ctx, observers(db), "escalation", "/escalations", { project: e.projectCode, description: e.description });
  return { reminded: reminders.length, escalated: escalations.length };
}

// ---------------------------------------------------------------------------------------------- pages

export type TrlClaimRow = {
  id: number;
  technologyName: string;
  trl: number;
  reason: string;
  status: "claimed" | "confirmed" | "rejected";
  unitId: number;
  unitName: string;
  claimerName: string;
  claimedAt: string;
  decisionComment: string;
  checkId: number | null;
  version: number;
};

/** Claims of the project's technologies waiting for a decision, and those decided in this check. */
export function checkTrlClaims(db: DB, check: Pick<CheckRow, "id" | "projectId">): TrlClaimRow[] {
  return all<TrlClaimRow>(
    db,
    `SELECT tc.id, k.name AS technologyName, tc.trl, tc.reason, tc.status, tc.unit_id AS unitId, m.short_name AS unitName,
            u.display_name AS claimerName, tc.claimed_at AS claimedAt, tc.decision_comment AS decisionComment, tc.check_id AS checkId, tc.version
     FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id JOIN member_units m ON m.id = tc.unit_id JOIN users u ON u.id = tc.claimed_by
     WHERE k.project_id = ? AND (tc.status = 'claimed' OR tc.check_id = ?) ORDER BY tc.id`,
    check.projectId,
    check.id,
  );
}

export type UnitChoice = { id: number; shortName: string };
export const unitChoices = (db: DB) => all<UnitChoice>(db, "SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL ORDER BY id");

export type CheckPage = {
  check: CheckRow;
  items: CheckItemRow[];
  rectifications: RectificationRow[];
  escalations: EscalationRow[];
  evidence: Record<number, EvidenceRow[]>;
  trlClaims: TrlClaimRow[];
  units: UnitChoice[];
  expertOptions: ExpertOption[];
  reviewer: boolean;
  /** Why an assigned expert may not review (a conflict of interest arisen since), or null. */
  reviewBlocked: string | null;
  rules: RectRules;
};

/** Everything the check page shows, for an actor who may read the project. */
export function checkPage(db: DB, actor: Actor, checkId: number, today: string): CheckPage {
  const check = readableCheck(db, actor, checkId);
  const rectifications = listRectifications(db, actor, today, { checkId, includeClosed: true });
  const blocked = reviewRefusal(db, actor, check);
  return {
    check,
    items: listItems(db, checkId),
    rectifications,
    escalations: listEscalations(db, actor, { checkId }),
    evidence: listEvidence(db, "rectification", rectifications.map((r) => r.id)),
    trlClaims: checkTrlClaims(db, check),
    units: unitChoices(db),
    expertOptions: can(actor, "schedule", "check", { projectId: check.projectId }) ? expertOptions(db, check.projectId) : [],
    reviewer: blocked === null,
    reviewBlocked: check.experts.some((e) => e.id === actor.id) ? blocked : null,
    rules: checkRules(db),
  };
}

export type ScheduleOptions = {
  projects: { id: number; code: string; name: string }[];
  milestones: { id: number; projectId: number; name: string; dueOn: string; status: string }[];
  experts: Record<number, ExpertOption[]>;
};

/** Projects, their milestones and every expert with his eligibility per project, for the schedule form. */
export function scheduleOptions(db: DB): ScheduleOptions {
  const projects = all<ScheduleOptions["projects"][number]>(db, "SELECT id, code, name FROM projects ORDER BY code");
  const milestones = all<ScheduleOptions["milestones"][number]>(db, "SELECT id, project_id AS projectId, name, due_on AS dueOn, status FROM milestones ORDER BY project_id, due_on");
  return { projects, milestones, experts: Object.fromEntries(projects.map((p) => [p.id, expertOptions(db, p.id)])) };
}
