// The rectification clock: reminders before and after a rectification's due date, and the automatic
// escalation to the 总体部 of what stays open too long. Runs daily from server/schedules.ts (07:30) and
// when the check pages load; idempotent (each reminder kind once per rectification, remembered by the
// audit trail; a rectification escalated once is not escalated again by the schedule). Each reminder
// lands in the inbox of the project lead and the owner unit's leads (rectification_due / _overdue) in
// the transaction that records it, so a rerun neither repeats nor loses one.
import type { AppContext, BoardEvent } from "./context.server";
import type { DB } from "../../db/client";
import { rectifications } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { column, exists } from "./sql.server";
import { translate } from "../i18n/catalog";
import { checkCreator, checkRules, getRectification, rectificationsIn } from "./check-reads.server";
import { insertEscalation, notifyObservers, notifyOwners, rectificationHref, tellRectification } from "./rectifications.server";
import type { Told } from "./inbox.server";
import { AWAITING_OWNER, rectificationAlert, type EscalationRow, type RectAlert, type RectificationRow, type RectRules } from "./checks";

export type ReminderEntry = { rectification: RectificationRow; alert: RectAlert };

/** Rectifications due soon, overdue, or to be escalated on `today` (read only). */
export function rectificationReminders(db: DB, today: string, rules: RectRules = checkRules(db)): ReminderEntry[] {
  const escalated = new Set(column<number>(db, "SELECT DISTINCT rectification_id FROM escalations WHERE rectification_id IS NOT NULL"));
  return rectificationsIn(db, AWAITING_OWNER).flatMap((r) => {
    const alert = rectificationAlert(r, today, rules, escalated.has(r.id));
    return alert.reminder || alert.escalate ? [{ rectification: r, alert }] : [];
  });
}

const reminded = (db: DB, rectificationId: number, kind: string) =>
  exists(
    db,
    "SELECT 1 FROM audit_log WHERE entity = 'rectification' AND entity_id = ? AND action = 'rectification.remind' AND json_extract(after, '$.kind') = ? LIMIT 1",
    String(rectificationId),
    kind,
  );

/**
 * Sends the reminders not yet sent and escalates what the clock says must go to the 总体部, in the name
 * of whoever scheduled the check.
 */
export function issueRectificationReminders(ctx: AppContext, today: string): { reminded: number; escalated: number } {
  const { db } = ctx;
  const entries = rectificationReminders(db, today);
  if (!entries.length) return { reminded: 0, escalated: 0 };
  const { reminders, escalations } = commit(ctx, () => {
    const reminders: ReminderEntry[] = [];
    const escalations: EscalationRow[] = [];
    const events: BoardEvent[] = [];
    const told: Told[] = [];
    for (const e of entries) {
      const r = e.rectification;
      if (e.alert.reminder && !reminded(db, r.id, e.alert.reminder)) {
        recordChange(db, { entity: "rectification", id: r.id, action: "remind", by: null, before: null, after: { kind: e.alert.reminder, on: today, dueOn: r.dueOn }, boards: [] });
        reminders.push(e);
        told.push(...tellRectification(db, null, r, e.alert.reminder === "overdue" ? "rectification_overdue" : "rectification_due"));
      }
      if (e.alert.escalate) {
        const fresh = getRectification(db, r.id);
        if (fresh.status !== "open") continue;
        updateVersioned(db, rectifications, r.id, fresh.version, { status: "escalated" });
        events.push(...recordChange(db, { entity: "rectification", id: r.id, action: "auto_escalate", by: null, before: fresh, after: getRectification(db, r.id), boards: boardsOf(r.projectId) }));
        const reason = translate("zh-CN", e.alert.reminder === "overdue" ? "checks.notify.overdue" : "checks.notify.rectification", { date: r.dueOn, description: r.description, project: r.projectCode });
        const esc = insertEscalation(db, null, checkCreator(db, r.checkId), r.checkId, r.id, reason);
        escalations.push(esc.row);
        events.push(...esc.events);
      }
    }
    return { result: { reminders, escalations }, events, told };
  });
  for (const { rectification: r, alert } of reminders) notifyOwners(ctx, r, alert.reminder!, rectificationHref(r));
  notifyObservers(ctx, escalations);
  return { reminded: reminders.length, escalated: escalations.length };
}
