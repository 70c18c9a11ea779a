// 我的工作: the signed-in front page, one section per role the person holds, each listing what he must do
// next and where it is done. Read-only and in one transaction; every list is read through the feature's
// own reader (notices, checks, acceptance, key-task filing, close-out rounds, dashboards) so the rules of
// who may read what stay there. Status colours are rag.ts with the consortium's settings.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, CONSORTIUM_BOARD, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { all, column, scalar } from "./sql.server";
import { currentWarnings, getSettings, homeFigures, listGoals, type GoalRow, type HomeFigures } from "./consortium.server";
import { canSome } from "./permissions";
import { memberUnitCount } from "./units.server";
import { ragOf, RAGS, type Rag, type RagResult } from "./rag";
import { countBy, DASH_UNIT_PAGE, daysBetween, worstRag } from "./dashboard";
import { chiefDashboard, secretariatDashboard, type ChiefDashboard, type SecretariatDashboard } from "./dashboard.server";
import { listIndicators } from "./indicators.server";
import { canRecord, type IndicatorRow } from "./indicators";
import { listNotices } from "./notices.server";
import { AWAITING_UNIT, isOverdueNotice, type NoticeRow } from "./notices";
import { listChecks } from "./check-reads.server";
import { listDeliverables } from "./deliverables.server";
import { unitFilings } from "./key-tasks.server";
import { currentMonth, filingDeadline } from "./key-tasks";
import { listMilestones } from "./milestones.server";
import type { SoftRuleWarning } from "./soft-rules";
import type { TaskStatus } from "./domain";
import type { Role } from "./permissions";

/** The sections of the page, in the order they show; a person sees those of each role he holds. */
export const MY_WORK_SECTIONS = ["researcher", "unitLead", "projectLead", "expert", "secretariat", "chief", "admin", "overview"] as const;
export type MyWorkSection = (typeof MY_WORK_SECTIONS)[number];

export type WorkTask = {
  id: number;
  code: string;
  title: string;
  projectId: number;
  projectCode: string;
  dueOn: string;
  status: TaskStatus;
  progress: number;
  ownerName: string | null;
  /** Days past due (0 when not late). */
  daysLate: number;
  rag: Rag;
  reason: RagResult["reason"];
};

export type WorkNotice = Pick<NoticeRow, "id" | "taskId" | "taskCode" | "taskTitle" | "unitName" | "kind" | "status" | "respondBy" | "issuerName"> & { overdue: boolean };

export type WorkMilestone = { id: number; name: string; dueOn: string; daysLeft: number; rag: Record<Rag, number>; worst: Rag | null };

export type LeadProject = { id: number; code: string; name: string; endOn: string; rag: Record<Rag, number>; milestones: WorkMilestone[] };

export type WorkCheck = { id: number; projectCode: string; projectName: string; kind: string; milestoneName: string | null; scheduledOn: string; status: string; reviewed: number; items: number };

export type WorkClaim = { id: number; technologyId: number; technologyName: string; projectCode: string; trl: number; unitName: string; claimerName: string; claimedAt: string };

export type WorkAcceptance = { taskId: number; taskCode: string; taskTitle: string; ownerUnitName: string; deliverable: string; acceptanceKind: string; state: string };

export type WorkFiling = { month: string; deadline: string; state: "filed" | "open" | "late"; keyTasks: number; filedAt: string | null };

export type MyWork = LiveBoard & {
  today: string;
  /** The roles the title names, in the catalogue's order. */
  roles: Role[];
  sections: MyWorkSection[];
  researcher: { tasks: WorkTask[]; indicators: IndicatorRow[]; notices: WorkNotice[] } | null;
  unitLead: { unitName: string; overdue: WorkTask[]; filing: WorkFiling | null; acceptances: WorkAcceptance[]; notices: WorkNotice[] } | null;
  projectLead: { projects: LeadProject[] } | null;
  expert: { checks: WorkCheck[]; claims: WorkClaim[] } | null;
  secretariat: Pick<SecretariatDashboard, "filing" | "round" | "notices" | "pendingCloseoutTasks"> | null;
  chief: ChiefDashboard["kpis"] | null;
  admin: { units: number; projects: number; users: number; experts: number; warnings: SoftRuleWarning[] } | null;
  overview: { figures: HomeFigures; goals: GoalRow[] } | null;
};

const ACTIVE = "('not_started','in_progress')";

type TaskRaw = Omit<WorkTask, "daysLate" | "rag" | "reason"> & { startOn: string };

const TASK_SELECT = `
  SELECT t.id, t.code, t.title, t.project_id AS projectId, p.code AS projectCode, t.start_on AS startOn, t.due_on AS dueOn,
         t.status, t.progress, u.display_name AS ownerName
  FROM tasks t JOIN projects p ON p.id = t.project_id LEFT JOIN users u ON u.id = t.owner_user_id`;

/** Task lines with their colour, overdue first and then by due date; only tasks of boards the actor reads. */
function workTasks(db: DB, actor: Actor, today: string, where: string, ...args: (string | number)[]): WorkTask[] {
  const settings = getSettings(db);
  return all<TaskRaw>(db, `${TASK_SELECT} WHERE t.archived_at IS NULL AND t.status IN ${ACTIVE} AND ${where} ORDER BY t.due_on < ? DESC, t.due_on, t.code`, ...args, today)
    .filter((t) => canReadBoard(actor, projectBoard(t.projectId)))
    .map(({ startOn, ...t }) => {
      const { rag, reason } = ragOf({ startOn, dueOn: t.dueOn, status: t.status, progress: t.progress }, today, settings);
      return { ...t, daysLate: Math.max(0, daysBetween(t.dueOn, today)), rag, reason };
    });
}

const noticeLine = (n: NoticeRow, today: string): WorkNotice => ({
  id: n.id,
  taskId: n.taskId,
  taskCode: n.taskCode,
  taskTitle: n.taskTitle,
  unitName: n.unitName,
  kind: n.kind,
  status: n.status,
  respondBy: n.respondBy,
  issuerName: n.issuerName,
  overdue: isOverdueNotice(n, today),
});

/** Notices still waiting for the unit (acknowledge / answer), those past their date first. */
function awaitingNotices(db: DB, actor: Actor, today: string, keep: (n: NoticeRow) => boolean): WorkNotice[] {
  return listNotices(db, actor, { open: true })
    .filter((n) => AWAITING_UNIT.includes(n.status) && keep(n))
    .map((n) => noticeLine(n, today))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.respondBy.localeCompare(b.respondBy));
}

// ------------------------------------------------------------------------------------------ sections

/** My tasks, my indicators still to meet (those I may record), the notices on my tasks. */
function researcherSection(db: DB, actor: Actor, today: string): NonNullable<MyWork["researcher"]> {
  const tasks = workTasks(db, actor, today, "t.owner_user_id = ?", actor.id);
  const mine = new Set(column<number>(db, "SELECT id FROM tasks WHERE owner_user_id = ? AND archived_at IS NULL", actor.id));
  const owners = new Map(all<{ id: number; unitId: number }>(db, "SELECT id, owner_unit_id AS unitId FROM tasks WHERE owner_user_id = ? OR id IN (SELECT task_id FROM indicators WHERE responsible_user_id = ?)", actor.id, actor.id).map((r) => [r.id, r.unitId]));
  const indicators = all<{ id: number }>(
    db,
    `SELECT i.id FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id
     WHERE i.archived_at IS NULL AND i.waived_reason IS NULL AND (t.id IS NULL OR (t.archived_at IS NULL AND t.status IN ${ACTIVE}))
       AND (i.responsible_user_id = ? OR t.owner_user_id = ?)`,
    actor.id,
    actor.id,
  ).map((r) => r.id);
  const rows = indicators.length ? listIndicators(db, {}).filter((i) => indicators.includes(i.id)) : [];
  return {
    tasks,
    indicators: rows
      .filter((i) => !i.met && canRecord(actor, i, i.taskId != null ? (owners.get(i.taskId) ?? null) : null) && canReadBoard(actor, projectBoard(i.projectId)))
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id),
    notices: awaitingNotices(db, actor, today, (n) => mine.has(n.taskId)),
  };
}

/** The unit's overdue tasks, this month's 推进表 filing, deliverables the unit must accept, its notices. */
function unitLeadSection(db: DB, actor: Actor, unitId: number, today: string): NonNullable<MyWork["unitLead"]> {
  const unitName = scalar<string>(db, "SELECT short_name FROM member_units WHERE id = ?", unitId) ?? "";
  let filing: WorkFiling | null = null;
  if (canReadBoard(actor, CONSORTIUM_BOARD)) {
    const month = currentMonth(today);
    const unit = unitFilings(db, month, today).find((u) => u.unitId === unitId);
    if (unit) filing = { month, deadline: filingDeadline(month, getSettings(db).filingDay), state: unit.state, keyTasks: unit.keyTasks, filedAt: unit.filedAt };
  }
  const acceptances = listDeliverables(db, actor)
    .filter((d) => d.acceptingUnitId === unitId && d.ownerUnitId !== unitId && d.state !== "accepted" && d.taskStatus !== "closed")
    .map((d) => ({ taskId: d.taskId, taskCode: d.taskCode, taskTitle: d.taskTitle, ownerUnitName: d.ownerUnitName, deliverable: d.deliverable, acceptanceKind: d.acceptanceKind, state: d.state }));
  return {
    unitName,
    overdue: workTasks(db, actor, today, "t.owner_unit_id = ? AND t.due_on < ?", unitId, today),
    filing,
    acceptances,
    notices: awaitingNotices(db, actor, today, (n) => n.unitId === unitId),
  };
}

/** The projects he leads: the colours of their tasks and their pending milestone nodes, next first. */
function projectLeadSection(db: DB, actor: Actor, today: string): NonNullable<MyWork["projectLead"]> {
  const heads = all<{ id: number; code: string; name: string; endOn: string }>(db, "SELECT id, code, name, end_on AS endOn FROM projects WHERE lead_user_id = ? ORDER BY code", actor.id).filter((p) =>
    canReadBoard(actor, projectBoard(p.id)),
  );
  if (heads.length === 0) return { projects: [] };
  const settings = getSettings(db);
  const ids = heads.map((p) => p.id);
  const tasks = all<{ id: number; projectId: number; startOn: string; dueOn: string; status: TaskStatus; progress: number }>(
    db,
    `SELECT id, project_id AS projectId, start_on AS startOn, due_on AS dueOn, status, progress FROM tasks
     WHERE archived_at IS NULL AND project_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  const rags = new Map(tasks.map((t) => [t.id, ragOf(t, today, settings).rag]));
  const milestones = listMilestones(db, ids).filter((m) => m.status === "pending");
  return {
    projects: heads.map((p) => ({
      ...p,
      rag: countBy(
        tasks.filter((t) => t.projectId === p.id),
        (t) => rags.get(t.id)!,
        RAGS,
      ),
      milestones: milestones
        .filter((m) => m.projectId === p.id)
        .map((m) => {
          const rag = countBy(
            m.taskIds.filter((id) => rags.has(id)),
            (id) => rags.get(id)!,
            RAGS,
          );
          return { id: m.id, name: m.name, dueOn: m.dueOn, daysLeft: daysBetween(today, m.dueOn), rag, worst: worstRag(rag) };
        }),
    })),
  };
}

/** Checks he is assigned to that are not signed yet; TRL claims of his projects waiting for a decision. */
function expertSection(db: DB, actor: Actor): NonNullable<MyWork["expert"]> {
  const checks = listChecks(db, actor)
    .filter((c) => c.status !== "signed" && c.experts.some((e) => e.id === actor.id))
    .map((c) => ({ id: c.id, projectCode: c.projectCode, projectName: c.projectName, kind: c.kind, milestoneName: c.milestoneName, scheduledOn: c.scheduledOn, status: c.status, reviewed: c.reviewedCount, items: c.itemCount }))
    .sort((a, b) => a.scheduledOn.localeCompare(b.scheduledOn) || a.id - b.id);
  // An expert never decides a claim of his own unit (check-experts / trl.server refuse it), so it is not his to do.
  const claims = all<WorkClaim & { projectId: number }>(
    db,
    `SELECT tc.id, k.id AS technologyId, k.name AS technologyName, k.project_id AS projectId, p.code AS projectCode, tc.trl,
            m.short_name AS unitName, u.display_name AS claimerName, tc.claimed_at AS claimedAt
     FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id JOIN projects p ON p.id = k.project_id
     JOIN member_units m ON m.id = tc.unit_id JOIN users u ON u.id = tc.claimed_by
     WHERE tc.status = 'claimed' AND k.project_id IN (SELECT project_id FROM project_experts WHERE user_id = @me)
       AND (@unit IS NULL OR tc.unit_id != @unit)
     ORDER BY tc.claimed_at, tc.id`,
    { me: actor.id, unit: actor.unitId },
  )
    .filter((c) => canReadBoard(actor, projectBoard(c.projectId)))
    .map(({ projectId: _p, ...c }) => c);
  return { checks, claims };
}

function adminSection(db: DB, actor: Actor): NonNullable<MyWork["admin"]> {
  const count = (sql: string) => scalar<number>(db, sql) ?? 0;
  return {
    units: memberUnitCount(db),
    projects: count("SELECT count(*) FROM projects"),
    users: count("SELECT count(*) FROM users WHERE active = 1"),
    experts: count("SELECT count(DISTINCT user_id) FROM project_experts"),
    warnings: canSome(actor, "read", "admin") ? currentWarnings(db) : [],
  };
}

// ------------------------------------------------------------------------------------------ the page

/** Roles that run or watch the whole consortium: they also get its overview. */
const OVERVIEW_ROLES: Role[] = ["secretariat", "chief_scientist", "council", "observer", "admin"];

export function sectionsFor(actor: Pick<Actor, "roles" | "unitId">): MyWorkSection[] {
  const has = (r: Role) => actor.roles.includes(r);
  const out: MyWorkSection[] = [];
  if (has("researcher")) out.push("researcher");
  if (has("unit_lead") && actor.unitId != null) out.push("unitLead");
  if (has("project_lead")) out.push("projectLead");
  if (has("expert")) out.push("expert");
  if (has("secretariat")) out.push("secretariat");
  if (has("chief_scientist")) out.push("chief");
  if (has("admin")) out.push("admin");
  if (out.length === 0 || actor.roles.some((r) => OVERVIEW_ROLES.includes(r))) out.push("overview");
  return out;
}

/**
 * Everything the front page shows for this person, read in one transaction with the board's seq.
 * `apart`: the secretariat's and the chief's figures and the consortium overview left out (null), for a caller
 * that reads them with secretariatFigures, chiefFigures and consortiumOverview in later event-loop turns (the front page: issue #17, no long
 * stall at 20,000 tasks).
 */
export function myWork(db: DB, actor: Actor, today: string, { apart = false } = {}): MyWork {
  const sections = sectionsFor(actor);
  const on = (s: MyWorkSection) => sections.includes(s);
  return db.transaction(() => ({
    ...liveBoard(db, actor),
    today,
    roles: actor.roles,
    sections,
    researcher: on("researcher") ? researcherSection(db, actor, today) : null,
    unitLead: on("unitLead") && actor.unitId != null ? unitLeadSection(db, actor, actor.unitId, today) : null,
    projectLead: on("projectLead") ? projectLeadSection(db, actor, today) : null,
    expert: on("expert") ? expertSection(db, actor) : null,
    secretariat: on("secretariat") && !apart ? secretariatFigures(db, actor, today) : null,
    // The front page shows the chief's key figures only: no burn-up is drawn (0 projects).
    chief: on("chief") && !apart ? chiefFigures(db, actor, today) : null,
    admin: on("admin") ? adminSection(db, actor) : null,
    overview: on("overview") && !apart ? consortiumOverview(db, actor, today) : null,
  }));
}

/** The secretariat's section: the close-out round, this month's filing of every unit, notices (null without the consortium board). */
export function secretariatFigures(db: DB, actor: Actor, today: string): MyWork["secretariat"] {
  return canReadBoard(actor, CONSORTIUM_BOARD) ? pickSecretariat(secretariatDashboard(db, actor, today, Infinity)) : null;
}

/** The chief's key figures (null for a chief who does not read the whole consortium). No burn-up is drawn here (0 projects). */
export function chiefFigures(db: DB, actor: Actor, today: string): ChiefDashboard["kpis"] | null {
  return canReadBoard(actor, CONSORTIUM_BOARD) ? chiefDashboard(db, actor, today, DASH_UNIT_PAGE, 0).kpis : null;
}

/** The consortium overview section of the front page (its figures and goals). */
export function consortiumOverview(db: DB, actor: Actor, today: string): { figures: HomeFigures; goals: GoalRow[] } {
  return db.transaction(() => ({ figures: homeFigures(db, today, actor.unitId), goals: listGoals(db) }));
}

const pickSecretariat = ({ filing, round, notices, pendingCloseoutTasks }: SecretariatDashboard) => ({ filing, round, notices, pendingCloseoutTasks });
