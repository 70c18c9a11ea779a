// 考核指标 read side: indicator rows with their latest value and progress, measured values with their
// evidence, and the counts the board shows. Writes are indicator-writes.server.ts, progress maths over
// the tables progress.server.ts, the indicator pages indicator-pages.server.ts.
//
// Stable API for other features (battle map, key-task table, reports, close-out, checks, changes):
//   getIndicator, listIndicators, taskIndicators, projectIndicators, indicatorValues, latestValueSql,
//   indicatorCountsByTask, taskHasIndicators.
import type { DB } from "../../db/client";
import { listEvidence } from "./evidence.server";
import { indicatorProgress, isMet, type Direction } from "./progress";
import { all, must, one, exists, placeholders, scalar } from "./sql.server";
import type { IndicatorRow, IndicatorValueRow, ValueKind } from "./indicators";

/**
 * The latest effective value of indicator `on` (`<alias of the indicators table>.id` in the caller's
 * query): the one definition of "the latest value" (db/schema.ts `effective_indicator_values` leaves out
 * corrected and withdrawn rows; the measured last, the later row on a tie). Today's is the stored
 * column the triggers of migration 0020_indicator_latest_value keep with this same rule. `asOf` (an SQL
 * expression bounding the measurement date, used twice: a named parameter or a literal, not `?`): the
 * stored one when measured by then (then it is also the latest by then), else looked up among the values.
 */
export function latestValueSql(column: "value" | "measured_on", on = "i.id", asOf?: string): string {
  const lookup = `(SELECT v.${column} FROM effective_indicator_values v WHERE v.indicator_id = ${on}${asOf ? ` AND v.measured_on <= ${asOf}` : ""} ORDER BY v.measured_on DESC, v.id DESC LIMIT 1)`;
  if (!on.endsWith(".id")) return lookup;
  const alias = on.slice(0, -3);
  const stored = `${alias}.${column === "value" ? "latest_value" : "latest_on"}`;
  return asOf == null ? stored : `(CASE WHEN ${alias}.latest_on <= ${asOf} THEN ${stored} ELSE ${lookup} END)`;
}

/** Whether indicator `i` is waived (counts as met, left out of progress means): isCounted's twin. */
export const waivedSql = "(i.waived_reason IS NOT NULL AND i.waived_reason <> '')";

/**
 * Whether indicator `i` is met, in SQL: the twin of isMet (progress.ts) for aggregates over every
 * indicator (tests/unit/indicator-met-sql.test.ts holds the two to the same answers). `countWaiver`
 * false: whether the value alone meets the target (a burn-up dates the waiver itself).
 */
export const metSql = (latest: string = latestValueSql("value"), countWaiver = true) =>
  `(CASE ${countWaiver ? `WHEN ${waivedSql} THEN 1 ` : ""}WHEN ${latest} IS NULL THEN 0 WHEN i.direction = 'yesno' THEN ${latest} >= 1
    WHEN i.target IS NULL THEN 0 WHEN i.direction = 'lower' THEN ${latest} <= i.target ELSE ${latest} >= i.target END)`;

/**
 * Indicator `i`'s progress 0..100 from its latest value, unrounded, in SQL: the twin of rawProgress
 * (progress.ts) for aggregates over every indicator (tests/unit/progress-sql.test.ts holds the two to
 * the same answers).
 */
export const rawProgressSql = (latest: string = latestValueSql("value")) =>
  `(CASE WHEN ${latest} IS NULL THEN 0.0 WHEN i.direction = 'yesno' THEN (CASE WHEN ${latest} >= 1 THEN 100.0 ELSE 0.0 END)
    WHEN i.target IS NULL THEN 0.0
    WHEN i.direction = 'lower' THEN (CASE WHEN i.baseline IS NULL OR i.baseline = i.target THEN (CASE WHEN ${latest} <= i.target THEN 100.0 ELSE 0.0 END)
      ELSE max(0.0, min(100.0, ((i.baseline - ${latest}) * 1.0 / (i.baseline - i.target)) * 100)) END)
    WHEN coalesce(i.baseline, 0) = i.target THEN (CASE WHEN ${latest} >= i.target THEN 100.0 ELSE 0.0 END)
    ELSE max(0.0, min(100.0, ((${latest} - coalesce(i.baseline, 0)) * 1.0 / (i.target - coalesce(i.baseline, 0))) * 100)) END)`;

/** Subject type of evidence attached to a measured value. */
export const VALUE_EVIDENCE = "indicator_value";

const SELECT = `
  SELECT i.id, i.project_id AS projectId, p.code AS projectCode, i.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle,
         i.name, i.unit_of_measure AS unitOfMeasure, i.baseline, i.target, i.min, i.max, i.direction, i.due_on AS dueOn,
         i.responsible_unit_id AS responsibleUnitId, m.short_name AS responsibleUnitName,
         i.responsible_user_id AS responsibleUserId, u.display_name AS responsibleUserName,
         i.waived_reason AS waivedReason, i.archived_at AS archivedAt, i.version, i.updated_at AS updatedAt,
         ${latestValueSql("value")} AS latest, ${latestValueSql("measured_on")} AS latestOn,
         (SELECT count(*) FROM effective_indicator_values v WHERE v.indicator_id = i.id) AS valueCount
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
  JOIN member_units m ON m.id = i.responsible_unit_id
  LEFT JOIN tasks t ON t.id = i.task_id
  LEFT JOIN users u ON u.id = i.responsible_user_id`;

type Raw = Omit<IndicatorRow, "progress" | "met" | "direction"> & { direction: string };

const withProgress = (r: Raw): IndicatorRow => ({ ...r, direction: r.direction as Direction, progress: indicatorProgress(r), met: isMet(r) });

export function getIndicator(db: DB, id: number): IndicatorRow {
  return withProgress(must(one<Raw>(db, `${SELECT} WHERE i.id = ?`, id)));
}

export type IndicatorFilter = {
  projectId?: number;
  /** Only these projects (a reader's readable ones, say). */
  projectIds?: readonly number[];
  taskId?: number;
  taskIds?: number[];
  unitId?: number;
  projectLevelOnly?: boolean;
  includeArchived?: boolean;
  /** Only those not met (metSql: the twin of isMet). */
  unmet?: boolean;
};

function whereOf(f: IndicatorFilter): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (!f.includeArchived) where.push("i.archived_at IS NULL");
  const and = (sql: string, arg: string | number) => {
    where.push(sql);
    args.push(arg);
  };
  if (f.projectId != null) and("i.project_id = ?", f.projectId);
  if (f.projectIds) and("i.project_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.projectIds));
  if (f.taskId != null) and("i.task_id = ?", f.taskId);
  if (f.taskIds) and("i.task_id IN (SELECT value FROM json_each(?))", JSON.stringify(f.taskIds));
  if (f.unitId != null) and("i.responsible_unit_id = ?", f.unitId);
  if (f.projectLevelOnly) where.push("i.task_id IS NULL");
  if (f.unmet) where.push(`${metSql()} = 0`);
  return { sql: where.length ? `WHERE ${where.join(" AND ")}` : "", args };
}

const BY_PROJECT = "p.code, t.code IS NOT NULL, t.code, i.due_on, i.id";

/**
 * Indicators ordered by project, task code (project-level first), due date; `order: "dueOn"`: by due
 * date first (ties in that order); `limit`: the first so many.
 */
export function listIndicators(db: DB, f: IndicatorFilter = {}, page: { order?: "dueOn"; limit?: number } = {}): IndicatorRow[] {
  const { sql, args } = whereOf(f);
  const order = page.order === "dueOn" ? `i.due_on, ${BY_PROJECT}` : BY_PROJECT;
  return all<Raw>(db, `${SELECT} ${sql} ORDER BY ${order} LIMIT ?`, ...args, page.limit ?? -1).map(withProgress);
}

/** How many indicators listIndicators would list. */
export function countIndicators(db: DB, f: IndicatorFilter = {}): number {
  const { sql, args } = whereOf(f);
  return scalar<number>(db, `SELECT count(*) FROM indicators i ${sql}`, ...args) ?? 0;
}

/** A task's live indicators. */
export const taskIndicators = (db: DB, taskId: number) => listIndicators(db, { taskId });
/** All live indicators of a project: its own (taskId null) and its tasks'. */
export const projectIndicators = (db: DB, projectId: number) => listIndicators(db, { projectId });

type ValueRaw = Omit<IndicatorValueRow, "evidence" | "amendedBy" | "kind"> & { kind: string; amendId: number | null; amendKind: "correction" | "withdrawal" | null; amendReason: string | null; amendBy: string | null; amendAt: string | null };

/**
 * Every value row per indicator id, newest first (corrections and withdrawals too, each replaced row
 * with what replaced it), each with its evidence files. `isEffective` (indicators.ts) tells which count.
 */
export function indicatorValues(db: DB, indicatorIds: number[]): Record<number, IndicatorValueRow[]> {
  const rows = all<ValueRaw>(
    db,
    `SELECT v.id, v.indicator_id AS indicatorId, v.value, v.measured_on AS measuredOn, v.note, v.recorded_by AS recordedBy,
            u.display_name AS recorderName, v.recorded_at AS recordedAt, v.kind, v.corrects_id AS correctsId, v.reason,
            c.id AS amendId, c.kind AS amendKind, c.reason AS amendReason, cu.display_name AS amendBy, c.recorded_at AS amendAt
     FROM indicator_values v JOIN users u ON u.id = v.recorded_by
     LEFT JOIN indicator_values c ON c.corrects_id = v.id LEFT JOIN users cu ON cu.id = c.recorded_by
     WHERE v.indicator_id IN (SELECT value FROM json_each(?)) ORDER BY v.measured_on DESC, v.id DESC`,
    JSON.stringify(indicatorIds),
  );
  const evidence = listEvidence(db, VALUE_EVIDENCE, rows.map((r) => r.id));
  const out: Record<number, IndicatorValueRow[]> = {};
  for (const { amendId, amendKind, amendReason, amendBy, amendAt, ...r } of rows) {
    const amendedBy = amendId == null ? null : { id: amendId, kind: amendKind!, reason: amendReason ?? "", byName: amendBy ?? "", at: amendAt ?? "" };
    (out[r.indicatorId] ??= []).push({ ...r, kind: r.kind as ValueKind, amendedBy, evidence: evidence[r.id] ?? [] });
  }
  return out;
}

/** One value row as indicatorValues shows it (for a write's reply and a stale refusal's current state). */
export function indicatorValue(db: DB, id: number): IndicatorValueRow {
  const indicatorId = must(one<{ i: number }>(db, "SELECT indicator_id AS i FROM indicator_values WHERE id = ?", id)).i;
  return must(indicatorValues(db, [indicatorId])[indicatorId]?.find((v) => v.id === id));
}

/** Number of live indicators per task id; tasks without indicators are absent. */
export function indicatorCountsOf(db: DB, taskIds: readonly number[]): Record<number, number> {
  if (taskIds.length === 0) return {};
  const rows = all<{ t: number; n: number }>(db, `SELECT task_id AS t, count(*) AS n FROM indicators WHERE archived_at IS NULL AND task_id IN (${placeholders(taskIds)}) GROUP BY task_id`, ...taskIds);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/** Whether the task has live indicators (its progress is then computed from them). */
export const taskHasIndicators = (db: DB, taskId: number) => exists(db, "SELECT 1 FROM indicators WHERE task_id = ? AND archived_at IS NULL", taskId);
