// 重点任务推进表: the monthly table of key tasks and its filing. Each owner unit fills and files its rows
// by the filing day; afterwards the month is locked unless the secretariat reopens it for that unit.
// Every write is one transaction (row + audit + board event on the consortium board), published after commit.
import { and, eq } from "drizzle-orm";
import type { DB } from "../../db/client";
import { filingReopenings, keyTaskReports, memberUnits } from "../../db/schema";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, currentSeq } from "./board-events.server";
import { assertCan } from "./guard.server";
import { commit, getTask, assertCanReadBoard } from "./tasks.server";
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

export type KeyTaskUnit = {
  unitId: number;
  shortName: string;
  name: string;
  state: FilingState;
  locked: boolean;
  reopenedUntil: string | null;
  filedAt: string | null;
  lines: KeyTaskLine[];
};

export type KeyTaskTable = { month: string; today: string; deadline: string; filingDay: number; seq: number; units: KeyTaskUnit[] };

const todayOf = (ctx: AppContext) => ctx.db.$clock.today();

function getReport(db: DB, taskId: number, month: string): KeyReport | null {
  const r = db.select().from(keyTaskReports).where(and(eq(keyTaskReports.taskId, taskId), eq(keyTaskReports.month, month))).get();
  return r ? (r as KeyReport) : null;
}

function reopeningsOf(db: DB, unitId: number, month: string): Reopening[] {
  return db
    .select({ month: filingReopenings.month, until: filingReopenings.until })
    .from(filingReopenings)
    .where(and(eq(filingReopenings.unitId, unitId), eq(filingReopenings.month, month)))
    .all();
}

function assertOpen(db: DB, unitId: number, month: string, today: string): void {
  if (isLocked(month, today, getSettings(db).filingDay, reopeningsOf(db, unitId, month))) {
    throw new DomainError("filingLocked", 409, { month });
  }
}

/** Audit + board event for a changed report row, inside the caller's transaction. */
function record(db: DB, actor: Actor, action: string, before: KeyReport | null, after: KeyReport): BoardEvent[] {
  appendAudit(db, { userId: actor.id, action: `keyreport.${action}`, entity: "keyreport", entityId: after.id, before, after });
  return appendEvents(db, [CONSORTIUM_BOARD], "keyreport.upserted", { entity: "keyreport", id: after.id, row: after, by: { id: actor.id, name: actor.displayName } });
}

type LineRaw = { taskId: number; code: string; title: string; ownerUnitId: number; ownerName: string | null; startOn: string; dueOn: string; status: string; progress: number; unitShort: string; unitName: string };

const LINES_SQL = `SELECT t.id AS taskId, t.code, t.title, t.owner_unit_id AS ownerUnitId, u.display_name AS ownerName,
  t.start_on AS startOn, t.due_on AS dueOn, t.status, t.progress, m.short_name AS unitShort, m.name AS unitName
  FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id LEFT JOIN users u ON u.id = t.owner_user_id
  WHERE t.is_key = 1 AND t.archived_at IS NULL ORDER BY m.id, t.code`;

/**
 * Every key task with its report row for the month (or none yet), its status colour as the month
 * stands (a past month is judged at its last day) and each owner unit's filing state.
 */
export function keyTaskTable(db: DB, actor: Actor, month: string, today: string): KeyTaskTable {
  assertCanReadBoard(actor, CONSORTIUM_BOARD);
  return db.transaction(() => {
    const settings = getSettings(db);
    const deadline = filingDeadline(month, settings.filingDay);
    const asOf = today < monthEnd(month) ? today : monthEnd(month);
    const reports = new Map(
      (db.select().from(keyTaskReports).where(eq(keyTaskReports.month, month)).all() as KeyReport[]).map((r) => [r.taskId, r]),
    );
    const reopenings = db.select().from(filingReopenings).where(eq(filingReopenings.month, month)).all();
    const units = new Map<number, KeyTaskUnit>();
    for (const r of db.$client.prepare(LINES_SQL).all() as LineRaw[]) {
      let unit = units.get(r.ownerUnitId);
      if (!unit) {
        const mine = reopenings.filter((x) => x.unitId === r.ownerUnitId);
        const until = mine.map((x) => x.until).sort().at(-1) ?? null;
        unit = { unitId: r.ownerUnitId, shortName: r.unitShort, name: r.unitName, state: "open", locked: isLocked(month, today, settings.filingDay, mine), reopenedUntil: until, filedAt: null, lines: [] };
        units.set(r.ownerUnitId, unit);
      }
      const report = reports.get(r.taskId) ?? null;
      const { rag, reason } = ragOf({ startOn: r.startOn, dueOn: r.dueOn, status: r.status as TaskStatus, progress: r.progress }, asOf, settings, report?.actualProgress ?? r.progress);
      unit.lines.push({ taskId: r.taskId, code: r.code, title: r.title, ownerUnitId: r.ownerUnitId, ownerName: r.ownerName, rag, reason, report });
    }
    for (const unit of units.values()) {
      const filed = unit.lines.map((l) => l.report?.status === "filed");
      unit.state = filingState(filed, today, deadline);
      unit.filedAt = unit.state === "filed" ? unit.lines.map((l) => l.report!.filedAt ?? "").sort().at(-1) ?? null : null;
    }
    return { month, today, deadline, filingDay: settings.filingDay, seq: currentSeq(db, CONSORTIUM_BOARD), units: [...units.values()] };
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
    if (current) {
      db.update(keyTaskReports)
        .set({ ...fields, ...stamp, version: current.version + 1 })
        .where(and(eq(keyTaskReports.id, current.id), eq(keyTaskReports.version, current.version)))
        .run();
    } else {
      db.insert(keyTaskReports).values({ taskId: task.id, month: input.month, ...fields, ...stamp }).run();
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
    const taskIds = (db.$client
      .prepare("SELECT id FROM tasks WHERE is_key = 1 AND archived_at IS NULL AND owner_unit_id = ? ORDER BY code")
      .all(input.unitId) as { id: number }[]).map((r) => r.id);
    if (taskIds.length === 0) throw notFound();
    const filedAt = db.$clock.nowIso();
    const events: BoardEvent[] = [];
    const rows = taskIds.map((taskId) => {
      const before = getReport(db, taskId, input.month);
      if (before?.status === "filed") return before;
      const filed = { status: "filed", filedBy: actor.id, filedAt, updatedAt: filedAt, updatedBy: actor.id };
      if (before) db.update(keyTaskReports).set({ ...filed, version: before.version + 1 }).where(eq(keyTaskReports.id, before.id)).run();
      else db.insert(keyTaskReports).values({ taskId, month: input.month, ...filed }).run();
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
    if (!db.select({ id: memberUnits.id }).from(memberUnits).where(eq(memberUnits.id, input.unitId)).get()) throw notFound();
    const { id } = db.insert(filingReopenings).values({ ...input, reopenedBy: actor.id, reopenedAt: db.$clock.nowIso() }).returning({ id: filingReopenings.id }).get();
    const row = { id, ...input };
    appendAudit(db, { userId: actor.id, action: "keyreport.reopen", entity: "filing", entityId: id, after: row });
    return { result: undefined, events: appendEvents(db, [CONSORTIUM_BOARD], "keyreopen.upserted", { entity: "keyreopen", id, row }) };
  });
}
