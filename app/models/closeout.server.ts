// 定期销号 on the server: rounds, proposals with per-indicator items and evidence, approval by someone
// outside the executing unit. Each write is ONE transaction: permission and rule checks, the row with its
// version bump, the audit row, "closeout.upserted" (or "closeoutRound.upserted") on the consortium board
// and the project's board, and the task's status change through applyTaskChange (pending_closeout on
// proposal, closed on approval, in_progress on return or withdrawal), whose task events the boards and
// the battle map already apply. Approvers and proposers are notified personally after commit.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { appendEvents, CONSORTIUM_BOARD, projectBoard } from "./board-events.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { applyTaskChange, canReadBoard, commit, getTask } from "./tasks.server";
import { getSettings } from "./consortium.server";
import { listEvidence, storeEvidence, type UploadedFile } from "./evidence.server";
import { getIndicator, indicatorValues, syncTaskProgress, taskIndicators } from "./indicators.server";
import { getDeliverable } from "./acceptance.server";
import { translate } from "../i18n/catalog";
import type { TaskRow } from "./tasks";
import {
  closeoutEligibility,
  defaultClosesOn,
  mayApprove,
  mayPropose,
  periodOf,
  PROPOSABLE_STATUSES,
  roundName,
  roundSummary,
  type ApproveInput,
  type EligibilityReason,
  type ItemEvidence,
  type ProposalAcceptance,
  type ProposalItemRow,
  type ProposalRow,
  type ProposalStatus,
  type ProposeInput,
  type ReturnInput,
  type RoundCloseInput,
  type RoundOpenInput,
  type RoundRow,
  type WithdrawInput,
} from "./closeout";

// ------------------------------------------------------------------------------------------ people

/** Active users of a unit holding one of the roles. */
export function usersOfUnit(db: DB, unitId: number, roles: string[]): number[] {
  return (
    db.$client
      .prepare(
        `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.unit_id = ? AND u.active = 1 AND r.role IN (${roles.map(() => "?").join(",")}) ORDER BY u.id`,
      )
      .all(unitId, ...roles) as { id: number }[]
  ).map((r) => r.id);
}

export const projectExperts = (db: DB, projectId: number): number[] =>
  (db.$client.prepare("SELECT user_id AS id FROM project_experts WHERE project_id = ?").all(projectId) as { id: number }[]).map((r) => r.id);

/** Who may decide a task's proposal: secretariat, chief scientist and the project's experts, none of the executing unit. */
function approverIds(db: DB, task: Pick<TaskRow, "projectId" | "ownerUnitId">): number[] {
  const rows = db.$client
    .prepare(
      `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE u.active = 1 AND (u.unit_id IS NULL OR u.unit_id != ?)
         AND (r.role IN ('secretariat','chief_scientist')
              OR (r.role = 'expert' AND u.id IN (SELECT user_id FROM project_experts WHERE project_id = ?)))`,
    )
    .all(task.ownerUnitId, task.projectId) as { id: number }[];
  return rows.map((r) => r.id);
}

// ------------------------------------------------------------------------------------------ indicators

export type IndicatorLine = {
  id: number;
  name: string;
  unitOfMeasure: string;
  baseline: number | null;
  target: number | null;
  direction: string;
  waivedReason: string | null;
  latestValue: number | null;
  met: boolean;
  /** Evidence recorded with the indicator's measured values (indicator_value). */
  valueEvidence: ItemEvidence[];
};

/** A task's live indicators with their latest value, whether it is met (progress.ts) and the values' evidence. */
export function indicatorLines(db: DB, taskId: number): IndicatorLine[] {
  const list = taskIndicators(db, taskId);
  const values = indicatorValues(db, list.map((i) => i.id));
  return list.map((i) => ({
    id: i.id,
    name: i.name,
    unitOfMeasure: i.unitOfMeasure,
    baseline: i.baseline,
    target: i.target,
    direction: i.direction,
    waivedReason: i.waivedReason,
    latestValue: i.latest,
    met: i.met,
    valueEvidence: (values[i.id] ?? []).flatMap((v) => v.evidence),
  }));
}

// ------------------------------------------------------------------------------------------ reads

const ROUND_SELECT = `
  SELECT r.id, r.name, r.period, r.closes_on AS closesOn, r.status, r.opened_by AS openedBy, ou.display_name AS openerName,
         r.opened_at AS openedAt, r.closed_by AS closedBy, cu.display_name AS closerName, r.closed_at AS closedAt, r.version
  FROM closeout_rounds r JOIN users ou ON ou.id = r.opened_by LEFT JOIN users cu ON cu.id = r.closed_by`;

function summaries(db: DB, roundIds: number[]): Record<number, RoundRow["summary"]> {
  const out: Record<number, RoundRow["summary"]> = {};
  if (roundIds.length === 0) return out;
  const rows = db.$client
    .prepare(`SELECT id, round_id AS roundId, task_id AS taskId, status FROM closeout_proposals WHERE round_id IN (${roundIds.map(() => "?").join(",")})`)
    .all(...roundIds) as { id: number; roundId: number; taskId: number; status: ProposalStatus }[];
  for (const id of roundIds) out[id] = roundSummary(rows.filter((r) => r.roundId === id));
  return out;
}

function toRounds(db: DB, raw: Omit<RoundRow, "summary">[]): RoundRow[] {
  const s = summaries(db, raw.map((r) => r.id));
  return raw.map((r) => ({ ...r, summary: s[r.id]! }));
}

export function getRound(db: DB, id: number): RoundRow {
  const raw = db.$client.prepare(`${ROUND_SELECT} WHERE r.id = ?`).get(id) as Omit<RoundRow, "summary"> | undefined;
  if (!raw) throw notFound();
  return toRounds(db, [raw])[0]!;
}

/** Newest period first. */
export function listRounds(db: DB): RoundRow[] {
  return toRounds(db, db.$client.prepare(`${ROUND_SELECT} ORDER BY r.period DESC, r.id DESC`).all() as Omit<RoundRow, "summary">[]);
}

/** The open round proposals go to: the latest open one. */
export function openRound(db: DB): RoundRow | null {
  const raw = db.$client.prepare(`${ROUND_SELECT} WHERE r.status = 'open' ORDER BY r.period DESC, r.id DESC LIMIT 1`).get() as
    | Omit<RoundRow, "summary">
    | undefined;
  return raw ? toRounds(db, [raw])[0]! : null;
}

const PROPOSAL_SELECT = `
  SELECT p.id, p.round_id AS roundId, r.name AS roundName, p.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle,
         t.status AS taskStatus, t.project_id AS projectId, pr.code AS projectCode, t.owner_unit_id AS ownerUnitId,
         m.short_name AS unitName, t.owner_user_id AS ownerUserId, p.note, p.status, p.proposed_by AS proposedBy,
         pu.display_name AS proposerName, p.proposed_at AS proposedAt, p.decided_by AS decidedBy, du.display_name AS deciderName,
         p.decided_at AS decidedAt, p.decision_comment AS decisionComment, p.version
  FROM closeout_proposals p
  JOIN closeout_rounds r ON r.id = p.round_id
  JOIN tasks t ON t.id = p.task_id
  JOIN projects pr ON pr.id = t.project_id
  JOIN member_units m ON m.id = t.owner_unit_id
  JOIN users pu ON pu.id = p.proposed_by
  LEFT JOIN users du ON du.id = p.decided_by`;

type RawProposal = Omit<ProposalRow, "items" | "acceptance">;

function acceptanceOf(db: DB, taskId: number): ProposalAcceptance | null {
  const d = getDeliverable(db, taskId);
  if (!d) return null;
  return {
    deliverable: d.deliverable,
    acceptingUnitId: d.acceptingUnitId,
    acceptingUnitName: d.acceptingUnitName,
    kind: d.acceptanceKind,
    state: d.state,
    signerName: d.latest?.signerName ?? null,
    signedAt: d.latest?.signedAt ?? null,
    comment: d.latest?.comment ?? "",
  };
}

/** Proposals with their items (indicator state as of now, evidence) and the acceptance state. */
function complete(db: DB, raw: RawProposal[]): ProposalRow[] {
  if (raw.length === 0) return [];
  const items = db.$client
    .prepare(
      `SELECT id, proposal_id AS proposalId, indicator_id AS indicatorId, waiver_reason AS waiverReason
       FROM closeout_items WHERE proposal_id IN (${raw.map(() => "?").join(",")}) ORDER BY id`,
    )
    .all(...raw.map((p) => p.id)) as { id: number; proposalId: number; indicatorId: number; waiverReason: string | null }[];
  const files = listEvidence(db, "closeout_item", items.map((i) => i.id));
  const lines = new Map<number, Map<number, IndicatorLine>>();
  const linesOf = (taskId: number) => {
    let m = lines.get(taskId);
    if (!m) lines.set(taskId, (m = new Map(indicatorLines(db, taskId).map((l) => [l.id, l]))));
    return m;
  };
  const accept = new Map<number, ProposalAcceptance | null>();
  return raw.map((p) => {
    const byId = linesOf(p.taskId);
    const own: ProposalItemRow[] = items
      .filter((i) => i.proposalId === p.id)
      .map((i) => {
        const l = byId.get(i.indicatorId);
        return {
          id: i.id,
          indicatorId: i.indicatorId,
          indicatorName: l?.name ?? "—",
          unitOfMeasure: l?.unitOfMeasure ?? "",
          target: l?.target ?? null,
          direction: l?.direction ?? "higher",
          latestValue: l?.latestValue ?? null,
          met: l?.met ?? false,
          waiverReason: i.waiverReason,
          evidence: [...(files[i.id] ?? []), ...(l?.valueEvidence ?? [])],
        };
      });
    if (!accept.has(p.taskId)) accept.set(p.taskId, acceptanceOf(db, p.taskId));
    return { ...p, items: own, acceptance: accept.get(p.taskId) ?? null };
  });
}

export function getProposal(db: DB, id: number): ProposalRow {
  const raw = db.$client.prepare(`${PROPOSAL_SELECT} WHERE p.id = ?`).get(id) as RawProposal | undefined;
  if (!raw) throw notFound();
  return complete(db, [raw])[0]!;
}

const readable = (actor: Actor) => (p: { projectId: number }) => canReadBoard(actor, projectBoard(p.projectId));

/** A round's proposals (oldest first) the actor may read. */
export function roundProposals(db: DB, actor: Actor, roundId: number): ProposalRow[] {
  const raw = (db.$client.prepare(`${PROPOSAL_SELECT} WHERE p.round_id = ? ORDER BY p.id`).all(roundId) as RawProposal[]).filter(readable(actor));
  return complete(db, raw);
}

/** Proposals still awaiting a decision in rounds other than `exceptRoundId`. */
export function pendingElsewhere(db: DB, actor: Actor, exceptRoundId: number | null): ProposalRow[] {
  const raw = (
    db.$client.prepare(`${PROPOSAL_SELECT} WHERE p.status = 'proposed' AND p.round_id != ? ORDER BY p.id`).all(exceptRoundId ?? 0) as RawProposal[]
  ).filter(readable(actor));
  return complete(db, raw);
}

/** Every proposal of a task, oldest first (its close-out history). */
export function taskProposals(db: DB, taskId: number): ProposalRow[] {
  return complete(db, db.$client.prepare(`${PROPOSAL_SELECT} WHERE p.task_id = ? ORDER BY p.id`).all(taskId) as RawProposal[]);
}

const pendingOf = (db: DB, taskId: number) =>
  db.$client.prepare("SELECT id FROM closeout_proposals WHERE task_id = ? AND status = 'proposed' ORDER BY id").all(taskId) as { id: number }[];

// ------------------------------------------------------------------------------------------ events

const by = (actor: Actor) => ({ id: actor.id, name: actor.displayName });

function proposalEvents(db: DB, actor: Actor, row: ProposalRow, action: string): BoardEvent[] {
  return appendEvents(db, [CONSORTIUM_BOARD, projectBoard(row.projectId)], "closeout.upserted", { entity: "closeout", id: row.id, row, by: by(actor), action });
}

/** Re-sends a task's pending proposals (their acceptance or indicator state changed); inside the caller's transaction. */
export function pendingProposalEvents(db: DB, actor: Actor, taskId: number): BoardEvent[] {
  return pendingOf(db, taskId).flatMap((p) => proposalEvents(db, actor, getProposal(db, p.id), "refresh"));
}

function recordProposal(db: DB, actor: Actor, action: string, before: ProposalRow | null, id: number): { row: ProposalRow; events: BoardEvent[] } {
  const row = getProposal(db, id);
  appendAudit(db, { userId: actor.id, action: `closeout.${action}`, entity: "closeout_proposal", entityId: id, before, after: row });
  return { row, events: proposalEvents(db, actor, row, action) };
}

function recordRound(db: DB, actor: Actor, action: string, before: RoundRow | null, id: number): { row: RoundRow; events: BoardEvent[] } {
  const row = getRound(db, id);
  appendAudit(db, { userId: actor.id, action: `closeoutRound.${action}`, entity: "closeout_round", entityId: id, before, after: row });
  return { row, events: appendEvents(db, [CONSORTIUM_BOARD], "closeoutRound.upserted", { entity: "closeoutRound", id, row, by: by(actor), action }) };
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
    if (db.$client.prepare("SELECT 1 FROM closeout_rounds WHERE period = ? AND status = 'open'").get(period)) {
      throw new DomainError("closeoutRoundExists", 409, { period });
    }
    const { id } = db.$client
      .prepare("INSERT INTO closeout_rounds (name, period, closes_on, status, opened_by, opened_at) VALUES (?, ?, ?, 'open', ?, ?) RETURNING id")
      .get(roundName(period), period, closesOn, actor.id, db.$clock.nowIso()) as { id: number };
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
    db.$client
      .prepare("UPDATE closeout_rounds SET status = 'closed', closed_by = ?, closed_at = ?, version = version + 1 WHERE id = ? AND version = ?")
      .run(actor.id, db.$clock.nowIso(), before.id, before.version);
    const { row, events } = recordRound(db, actor, "close", before, before.id);
    return { result: row, events };
  });
}

// ------------------------------------------------------------------------------------------ eligibility

/** Eligibility of a task for close-out with the given waivers, from the live indicators and acceptance. */
export function eligibilityOf(db: DB, task: TaskRow, items: { indicatorId: number; waiverReason?: string | null }[]) {
  const lines = indicatorLines(db, task.id);
  const deliverable = getDeliverable(db, task.id);
  const result = closeoutEligibility({
    task,
    indicators: lines,
    items,
    deliverable,
    acceptance: deliverable?.latest ?? null,
  });
  return { ...result, lines, deliverable };
}

/** Readable reasons, for error messages and the proposal form. */
export function reasonText(locale: Actor["locale"], r: EligibilityReason): string {
  const params: Record<string, string | number> = {};
  if (r.code === "progressIncomplete") params.progress = r.progress;
  if (r.code === "indicatorUnmet") params.name = r.name;
  if (r.code === "acceptanceMissing" || r.code === "acceptanceRejected") params.unit = r.unitName;
  return translate(locale, `closeout.reasons.${r.code}`, params);
}

function assertEligible(actor: Actor, result: { eligible: boolean; reasons: EligibilityReason[] }) {
  if (!result.eligible) {
    throw new DomainError("closeoutNotEligible", 400, { reasons: result.reasons.map((r) => reasonText(actor.locale, r)).join(translate(actor.locale, "closeout.reasonSep")), codes: result.reasons.map((r) => r.code).join(",") });
  }
}

// ------------------------------------------------------------------------------------------ proposals

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
    if (!mayPropose(actor, task)) throw new DomainError("forbidden", 403, { action: "propose", entity: "closeout" });
    if (task.archivedAt) throw notFound();
    const round = openRound(db);
    if (!round) throw new DomainError("closeoutNoOpenRound", 409);
    if (pendingOf(db, task.id).length) throw new DomainError("closeoutPending", 409);
    const check = eligibilityOf(db, task, input.items);
    const wanted = new Set(check.lines.map((l) => l.id));
    if (input.items.length !== wanted.size || input.items.some((i) => !wanted.has(i.indicatorId))) throw new DomainError("closeoutItemsMismatch", 409);
    assertEligible(actor, check);
    if (input.items.reduce((s, i) => s + i.fileCount, 0) !== files.length) throw new DomainError("invalid", 400, { files: files.length });

    const { id } = db.$client
      .prepare("INSERT INTO closeout_proposals (round_id, task_id, note, status, proposed_by, proposed_at) VALUES (?, ?, ?, 'proposed', ?, ?) RETURNING id")
      .get(round.id, task.id, input.note, actor.id, db.$clock.nowIso()) as { id: number };
    const insertItem = db.$client.prepare("INSERT INTO closeout_items (proposal_id, indicator_id, waiver_reason) VALUES (?, ?, ?) RETURNING id");
    let next = 0;
    for (const item of input.items) {
      const line = check.lines.find((l) => l.id === item.indicatorId)!;
      // A waiver reason is kept only where it is needed: on an indicator that is not met.
      const waiver = !line.met && item.waiverReason ? item.waiverReason : null;
      const { id: itemId } = insertItem.get(id, item.indicatorId, waiver) as { id: number };
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
  write: (before: ProposalRow, task: TaskRow) => { status: ProposalStatus; comment: string; taskEvents: BoardEvent[] },
): ProposalRow {
  const { db } = ctx;
  const result = commit(ctx, () => {
    const before = pendingProposal(db, input);
    const task = getTask(db, before.taskId);
    const { status, comment, taskEvents } = write(before, task);
    const decided = action === "withdraw" ? { by: null, at: null } : { by: actor.id, at: db.$clock.nowIso() };
    const changed = db.$client
      .prepare(
        "UPDATE closeout_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?, version = version + 1 WHERE id = ? AND version = ?",
      )
      .run(status, decided.by, decided.at, comment, before.id, before.version);
    if (changed.changes !== 1) throw new DomainError("conflict", 409);
    const { row, events } = recordProposal(db, actor, action, before, before.id);
    return { result: row, events: [...taskEvents, ...events] };
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
  const waive = db.$client.prepare(
    "UPDATE indicators SET waived_reason = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND waived_reason IS NULL AND archived_at IS NULL",
  );
  const events: BoardEvent[] = [];
  let taskId: number | null = null;
  for (const i of items) {
    const before = getIndicator(db, i.indicatorId);
    if (!waive.run(i.waiverReason, db.$clock.nowIso(), actor.id, i.indicatorId).changes) continue;
    const row = getIndicator(db, i.indicatorId);
    taskId = row.taskId;
    appendAudit(db, { userId: actor.id, action: "indicator.waive", entity: "indicator", entityId: row.id, before, after: { ...row, proposalId } });
    events.push(...appendEvents(db, [CONSORTIUM_BOARD, projectBoard(row.projectId)], "indicator.upserted", { entity: "indicator", id: row.id, row, by: by(actor), action: "waive" }));
  }
  return taskId == null ? events : [...events, ...syncTaskProgress(db, actor, taskId).events];
}

/**
 * Approves: the task becomes 已销号 (closed, struck through, never deleted). Re-checks eligibility at
 * decision time (an acceptance may have been withdrawn by a rejection since), and records the waivers
 * on the indicators themselves, so progress and lists show them as waived.
 */
export function approveProposal(ctx: AppContext, actor: Actor, input: ApproveInput): ProposalRow {
  return decide(ctx, actor, input, "approve", (before, task) => {
    const db = ctx.db;
    assertApprover(db, actor, task);
    const items = db.$client.prepare("SELECT indicator_id AS indicatorId, waiver_reason AS waiverReason FROM closeout_items WHERE proposal_id = ?").all(before.id) as {
      indicatorId: number;
      waiverReason: string | null;
    }[];
    const check = eligibilityOf(db, task, items);
    assertEligible(actor, check);
    const waived = waiveIndicators(db, actor, before.id, items.filter((i) => i.waiverReason && !check.lines.find((l) => l.id === i.indicatorId)?.met));
    const { events } = applyTaskChange(db, actor, task.id, { status: "closed" }, "closeout");
    return { status: "approved", comment: input.comment, taskEvents: [...waived, ...events] };
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
    if (!mayPropose(actor, task)) throw new DomainError("forbidden", 403, { action: "withdraw", entity: "closeout" });
    return { status: "withdrawn", comment: "", taskEvents: reopenTask(ctx.db, actor, task, "closeoutWithdraw") };
  });
}

// ------------------------------------------------------------------------------------------ the form

export type ProposeCandidate = { id: number; code: string; title: string; status: TaskRow["status"]; dueOn: string; pending: boolean };

/** Tasks the actor may propose: his unit's open tasks he owns (all of them for a unit lead). */
export function proposeCandidates(db: DB, actor: Actor): ProposeCandidate[] {
  if (actor.unitId == null) return [];
  const rows = db.$client
    .prepare(
      `SELECT t.id, t.code, t.title, t.status, t.due_on AS dueOn, t.owner_unit_id AS ownerUnitId, t.owner_user_id AS ownerUserId, t.project_id AS projectId,
              EXISTS (SELECT 1 FROM closeout_proposals p WHERE p.task_id = t.id AND p.status = 'proposed') AS pending
       FROM tasks t WHERE t.owner_unit_id = ? AND t.archived_at IS NULL AND t.status IN (${PROPOSABLE_STATUSES.map(() => "?").join(",")})
       ORDER BY t.status = 'pending_closeout' DESC, t.due_on, t.code`,
    )
    .all(actor.unitId, ...PROPOSABLE_STATUSES) as (Omit<ProposeCandidate, "pending"> & { ownerUnitId: number; ownerUserId: number | null; projectId: number; pending: number })[];
  return rows
    .filter((r) => mayPropose(actor, r))
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
  history: ProposalRow[];
};

/** What the proposal form shows for one task. */
export function proposeDraft(db: DB, actor: Actor, taskId: number): ProposeDraft {
  const task = getTask(db, taskId);
  if (!mayPropose(actor, task)) throw new DomainError("forbidden", 403, { action: "propose", entity: "closeout" });
  const check = eligibilityOf(db, task, []);
  return {
    task: { id: task.id, code: task.code, title: task.title, status: task.status, progress: task.progress, projectId: task.projectId, dueOn: task.dueOn },
    lines: check.lines,
    deliverable: check.deliverable,
    reasons: check.reasons.map((r) => reasonText(actor.locale, r)),
    blocking: check.reasons.filter((r) => r.code !== "indicatorUnmet").map((r) => reasonText(actor.locale, r)),
    pending: pendingOf(db, task.id).length > 0,
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
    mayPropose: mayPropose(actor, task) && !["closed", "suspended"].includes(task.status),
  };
}
