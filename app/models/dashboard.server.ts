// Dashboards (仪表板): the figures the chief scientist and the secretariat look at, assembled read-only
// from the live tables in one transaction (so `seq` matches the figures). Status colours use the same
// pure rule and settings as the battle map (rag.ts); indicator and TRL series use the pure rules of
// progress.ts and trl.ts; filing, close-out and notices reuse their features' readers.
// Tables filled by other features (checks, rectifications, TRL claims, indicators, rounds) may be empty.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, CONSORTIUM_BOARD, liveBoard, type LiveBoard } from "./boards.server";
import { all, placeholders, scalar, type SqlParam } from "./sql.server";
import { metSql, waivedSql } from "./indicators.server";
import { getSettings } from "./consortium.server";
import { canSome } from "./permissions";
import { DomainError } from "./errors";
import { RAGS, type Rag } from "./rag";
import { ragParams, ragSql } from "./rag.server";
import { TASK_STATUSES, type TaskStatus } from "./domain";
import { ladderSeries, confirmedTrlOf, type ClaimStatus, type StepPoint } from "./trl";
import { unitFilings } from "./key-tasks.server";
import { currentMonth, filingDeadline } from "./key-tasks";
import { listNotices } from "./notices.server";
import { isOverdueNotice, type NoticeRow } from "./notices";
import { listRounds, openRound, roundProposals } from "./closeout-reads.server";
import type { RoundSummary } from "./closeout";
import {
  CHECK_OUTCOME_KEYS,
  countBy,
  DASH_PROJECT_PAGE,
  DASH_UNIT_PAGE,
  daysBetween,
  dueBucket,
  monthEnds,
  outcomeKey,
  viewsForRoles,
  worstRag,
  zeroCounts,
  type BurnPoint,
  type CheckOutcomeKey,
  type DashboardView,
  type DueBucket,
} from "./dashboard";

// ------------------------------------------------------------------------------------------ types

export type UnitCounts<K extends string> = { unitId: number; shortName: string; counts: Record<K, number>; total: number };

export type MilestoneDue = {
  id: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  name: string;
  dueOn: string;
  daysLeft: number;
  bucket: DueBucket;
  /** Status colours of the tasks feeding the milestone. */
  rag: Record<Rag, number>;
  worst: Rag | null;
};

export type CheckLine = {
  id: number;
  projectCode: string;
  projectName: string;
  milestoneName: string | null;
  kind: string;
  scheduledOn: string;
  status: string;
  outcome: string | null;
  openRectifications: number;
};

export type RectificationLine = {
  id: number;
  checkId: number;
  projectCode: string;
  description: string;
  unitName: string;
  dueOn: string;
  severity: string;
  status: string;
  overdue: boolean;
};

export type TechnologyLine = {
  id: number;
  name: string;
  projectCode: string;
  unitName: string;
  startTrl: number;
  targetTrl: number;
  confirmedTrl: number;
  /** The level of a claim still waiting for a decision, if any. */
  pendingTrl: number | null;
  start: string;
  confirmed: StepPoint[];
  claimed: StepPoint[];
};

export type ProjectBurnUp = { projectId: number; code: string; name: string; total: number; points: BurnPoint[] };

export type ChiefDashboard = {
  today: string;
  kpis: {
    due30: number;
    due90: number;
    missed: number;
    activeTasks: number;
    red: number;
    yellow: number;
    checksSigned: number;
    checksPending: number;
    openRectifications: number;
    overdueRectifications: number;
    technologies: number;
    atTarget: number;
  };
  milestones: MilestoneDue[];
  /** The first `unitWindow` units with tasks (unit order), of `unitsWithTasks`. */
  ragByUnit: UnitCounts<Rag>[];
  statusByUnit: UnitCounts<TaskStatus>[];
  unitsWithTasks: number;
  checkOutcomes: Record<CheckOutcomeKey, number>;
  checks: CheckLine[];
  rectifications: RectificationLine[];
  technologies: TechnologyLine[];
  /** The first `projectWindow` projects' burn-ups (the ?projects= window), of `burnUpProjects` with indicators. */
  burnUps: ProjectBurnUp[];
  burnUpProjects: number;
};

export type FilingLine = { unitId: number; shortName: string; state: "filed" | "open" | "late"; keyTasks: number; filedAt: string | null };

export type SecretariatDashboard = {
  today: string;
  /** `units`: the first `unitWindow` units owning key tasks, of `unitCount`; `counts` count them all. */
  filing: { month: string; deadline: string; counts: Record<"filed" | "open" | "late", number>; units: FilingLine[]; unitCount: number };
  round: {
    id: number;
    period: string;
    closesOn: string;
    status: string;
    daysLeft: number;
    summary: RoundSummary;
    awaiting: { id: number; taskCode: string; taskTitle: string; unitName: string; proposedAt: string }[];
  } | null;
  pendingCloseoutTasks: number;
  notices: {
    counts: Record<"open" | "acknowledged" | "answered", number>;
    byKind: Record<"reminder" | "supervision", number>;
    overdue: number;
    list: (Pick<NoticeRow, "id" | "taskCode" | "taskTitle" | "unitName" | "kind" | "status" | "respondBy" | "issuedAt"> & { overdue: boolean })[];
  };
  /** The first `unitWindow` units with tasks (unit order), of `unitsWithTasks`. */
  statusByUnit: UnitCounts<TaskStatus>[];
  unitsWithTasks: number;
  openRectifications: number;
};

/** The board that refreshes the figures (`live` false: a snapshot, for outside experts). */
export type DashboardData = LiveBoard & {
  views: DashboardView[];
  view: DashboardView;
  /** How many units the per-unit charts show (the ?units= window), and projects the burn-ups (?projects=). */
  unitWindow: number;
  projectWindow: number;
  chief: ChiefDashboard | null;
  secretariat: SecretariatDashboard | null;
};

// ------------------------------------------------------------------------------------------ scope

/** null: the whole consortium; otherwise the projects the actor follows (outside experts). */
function projectScope(actor: Actor): Set<number> | null {
  if (canReadBoard(actor, CONSORTIUM_BOARD)) return null;
  if (canSome(actor, "read", "board") && actor.projectIds.length > 0) return new Set(actor.projectIds);
  throw new DomainError("forbidden", 403);
}

export function dashboardViews(actor: Actor): DashboardView[] {
  return viewsForRoles(actor.roles, canReadBoard(actor, CONSORTIUM_BOARD));
}

const inScope = (scope: Set<number> | null) => (r: { projectId: number }) => scope == null || scope.has(r.projectId);

// ------------------------------------------------------------------------------------------ reads

/** Rows grouped by a key in one pass (not a scan of every row per group: 200 units × 20,000 tasks). */
function grouped<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** ` AND <t.>project_id IN (…)` for a scope, and its parameter. */
function scopeSql(scope: Set<number> | null, column: string): { sql: string; params: SqlParam[] } {
  return scope == null ? { sql: "", params: [] } : { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify([...scope])] };
}

/**
 * Live tasks per owner unit and status, counted in SQL (the index tasks_live_rag_idx answers it
 * without reading the rows): the first `limit` units with tasks in unit order, and how many have tasks.
 * The same figures as byUnit over every task (tests/unit/dashboard-sql.test.ts holds the two together).
 */
export function statusByUnit(db: DB, scope: Set<number> | null, limit: number): { rows: UnitCounts<TaskStatus>[]; units: number } {
  const own = scopeSql(scope, "t.project_id");
  const counts = all<{ unitId: number; shortName: string; status: TaskStatus; n: number }>(
    db,
    `SELECT c.unitId, m.short_name AS shortName, c.status, c.n
     FROM (SELECT t.owner_unit_id AS unitId, t.status, count(*) AS n FROM tasks t WHERE t.archived_at IS NULL${own.sql} GROUP BY t.owner_unit_id, t.status) c
     JOIN member_units m ON m.id = c.unitId ORDER BY c.unitId`,
    ...own.params,
  );
  const perUnit = grouped(counts, (c) => c.unitId);
  const rows = [...perUnit.values()].slice(0, limit).map((cs) => {
    const counts = zeroCounts(TASK_STATUSES);
    for (const c of cs) if (c.status in counts) counts[c.status] += c.n;
    return { unitId: cs[0]!.unitId, shortName: cs[0]!.shortName, counts, total: cs.reduce((s, c) => s + c.n, 0) };
  });
  return { rows, units: perUnit.size };
}

/**
 * Live tasks per owner unit and status colour, counted in SQL (ragSql over the index tasks_live_rag_idx, not
 * 20,000 rows through ragOf in JavaScript): the first `limit` units with tasks in unit order, and the
 * colours of all of them. The same figures as ragOf over every task (tests/unit/dashboard-rag-sql.test.ts).
 */
export function ragByUnit(db: DB, scope: Set<number> | null, today: string, limit: number): { rows: UnitCounts<Rag>[]; totals: Record<Rag, number> } {
  const own = scopeSql(scope, "t.project_id");
  const counts = all<{ unitId: number; shortName: string; rag: Rag; n: number }>(
    db,
    `SELECT c.unitId, m.short_name AS shortName, c.rag, c.n
     FROM (SELECT t.owner_unit_id AS unitId, ${ragSql("t")} AS rag, count(*) AS n FROM tasks t WHERE t.archived_at IS NULL${own.sql} GROUP BY 1, 2) c
     JOIN member_units m ON m.id = c.unitId ORDER BY c.unitId`,
    ...own.params,
    ragParams(today, getSettings(db)),
  );
  const totals = zeroCounts(RAGS);
  for (const c of counts) totals[c.rag] += c.n;
  const rows = [...grouped(counts, (c) => c.unitId).values()].slice(0, limit).map((cs) => {
    const counts = zeroCounts(RAGS);
    for (const c of cs) counts[c.rag] += c.n;
    return { unitId: cs[0]!.unitId, shortName: cs[0]!.shortName, counts, total: cs.reduce((s, c) => s + c.n, 0) };
  });
  return { rows, totals };
}

function milestonesDue(db: DB, scope: Set<number> | null, today: string): { due: MilestoneDue[]; missed: number } {
  type Raw = { id: number; projectId: number; projectCode: string; projectName: string; name: string; dueOn: string; status: string };
  const rows = all<Raw>(
    db,
    `SELECT m.id, m.project_id AS projectId, p.code AS projectCode, p.name AS projectName, m.name, m.due_on AS dueOn, m.status
     FROM milestones m JOIN projects p ON p.id = m.project_id ORDER BY m.due_on, p.code`,
  ).filter(inScope(scope));
  const due = rows.flatMap((m) => {
    const bucket = m.status === "pending" ? dueBucket(m.dueOn, today) : null;
    return bucket ? [{ ...m, bucket }] : [];
  });
  // The colours of the live tasks (in scope) feeding the milestones due soon, counted in SQL.
  const ids = due.map((m) => m.id);
  const own = scopeSql(scope, "t.project_id");
  const feeds = ids.length
    ? all<{ milestoneId: number; rag: Rag; n: number }>(
        db,
        `SELECT f.milestone_id AS milestoneId, ${ragSql("t")} AS rag, count(*) AS n
         FROM milestone_tasks f JOIN tasks t ON t.id = f.task_id
         WHERE f.milestone_id IN (${placeholders(ids)}) AND t.archived_at IS NULL${own.sql} GROUP BY 1, 2`,
        ...ids,
        ...own.params,
        ragParams(today, getSettings(db)),
      )
    : [];
  const ragOfMilestone = grouped(feeds, (f) => f.milestoneId);
  const lines = due.map((m) => {
    const rag = zeroCounts(RAGS);
    for (const f of ragOfMilestone.get(m.id) ?? []) rag[f.rag] += f.n;
    return { ...m, daysLeft: daysBetween(today, m.dueOn), rag, worst: worstRag(rag) };
  });
  const missed = rows.filter((m) => m.status === "missed" || (m.status === "pending" && m.dueOn < today)).length;
  return { due: lines, missed };
}

function checkLines(db: DB, scope: Set<number> | null): CheckLine[] {
  return all<CheckLine & { projectId: number }>(
    db,
    `SELECT c.id, c.project_id AS projectId, p.code AS projectCode, p.name AS projectName, ms.name AS milestoneName, c.kind,
            c.scheduled_on AS scheduledOn, c.status, c.outcome,
            (SELECT count(*) FROM rectifications r WHERE r.check_id = c.id AND r.status != 'closed') AS openRectifications
     FROM checks c JOIN projects p ON p.id = c.project_id LEFT JOIN milestones ms ON ms.id = c.milestone_id
     ORDER BY c.scheduled_on DESC, c.id DESC`,
  )
    .filter(inScope(scope))
    .map(({ projectId: _p, ...c }) => c);
}

function openRectifications(db: DB, scope: Set<number> | null, today: string): RectificationLine[] {
  return all<Omit<RectificationLine, "overdue"> & { projectId: number }>(
    db,
    `SELECT r.id, r.check_id AS checkId, c.project_id AS projectId, p.code AS projectCode, r.description, m.short_name AS unitName,
            r.due_on AS dueOn, r.severity, r.status
     FROM rectifications r JOIN checks c ON c.id = r.check_id JOIN projects p ON p.id = c.project_id
     JOIN member_units m ON m.id = r.owner_unit_id
     WHERE r.status != 'closed' ORDER BY r.due_on, r.id`,
  )
    .filter(inScope(scope))
    .map(({ projectId: _p, ...r }) => ({ ...r, overdue: r.dueOn < today }));
}

function technologies(db: DB, scope: Set<number> | null, today: string): TechnologyLine[] {
  type Raw = { id: number; projectId: number; name: string; projectCode: string; projectStart: string; unitName: string; startTrl: number; targetTrl: number; firstIteration: string | null };
  const techs = all<Raw>(
    db,
    `SELECT k.id, k.project_id AS projectId, k.name, p.code AS projectCode, p.start_on AS projectStart, m.short_name AS unitName,
            k.start_trl AS startTrl, k.target_trl AS targetTrl,
            (SELECT min(start_on) FROM vmodel_iterations i WHERE i.technology_id = k.id) AS firstIteration
     FROM key_technologies k JOIN projects p ON p.id = k.project_id JOIN member_units m ON m.id = k.owner_unit_id
     ORDER BY p.code, k.id`,
  ).filter(inScope(scope));
  type Claim = { technologyId: number; trl: number; status: ClaimStatus; claimedAt: string; decidedAt: string | null };
  const claims = all<Claim>(db, "SELECT technology_id AS technologyId, trl, status, claimed_at AS claimedAt, decided_at AS decidedAt FROM trl_claims ORDER BY claimed_at, id");
  return techs.map((k) => {
    const mine = claims.filter((c) => c.technologyId === k.id);
    const start = k.firstIteration ?? k.projectStart;
    const ladder = ladderSeries({ startTrl: k.startTrl, startOn: start < today ? start : today, end: today, claims: mine });
    const pending = mine.filter((c) => c.status === "claimed").at(-1);
    return {
      id: k.id,
      name: k.name,
      projectCode: k.projectCode,
      unitName: k.unitName,
      startTrl: k.startTrl,
      targetTrl: k.targetTrl,
      confirmedTrl: confirmedTrlOf(k.startTrl, mine),
      pendingTrl: pending?.trl ?? null,
      start: ladder.start,
      confirmed: ladder.confirmed,
      claimed: ladder.claimed,
    };
  });
}

/**
 * Indicator burn-up per project (the rule of burnUp, dashboard.ts), from what SQL sums: the days on
 * which a project's count of met indicators changes (a value meeting or no longer meeting its target,
 * after the one before it), the due dates, and the few waived indicators with their values. 80,000
 * values are not carried into JavaScript; a month-end's figure is the running sum up to it.
 * (tests/unit/burn-up-sql.test.ts holds this to burnUp.)
 */
/**
 * Burn-ups of the first `limit` projects (by code) in scope that have indicators, and how many such projects
 * there are: at 20,000 tasks the consortium has 200, and the values of only the ones drawn are read.
 */
export function burnUps(db: DB, scope: Set<number> | null, today: string, limit = Infinity): { items: ProjectBurnUp[]; projects: number } {
  type ProjectRaw = { id: number; code: string; name: string; startOn: string };
  type Step = { projectId: number; on: string; n: number };
  const withIndicators = all<ProjectRaw>(
    db,
    "SELECT id, code, name, start_on AS startOn FROM projects p WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.project_id = p.id AND i.archived_at IS NULL) ORDER BY code",
  ).filter((p) => inScope(scope)({ projectId: p.id }));
  const projects = withIndicators.slice(0, limit);
  if (projects.length === 0) return { items: [], projects: withIndicators.length };
  const ids = projects.map((p) => p.id);
  const inProjects = `i.project_id IN (${placeholders(ids)})`;
  const live = `FROM effective_indicator_values e JOIN indicators i ON i.id = e.indicator_id WHERE i.archived_at IS NULL AND ${inProjects}`;
  const metChanges = all<Step>(
    db,
    `WITH v AS (SELECT i.project_id, e.indicator_id, e.measured_on, e.id, ${metSql("e.value", false)} AS m ${live}),
     d AS (SELECT project_id, measured_on, m - coalesce(lag(m) OVER (PARTITION BY indicator_id ORDER BY measured_on, id), 0) AS delta FROM v)
     SELECT project_id AS projectId, measured_on AS "on", sum(delta) AS n FROM d GROUP BY project_id, measured_on HAVING sum(delta) <> 0 ORDER BY measured_on`,
    ...ids,
  );
  const dues = all<Step>(
    db,
    `SELECT project_id AS projectId, due_on AS "on", count(*) AS n FROM indicators i WHERE archived_at IS NULL AND ${inProjects} GROUP BY project_id, due_on ORDER BY due_on`,
    ...ids,
  );
  // A waived indicator counts as met from the day of its waiver, whatever its values say.
  const waived = all<{ id: number; projectId: number; waivedOn: string }>(
    db,
    `SELECT i.id, i.project_id AS projectId, substr(i.updated_at, 1, 10) AS waivedOn FROM indicators i WHERE i.archived_at IS NULL AND ${inProjects} AND ${waivedSql}`,
    ...ids,
  );
  const waivedValues = all<{ indicatorId: number; on: string; m: number }>(
    db,
    `SELECT e.indicator_id AS indicatorId, e.measured_on AS "on", ${metSql("e.value", false)} AS m ${live} AND ${waivedSql} ORDER BY e.measured_on, e.id`,
    ...ids,
  );
  const stepsOf = (rows: Step[]) => grouped(rows, (r) => r.projectId);
  const met = stepsOf(metChanges);
  const due = stepsOf(dues);
  const waivedOf = grouped(waived, (w) => w.projectId);
  const valuesOf = grouped(waivedValues, (v) => v.indicatorId);
  /** Running sum of the steps up to each date (steps and dates both in date order). */
  const running = (steps: Step[], dates: string[]) => {
    let k = 0;
    let sum = 0;
    return dates.map((d) => {
      for (; k < steps.length && steps[k]!.on <= d; k++) sum += steps[k]!.n;
      return sum;
    });
  };
  const items = projects
    .map((p) => {
      const dates = monthEnds(p.startOn, today);
      const metAt = running(met.get(p.id) ?? [], dates);
      const dueAt = running(due.get(p.id) ?? [], dates);
      for (const w of waivedOf.get(p.id) ?? []) {
        const values = valuesOf.get(w.id) ?? [];
        dates.forEach((d, k) => {
          if (w.waivedOn > d) return;
          const latest = values.filter((v) => v.on <= d).at(-1);
          if (!latest?.m) metAt[k]! += 1;
        });
      }
      const total = (due.get(p.id) ?? []).reduce((s, r) => s + r.n, 0);
      return { projectId: p.id, code: p.code, name: p.name, total, points: dates.map((date, k) => ({ date, met: metAt[k]!, due: dueAt[k]! })) };
    })
    .filter((p) => p.total > 0);
  return { items, projects: withIndicators.length };
}

// ------------------------------------------------------------------------------------------ views

/** `projectWindow`: how many projects' burn-ups are drawn (0 for the front page, which shows the key figures only). */
export function chiefDashboard(db: DB, actor: Actor, today: string, unitWindow = DASH_UNIT_PAGE, projectWindow = DASH_PROJECT_PAGE): ChiefDashboard {
  const scope = projectScope(actor);
  return db.transaction(() => {
    const { due, missed } = milestonesDue(db, scope, today);
    const checks = checkLines(db, scope);
    const rectifications = openRectifications(db, scope, today);
    const techs = technologies(db, scope, today);
    const checkOutcomes = countBy(checks, outcomeKey, CHECK_OUTCOME_KEYS);
    const rag = ragByUnit(db, scope, today, unitWindow);
    const ragCounts = rag.totals;
    const status = statusByUnit(db, scope, unitWindow);
    return {
      today,
      kpis: {
        due30: due.filter((m) => m.bucket === "d30").length,
        due90: due.length,
        missed,
        activeTasks: ragCounts.green + ragCounts.yellow + ragCounts.red,
        red: ragCounts.red,
        yellow: ragCounts.yellow,
        checksSigned: checks.length - checkOutcomes.pending,
        checksPending: checkOutcomes.pending,
        openRectifications: rectifications.length,
        overdueRectifications: rectifications.filter((r) => r.overdue).length,
        technologies: techs.length,
        atTarget: techs.filter((k) => k.confirmedTrl >= k.targetTrl).length,
      },
      milestones: due,
      ragByUnit: rag.rows,
      statusByUnit: status.rows,
      unitsWithTasks: status.units,
      checkOutcomes,
      checks,
      rectifications,
      technologies: techs,
      ...(({ items, projects }) => ({ burnUps: items, burnUpProjects: projects }))(burnUps(db, scope, today, projectWindow)),
    };
  });
}

/** The chief view's burn-ups of the first `projectWindow` projects in the actor's scope, on their own. */
export function chiefBurnUps(db: DB, actor: Actor, today: string, projectWindow = DASH_PROJECT_PAGE): ProjectBurnUp[] {
  const scope = projectScope(actor);
  return db.transaction(() => burnUps(db, scope, today, projectWindow).items);
}

export function secretariatDashboard(db: DB, actor: Actor, today: string, unitWindow = DASH_UNIT_PAGE): SecretariatDashboard {
  if (!canReadBoard(actor, CONSORTIUM_BOARD)) throw new DomainError("forbidden", 403);
  return db.transaction(() => {
    const month = currentMonth(today);
    const units: FilingLine[] = unitFilings(db, month, today).map((u) => ({ unitId: u.unitId, shortName: u.shortName, state: u.state, keyTasks: u.keyTasks, filedAt: u.filedAt }));
    const current = openRound(db) ?? listRounds(db)[0] ?? null;
    const round = current
      ? {
          id: current.id,
          period: current.period,
          closesOn: current.closesOn,
          status: current.status,
          daysLeft: daysBetween(today, current.closesOn),
          summary: current.summary,
          awaiting: roundProposals(db, actor, current.id)
            .filter((p) => p.status === "proposed")
            .map((p) => ({ id: p.id, taskCode: p.taskCode, taskTitle: p.taskTitle, unitName: p.unitName, proposedAt: p.proposedAt })),
        }
      : null;
    const open = listNotices(db, actor, { open: true });
    const status = statusByUnit(db, null, unitWindow);
    return {
      today,
      filing: {
        month,
        deadline: filingDeadline(month, getSettings(db).filingDay),
        counts: countBy(units, (u) => u.state, ["filed", "open", "late"] as const),
        units: units.slice(0, unitWindow),
        unitCount: units.length,
      },
      round,
      pendingCloseoutTasks: scalar<number>(db, "SELECT count(*) FROM tasks WHERE archived_at IS NULL AND status = 'pending_closeout'")!,
      notices: {
        counts: countBy(open, (n) => n.status as "open" | "acknowledged" | "answered", ["open", "acknowledged", "answered"] as const),
        byKind: countBy(open, (n) => n.kind, ["reminder", "supervision"] as const),
        overdue: open.filter((n) => isOverdueNotice(n, today)).length,
        list: open.map((n) => ({
          id: n.id,
          taskCode: n.taskCode,
          taskTitle: n.taskTitle,
          unitName: n.unitName,
          kind: n.kind,
          status: n.status,
          respondBy: n.respondBy,
          issuedAt: n.issuedAt,
          overdue: isOverdueNotice(n, today),
        })),
      },
      statusByUnit: status.rows,
      unitsWithTasks: status.units,
      openRectifications: scalar<number>(db, "SELECT count(*) FROM rectifications WHERE status != 'closed'")!,
    };
  });
}

/**
 * The page's data: the views the actor has, the one asked for (or the first), and its figures. `burnUpsApart`:
 * the chief view's `burnUps` left empty (`burnUpProjects` still counted), for a caller that reads them with
 * chiefBurnUps in a later event-loop turn (the dashboard route: issue #17, no long stall).
 */
export function dashboardData(db: DB, actor: Actor, today: string, asked: string | null, unitWindow = DASH_UNIT_PAGE, projectWindow = DASH_PROJECT_PAGE, { burnUpsApart = false } = {}): DashboardData {
  const views = dashboardViews(actor);
  const view = (views as string[]).includes(asked ?? "") ? (asked as DashboardView) : views[0]!;
  return db.transaction(() => ({
    views,
    view,
    unitWindow,
    projectWindow,
    ...liveBoard(db, actor),
    chief: view === "chief" ? chiefDashboard(db, actor, today, unitWindow, burnUpsApart ? 0 : projectWindow) : null,
    secretariat: view === "secretariat" ? secretariatDashboard(db, actor, today, unitWindow) : null,
  }));
}
