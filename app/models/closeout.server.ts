// 定期销号 writes: rounds, proposals with per-indicator items and evidence, approval by someone outside
// the executing unit. Each write is ONE transaction through the write kernel: permission and rule checks,
// the row with its version bump, the audit row, "closeout.upserted" (or "closeoutRound.upserted") on the
// consortium board and the project's board, and the task's status change through applyTaskChange
// (pending_closeout on proposal, closed on approval, in_progress on return or withdrawal), whose task
// events the boards and the battle map already apply. Approvers and proposers are notified personally
// after commit. Reads: closeout-reads.server.ts; the pages: closeout-pages.server.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { closeoutProposals, closeoutRounds, indicators } from "../../db/schema";
import { boardsOf, CONSORTIUM_BOARD } from "./boards.server";
import { notifyEach, type Told } from "./inbox.server";
import { handOver } from "./task-dependencies.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, exists, insert, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { applyTaskChange, getTask } from "./tasks.server";
import { getSettings } from "./consortium.server";
import { projectExperts } from "./projects.server";
import { storeEvidence, type UploadedFile } from "./evidence.server";
import { getIndicator } from "./indicators.server";
import { syncTaskProgress } from "./progress.server";
import { eligibilityOf, getProposal, getRound, openRound, pendingProposalIds, proxyFacts, reasonText } from "./closeout-reads.server";
import { translate } from "../i18n/catalog";
import type { TaskRow } from "./tasks";
import {
  defaultClosesOn,
  mayApprove,
  proposeRight,
  periodOf,
  roundName,
  type ApproveInput,
  type EligibilityReason,
  type ProposalRow,
  type ProposalStatus,
  type ProposeInput,
  type ReturnInput,
  type RoundCloseInput,
  type RoundOpenInput,
  type RoundRow,
  type WithdrawInput,
} from "./closeout";

/** Who may decide a task's proposal: secretariat, chief scientist and the project's experts, none of the executing unit. */
function approverIds(db: DB, task: Pick<TaskRow, "projectId" | "ownerUnitId">): number[] {
  return column<number>(
    db,
    `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE u.active = 1 AND (u.unit_id IS NULL OR u.unit_id != ?)
       AND (r.role IN ('secretariat','chief_scientist')
            OR (r.role = 'expert' AND u.id IN (SELECT user_id FROM project_experts WHERE project_id = ?)))`,
    task.ownerUnitId,
    task.projectId,
  );
}

// ------------------------------------------------------------------------------------------ events

function recordProposal(db: DB, actor: Actor, action: string, before: ProposalRow | null, id: number): { row: ProposalRow; events: BoardEvent[] } {
  const row = getProposal(db, id);
  const events = recordChange(db, { entity: "closeout", id, action, by: actor, before, after: row, boards: boardsOf(row.projectId), audit: { entity: "closeout_proposal" } });
  return { row, events };
}

/** Re-sends a task's pending proposals (their acceptance or indicator state changed); inside the caller's transaction. */
export function pendingProposalEvents(db: DB, actor: Actor, taskId: number): BoardEvent[] {
  return pendingProposalIds(db, taskId).flatMap((id) => {
    const row = getProposal(db, id);
    return recordChange(db, { entity: "closeout", id, action: "refresh", by: actor, before: null, after: row, boards: boardsOf(row.projectId), audit: false });
  });
}

function recordRound(db: DB, actor: Actor, action: string, before: RoundRow | null, id: number): { row: RoundRow; events: BoardEvent[] } {
  const row = getRound(db, id);
  const events = recordChange(db, { entity: "closeoutRound", id, action, by: actor, before, after: row, boards: [CONSORTIUM_BOARD], audit: { entity: "closeout_round" } });
  return { row, events };
}

// ------------------------------------------------------------------------------------------ rounds

/**
 * Opens a round (secretariat, open:round). Period defaults to today's month; closing date to the
 * `closeoutRoundDay` of the round's last month (`closeoutRoundMonths`). One open round per period.
 */
export function openCloseoutRound(ctx: AppContext, actor: Actor, input: RoundOpenInput, today: string): RoundRow {
  const { db } = ctx;
  assertCan(actor, "open", "round");
  return commit(ctx, () => {
    const period = input.period ?? periodOf(today);
    const settings = getSettings(db);
    const closesOn = input.closesOn ?? defaultClosesOn(period, settings.closeoutRoundMonths, settings.closeoutRoundDay);
    if (closesOn < `${period}-01`) throw new DomainError("invalid", 400, { closesOn });
    if (exists(db, "SELECT 1 FROM closeout_rounds WHERE period = ? AND status = 'open'", period)) throw new DomainError("closeoutRoundExists", 409, { period });
    const id = insert(
      db,
      "INSERT INTO closeout_rounds (name, period, closes_on, status, opened_by, opened_at) VALUES (?, ?, ?, 'open', ?, ?)",
      roundName(period), period, closesOn, actor.id, db.$clock.nowIso(),
    );
    const { row, events } = recordRound(db, actor, "open", null, id);
    return { result: row, events };
  });
}

/** Closes a round: no new proposals; undecided ones can still be decided and count as still open. */
export function closeCloseoutRound(ctx: AppContext, actor: Actor, input: RoundCloseInput): RoundRow {
  const { db } = ctx;
  assertCan(actor, "open", "round");
  return commit(ctx, () => {
    const before = getRound(db, input.id);
    assertVersion(before, input.version, before);
    if (before.status !== "open") throw new DomainError("closeoutRoundClosed", 409, { current: before });
    updateVersioned(db, closeoutRounds, before.id, before.version, { status: "closed", closedBy: actor.id, closedAt: db.$clock.nowIso() });
    const { row, events } = recordRound(db, actor, "close", before, before.id);
    return { result: row, events };
  });
}

// ------------------------------------------------------------------------------------------ eligibility

function assertEligible(actor: Actor, result: { eligible: boolean; reasons: EligibilityReason[] }) {
  if (!result.eligible) {
    throw new DomainError("closeoutNotEligible", 400, { reasons: result.reasons.map((r) => reasonText(actor.locale, r)).join(translate(actor.locale, "closeout.reasonSep")), codes: result.reasons.map((r) => r.code).join(",") });
  }
}

// ------------------------------------------------------------------------------------------ proposals

/**
 * Refuses who may not propose the task (or withdraw its proposal): closeout.ts proposeRight, with the
 * facts read now. The project's lead is told why he may not speak for a unit that has accounts of its own.
 */
export function assertProposer(db: DB, actor: Actor, task: Pick<TaskRow, "projectId" | "ownerUnitId" | "ownerUserId">, action: "propose" | "withdraw"): "own" | "proxy" {
  const facts = proxyFacts(db, task);
  const right = proposeRight(actor, task, facts);
  if (right) return right;
  if (facts.projectLeadUserId === actor.id && facts.ownerUnitHasAccounts && actor.roles.includes("project_lead")) {
    throw new DomainError("closeoutProxyHasAccounts", 403, { unit: scalar<string>(db, "SELECT short_name FROM member_units WHERE id = ?", task.ownerUnitId) ?? "" });
  }
  throw new DomainError("forbidden", 403, { action, entity: "closeout" });
}

/**
 * Proposes a finished task for close-out in the open round, with a line per indicator (evidence files,
 * or a waiver reason when it is not met) and the accepting unit's acceptance when one is named. The
 * task goes to 待销号. A task returned earlier is proposed again the same way (a new proposal; the
 * returned one stays in the record). `files` are the submission's evidence files, in item order
 * (`fileCount` per item).
 */
export function proposeCloseout(ctx: AppContext, actor: Actor, input: ProposeInput, files: UploadedFile[] = []): ProposalRow {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const task = getTask(db, input.taskId);
    assertProposer(db, actor, task, "propose");
    if (task.archivedAt) throw notFound();
    const round = openRound(db);
    if (!round) throw new DomainError("closeoutNoOpenRound", 409);
    if (pendingProposalIds(db, task.id).length) throw new DomainError("closeoutPending", 409);
    const check = eligibilityOf(db, task, input.items);
    const wanted = new Set(check.lines.map((l) => l.id));
    if (input.items.length !== wanted.size || input.items.some((i) => !wanted.has(i.indicatorId))) throw new DomainError("closeoutItemsMismatch", 409);
    assertEligible(actor, check);
    if (input.items.reduce((s, i) => s + i.fileCount, 0) !== files.length) throw new DomainError("invalid", 400, { files: files.length });

    const id = insert(
      db,
      "INSERT INTO closeout_proposals (round_id, task_id, note, status, proposed_by, proposed_at) VALUES (?, ?, ?, 'proposed', ?, ?)",
      round.id, task.id, input.note, actor.id, db.$clock.nowIso(),
    );
    let next = 0;
    for (const item of input.items) {
      const line = check.lines.find((l) => l.id === item.indicatorId)!;
      // A waiver reason is kept only where it is needed: on an indicator that is not met.
      const waiver = !line.met && item.waiverReason ? item.waiverReason : null;
      const itemId = insert(db, "INSERT INTO closeout_items (proposal_id, indicator_id, waiver_reason) VALUES (?, ?, ?)", id, item.indicatorId, waiver);
      const mine = files.slice(next, next + item.fileCount);
      next += item.fileCount;
      if (mine.length) storeEvidence(db, ctx.config, actor, { type: "closeout_item", id: itemId, projectId: task.projectId }, mine);
    }
    const taskChange = applyTaskChange(db, actor, task.id, { status: "pending_closeout" }, "closeoutPropose");
    const { row, events } = recordProposal(db, actor, "propose", null, id);
    return { result: row, events: [...taskChange.events, ...events] };
  });
  ctx.realtime.notifyUsers(approverIds(db, result), { kind: "closeout", proposal: result });
  return result;
}

/** Loads a proposal for a decision: checks the version and that it still awaits one. */
function pendingProposal(db: DB, input: { id: number; version: number }): ProposalRow {
  const before = getProposal(db, input.id);
  assertVersion(before, input.version, before);
  if (before.status !== "proposed") throw new DomainError("closeoutWrongStatus", 409, { current: before });
  return before;
}

function decide(
  ctx: AppContext,
  actor: Actor,
  input: { id: number; version: number },
  action: "approve" | "return" | "withdraw",
  write: (before: ProposalRow, task: TaskRow) => { status: ProposalStatus; comment: string; taskEvents: BoardEvent[]; told?: Told[] },
): ProposalRow {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const before = pendingProposal(db, input);
    const task = getTask(db, before.taskId);
    const { status, comment, taskEvents, told: alsoTold = [] } = write(before, task);
    const decided = action === "withdraw" ? { by: null, at: null } : { by: actor.id, at: db.$clock.nowIso() };
    updateVersioned(db, closeoutProposals, before.id, before.version, { status, decidedBy: decided.by, decidedAt: decided.at, decisionComment: comment });
    const { row, events } = recordProposal(db, actor, action, before, before.id);
    const told =
      action === "withdraw"
        ? []
        : notifyEach(db, [row.proposedBy, row.ownerUserId], {
            kind: action === "approve" ? "closeout_approved" : "closeout_returned",
            actorId: actor.id,
            entity: "closeout_proposal",
            entityId: row.id,
            href: `/tasks/${row.taskId}`,
            params: { task: `${row.taskCode} ${row.taskTitle}`, note: comment },
          });
    return { result: row, events: [...taskEvents, ...events], told: [...told, ...alsoTold] };
  });
  const notifyIds = action === "withdraw" ? approverIds(db, result) : [result.proposedBy, ...(result.ownerUserId ? [result.ownerUserId] : [])];
  ctx.realtime.notifyUsers([...new Set(notifyIds)].filter((u) => u !== actor.id), { kind: "closeout", proposal: result });
  return result;
}

function assertApprover(db: DB, actor: Actor, task: TaskRow) {
  const check = mayApprove(actor, task, projectExperts(db, task.projectId));
  if (!check.ok) throw new DomainError(check.code, 403, { action: "approve", entity: "closeout" });
}

/** Back to work: a returned or withdrawn proposal puts a 待销号 task back in progress. */
function reopenTask(db: DB, actor: Actor, task: TaskRow, action: string): BoardEvent[] {
  return task.status === "pending_closeout" ? applyTaskChange(db, actor, task.id, { status: "in_progress" }, action).events : [];
}

/**
 * Records approved waivers on the indicators themselves (they then count as met and leave the progress
 * mean), audits each, sends "indicator.upserted" and the task's recomputed progress. Inside the caller's
 * transaction.
 */
function waiveIndicators(db: DB, actor: Actor, proposalId: number, items: { indicatorId: number; waiverReason: string | null }[]): BoardEvent[] {
  if (items.length === 0) return [];
  const events: BoardEvent[] = [];
  let taskId: number | null = null;
  for (const i of items) {
    const before = getIndicator(db, i.indicatorId);
    if (before.waivedReason != null || before.archivedAt != null) continue;
    updateVersioned(db, indicators, before.id, before.version, { waivedReason: i.waiverReason, updatedAt: db.$clock.nowIso(), updatedBy: actor.id });
    const row = getIndicator(db, i.indicatorId);
    taskId = row.taskId;
    events.push(
      ...recordChange(db, { entity: "indicator", id: row.id, action: "waive", by: actor, before, after: row, boards: boardsOf(row.projectId), audit: { after: { ...row, proposalId } } }),
    );
  }
  return taskId == null ? events : [...events, ...syncTaskProgress(db, actor, taskId).events];
}

/**
 * Approves: the task becomes 已销号 (closed, struck through, never deleted). Re-checks eligibility at
 * decision time (an acceptance may have been withdrawn by a rejection since), and records the waivers
 * on the indicators themselves, so progress and lists show them as waived. Its successors are handed
 * over (压茬推进, task-dependencies.server.ts) in the same transaction.
 */
export function approveProposal(ctx: AppContext, actor: Actor, input: ApproveInput): ProposalRow {
  return decide(ctx, actor, input, "approve", (before, task) => {
    const db = ctx.db;
    assertApprover(db, actor, task);
    const items = all<{ indicatorId: number; waiverReason: string | null }>(db, "SELECT indicator_id AS indicatorId, waiver_reason AS waiverReason FROM closeout_items WHERE proposal_id = ?", before.id);
    const check = eligibilityOf(db, task, items);
    assertEligible(actor, check);
    const waived = waiveIndicators(db, actor, before.id, items.filter((i) => i.waiverReason && !check.lines.find((l) => l.id === i.indicatorId)?.met));
    const { events } = applyTaskChange(db, actor, task.id, { status: "closed" }, "closeout");
    // 压茬推进: successors whose predecessors are now all closed may start; their owners are told.
    const handed = handOver(db, actor, task.id);
    return { status: "approved", comment: input.comment, taskEvents: [...waived, ...events, ...handed.events], told: handed.told };
  });
}

/** Returns with comments (required): the task goes back in progress; the unit may propose again. */
export function returnProposal(ctx: AppContext, actor: Actor, input: ReturnInput): ProposalRow {
  return decide(ctx, actor, input, "return", (_before, task) => {
    assertApprover(ctx.db, actor, task);
    return { status: "returned", comment: input.comment, taskEvents: reopenTask(ctx.db, actor, task, "closeoutReturn") };
  });
}

/** The proposer's side takes a proposal back before it is decided. */
export function withdrawProposal(ctx: AppContext, actor: Actor, input: WithdrawInput): ProposalRow {
  return decide(ctx, actor, input, "withdraw", (_before, task) => {
    assertProposer(ctx.db, actor, task, "withdraw");
    return { status: "withdrawn", comment: "", taskEvents: reopenTask(ctx.db, actor, task, "closeoutWithdraw") };
  });
}

