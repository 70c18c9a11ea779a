// 重点任务推进表: the monthly table of key tasks and its filing. Each owner unit fills and files its rows
// by the filing day; afterwards the month is locked unless the secretariat reopens it for that unit.
// Every write is one transaction (row + audit + board event on the consortium board), published after commit.
import type { DB } from "../../db/client";
import { keyTaskReports } from "../../db/schema";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { assertCanReadBoard, CONSORTIUM_BOARD, liveBoard, type LiveBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, exists, insert, one, run, scalar, type SqlValue } from "./sql.server";
import { assertCan } from "./guard.server";
import { getTask } from "./tasks.server";
import { overdueSql } from "./tasks";
import { getSettings } from "./consortium.server";
import { DomainError, notFound } from "./errors";
import { ragOf, type Rag, type RagReasonKey } from "./rag";
import type { TaskStatus } from "./domain";
import {
  filingDeadline,
  filingState,
  isLocked,
  monthEnd,
  type FilingInput,
  type KeyTaskFilters,
  type FilingState,
  type ReopenInput,
  type ReportEditInput,
  type Reopening,
} from "./key-tasks";

export type KeyReport = {
  id: number;
  taskId: number;
  month: string;
  plannedTarget: string;
  actualProgress: number;
  problems: string;
  nextSteps: string;
  status: "draft" | "filed";
  filedBy: number | null;
  filedAt: string | null;
  version: number;
  updatedAt: string;
  updatedBy: number | null;
};

export type KeyTaskLine = {
  taskId: number;
  code: string;
  title: string;
  ownerUnitId: number;
  ownerName: string | null;
  rag: Rag;
  reason: { key: RagReasonKey; params: Record<string, string | number> };
  /** null: nothing entered for this month yet. */
  report: KeyReport | null;
};

/** An owner unit's filing of the month, counted over all its key tasks (whatever the page shows). */
export type UnitFiling = {
  unitId: number;
  shortName: string;
  name: string;
  /** The unit's key tasks (not archived). */
  keyTasks: number;
  state: FilingState;
  locked: boolean;
  reopenedUntil: string | null;
  filedAt: string | null;
};

/** A unit with the lines of its key tasks the table shows (all of them, or those in the page's window). */
export type KeyTaskUnit = UnitFiling & { lines: KeyTaskLine[] };

/**
 * Which lines the page shows (SQL-side): the filters, and how many lines from the first. Without a view
 * (the workbook) every line of every unit.
 */
export type KeyTaskView = Partial<KeyTaskFilters> & { limit?: number };

export type KeyTaskTable = LiveBoard & {
  month: string;
  today: string;
  deadline: string;
  filingDay: number;
  /** Every unit with key tasks, with its lines in the view (none when the view leaves them out). */
  units: KeyTaskUnit[];
  /** Lines matching the filters, and how many of them `units` carry. */
  matching: number;
  shown: number;
};

const todayOf = (ctx: AppContext) => ctx.db.$clock.today();

const REPORT_SELECT = `SELECT id, task_id AS taskId, month, planned_target AS plannedTarget, actual_progress AS actualProgress, problems,
  next_steps AS nextSteps, status, filed_by AS filedBy, filed_at AS filedAt, version, updated_at AS updatedAt, updated_by AS updatedBy FROM key_task_reports`;

const getReport = (db: DB, taskId: number, month: string): KeyReport | null => one<KeyReport>(db, `${REPORT_SELECT} WHERE task_id = ? AND month = ?`, taskId, month) ?? null;

const reopeningsOf = (db: DB, unitId: number, month: string): Reopening[] =>
  all<Reopening>(db, "SELECT month, until FROM filing_reopenings WHERE unit_id = ? AND month = ? ORDER BY id", unitId, month);

function assertOpen(db: DB, unitId: number, month: string, today: string): void {
  if (isLocked(month, today, getSettings(db).filingDay, reopeningsOf(db, unitId, month))) {
    throw new DomainError("filingLocked", 409, { month });
  }
}

/** Audit + board event for a changed report row, inside the caller's transaction. */
const record = (db: DB, actor: Actor, action: string, before: KeyReport | null, after: KeyReport): BoardEvent[] =>
  recordChange(db, { entity: "keyreport", id: after.id, action, by: actor, before, after, boards: [CONSORTIUM_BOARD] });

type LineRaw = { taskId: number; code: string; title: string; ownerUnitId: number; ownerName: string | null; startOn: string; dueOn: string; status: string; progress: number };

/**
 * Each owner unit's filing of `month`, counted in SQL over its key tasks and their report rows: filed
 * when every key task's row is filed (filingState), late after the deadline, otherwise open.
 */
export function unitFilings(db: DB, month: string, today: string): UnitFiling[] {
  const settings = getSettings(db);
  const deadline = filingDeadline(month, settings.filingDay);
  const reopenings = all<Reopening & { unitId: number }>(db, "SELECT unit_id AS unitId, month, until FROM filing_reopenings WHERE month = ? ORDER BY id", month);
  const rows = all<{ unitId: number; shortName: string; name: string; keyTasks: number; filed: number; filedAt: string | null }>(
    db,
    `SELECT m.id AS unitId, m.short_name AS shortName, m.name, count(*) AS keyTasks, count(CASE WHEN r.status = 'filed' THEN 1 END) AS filed, max(r.filed_at) AS filedAt
     FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id LEFT JOIN key_task_reports r ON r.task_id = t.id AND r.month = ?
     WHERE t.is_key = 1 AND t.archived_at IS NULL GROUP BY m.id ORDER BY m.id`,
    month,
  );
  return rows.map(({ filed, filedAt, ...u }) => {
    const mine = reopenings.filter((x) => x.unitId === u.unitId);
    const state = filingState(filed === u.keyTasks ? [true] : [false], today, deadline);
    return { ...u, state, locked: isLocked(month, today, settings.filingDay, mine), reopenedUntil: mine.map((x) => x.until).sort().at(-1) ?? null, filedAt: state === "filed" ? filedAt : null };
  });
}

/** The view's filters as an SQL condition on tasks `t` (the key-task rows of the table). */
function viewWhere(view: KeyTaskView, asOf: string): { sql: string; params: SqlValue[] } {
  const parts = ["t.is_key = 1", "t.archived_at IS NULL"];
  const params: SqlValue[] = [];
  const add = (sql: string, value: SqlValue) => {
    parts.push(sql);
    params.push(value);
  };
  if (view.unit != null) add("t.owner_unit_id = ?", view.unit);
  if (view.project != null) add("t.project_id = ?", view.project);
  if (view.status != null) add("t.status = ?", view.status);
  if (view.overdue) add(overdueSql("t."), asOf); // judged on the month's day
  return { sql: parts.join(" AND "), params };
}

/**
 * The key tasks with their report rows for the month (or none yet), their status colour as the month
 * stands (a past month is judged at its last day), and every owner unit's filing state. `view` (the
 * page): only the lines matching its filters, the first `limit` of them, the viewer's own unit first;
 * the filing states always count every key task.
 */
export function keyTaskTable(db: DB, actor: Actor, month: string, today: string, view: KeyTaskView = {}): KeyTaskTable {
  assertCanReadBoard(actor, CONSORTIUM_BOARD);
  return db.transaction(() => {
    const settings = getSettings(db);
    const deadline = filingDeadline(month, settings.filingDay);
    const asOf = today < monthEnd(month) ? today : monthEnd(month);
    const board = liveBoard(db, actor);
    const units = new Map<number, KeyTaskUnit>(unitFilings(db, month, today).map((u) => [u.unitId, { ...u, lines: [] }]));
    const where = viewWhere(view, asOf);
    const matching = scalar<number>(db, `SELECT count(*) FROM tasks t WHERE ${where.sql}`, ...where.params) ?? 0;
    const lines = all<LineRaw & { report: string | null }>(
      db,
      `SELECT t.id AS taskId, t.code, t.title, t.owner_unit_id AS ownerUnitId, u.display_name AS ownerName, t.start_on AS startOn, t.due_on AS dueOn, t.status, t.progress
       FROM tasks t LEFT JOIN users u ON u.id = t.owner_user_id
       WHERE ${where.sql} ORDER BY t.owner_unit_id = ? DESC, t.owner_unit_id, t.code LIMIT ?`,
      ...where.params, actor.unitId ?? null, view.limit ?? -1,
    );
    const reports = new Map(
      all<KeyReport>(db, `${REPORT_SELECT} WHERE month = ? AND task_id IN (SELECT value FROM json_each(?))`, month, JSON.stringify(lines.map((l) => l.taskId))).map((r) => [r.taskId, r]),
    );
    for (const r of lines) {
      const report = reports.get(r.taskId) ?? null;
      const { rag, reason } = ragOf({ startOn: r.startOn, dueOn: r.dueOn, status: r.status as TaskStatus, progress: r.progress }, asOf, settings, report?.actualProgress ?? r.progress);
      units.get(r.ownerUnitId)?.lines.push({ taskId: r.taskId, code: r.code, title: r.title, ownerUnitId: r.ownerUnitId, ownerName: r.ownerName, rag, reason, report });
    }
    // The viewer's own unit first, as its lines come.
    const ordered = [...units.values()].sort((a, b) => Number(b.unitId === actor.unitId) - Number(a.unitId === actor.unitId) || a.unitId - b.unitId);
    return { ...board, month, today, deadline, filingDay: settings.filingDay, units: ordered, matching, shown: lines.length };
  });
}

/** The owner unit (or anyone granted file:progress in a wider scope) edits one row, while the month is open. */
export function saveReport(ctx: AppContext, actor: Actor, input: ReportEditInput): KeyReport {
  const { db } = ctx;
  const today = todayOf(ctx);
  return commit(ctx, () => {
    const task = getTask(db, input.taskId);
    if (task.archivedAt) throw notFound();
    if (!task.isKey) throw new DomainError("notKeyTask", 400);
    assertCan(actor, "file", "progress", { unitId: task.ownerUnitId, projectId: task.projectId });
    assertOpen(db, task.ownerUnitId, input.month, today);
    const current = getReport(db, task.id, input.month);
    if ((current?.version ?? 0) !== input.version) throw new DomainError("conflict", 409, { current });
    const fields = { plannedTarget: input.plannedTarget, actualProgress: input.actualProgress, problems: input.problems, nextSteps: input.nextSteps };
    const stamp = { updatedAt: db.$clock.nowIso(), updatedBy: actor.id };
    if (current) updateVersioned(db, keyTaskReports, current.id, current.version, { ...fields, ...stamp });
    else {
      insert(
        db,
        "INSERT INTO key_task_reports (task_id, month, planned_target, actual_progress, problems, next_steps, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        task.id, input.month, fields.plannedTarget, fields.actualProgress, fields.problems, fields.nextSteps, stamp.updatedAt, stamp.updatedBy,
      );
    }
    const row = getReport(db, task.id, input.month)!;
    return { result: row, events: record(db, actor, "save", current, row) };
  });
}

/** Files every key task row of the unit for the month (rows never edited are filed as they stand). */
export function fileUnitMonth(ctx: AppContext, actor: Actor, input: FilingInput): KeyReport[] {
  const { db } = ctx;
  const today = todayOf(ctx);
  assertCan(actor, "file", "progress", { unitId: input.unitId });
  return commit(ctx, () => {
    assertOpen(db, input.unitId, input.month, today);
    const taskIds = column<number>(db, "SELECT id FROM tasks WHERE is_key = 1 AND archived_at IS NULL AND owner_unit_id = ? ORDER BY code", input.unitId);
    if (taskIds.length === 0) throw notFound();
    const filedAt = db.$clock.nowIso();
    const events: BoardEvent[] = [];
    const rows = taskIds.map((taskId) => {
      const before = getReport(db, taskId, input.month);
      if (before?.status === "filed") return before;
      if (before) updateVersioned(db, keyTaskReports, before.id, before.version, { status: "filed", filedBy: actor.id, filedAt, updatedAt: filedAt, updatedBy: actor.id });
      else {
        run(
          db,
          "INSERT INTO key_task_reports (task_id, month, status, filed_by, filed_at, updated_at, updated_by) VALUES (?, ?, 'filed', ?, ?, ?, ?)",
          taskId, input.month, actor.id, filedAt, filedAt, actor.id,
        );
      }
      const after = getReport(db, taskId, input.month)!;
      events.push(...record(db, actor, "file", before, after));
      return after;
    });
    return { result: rows, events };
  });
}

/** The secretariat reopens a unit's locked month until a date (inclusive). */
export function reopenFiling(ctx: AppContext, actor: Actor, input: ReopenInput): void {
  const { db } = ctx;
  assertCan(actor, "reopen", "filing", { unitId: input.unitId });
  if (input.until < todayOf(ctx)) throw new DomainError("reopenInPast", 400);
  commit(ctx, () => {
    if (!exists(db, "SELECT 1 FROM member_units WHERE id = ?", input.unitId)) throw notFound();
    const id = insert(
      db,
      "INSERT INTO filing_reopenings (unit_id, month, until, reopened_by, reopened_at) VALUES (?, ?, ?, ?, ?)",
      input.unitId, input.month, input.until, actor.id, db.$clock.nowIso(),
    );
    const row = { id, ...input };
    const events = recordChange(db, { entity: "keyreopen", id, action: "reopen", by: actor, before: null, after: row, boards: [CONSORTIUM_BOARD], audit: { entity: "filing", action: "keyreport.reopen" } });
    return { result: undefined, events };
  });
}
