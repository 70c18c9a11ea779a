// Reminders and supervision notices: the secretariat issues, the owner unit's lead acknowledges and
// answers, the issuer closes. Each write is one transaction (notice row + audit row + a
// "notice.upserted" event on the consortium board + inbox rows); after commit the unit's leads, the task's
// owner and the issuer get a personal "notify" with their own count of pending notices, so their bell
// updates without a reload.
import type { DB } from "../../db/client";
import { notices } from "../../db/schema";
import type { Actor, AppContext } from "./context.server";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { notifyEach, type Told } from "./inbox.server";
import { all, insert, must, one, scalar, type SqlValue } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { canSome } from "./permissions";
import { DomainError } from "./errors";
import { getTask } from "./tasks.server";
import { usersOfUnit } from "./people.server";
import { getSettings } from "./consortium.server";
import { ragOf } from "./rag";
import { enqueueDeliveries } from "./outbox.server";
import { resolveLocale, translate } from "../i18n/catalog";
import {
  ALLOWED_FROM,
  type NoticeAcknowledgeInput,
  type NoticeAnswerInput,
  type NoticeCloseInput,
  type NoticeIssueInput,
  type NoticeRow,
} from "./notices";

const SELECT = `
  SELECT n.id, n.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle, n.unit_id AS unitId, m.short_name AS unitName,
         n.kind, n.body, n.respond_by AS respondBy, n.status, n.issued_by AS issuedBy, iu.display_name AS issuerName,
         n.issued_at AS issuedAt, n.acknowledged_by AS acknowledgedBy, n.acknowledged_at AS acknowledgedAt, n.response,
         n.responded_by AS respondedBy, n.responded_at AS respondedAt, n.version
  FROM notices n
  JOIN tasks t ON t.id = n.task_id
  JOIN member_units m ON m.id = n.unit_id
  JOIN users iu ON iu.id = n.issued_by`;

export const getNotice = (db: DB, id: number): NoticeRow => must(one<NoticeRow>(db, `${SELECT} WHERE n.id = ?`, id));

const isIssuer = (actor: Pick<Actor, "permissions">) => canSome(actor, "issue", "notice");

/** Secretariat, chief scientist and observers follow every notice; everyone else sees his unit's. */
export function seesAllNotices(actor: Pick<Actor, "roles" | "permissions">): boolean {
  return isIssuer(actor) || actor.roles.some((r) => r === "secretariat" || r === "chief_scientist" || r === "observer");
}

/** Newest first; `open` leaves out closed notices. */
export function listNotices(db: DB, actor: Actor, opts: { open?: boolean } = {}): NoticeRow[] {
  const where: string[] = [];
  const args: SqlValue[] = [];
  if (!seesAllNotices(actor)) {
    if (actor.unitId == null) return [];
    where.push("n.unit_id = ?");
    args.push(actor.unitId);
  }
  if (opts.open) where.push("n.status != 'closed'");
  const sql = `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY n.issued_at DESC, n.id DESC`;
  return all<NoticeRow>(db, sql, ...args);
}

const countAwaitingUnit = (db: DB, unitId: number) => scalar<number>(db, "SELECT count(*) FROM notices WHERE unit_id = ? AND status IN ('open','acknowledged')", unitId)!;
const countAnswered = (db: DB) => scalar<number>(db, "SELECT count(*) FROM notices WHERE status = 'answered'")!;

/**
 * The number on a user's bell: for issuers, answers waiting to be reviewed and closed; for members of a
 * unit, their unit's notices still waiting for acknowledgement or an answer.
 */
export function pendingNoticeCount(db: DB, actor: Pick<Actor, "permissions" | "unitId">): number {
  if (isIssuer(actor)) return countAnswered(db);
  return actor.unitId == null ? 0 : countAwaitingUnit(db, actor.unitId);
}

/** Inbox rows: an issued notice to the task's owner and his unit's leads, an answer to the issuer. */
function tell(db: DB, actor: Actor, action: string, n: NoticeRow): Told[] {
  const base = { actorId: actor.id, entity: "notice", entityId: n.id, href: `/notices#notice-${n.id}`, params: { task: `${n.taskCode} ${n.taskTitle}`, kind: n.kind, respondBy: n.respondBy } };
  if (action === "issue") return notifyEach(db, [getTask(db, n.taskId).ownerUserId, ...usersOfUnit(db, n.unitId, ["unit_lead"])], { ...base, kind: "notice_issued" });
  if (action === "answer") return notifyEach(db, [n.issuedBy], { ...base, kind: "notice_answered" });
  return [];
}

/**
 * Commits the write with its audit row, board event and inbox rows, then updates the bells: the unit's
 * leads and the task's owner, and the issuer (each with his own count).
 */
function write(ctx: AppContext, actor: Actor, action: string, fn: () => { before: NoticeRow | null; id: number }): NoticeRow {
  const { db } = ctx;
  const notice = commit(ctx, () => {
    const { before, id } = fn();
    const after = getNotice(db, id);
    queueMessages(ctx, action, after);
    return { result: after, events: recordChange(db, { entity: "notice", id, action, by: actor, before, after, boards: [CONSORTIUM_BOARD] }), told: tell(db, actor, action, after) };
  });
  const owner = getTask(db, notice.taskId).ownerUserId;
  const unit = [...new Set([...usersOfUnit(db, notice.unitId, ["unit_lead"]), ...(owner ? [owner] : [])])].filter((u) => u !== notice.issuedBy);
  if (unit.length) ctx.realtime.notifyUsers(unit, { kind: "notice", notice, pending: countAwaitingUnit(db, notice.unitId) });
  ctx.realtime.notifyUsers([notice.issuedBy], { kind: "notice", notice, pending: countAnswered(db) });
  return notice;
}

/**
 * The e-mails and robot posts of a notice, queued in its write transaction (the outbox): an issued notice
 * to the task owner and the unit's leads, an answer to the issuer; each in the recipient's language.
 */
function queueMessages(ctx: AppContext, action: string, n: NoticeRow) {
  const { db } = ctx;
  const owner = getTask(db, n.taskId).ownerUserId;
  const to = action === "issue" ? [...usersOfUnit(db, n.unitId, ["unit_lead"]), ...(owner ? [owner] : [])] : action === "answer" ? [n.issuedBy] : [];
  for (const userId of new Set(to)) {
    const locale = resolveLocale(one<{ locale: string }>(db, "SELECT locale FROM users WHERE id = ?", userId)?.locale);
    const kind = translate(locale, `notices.kinds.${n.kind}`);
    const params = { kind, code: n.taskCode, title: n.taskTitle, unit: n.unitName, body: n.body, date: n.respondBy, response: n.response };
    enqueueDeliveries(ctx, {
      userId,
      kind: "notice",
      eventKey: `notice:${n.id}:${action}`,
      subject: translate(locale, `channels.notice.${action}`, params),
      body: translate(locale, `channels.notice.${action}Body`, params),
      href: "/notices",
      unitId: n.unitId,
    });
  }
}

/**
 * Issue a reminder or a supervision notice to the task's owner unit. A reminder (提示) may nudge any task
 * still being worked on; a supervision notice (督办) is for tasks that are late or behind plan (yellow or
 * red by `ragOf` with the consortium's settings) and is refused for an on-track task (`noticeNotLate`).
 * Closed or suspended tasks get neither (`noticeTaskInactive`).
 */
export function issueNotice(ctx: AppContext, actor: Actor, input: NoticeIssueInput, today: string): NoticeRow {
  const { db } = ctx;
  const task = getTask(db, input.taskId);
  assertCan(actor, "issue", "notice", { unitId: task.ownerUnitId, projectId: task.projectId });
  if (input.respondBy < today) throw new DomainError("invalid", 400, { respondBy: input.respondBy });
  const { rag } = ragOf(task, today, getSettings(db));
  if (rag === "done" || rag === "suspended" || task.archivedAt) throw new DomainError("noticeTaskInactive", 400);
  if (input.kind === "supervision" && rag === "green") throw new DomainError("noticeNotLate", 400);
  return write(ctx, actor, "issue", () => {
    const id = insert(
      db,
      "INSERT INTO notices (task_id, unit_id, kind, body, respond_by, issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      task.id, task.ownerUnitId, input.kind, input.body, input.respondBy, actor.id, db.$clock.nowIso(),
    );
    return { before: null, id };
  });
}

/** Loads the notice inside the transaction, checks rights, version and status, and applies the patch. */
function transition(
  ctx: AppContext,
  actor: Actor,
  action: keyof typeof ALLOWED_FROM,
  input: { id: number; version: number },
  patch: (now: string, before: NoticeRow) => Partial<typeof notices.$inferInsert>,
): NoticeRow {
  const { db } = ctx;
  const current = getNotice(db, input.id);
  if (action === "close") assertCan(actor, "issue", "notice", { unitId: current.unitId });
  else assertCan(actor, "respond", "notice", { unitId: current.unitId });
  return write(ctx, actor, action, () => {
    const before = getNotice(db, input.id);
    assertVersion(before, input.version, before);
    if (!ALLOWED_FROM[action].includes(before.status)) throw new DomainError("noticeWrongStatus", 409, { current: before });
    updateVersioned(db, notices, before.id, before.version, patch(db.$clock.nowIso(), before));
    return { before, id: before.id };
  });
}

export const acknowledgeNotice = (ctx: AppContext, actor: Actor, input: NoticeAcknowledgeInput) =>
  transition(ctx, actor, "acknowledge", input, (at) => ({ status: "acknowledged", acknowledgedBy: actor.id, acknowledgedAt: at }));

/** Answering an open notice also acknowledges it. */
export const answerNotice = (ctx: AppContext, actor: Actor, input: NoticeAnswerInput) =>
  transition(ctx, actor, "answer", input, (at, before) => ({
    status: "answered",
    response: input.response,
    respondedBy: actor.id,
    respondedAt: at,
    ...(before.acknowledgedAt ? {} : { acknowledgedBy: actor.id, acknowledgedAt: at }),
  }));

export const closeNotice = (ctx: AppContext, actor: Actor, input: NoticeCloseInput) =>
  transition(ctx, actor, "close", input, () => ({ status: "closed" }));

/** Tasks a notice can be issued for, late or behind first: for the issue form's select. */
export function noticeCandidates(db: DB, today: string): { id: number; code: string; title: string; unitName: string; rag: "yellow" | "red" }[] {
  const settings = getSettings(db);
  const rows = all<{ id: number; code: string; title: string; startOn: string; dueOn: string; status: "in_progress"; progress: number; unitName: string }>(
    db,
    `SELECT t.id, t.code, t.title, t.start_on AS startOn, t.due_on AS dueOn, t.status, t.progress, m.short_name AS unitName
     FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id
     WHERE t.archived_at IS NULL AND t.status IN ('not_started','in_progress','pending_closeout') ORDER BY t.due_on, t.code`,
  );
  return rows.flatMap((r) => {
    const { rag } = ragOf(r, today, settings);
    return rag === "yellow" || rag === "red" ? [{ id: r.id, code: r.code, title: r.title, unitName: r.unitName, rag }] : [];
  });
}
