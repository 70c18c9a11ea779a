// What the close-out pages show: the page of the open round (proposals awaiting a decision anywhere, the
// actor's candidates and his proposal draft), a round's page, and a task's close-out state for the board.
import { commentsOn } from "./comments.server";
import type { CommentRow } from "./comments";
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { canReadBoard, liveBoard, projectBoard, type LiveBoard } from "./boards.server";
import { all, placeholders, scalar } from "./sql.server";
import { DomainError } from "./errors";
import { canSome } from "./permissions";
import { getTask } from "./tasks.server";
import { getSettings } from "./consortium.server";
import { expertsByProject } from "./projects.server";
import { getDeliverable } from "./deliverables.server";
import {
  eligibilityOf,
  getRound,
  listRounds,
  openRound,
  pendingElsewhere,
  pendingProposalIds,
  proxyFacts,
  reasonText,
  roundProposals,
  taskProposals,
  type IndicatorLine,
} from "./closeout-reads.server";
import { mayPropose, proposeRight, PROPOSABLE_STATUSES, type ProposalRow, type RoundRow } from "./closeout";
import type { TaskRow } from "./tasks";

export type ProposeCandidate = { id: number; code: string; title: string; status: TaskRow["status"]; dueOn: string; pending: boolean };

/**
 * Tasks the actor may propose: his unit's open tasks he owns (all of them for a unit lead), and, for a
 * project lead, those of his projects whose owner unit has no active account (proposed on its behalf).
 */
function proposeCandidates(db: DB, actor: Actor): ProposeCandidate[] {
  const rows = all<Omit<ProposeCandidate, "pending"> & { ownerUnitId: number; ownerUserId: number | null; projectId: number; pending: number }>(
    db,
    `SELECT t.id, t.code, t.title, t.status, t.due_on AS dueOn, t.owner_unit_id AS ownerUnitId, t.owner_user_id AS ownerUserId, t.project_id AS projectId,
            EXISTS (SELECT 1 FROM closeout_proposals p WHERE p.task_id = t.id AND p.status = 'proposed') AS pending
     FROM tasks t WHERE t.archived_at IS NULL AND t.status IN (${placeholders(PROPOSABLE_STATUSES)})
       AND (t.owner_unit_id IS ? OR (t.project_id IN (SELECT id FROM projects WHERE lead_user_id = ?)
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.unit_id = t.owner_unit_id AND u.active = 1)))
     ORDER BY t.status = 'pending_closeout' DESC, t.due_on, t.code`,
    ...PROPOSABLE_STATUSES,
    actor.unitId,
    actor.id,
  );
  return rows
    .filter((r) => mayPropose(actor, r, proxyFacts(db, r)))
    .map((r) => ({ id: r.id, code: r.code, title: r.title, status: r.status, dueOn: r.dueOn, pending: Boolean(r.pending) }));
}

export type ProposeDraft = {
  task: Pick<TaskRow, "id" | "code" | "title" | "status" | "progress" | "projectId" | "dueOn">;
  lines: IndicatorLine[];
  deliverable: ReturnType<typeof getDeliverable>;
  /** Reasons against closing out now, before any waiver is written. */
  reasons: string[];
  /** Reasons that a waiver cannot fix (acceptance, task state). */
  blocking: string[];
  pending: boolean;
  /** Proposed by the project's lead on behalf of an owner unit without accounts (代为提出): the unit's name. */
  onBehalfOf: string | null;
  history: ProposalRow[];
};

/** What the proposal form shows for one task. */
function proposeDraft(db: DB, actor: Actor, taskId: number): ProposeDraft {
  const task = getTask(db, taskId);
  const right = proposeRight(actor, task, proxyFacts(db, task));
  if (!right) throw new DomainError("forbidden", 403, { action: "propose", entity: "closeout" });
  const check = eligibilityOf(db, task, []);
  return {
    task: { id: task.id, code: task.code, title: task.title, status: task.status, progress: task.progress, projectId: task.projectId, dueOn: task.dueOn },
    lines: check.lines,
    deliverable: check.deliverable,
    reasons: check.reasons.map((r) => reasonText(actor.locale, r)),
    blocking: check.reasons.filter((r) => r.code !== "indicatorUnmet").map((r) => reasonText(actor.locale, r)),
    pending: pendingProposalIds(db, task.id).length > 0,
    onBehalfOf: right === "proxy" ? (scalar<string>(db, "SELECT short_name FROM member_units WHERE id = ?", task.ownerUnitId) ?? "") : null,
    history: taskProposals(db, task.id),
  };
}

/** A task's close-out state for the board drawer: its proposals and acceptance requirement. */
export function taskCloseoutInfo(db: DB, actor: Actor, taskId: number) {
  const task = getTask(db, taskId);
  if (!canReadBoard(actor, projectBoard(task.projectId))) throw new DomainError("forbidden", 403);
  const proposals = taskProposals(db, taskId);
  return {
    latest: proposals.at(-1) ?? null,
    count: proposals.length,
    deliverable: getDeliverable(db, taskId),
    mayPropose: mayPropose(actor, task, proxyFacts(db, task)) && !["closed", "suspended"].includes(task.status),
  };
}

export type CloseoutPage = LiveBoard & {
  today: string;
  round: RoundRow | null;
  rounds: RoundRow[];
  /** The open round's proposals, then those still awaiting a decision in earlier rounds. */
  proposals: ProposalRow[];
  /** The threads of those proposals (entity "closeout"). */
  comments: CommentRow[];
  candidates: ProposeCandidate[];
  draft: ProposeDraft | null;
  /** Responsible experts per project: who may decide which proposal. */
  experts: Record<number, number[]>;
  roundDay: number;
};

/** The close-out page, with the proposal form for `?task=` when it is one of the actor's candidates. */
export function closeoutPage(db: DB, actor: Actor, taskId: number | null): CloseoutPage {
  return db.transaction(() => {
    const live = liveBoard(db, actor);
    const round = openRound(db);
    const proposals = [...(round ? roundProposals(db, actor, round.id) : []), ...pendingElsewhere(db, actor, round?.id ?? null)];
    const candidates = canSome(actor, "propose", "closeout") || actor.roles.includes("project_lead") ? proposeCandidates(db, actor) : [];
    const draft = candidates.some((c) => c.id === taskId) ? proposeDraft(db, actor, taskId!) : null;
    return {
      ...live,
      today: db.$clock.today(),
      round,
      rounds: listRounds(db),
      proposals,
      candidates,
      draft,
      comments: commentsOn(db, actor, "closeout", proposals.map((p) => p.id)),
      experts: expertsByProject(db),
      roundDay: getSettings(db).closeoutRoundDay,
    };
  });
}

/** A round's page: the round and its proposals the actor may read. */
export function roundPage(db: DB, actor: Actor, roundId: number): LiveBoard & { round: RoundRow; proposals: ProposalRow[]; comments: CommentRow[] } {
  return db.transaction(() => {
    const proposals = roundProposals(db, actor, roundId);
    return { ...liveBoard(db, actor), round: getRound(db, roundId), proposals, comments: commentsOn(db, actor, "closeout", proposals.map((p) => p.id)) };
  });
}
