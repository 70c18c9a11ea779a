// Who hears what of the checks feature: after a write commits, each person concerned (assigned experts,
// the project lead and the owner units' leads, the observers of the 总体部) gets a personal notification
// in his own language carrying his own count of check work, so the bell updates without a reload.
import type { DB } from "../../db/client";
import type { AppContext } from "./context.server";
import { all, column, placeholders, type SqlValue } from "./sql.server";
import { usersOfUnit, usersWithRole } from "./people.server";
import { resolveLocale, translate, type Locale } from "../i18n/catalog";
import type { CheckRow } from "./checks";

type Recipient = { id: number; locale: Locale };

/** The active ones among these users, with their language. */
export function recipients(db: DB, ids: (number | null)[]): Recipient[] {
  const list = [...new Set(ids.filter((x): x is number => x != null))];
  if (!list.length) return [];
  return all<{ id: number; locale: string }>(db, `SELECT id, locale FROM users WHERE active = 1 AND id IN (${placeholders(list)})`, ...list).map((r) => ({
    id: r.id,
    locale: resolveLocale(r.locale),
  }));
}
export const leadsOfUnit = (db: DB, unitId: number) => recipients(db, usersOfUnit(db, unitId, ["unit_lead"]));
export const observers = (db: DB) => recipients(db, usersWithRole(db, "observer"));

/**
 * The number on a user's check bell: for observers the open escalations; for unit leads their unit's
 * rectifications waiting for them; for experts their unsigned checks and submitted rectifications of
 * them; for the secretariat submitted rectifications to close; for project leads checks waiting for a
 * self-assessment and open rectifications of their projects. Counted once each.
 */
export function pendingCheckCount(db: DB, userId: number): number {
  const unitId = column<number | null>(db, "SELECT unit_id FROM users WHERE id = ?", userId);
  if (!unitId.length) return 0;
  const roles = column<string>(db, "SELECT role FROM user_roles WHERE user_id = ?", userId);
  return pendingCheckCountOf(db, { id: userId, unitId: unitId[0]!, roles });
}

/** The same count for a signed-in actor, whose unit and roles are already known (root loader, every request). */
export function pendingCheckCountOf(db: DB, who: { id: number; unitId: number | null; roles: readonly string[] }): number {
  const userId = who.id;
  const roles = new Set(who.roles);
  const keys = new Set<string>();
  const add = (prefix: string, sql: string, ...args: SqlValue[]) => column<number>(db, sql, ...args).forEach((id) => keys.add(`${prefix}${id}`));
  if (roles.has("observer")) add("e", "SELECT id FROM escalations WHERE status = 'open'");
  if (roles.has("unit_lead") && who.unitId != null) add("r", "SELECT id FROM rectifications WHERE owner_unit_id = ? AND status IN ('open','escalated')", who.unitId);
  if (roles.has("expert")) {
    add("c", "SELECT c.id FROM checks c JOIN check_experts ce ON ce.check_id = c.id WHERE ce.user_id = ? AND c.status != 'signed'", userId);
    add("r", "SELECT r.id FROM rectifications r JOIN check_experts ce ON ce.check_id = r.check_id WHERE ce.user_id = ? AND r.status = 'submitted'", userId);
  }
  if (roles.has("secretariat")) add("r", "SELECT id FROM rectifications WHERE status = 'submitted'");
  if (roles.has("project_lead")) {
    add("c", "SELECT c.id FROM checks c JOIN projects p ON p.id = c.project_id WHERE p.lead_user_id = ? AND c.status = 'scheduled'", userId);
    add("r", "SELECT r.id FROM rectifications r JOIN checks c ON c.id = r.check_id JOIN projects p ON p.id = c.project_id WHERE p.lead_user_id = ? AND r.status IN ('open','escalated')", userId);
  }
  return keys.size;
}

export type CheckNotice = "assigned" | "rectification" | "due_soon" | "overdue" | "escalation" | "resolved" | "submitted";

type NoticeParams = Record<string, string | number>;

/** One personal notification per recipient, in his language, with his own pending count. */
export function notify(ctx: AppContext, to: Recipient[], event: CheckNotice, href: string, params: NoticeParams | ((locale: Locale) => NoticeParams)) {
  const seen = new Set<number>();
  for (const r of to) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const text = translate(r.locale, `checks.notify.${event}`, typeof params === "function" ? params(r.locale) : params);
    ctx.realtime.notifyUsers([r.id], { kind: "check", event, text, href, pending: pendingCheckCount(ctx.db, r.id) });
  }
}

/** Notice parameters naming a check, in the recipient's language. */
export const checkParams = (check: Pick<CheckRow, "kind" | "projectCode">) => (locale: Locale) => ({ project: check.projectCode, kind: translate(locale, `checks.kinds.${check.kind}`) });

