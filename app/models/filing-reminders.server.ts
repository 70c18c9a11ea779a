// 推进表 filing reminders (000 art. 8: monthly filing by the filing day): a few days before the month's
// filing day (settings `filingReminderDays`), the leads of every unit that owns key tasks and has not
// filed them all for the month are told in their inbox (kind filing_due, delivered by mail and robots by
// their "filing" preference). Runs daily from server/schedules.ts; once per person, unit and month: a
// rerun the same day or on a later day of the window tells nobody twice.
import type { AppContext } from "./context.server";
import type { DB } from "../../db/client";
import { all, exists } from "./sql.server";
import { getSettings } from "./consortium.server";
import { commit } from "./write.server";
import { notify, type Told } from "./inbox.server";
import { usersOfUnit } from "./people.server";
import { currentMonth, filingDeadline } from "./key-tasks";

/** The first day of the reminder window of `month`: `days` before its filing day. */
export function filingReminderFrom(month: string, filingDay: number, days: number): string {
  return filingDeadline(month, Math.max(1, filingDay - days));
}

type Unfiled = { unitId: number; shortName: string; keyTasks: number; filed: number };

/** Units with key tasks not all filed for `month`. */
export const unfiledUnits = (db: DB, month: string): Unfiled[] =>
  all<Unfiled>(
    db,
    `SELECT t.owner_unit_id AS unitId, m.short_name AS shortName, count(*) AS keyTasks,
       sum(EXISTS (SELECT 1 FROM key_task_reports r WHERE r.task_id = t.id AND r.month = ? AND r.status = 'filed')) AS filed
     FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id
     WHERE t.is_key = 1 AND t.archived_at IS NULL GROUP BY t.owner_unit_id HAVING filed < keyTasks ORDER BY t.owner_unit_id`,
    month,
  );

const alreadyTold = (db: DB, userId: number, unitId: number, month: string) =>
  exists(db, "SELECT 1 FROM inbox_items WHERE user_id = ? AND kind = 'filing_due' AND entity = 'filing' AND entity_id = ? AND json_extract(params, '$.month') = ?", userId, unitId, month);

/** Tells the leads of the units that have not filed, while `today` is in the month's reminder window. */
export function issueFilingReminders(ctx: AppContext, today: string): { told: number } {
  const { db } = ctx;
  const { filingDay, filingReminderDays } = getSettings(db);
  const month = currentMonth(today);
  const deadline = filingDeadline(month, filingDay);
  if (today < filingReminderFrom(month, filingDay, filingReminderDays) || today > deadline) return { told: 0 };
  return commit(ctx, () => {
    const told: Told[] = [];
    for (const u of unfiledUnits(db, month)) {
      for (const userId of usersOfUnit(db, u.unitId, ["unit_lead"])) {
        if (alreadyTold(db, userId, u.unitId, month)) continue;
        const t = notify(db, {
          userId,
          kind: "filing_due",
          actorId: null,
          entity: "filing",
          entityId: u.unitId,
          href: `/key-tasks?month=${month}#unit-${u.unitId}`,
          params: { month, deadline, unit: u.shortName, missing: u.keyTasks - u.filed },
        });
        if (t) told.push(t);
      }
    }
    return { result: { told: told.length }, events: [], told };
  });
}
