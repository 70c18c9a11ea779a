// The transactional outbox. `enqueueDeliveries` is called inside the transaction that writes a personal
// notification, so the messages to send (an e-mail to the person, one post per group robot of his unit
// and of the consortium) commit or roll back with it; the worker (server/delivery.ts, on the app clock)
// claims due rows, sends them and records the outcome here, retrying with exponential backoff. A dead
// SMTP server or webhook therefore never blocks or fails a write, and nothing is lost: a row is only
// ever marked sent, retried, or failed for the admin to see and retry. Also here: the admin's robots,
// each person's preferences per kind, the 08:30 digest, and the delivery log.
import type { DB } from "../../db/client";
import { robots } from "../../db/schema";
import type { Actor, AppConfig, AppContext } from "./context.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, inTransaction, insert, must, one, run, scalar } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { inboxItem, type Told } from "./inbox.server";
import { inboxText, type InboxKind } from "./inbox";
import { makeT, resolveLocale } from "../i18n/catalog";
import {
  MAX_ATTEMPTS,
  NOTIFICATION_KINDS,
  retryDelayMs,
  type NotificationKind,
  type Platform,
  type PrefMode,
  type PrefsInput,
  type RobotCreateInput,
  type RobotUpdateInput,
} from "./outbox";

/** One personal notification, as the writer of a person's notification row knows it. */
export type OutboxNotification = {
  userId: number;
  kind: NotificationKind;
  /** Names the event (e.g. `notice:12:issue`): one event reaches each robot once, however many people it concerns. */
  eventKey: string;
  subject: string;
  body: string;
  /** The item, as an app path ("/tasks/12"). */
  href: string;
  /** The unit the item belongs to: that unit's robots post it (the consortium's robots post everything). */
  unitId: number | null;
};

/** Inbox kinds as the person's channel preferences name them. Notices queue their own, fuller message. */
const CHANNEL_KIND: Partial<Record<InboxKind, NotificationKind>> = {
  mention: "mention",
  reply: "mention",
  closeout_approved: "closeout",
  closeout_returned: "closeout",
  // 压茬推进: a predecessor's close-out is what tells of it, so it follows the person's close-out choice.
  successor_ready: "closeout",
  check_scheduled: "check",
  // 任务书论证 is the experts' review work, like a check: it follows the person's check choice.
  taskbook_submitted: "check",
  taskbook_reviewed: "check",
  change_decided: "change",
  trl_decided: "trl",
  acceptance_requested: "acceptance",
  rectification_assigned: "rectification",
  rectification_due: "rectification",
  rectification_overdue: "rectification",
  filing_due: "filing",
};

/**
 * The inbox's way out (AppContext.deliver, inside the write's transaction): each inbox row becomes the
 * person's e-mail and the robots' post, in his language, worded as his inbox words it. One event told to
 * several people shares its event key (same kind, item and instant), so a robot posts it once.
 */
/** What the outbox needs of the config: where links point and whether mail goes out (a worker gets only this). */
export type DeliveryConfig = Pick<AppConfig, "publicOrigin" | "internalOrigin" | "mailEnabled">;

export function deliverInbox(ctx: { db: DB; config: DeliveryConfig }, told: Told[]): void {
  const { db } = ctx;
  for (const t of told) {
    const item = inboxItem(db, t.itemId);
    const kind = item && CHANNEL_KIND[item.kind];
    if (!item || !kind) continue;
    const locale = resolveLocale(scalar<string>(db, "SELECT locale FROM users WHERE id = ?", t.userId));
    const text = inboxText(makeT(locale), item);
    enqueueDeliveries(ctx, {
      userId: t.userId,
      kind,
      eventKey: `${item.kind}:${item.entity}:${item.entityId}:${item.createdAt}`,
      subject: text.length > 60 ? `${text.slice(0, 59)}…` : text,
      body: text,
      href: item.href,
      unitId: unitOfItem(db, item.entity, item.entityId),
    });
  }
}

/** The unit an inbox item's thing belongs to, whose robots post it too (null: only the consortium's robots). */
function unitOfItem(db: DB, entity: string, entityId: number): number | null {
  if (entity === "task") return scalar<number>(db, "SELECT owner_unit_id FROM tasks WHERE id = ?", entityId) ?? null;
  if (entity === "rectification") return scalar<number>(db, "SELECT owner_unit_id FROM rectifications WHERE id = ?", entityId) ?? null;
  if (entity === "filing") return entityId; // a unit's monthly filing
  return null;
}

const absolute = (origin: string | null | undefined, href: string) => (origin ? new URL(href, origin).toString() : href);

/**
 * The outbox's hook: call inside the write transaction of a person's notification. Queues an e-mail
 * (now, or held for the 08:30 digest, or nothing, by his preference for this kind; only when SMTP is
 * configured and he has an address) and a post to each active robot of the unit and of the consortium.
 */
export function enqueueDeliveries(ctx: { db: DB; config: DeliveryConfig }, n: OutboxNotification): void {
  const { db } = ctx;
  if (!inTransaction(db)) throw new Error("enqueueDeliveries belongs inside the notification's write transaction");
  const now = db.$clock.nowIso();
  const link = absolute(ctx.config.publicOrigin ?? ctx.config.internalOrigin, n.href);
  const add = (channel: "email" | "robot", userId: number | null, robotId: number | null, status: "pending" | "held") =>
    run(
      db,
      `INSERT OR IGNORE INTO deliveries (channel, user_id, robot_id, kind, event_key, subject, body, href, status, send_after, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      channel, userId, robotId, n.kind, n.eventKey, n.subject, n.body, link, status, now, now,
    );
  if (ctx.config.mailEnabled) {
    const email = scalar<string>(db, "SELECT email FROM users WHERE id = ? AND active = 1 AND email != ''", n.userId);
    const mode = prefOf(db, n.userId, n.kind);
    if (email && mode !== "off") add("email", n.userId, null, mode === "digest" ? "held" : "pending");
  }
  for (const robotId of column<number>(db, "SELECT id FROM robots WHERE active = 1 AND (unit_id IS NULL OR unit_id = ?)", n.unitId)) add("robot", null, robotId, "pending");
}

// ------------------------------------------------------------------------------------ preferences

const prefOf = (db: DB, userId: number, kind: string): PrefMode =>
  scalar<PrefMode>(db, "SELECT mode FROM notification_prefs WHERE user_id = ? AND kind = ?", userId, kind) ?? "immediate";

/** A person's mode for every kind (immediately unless he chose otherwise). */
export function prefsOf(db: DB, userId: number): PrefsInput {
  const rows = all<{ kind: string; mode: PrefMode }>(db, "SELECT kind, mode FROM notification_prefs WHERE user_id = ?", userId);
  const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, chosen.get(k) ?? "immediate"])) as PrefsInput;
}

/** Each person sets his own. */
export function savePrefs(ctx: AppContext, actor: Actor, input: PrefsInput): PrefsInput {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = prefsOf(db, actor.id);
    for (const kind of NOTIFICATION_KINDS) {
      run(db, "INSERT INTO notification_prefs (user_id, kind, mode) VALUES (?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode", actor.id, kind, input[kind]);
    }
    const after = prefsOf(db, actor.id);
    return { result: after, events: recordChange(db, { entity: "notification_prefs", id: actor.id, action: "update", by: actor, before, after, boards: [] }) };
  });
}

// ------------------------------------------------------------------------------------ robots

export type RobotRow = {
  id: number;
  platform: Platform;
  unitId: number | null;
  unitName: string | null;
  name: string;
  webhookUrl: string;
  /** Whether a secret is set; the secret itself never leaves the server. */
  signed: boolean;
  allowPrivate: boolean;
  active: boolean;
  version: number;
};

const ROBOT = `SELECT r.id, r.platform, r.unit_id AS unitId, m.short_name AS unitName, r.name, r.webhook_url AS webhookUrl,
  r.secret != '' AS signed, r.allow_private AS allowPrivate, r.active, r.version FROM robots r LEFT JOIN member_units m ON m.id = r.unit_id`;
type RobotSql = Omit<RobotRow, "signed" | "allowPrivate" | "active"> & { signed: number; allowPrivate: number; active: number };
const robotOf = (r: RobotSql): RobotRow => ({ ...r, signed: r.signed === 1, allowPrivate: r.allowPrivate === 1, active: r.active === 1 });

export const listRobots = (db: DB): RobotRow[] => all<RobotSql>(db, `${ROBOT} ORDER BY r.unit_id IS NOT NULL, m.short_name, r.id`).map(robotOf);
const getRobot = (db: DB, id: number): RobotRow => robotOf(must(one<RobotSql>(db, `${ROBOT} WHERE r.id = ?`, id)));

function assertUnit(db: DB, unitId: number) {
  if (unitId && !scalar<number>(db, "SELECT 1 FROM member_units WHERE id = ?", unitId)) throw new DomainError("notFound", 404, { unitId });
}

export function createRobot(ctx: AppContext, actor: Actor, input: RobotCreateInput): RobotRow {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  assertUnit(db, input.unitId);
  return commit(ctx, () => {
    const id = insert(
      db,
      "INSERT INTO robots (platform, unit_id, name, webhook_url, secret, allow_private, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      input.platform, input.unitId || null, input.name, input.webhookUrl, input.secret, input.allowPrivate ? 1 : 0, input.active ? 1 : 0, db.$clock.nowIso(),
    );
    const after = getRobot(db, id);
    return { result: after, events: recordChange(db, { entity: "robot", id, action: "create", by: actor, before: null, after, boards: [] }) };
  });
}

/** An empty secret on the form keeps the one set before (it is never shown back). */
export function updateRobot(ctx: AppContext, actor: Actor, input: RobotUpdateInput): RobotRow {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  assertUnit(db, input.unitId);
  return commit(ctx, () => {
    const before = getRobot(db, input.id);
    assertVersion(before, input.version, before);
    updateVersioned(db, robots, input.id, input.version, {
      platform: input.platform,
      unitId: input.unitId || null,
      name: input.name,
      webhookUrl: input.webhookUrl,
      allowPrivate: input.allowPrivate,
      active: input.active,
      ...(input.secret ? { secret: input.secret } : {}),
    });
    const after = getRobot(db, input.id);
    return { result: after, events: recordChange(db, { entity: "robot", id: input.id, action: "update", by: actor, before, after, boards: [] }) };
  });
}

/** A robot with deliveries is switched off rather than deleted: its log stays readable. */
export function deleteRobot(ctx: AppContext, actor: Actor, input: { id: number; version: number }): void {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  commit(ctx, () => {
    const before = getRobot(db, input.id);
    assertVersion(before, input.version, before);
    if (scalar<number>(db, "SELECT 1 FROM deliveries WHERE robot_id = ? LIMIT 1", input.id)) updateVersioned(db, robots, input.id, input.version, { active: false });
    else run(db, "DELETE FROM robots WHERE id = ?", input.id);
    return { result: null, events: recordChange(db, { entity: "robot", id: input.id, action: "delete", by: actor, before, after: null, boards: [] }) };
  });
}

// ------------------------------------------------------------------------------------ the worker's side

export type DeliveryJob = {
  id: number;
  channel: "email" | "robot";
  subject: string;
  body: string;
  href: string;
  attempts: number;
  email: string | null;
  platform: Platform | null;
  webhookUrl: string | null;
  secret: string | null;
  allowPrivate: number | null;
};

/** How long a claimed row is the claimer's: a worker that died mid-send leaves it due again after this. */
const LEASE_MS = 10 * 60_000;
const plus = (db: DB, ms: number) => new Date(db.$clock.now().getTime() + ms).toISOString();

/** Takes up to `limit` due rows (pending and due, or a lapsed claim) for this worker, oldest first. */
export function claimDue(db: DB, limit: number): DeliveryJob[] {
  return db.transaction(() => {
    const now = db.$clock.nowIso();
    const jobs = all<DeliveryJob>(
      db,
      `SELECT d.id, d.channel, d.subject, d.body, d.href, d.attempts, u.email, r.platform, r.webhook_url AS webhookUrl, r.secret, r.allow_private AS allowPrivate
       FROM deliveries d LEFT JOIN users u ON u.id = d.user_id LEFT JOIN robots r ON r.id = d.robot_id
       WHERE d.status IN ('pending', 'sending') AND d.send_after <= ? ORDER BY d.send_after, d.id LIMIT ?`,
      now, limit,
    );
    const lease = plus(db, LEASE_MS);
    for (const j of jobs) run(db, "UPDATE deliveries SET status = 'sending', send_after = ? WHERE id = ?", lease, j.id);
    return jobs;
  });
}

/** The outcome of one attempt: sent, or the error and the next try (or failed after the last). */
export function recordAttempt(db: DB, job: Pick<DeliveryJob, "id" | "attempts">, error: string | null): void {
  const attempts = job.attempts + 1;
  if (error == null) {
    run(db, "UPDATE deliveries SET status = 'sent', attempts = ?, sent_at = ?, last_error = '' WHERE id = ?", attempts, db.$clock.nowIso(), job.id);
  } else {
    const failed = attempts >= MAX_ATTEMPTS;
    run(
      db,
      "UPDATE deliveries SET status = ?, attempts = ?, send_after = ?, last_error = ? WHERE id = ?",
      failed ? "failed" : "pending", attempts, plus(db, failed ? 0 : retryDelayMs(attempts)), error.slice(0, 500), job.id,
    );
  }
}

/**
 * The 08:30 digest: each person's held e-mails become one message (subject with the count, one line and
 * link per notification) and are marked as carried by it. Returns how many digests were queued.
 */
export function queueDigests(db: DB): number {
  return db.transaction(() => {
    const now = db.$clock.nowIso();
    const today = db.$clock.today();
    let queued = 0;
    for (const userId of column<number>(db, "SELECT DISTINCT user_id FROM deliveries WHERE status = 'held' ORDER BY user_id")) {
      const held = all<{ id: number; subject: string; href: string }>(db, "SELECT id, subject, href FROM deliveries WHERE status = 'held' AND user_id = ? ORDER BY id", userId);
      const body = held.map((h, i) => `${i + 1}. ${h.subject}\n   ${h.href}`).join("\n");
      const digestId = insert(
        db,
        `INSERT INTO deliveries (channel, user_id, kind, event_key, subject, body, href, status, send_after, created_at)
         VALUES ('email', ?, 'digest', ?, ?, ?, ?, 'pending', ?, ?)`,
        userId, `digest:${today}:${held[0]!.id}`, `工作台每日摘要：${held.length} 条通知（${today}）`, body, held[0]!.href, now, now,
      );
      run(db, `UPDATE deliveries SET status = 'digested', digest_id = ? WHERE status = 'held' AND user_id = ?`, digestId, userId);
      queued++;
    }
    return queued;
  });
}

// ------------------------------------------------------------------------------------ the admin's log

export type DeliveryLogRow = {
  id: number;
  channel: "email" | "robot";
  kind: string;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string;
  createdAt: string;
  sendAfter: string;
  sentAt: string | null;
};

export const DELIVERY_FILTERS = ["problems", "all"] as const;

/** Newest first; "problems": failed, and pending after at least one failed attempt. */
export function deliveryLog(db: DB, actor: Actor, filter: (typeof DELIVERY_FILTERS)[number], limit = 200): { rows: DeliveryLogRow[]; counts: Record<string, number> } {
  assertCan(actor, "read", "admin");
  const where = filter === "problems" ? "WHERE d.status = 'failed' OR (d.status IN ('pending','sending') AND d.attempts > 0)" : "";
  const rows = all<DeliveryLogRow>(
    db,
    `SELECT d.id, d.channel, d.kind, coalesce(u.display_name || ' <' || u.email || '>', r.name) AS recipient, d.subject, d.status, d.attempts,
            d.last_error AS lastError, d.created_at AS createdAt, d.send_after AS sendAfter, d.sent_at AS sentAt
     FROM deliveries d LEFT JOIN users u ON u.id = d.user_id LEFT JOIN robots r ON r.id = d.robot_id ${where} ORDER BY d.id DESC LIMIT ?`,
    limit,
  );
  const counts = Object.fromEntries(all<{ status: string; n: number }>(db, "SELECT status, count(*) AS n FROM deliveries GROUP BY status").map((r) => [r.status, r.n]));
  return { rows, counts };
}

/** The admin sends a failed (or waiting) delivery again now, with a fresh set of attempts. */
export function retryDelivery(ctx: AppContext, actor: Actor, input: { id: number }): void {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  commit(ctx, () => {
    const before = one<{ status: string; attempts: number }>(db, "SELECT status, attempts FROM deliveries WHERE id = ?", input.id);
    if (!before) throw new DomainError("notFound", 404);
    if (before.status === "sent" || before.status === "digested") throw new DomainError("channelsAlreadySent", 409);
    run(db, "UPDATE deliveries SET status = 'pending', attempts = 0, send_after = ? WHERE id = ?", db.$clock.nowIso(), input.id);
    const after = { status: "pending", attempts: 0 };
    return { result: null, events: recordChange(db, { entity: "delivery", id: input.id, action: "retry", by: actor, before, after, boards: [] }) };
  });
}

