// 整改 rectifications and escalations to the 总体部: the owner unit's lead responds with evidence, experts
// of the project and the secretariat close or reopen (never one of their own unit), a problem goes to the
// 总体部, which resolves it. Every write is one transaction through the write kernel (row + audit + board
// events on the consortium and project boards); the people concerned are notified after commit.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { escalations, rectifications } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned, type By } from "./write.server";
import { exists, insert } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { storeEvidence, type UploadedFile } from "./evidence.server";
import { getCheck, getEscalation, getRectification, readableCheck } from "./check-reads.server";
import { leadsOfUnit, notify, observers, recipients, type CheckNotice } from "./check-notify.server";
import { notifyEach, type Told } from "./inbox.server";
import { usersOfUnit } from "./people.server";
import type { InboxKind } from "./inbox";
import { closeRefusal, RECT_ALLOWED_FROM, type EscalateInput, type EscalationRow, type RectificationRow, type RectCloseInput, type RectRespondInput, type RectTransitionInput, type ResolveEscalationInput } from "./checks";

/**
 * Opens an escalation inside the caller's transaction (a signed check's serious problem, an expert's or
 * the secretariat's escalation, the reminder schedule's): `by` null is the app itself, in the name of
 * `escalatedBy`.
 */
export function insertEscalation(db: DB, by: By, escalatedBy: number, checkId: number, rectificationId: number | null, description: string): { row: EscalationRow; events: BoardEvent[] } {
  const id = insert(
    db,
    "INSERT INTO escalations (check_id, rectification_id, description, escalated_by, escalated_at) VALUES (?, ?, ?, ?, ?)",
    checkId, rectificationId, description, escalatedBy, db.$clock.nowIso(),
  );
  const row = getEscalation(db, id);
  return { row, events: recordChange(db, { entity: "escalation", id, action: by ? "create" : "auto", by, before: null, after: row, boards: boardsOf(row.projectId) }) };
}

/** A rectification's status change at the version the client saw, from the statuses the action allows. */
function rectTransition(
  ctx: AppContext,
  actor: Actor,
  action: "respond" | "close" | "reopen",
  input: { id: number; version: number },
  set: (before: RectificationRow) => Partial<typeof rectifications.$inferInsert>,
  also?: (r: RectificationRow) => void,
  auditExtra?: Record<string, unknown>,
): RectificationRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getRectification(db, input.id);
    assertVersion(before, input.version, before);
    if (!RECT_ALLOWED_FROM[action].includes(before.status)) throw new DomainError("rectWrongStatus", 409, { current: before });
    updateVersioned(db, rectifications, before.id, before.version, set(before));
    also?.(before);
    const after = getRectification(db, before.id);
    const audit = auditExtra ? { after: { ...after, ...auditExtra } } : undefined;
    return { result: after, events: recordChange(db, { entity: "rectification", id: after.id, action, by: actor, before, after, boards: boardsOf(after.projectId), audit }) };
  });
}

/** The owner unit's lead reports what was done, with evidence files; the rectification waits for closing. */
export function respondRectification(ctx: AppContext, actor: Actor, input: RectRespondInput, files: UploadedFile[] = []): RectificationRow {
  const { db } = ctx;
  const current = getRectification(db, input.id);
  assertCan(actor, "respond", "rectification", { unitId: current.ownerUnitId, projectId: current.projectId });
  const row = rectTransition(ctx, actor, "respond", input, () => ({ status: "submitted", response: input.response }), (r) => {
    if (files.length) storeEvidence(db, ctx.config, actor, { type: "rectification", id: r.id, projectId: r.projectId }, files);
  });
  const check = getCheck(db, row.checkId);
  notify(ctx, recipients(db, [check.leadUserId, ...check.experts.map((e) => e.id)]), "submitted", `/checks/${check.id}`, { description: row.description });
  return row;
}

/** Experts of the project and the secretariat close or return a rectification, never one of their own unit. */
function assertCloser(actor: Actor, r: RectificationRow) {
  assertCan(actor, "close", "rectification", { projectId: r.projectId });
  if (actor.unitId != null && actor.unitId === r.ownerUnitId) throw new DomainError("rectOwnUnit", 403);
}

/**
 * Closing a rectification of a failing indicator rests on a value of it recorded since the rectification
 * was opened (kept as the closing value), or on the closer's stated reason why there is none.
 */
export function closeRectification(ctx: AppContext, actor: Actor, input: RectCloseInput): RectificationRow {
  assertCloser(actor, getRectification(ctx.db, input.id));
  const closed = (before: RectificationRow) => {
    const refusal = closeRefusal(before, input.noValueReason);
    if (refusal) throw new DomainError(refusal, 409, { indicator: before.indicatorName ?? "" });
    const value = before.indicatorId != null ? before.newValue : null;
    return { status: "closed", closedBy: actor.id, closedAt: ctx.db.$clock.nowIso(), closingValueId: value?.id ?? null, noValueReason: value ? "" : input.noValueReason };
  };
  const row = rectTransition(ctx, actor, "close", input, closed, undefined, input.comment ? { comment: input.comment } : undefined);
  notifyOwners(ctx, row, "resolved");
  return row;
}

export function reopenRectification(ctx: AppContext, actor: Actor, input: RectTransitionInput): RectificationRow {
  assertCloser(actor, getRectification(ctx.db, input.id));
  const row = rectTransition(ctx, actor, "reopen", input, () => ({ status: "open", closedBy: null, closedAt: null, closingValueId: null, noValueReason: "" }), undefined, input.comment ? { comment: input.comment } : undefined);
  notifyOwners(ctx, row, "rectification");
  return row;
}

/** Tells the project lead and the owner unit's leads about a rectification. */
export function notifyOwners(ctx: AppContext, r: RectificationRow, event: CheckNotice, href?: string) {
  const check = getCheck(ctx.db, r.checkId);
  notify(ctx, [...recipients(ctx.db, [check.leadUserId]), ...leadsOfUnit(ctx.db, r.ownerUnitId)], event, href ?? `/checks/${check.id}`, {
    project: check.projectCode,
    description: r.description,
    date: r.dueOn,
  });
}

/** Where a rectification's notifications lead: its card on the tracking page of its unit. */
export const rectificationHref = (r: Pick<RectificationRow, "id" | "ownerUnitId">) => `/rectifications?unit=${r.ownerUnitId}#rect-${r.id}`;

/**
 * The inbox rows of a rectification (assigned, due in a few days, overdue) for the people who answer for
 * it: the project's lead and the owner unit's leads. Inside the write transaction; `by` null is the app.
 */
export function tellRectification(db: DB, by: number | null, r: RectificationRow, kind: Extract<InboxKind, `rectification_${string}`>): Told[] {
  const lead = getCheck(db, r.checkId).leadUserId;
  return notifyEach(db, [lead, ...usersOfUnit(db, r.ownerUnitId, ["unit_lead"])], {
    kind,
    actorId: by,
    entity: "rectification",
    entityId: r.id,
    href: rectificationHref(r),
    params: { project: r.projectCode, description: r.description.length > 60 ? `${r.description.slice(0, 59)}…` : r.description, date: r.dueOn },
  });
}

/** Tells the 总体部 of new escalations. */
export function notifyObservers(ctx: AppContext, list: Pick<EscalationRow, "projectCode" | "description">[]) {
  for (const e of list) notify(ctx, observers(ctx.db), "escalation", "/escalations", { project: e.projectCode, description: e.description });
}

/** The secretariat or a responsible expert escalates a problem of a check (optionally one rectification) to the 总体部. */
export function escalate(ctx: AppContext, actor: Actor, input: EscalateInput): EscalationRow {
  const { db } = ctx;
  const check = readableCheck(db, actor, input.checkId);
  assertCan(actor, "escalate", "check", { projectId: check.projectId });
  const row = commit(ctx, () => {
    const events: BoardEvent[] = [];
    let rectId: number | null = null;
    if (input.rectificationId != null) {
      const r = getRectification(db, input.rectificationId);
      if (r.checkId !== check.id) throw notFound();
      if (exists(db, "SELECT 1 FROM escalations WHERE rectification_id = ? AND status = 'open'", r.id)) throw new DomainError("escalationExists", 409);
      if (!RECT_ALLOWED_FROM.escalate.includes(r.status)) throw new DomainError("rectWrongStatus", 409, { current: r });
      updateVersioned(db, rectifications, r.id, r.version, { status: "escalated" });
      events.push(...recordChange(db, { entity: "rectification", id: r.id, action: "escalate", by: actor, before: r, after: getRectification(db, r.id), boards: boardsOf(check.projectId) }));
      rectId = r.id;
    }
    const esc = insertEscalation(db, actor, actor.id, check.id, rectId, input.description);
    return { result: esc.row, events: [...events, ...esc.events] };
  });
  notifyObservers(ctx, [{ projectCode: check.projectCode, description: row.description }]);
  return row;
}

/** The 总体部 records its resolution; an escalated rectification goes back to its owner to carry it out. */
export function resolveEscalation(ctx: AppContext, actor: Actor, input: ResolveEscalationInput): EscalationRow {
  const { db } = ctx;
  const current = getEscalation(db, input.id);
  assertCan(actor, "resolve", "escalation", { projectId: current.projectId });
  const row = commit(ctx, () => {
    const before = getEscalation(db, input.id);
    assertVersion(before, input.version, before);
    if (before.status !== "open") throw new DomainError("escalationResolved", 409, { current: before });
    updateVersioned(db, escalations, before.id, before.version, { status: "resolved", resolution: input.resolution, resolvedBy: actor.id, resolvedAt: db.$clock.nowIso() });
    const after = getEscalation(db, before.id);
    const events = recordChange(db, { entity: "escalation", id: after.id, action: "resolve", by: actor, before, after, boards: boardsOf(after.projectId) });
    if (before.rectificationId != null) {
      const r = getRectification(db, before.rectificationId);
      if (r.status === "escalated") {
        updateVersioned(db, rectifications, r.id, r.version, { status: "open" });
        events.push(...recordChange(db, { entity: "rectification", id: r.id, action: "resolved", by: actor, before: r, after: getRectification(db, r.id), boards: boardsOf(r.projectId) }));
      }
    }
    return { result: after, events };
  });
  const check = getCheck(db, row.checkId);
  const owner = row.rectificationId != null ? leadsOfUnit(db, getRectification(db, row.rectificationId).ownerUnitId) : [];
  notify(ctx, [...recipients(db, [row.escalatedBy, check.leadUserId]), ...owner], "resolved", `/checks/${check.id}`, { description: row.description });
  return row;
}
