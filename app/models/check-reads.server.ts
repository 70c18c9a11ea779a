// Rows of the checks feature as every page and write reads them: checks with their experts, checklist
// items, rectifications (整改) and escalations, each with the names they show; the rectification clock's
// settings and what a checklist is generated from. Who may read: anyone reading the project's board.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { getSettings } from "./consortium.server";
import { can, type Grantee } from "./permissions";
import { DomainError } from "./errors";
import { all, column, must, one, placeholders, scalar, type SqlValue } from "./sql.server";
import { sortRectifications, type CheckItemRow, type CheckRow, type ChecklistInput, type EscalationRow, type ExpertRef, type RectificationRow, type RectRules } from "./checks";
import { latestValueSql } from "./indicators.server";
import { parseText } from "../i18n/local-text";

const CHECK_SELECT = `
  SELECT c.id, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName, p.lead_unit_id AS leadUnitId,
         p.lead_user_id AS leadUserId, lu.display_name AS leadUserName, c.milestone_id AS milestoneId, ms.name AS milestoneName,
         ms.due_on AS milestoneDueOn, c.kind, c.scheduled_on AS scheduledOn, c.status, c.self_assessment AS selfAssessment,
         c.self_assessed_by AS selfAssessedBy, sa.display_name AS selfAssessorName, c.self_assessed_at AS selfAssessedAt,
         c.outcome, c.outcome_summary AS outcomeSummary, c.signed_by AS signedBy, su.display_name AS signerName,
         c.signed_at AS signedAt, c.early_reason AS earlyReason, c.self_waiver AS selfWaiver, wu.display_name AS selfWaiverName,
         c.self_waived_at AS selfWaivedAt, c.rest_statement AS restStatement, ru.display_name AS restStatementName,
         c.rest_statement_at AS restStatementAt, c.created_by AS createdBy, cu.display_name AS creatorName, c.created_at AS createdAt, c.version,
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
  LEFT JOIN users su ON su.id = c.signed_by
  LEFT JOIN users wu ON wu.id = c.self_waived_by
  LEFT JOIN users ru ON ru.id = c.rest_statement_by`;

function expertsOf(db: DB, checkIds: number[]): Record<number, ExpertRef[]> {
  const out: Record<number, ExpertRef[]> = {};
  if (!checkIds.length) return out;
  const rows = all<ExpertRef & { checkId: number }>(
    db,
    `SELECT ce.check_id AS checkId, u.id, u.display_name AS name, u.unit_id AS unitId, m.short_name AS unitName
     FROM check_experts ce JOIN users u ON u.id = ce.user_id LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE ce.check_id IN (${placeholders(checkIds)}) ORDER BY u.id`,
    ...checkIds,
  );
  for (const { checkId, ...e } of rows) (out[checkId] ??= []).push(e);
  return out;
}

function withExperts(db: DB, rows: Omit<CheckRow, "experts">[]): CheckRow[] {
  const experts = expertsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, experts: experts[r.id] ?? [] }));
}

export const getCheck = (db: DB, id: number): CheckRow => withExperts(db, [must(one<Omit<CheckRow, "experts">>(db, `${CHECK_SELECT} WHERE c.id = ?`, id))])[0]!;

/** Who may read a check, its items and rectifications: a reader of the project's board. */
export const readsProject = (who: Grantee, projectId: number) => can(who, "read", "board", { projectId });

/** A check the actor may read (its project's board), or refused. */
export function readableCheck(db: DB, actor: Actor, checkId: number): CheckRow {
  const check = getCheck(db, checkId);
  if (!readsProject(actor, check.projectId)) throw new DomainError("forbidden", 403, { check: checkId });
  return check;
}

/** Checks of the projects the actor may read, latest first within active and signed. */
export function listChecks(db: DB, actor: Actor): CheckRow[] {
  const rows = all<Omit<CheckRow, "experts">>(db, `${CHECK_SELECT} ORDER BY c.scheduled_on DESC, c.id DESC`);
  return withExperts(db, rows.filter((r) => readsProject(actor, r.projectId)));
}

/** The unit answerable for an item: the indicator's responsible unit, the unit whose evidence it is, the claiming unit, else the project's lead unit. */
const ITEM_UNIT = `CASE WHEN i.kind = 'indicator' THEN coalesce(ind.responsible_unit_id, p.lead_unit_id) WHEN i.kind = 'evidence' THEN coalesce(i.ref_id, p.lead_unit_id)
  WHEN i.kind = 'trl_claim' THEN coalesce(tc.unit_id, p.lead_unit_id) ELSE p.lead_unit_id END`;

const ITEM_SELECT = `
  SELECT i.id, i.check_id AS checkId, i.seq, i.kind, i.ref_id AS refId, i.title, i.title_key AS titleKey, i.title_params AS titleParams, i.finding, i.result, i.recorded_by AS recordedBy,
         ru.display_name AS recorderName, i.bulk, i.version, ${ITEM_UNIT} AS unitId,
         (SELECT short_name FROM member_units WHERE id = ${ITEM_UNIT}) AS unitName
  FROM check_items i
  JOIN checks c ON c.id = i.check_id
  JOIN projects p ON p.id = c.project_id
  LEFT JOIN indicators ind ON i.kind = 'indicator' AND ind.id = i.ref_id
  LEFT JOIN trl_claims tc ON i.kind = 'trl_claim' AND tc.id = i.ref_id
  LEFT JOIN users ru ON ru.id = i.recorded_by`;

type RawItem = Omit<CheckItemRow, "titleText"> & { titleKey: string | null; titleParams: string | null };
const itemRow = ({ titleKey, titleParams, ...i }: RawItem): CheckItemRow => ({ ...i, titleText: parseText(titleKey, titleParams) });

export const listItems = (db: DB, checkId: number) => all<RawItem>(db, `${ITEM_SELECT} WHERE i.check_id = ? ORDER BY i.seq, i.id`, checkId).map(itemRow);

export const getItem = (db: DB, id: number) => itemRow(must(one<RawItem>(db, `${ITEM_SELECT} WHERE i.id = ?`, id)));

// The failing indicator of an indicator item's rectification, its newest effective value recorded since
// the rectification was opened (what closing rests on) and the value it was closed on.
const NEW_VALUE = (column: string) =>
  `(SELECT v.${column} FROM effective_indicator_values v WHERE v.indicator_id = ind.id AND v.recorded_at > r.opened_at ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1)`;

const RECT_SELECT = `
  SELECT r.id, r.check_id AS checkId, c.kind AS checkKind, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName,
         r.check_item_id AS checkItemId, i.title AS itemTitle, i.title_key AS itemTitleKey, i.title_params AS itemTitleParams, r.description, r.owner_unit_id AS ownerUnitId, m.short_name AS ownerUnitName,
         r.due_on AS dueOn, r.severity, r.status, r.response, r.closed_by AS closedBy, cu.display_name AS closerName, r.closed_at AS closedAt,
         r.opened_at AS openedAt, ind.id AS indicatorId, ind.name AS indicatorName, ind.unit_of_measure AS unitOfMeasure, r.no_value_reason AS noValueReason,
         ${NEW_VALUE("id")} AS newId, ${NEW_VALUE("value")} AS newValue_, ${NEW_VALUE("measured_on")} AS newOn, ${NEW_VALUE("recorded_at")} AS newAt,
         cv.id AS closingId, cv.value AS closingValue_, cv.measured_on AS closingOn, cv.recorded_at AS closingAt, r.version
  FROM rectifications r
  JOIN checks c ON c.id = r.check_id
  JOIN projects p ON p.id = c.project_id
  JOIN member_units m ON m.id = r.owner_unit_id
  LEFT JOIN check_items i ON i.id = r.check_item_id
  LEFT JOIN indicators ind ON i.kind = 'indicator' AND ind.id = i.ref_id
  LEFT JOIN indicator_values cv ON cv.id = r.closing_value_id
  LEFT JOIN users cu ON cu.id = r.closed_by`;

type RawRect = Omit<RectificationRow, "newValue" | "closingValue" | "itemTitleText"> & {
  itemTitleKey: string | null; itemTitleParams: string | null;
  newId: number | null; newValue_: number | null; newOn: string | null; newAt: string | null;
  closingId: number | null; closingValue_: number | null; closingOn: string | null; closingAt: string | null;
};

const measured = (id: number | null, value: number | null, measuredOn: string | null, recordedAt: string | null) =>
  id != null && value != null && measuredOn != null && recordedAt != null ? { id, value, measuredOn, recordedAt } : null;

const rectRow = ({ itemTitleKey, itemTitleParams, newId, newValue_, newOn, newAt, closingId, closingValue_, closingOn, closingAt, ...r }: RawRect): RectificationRow => ({
  ...r,
  itemTitleText: parseText(itemTitleKey, itemTitleParams),
  newValue: measured(newId, newValue_, newOn, newAt),
  closingValue: measured(closingId, closingValue_, closingOn, closingAt),
});

const rects = (db: DB, where: string, ...args: SqlValue[]) => all<RawRect>(db, `${RECT_SELECT} ${where}`, ...args).map(rectRow);

export const getRectification = (db: DB, id: number) => must(rects(db, "WHERE r.id = ?", id)[0]);

/** Rectifications in one of these statuses, by due date (the reminder schedule's worklist). */
export const rectificationsIn = (db: DB, statuses: readonly string[]) =>
  rects(db, `WHERE r.status IN (${placeholders(statuses)}) ORDER BY r.due_on, r.id`, ...statuses);

/** Rectifications the actor may read: open ones (overdue first), optionally of one unit or with the closed ones. */
export function listRectifications(db: DB, actor: Actor, today: string, opts: { unitId?: number | null; checkId?: number; includeClosed?: boolean } = {}): RectificationRow[] {
  const where: string[] = [];
  const args: SqlValue[] = [];
  const filter = (sql: string, arg?: SqlValue) => {
    where.push(sql);
    if (arg !== undefined) args.push(arg);
  };
  if (opts.checkId) filter("r.check_id = ?", opts.checkId);
  if (opts.unitId) filter("r.owner_unit_id = ?", opts.unitId);
  if (!opts.includeClosed) filter("r.status != 'closed'");
  const rows = rects(db, where.length ? `WHERE ${where.join(" AND ")}` : "", ...args);
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

export const getEscalation = (db: DB, id: number) => must(one<EscalationRow>(db, `${ESC_SELECT} WHERE e.id = ?`, id));

/** Open escalations first, newest first. */
export function listEscalations(db: DB, actor: Actor, opts: { checkId?: number } = {}): EscalationRow[] {
  const rows = opts.checkId
    ? all<EscalationRow>(db, `${ESC_SELECT} WHERE e.check_id = ? ORDER BY e.status = 'resolved', e.escalated_at DESC, e.id DESC`, opts.checkId)
    : all<EscalationRow>(db, `${ESC_SELECT} ORDER BY e.status = 'resolved', e.escalated_at DESC, e.id DESC`);
  return rows.filter((r) => readsProject(actor, r.projectId));
}

/** Who scheduled a check: the reminder schedule escalates in his name. */
export const checkCreator = (db: DB, checkId: number) => must(scalar<number>(db, "SELECT created_by FROM checks WHERE id = ?", checkId));

/** Units executing the project: owners of its tasks and its lead unit. */
export const executingUnitIds = (db: DB, projectId: number): number[] =>
  column<number>(db, "SELECT DISTINCT owner_unit_id FROM tasks WHERE project_id = ? AND archived_at IS NULL UNION SELECT lead_unit_id FROM projects WHERE id = ?", projectId, projectId);

/** Rectification clock from the consortium's settings (province profile + overrides, admin page). */
export function checkRules(db: DB): RectRules {
  const s = getSettings(db);
  return { reminderDays: s.checkReminderDays, escalateOverdueDays: s.checkEscalateDays, rectifyDays: s.checkRectifyDays };
}

/** What the checklist is generated from, read from the milestones, indicators, evidence and TRL claims tables. */
export function checklistInput(db: DB, projectId: number, kind: "milestone" | "midterm", milestoneId: number | null, scheduledOn: string): ChecklistInput {
  const project = must(one<ChecklistInput["project"]>(db, "SELECT id, code, name FROM projects WHERE id = ?", projectId));
  const MS = "SELECT id, name, due_on AS dueOn, expected_results AS expectedResults, status FROM milestones";
  const milestone = milestoneId ? (one<NonNullable<ChecklistInput["milestone"]>>(db, `${MS} WHERE id = ? AND project_id = ?`, milestoneId, projectId) ?? null) : null;
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
            ${latestValueSql("value", "ind.id")} AS latestValue,
            ${latestValueSql("measured_on", "ind.id")} AS latestOn,
            (SELECT count(*) FROM evidence_files e JOIN effective_indicator_values v ON e.subject_type = 'indicator_value' AND e.subject_id = v.id
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
