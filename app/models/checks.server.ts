// Milestone and mid-term checks: scheduling with eligible experts, the project's self-assessment, the
// experts' findings and signed outcome (problems become 整改 rectifications, serious ones go to the
// 总体部), TRL claims decided inside a check. Every write is one transaction through the write kernel
// (row + audit + board events on the consortium and the project board, published after commit); then the
// people concerned are notified (check-notify.server.ts). Rows: check-reads.server.ts; rectifications and
// escalations: rectifications.server.ts; reminders: check-reminders.server.ts; pure rules: checks.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { checkItems, checks } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { notifyEach, type Told } from "./inbox.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { column, exists, insert, one, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { decideTrlClaimInTx } from "./trl.server";
import type { TrlDecisionInput } from "./trl";
import { translate } from "../i18n/catalog";
import { checklistInput, getCheck, getItem, getRectification, listItems, readableCheck } from "./check-reads.server";
import { assertEligibleExpert, assertReviewer, expertOptions } from "./check-experts.server";
import { checkParams, notify, recipients } from "./check-notify.server";
import { insertEscalation, notifyObservers, notifyOwners, tellRectification } from "./rectifications.server";
import {
  generateChecklist,
  outcomeRefusal,
  problemItems,
  signRefusal,
  type CheckExpertInput,
  type CheckItemRow,
  type CheckRow,
  type CheckScheduleInput,
  type EscalationRow,
  type FindingInput,
  type RectificationRow,
  type RestOkInput,
  type SelfAssessmentInput,
  type SelfWaiverInput,
  type SignOutcomeInput,
} from "./checks";

const assertOpen = (check: CheckRow) => {
  if (check.status === "signed") throw new DomainError("checkSigned", 409, { current: check });
};

/** Audit + event of a changed check. */
const recordCheck = (db: DB, actor: Actor, action: string, before: CheckRow | null, after: CheckRow, auditAfter?: unknown) =>
  recordChange(db, { entity: "check", id: after.id, action, by: actor, before, after, boards: boardsOf(after.projectId), audit: auditAfter ? { after: auditAfter } : undefined });

/** The check row again on its boards, after a write to one of its items (audited as the item). */
const checkEvent = (db: DB, actor: Actor, checkId: number, action: string, audit: { id: number; before: unknown; after: unknown } | false) => {
  const row = getCheck(db, checkId);
  const itemAudit = audit && { entity: "check_item", action: "check_item.record", ...audit };
  return recordChange(db, { entity: "check", id: row.id, action, by: actor, before: null, after: row, boards: boardsOf(row.projectId), audit: itemAudit });
};

/**
 * The secretariat schedules a check: a milestone check needs a milestone of the project; every expert
 * must be an eligible responsible expert (conflict of interest refused). The checklist is generated now
 * from the project's milestones, indicators, evidence and pending TRL claims.
 */
export function scheduleCheck(ctx: AppContext, actor: Actor, input: CheckScheduleInput, today: string): CheckRow {
  const { db } = ctx;
  assertCan(actor, "schedule", "check", { projectId: input.projectId });
  if (!exists(db, "SELECT 1 FROM projects WHERE id = ?", input.projectId)) throw notFound();
  if (input.scheduledOn < today) throw new DomainError("invalid", 400, { scheduledOn: input.scheduledOn });
  const milestoneId = input.milestoneId ?? null;
  if (milestoneId != null && !exists(db, "SELECT 1 FROM milestones WHERE id = ? AND project_id = ?", milestoneId, input.projectId)) throw new DomainError("checkMilestoneRequired", 400);
  if (input.kind === "milestone" && milestoneId == null) throw new DomainError("checkMilestoneRequired", 400);
  const expertIds = [...new Set(input.expertIds)];
  const options = expertOptions(db, input.projectId);
  for (const e of expertIds) assertEligibleExpert(db, input.projectId, e, options);
  const check = commit(ctx, () => {
    const dup = exists(db, "SELECT 1 FROM checks WHERE project_id = ? AND kind = ? AND coalesce(milestone_id, 0) = ? AND status != 'signed'", input.projectId, input.kind, milestoneId ?? 0);
    if (dup) throw new DomainError("checkDuplicate", 409);
    const id = insert(
      db,
      "INSERT INTO checks (project_id, milestone_id, kind, scheduled_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      input.projectId, milestoneId, input.kind, input.scheduledOn, actor.id, db.$clock.nowIso(),
    );
    for (const e of expertIds) run(db, "INSERT INTO check_experts (check_id, user_id) VALUES (?, ?)", id, e);
    const items = generateChecklist(checklistInput(db, input.projectId, input.kind, milestoneId, input.scheduledOn));
    for (const it of items) {
      run(
        db,
        "INSERT INTO check_items (check_id, seq, kind, ref_id, title, title_key, title_params) VALUES (?, ?, ?, ?, ?, ?, ?)",
        id, it.seq, it.kind, it.refId, it.title, it.text.key, it.text.params ? JSON.stringify(it.text.params) : null,
      );
    }
    const row = getCheck(db, id);
    const lead = scalar<number | null>(db, "SELECT lead_user_id FROM projects WHERE id = ?", row.projectId);
    const told = notifyEach(db, [...expertIds, lead], {
      kind: "check_scheduled",
      actorId: actor.id,
      entity: "check",
      entityId: row.id,
      href: `/checks/${row.id}`,
      params: { project: row.projectCode, check: row.kind, date: row.scheduledOn },
    });
    return { result: row, events: recordCheck(db, actor, "schedule", null, row, { ...row, items }), told };
  });
  notify(ctx, recipients(db, expertIds), "assigned", `/checks/${check.id}`, checkParams(check));
  return check;
}

/** A change to an unsigned check at the version the client saw, by someone who may schedule checks of its project. */
function changeExperts(ctx: AppContext, actor: Actor, input: CheckExpertInput, action: string, write: (before: CheckRow) => void): CheckRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    write(before);
    updateVersioned(db, checks, before.id, before.version, {});
    const after = getCheck(db, before.id);
    return { result: after, events: recordCheck(db, actor, action, before, after) };
  });
}

export function assignExpert(ctx: AppContext, actor: Actor, input: CheckExpertInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "schedule", "check", { projectId: current.projectId });
  assertEligibleExpert(db, current.projectId, input.userId);
  const check = changeExperts(ctx, actor, input, "assign_expert", (before) => {
    if (before.experts.some((e) => e.id === input.userId)) throw new DomainError("checkExpertAssigned", 409);
    run(db, "INSERT INTO check_experts (check_id, user_id) VALUES (?, ?)", before.id, input.userId);
  });
  notify(ctx, recipients(db, [input.userId]), "assigned", `/checks/${check.id}`, checkParams(check));
  return check;
}

export function unassignExpert(ctx: AppContext, actor: Actor, input: CheckExpertInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "schedule", "check", { projectId: current.projectId });
  return changeExperts(ctx, actor, input, "unassign_expert", (before) => {
    if (!before.experts.some((e) => e.id === input.userId)) throw notFound();
    if (before.experts.length <= 1) throw new DomainError("checkLastExpert", 409);
    run(db, "DELETE FROM check_experts WHERE check_id = ? AND user_id = ?", before.id, input.userId);
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
    updateVersioned(db, checks, before.id, before.version, {
      selfAssessment: input.selfAssessment,
      selfAssessedBy: actor.id,
      selfAssessedAt: db.$clock.nowIso(),
      status: "self_assessed",
    });
    const after = getCheck(db, before.id);
    return { result: after, events: recordCheck(db, actor, "self_assess", before, after) };
  });
}

/**
 * The secretariat waives the self-assessment of a check the project lead cannot file (with the reason,
 * kept on the check and shown in its record); refused once the lead has filed one.
 */
export function waiveSelfAssessment(ctx: AppContext, actor: Actor, input: SelfWaiverInput): CheckRow {
  const { db } = ctx;
  const current = readableCheck(db, actor, input.checkId);
  assertCan(actor, "waive", "self_assessment", { projectId: current.projectId });
  return commit(ctx, () => {
    const before = getCheck(db, input.checkId);
    assertVersion(before, input.version, before);
    assertOpen(before);
    if (before.selfAssessedAt) throw new DomainError("checkSelfFiled", 409, { current: before });
    updateVersioned(db, checks, before.id, before.version, { selfWaiver: input.reason, selfWaivedBy: actor.id, selfWaivedAt: db.$clock.nowIso() });
    const after = getCheck(db, before.id);
    return { result: after, events: recordCheck(db, actor, "waive_self", before, after) };
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
    updateVersioned(db, checkItems, before.id, before.version, { finding: input.finding, result: input.result, recordedBy: actor.id, bulk: 0 });
    const after = getItem(db, before.id);
    return { result: after, events: checkEvent(db, actor, after.checkId, "finding", { id: after.id, before, after }) };
  });
}

/**
 * Marks every item not yet reviewed as satisfactory under the expert's statement (what he reviewed them
 * against), kept on the check with his name and shown beside each item so marked.
 */
export function markRestOk(ctx: AppContext, actor: Actor, input: RestOkInput): CheckRow {
  const { db } = ctx;
  const check = readableCheck(db, actor, input.checkId);
  assertReviewer(db, actor, check);
  return commit(ctx, () => {
    const before = getCheck(db, check.id);
    assertOpen(before);
    const ids = column<number>(db, "SELECT id FROM check_items WHERE check_id = ? AND result IS NULL", check.id);
    if (ids.length === 0) throw new DomainError("checkNothingLeft", 409, { current: before });
    run(db, "UPDATE check_items SET result = 'ok', recorded_by = ?, bulk = 1, version = version + 1 WHERE check_id = ? AND result IS NULL", actor.id, check.id);
    updateVersioned(db, checks, before.id, before.version, { restStatement: input.statement, restStatementBy: actor.id, restStatementAt: db.$clock.nowIso() });
    const after = getCheck(db, check.id);
    const events = recordChange(db, {
      entity: "check",
      id: check.id,
      action: "review_rest",
      by: actor,
      before: null,
      after,
      boards: boardsOf(after.projectId),
      audit: { before: { unreviewed: ids }, after: { itemIds: ids, result: "ok", statement: input.statement } },
    });
    return { result: after, events };
  });
}

export type SignResult = { check: CheckRow; rectifications: RectificationRow[]; escalations: EscalationRow[] };

/**
 * An assigned expert signs the outcome. The check must have substance (checks.ts signRefusal: every item
 * judged, the date reached or a reason for signing early, the self-assessment filed or waived); "pass" is refused with serious
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
    const unready = signRefusal(before, items, today, input.earlyReason);
    if (unready) throw new DomainError(unready, 409, { date: before.scheduledOn });
    const openSerious = scalar<number>(
      db,
      `SELECT count(*) FROM rectifications r JOIN checks c ON c.id = r.check_id WHERE c.project_id = ? AND r.check_id != ? AND r.severity = 'serious' AND r.status != 'closed'`,
      before.projectId,
      before.id,
    )!;
    const refusal = outcomeRefusal(input.outcome, items, openSerious);
    if (refusal) throw new DomainError(refusal, 409);
    updateVersioned(db, checks, before.id, before.version, {
      status: "signed",
      outcome: input.outcome,
      outcomeSummary: input.summary,
      signedBy: actor.id,
      signedAt: db.$clock.nowIso(),
      earlyReason: today < before.scheduledOn ? input.earlyReason : "",
    });
    const openedAt = getCheck(db, before.id).signedAt;
    const events: BoardEvent[] = [];
    const rectifications: RectificationRow[] = [];
    const escalations: EscalationRow[] = [];
    const told: Told[] = [];
    const escalate = (rectificationId: number | null, description: string) => {
      const esc = insertEscalation(db, actor, actor.id, before.id, rectificationId, description);
      escalations.push(esc.row);
      events.push(...esc.events);
    };
    if (input.outcome !== "pass") {
      for (const item of problemItems(items)) {
        const plan = plans.get(item.id);
        const ownerUnitId = plan?.ownerUnitId ?? item.unitId ?? before.leadUnitId;
        if (!exists(db, "SELECT 1 FROM member_units WHERE id = ?", ownerUnitId)) throw new DomainError("invalid", 400, { ownerUnitId });
        const serious = item.result === "serious";
        const id = insert(
          db,
          "INSERT INTO rectifications (check_id, check_item_id, description, owner_unit_id, due_on, severity, status, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          before.id, item.id, item.finding || item.title, ownerUnitId, plan?.dueOn ?? input.dueOn, serious ? "serious" : "normal", serious ? "escalated" : "open", openedAt,
        );
        const rect = getRectification(db, id);
        rectifications.push(rect);
        events.push(...recordChange(db, { entity: "rectification", id, action: "create", by: actor, before: null, after: rect, boards: boardsOf(before.projectId) }));
        told.push(...tellRectification(db, actor.id, rect, "rectification_assigned"));
        if (serious) escalate(id, `${item.title}：${item.finding}`);
      }
      if (input.outcome === "fail" && escalations.length === 0) escalate(null, input.summary);
    }
    // Recorded last (its open-rectification count includes those just opened), so listed last: in seq order.
    const after = getCheck(db, before.id);
    events.push(...recordCheck(db, actor, "sign", before, after));
    return { result: { check: after, rectifications, escalations }, events, told };
  });
  const href = `/checks/${result.check.id}`;
  for (const r of result.rectifications) notifyOwners(ctx, r, "rectification", href);
  notifyObservers(ctx, result.escalations);
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
    const row = one<{ id: number; version: number }>(db, "SELECT id, version FROM check_items WHERE check_id = ? AND kind = 'trl_claim' AND ref_id = ?", check.id, input.claimId);
    if (row) {
      const finding = input.comment || translate("zh-CN", "checks.detail.trlStatuses.confirmed");
      updateVersioned(db, checkItems, row.id, row.version, { result: input.decision === "confirmed" ? "ok" : "problem", finding, recordedBy: actor.id });
    }
    const after = row ? getItem(db, row.id) : null;
    return { result: after, events: [...d.events, ...checkEvent(db, actor, check.id, "trl", after ? { id: after.id, before: null, after } : false)], told: d.told };
  });
  // The claimer hears of it as from the technology page.
  const { row: tech, claimedBy } = decided!;
  ctx.realtime.notifyUsers([claimedBy], { kind: "trl", technologyId: tech.id, name: tech.name, claim: tech.claims.find((c) => c.id === input.claimId) });
  return item;
}
