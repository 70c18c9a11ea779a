// The activity feed: the audit trail told as sentences in the reader's language ("蒋浩 将「谐波减速器寿命试验」
// 实测值记为 10050 h") instead of action codes. A few actions have their own sentence (`activity.<action>`
// with dots as underscores); every other one reads "{who} {verb}{entity}「{subject}」", the verb named by the
// action's last part and the subject taken from the row (title, name, task code and title …).
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { historyOf, type AuditListRow } from "./audit.server";
import { all, one } from "./sql.server";
import { translate, type Locale } from "../i18n/catalog";

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A translation that answers null where the catalogue has no such key (rather than the key itself). */
const known = (locale: Locale, key: string, params?: Record<string, string | number>) => {
  const text = translate(locale, key, params);
  return text === key ? null : text;
};

/** The name a row goes by, whatever its entity. */
function subjectOf(row: Obj | null): string {
  if (!row) return "";
  if (row.taskCode && row.taskTitle) return `${str(row.taskCode)} ${str(row.taskTitle)}`;
  if (row.code && row.title) return `${str(row.code)} ${str(row.title)}`;
  return clip(str(row.title) || str(row.name) || str(row.targetLabel) || str(row.label) || str(row.displayName) || str(row.username) || str(row.code));
}

/** What the sentence of one audit row needs that the row does not carry (an indicator's name and unit, a comment's item). */
function extras(db: DB, locale: Locale, e: AuditListRow, row: Obj | null): Record<string, string> {
  switch (e.entity) {
    case "indicator_value": {
      const ind = one<{ name: string; unit: string }>(db, "SELECT name, unit_of_measure AS unit FROM indicators WHERE id = ?", Number(row?.indicatorId));
      return { subject: ind?.name ?? "", value: `${str(row?.value)}${ind?.unit ? ` ${ind.unit}` : ""}` };
    }
    case "comment": {
      const task = row?.entity === "task" ? one<{ code: string; title: string }>(db, "SELECT code, title FROM tasks WHERE id = ?", Number(row.entityId)) : undefined;
      return { subject: task ? `${task.code} ${task.title}` : "", excerpt: clip(str(e.after?.body)) };
    }
    case "notice":
      return { kind: known(locale, `inbox.noticeKind.${str(row?.kind)}`) ?? "" };
    case "task_dependency":
      return { predecessor: str(row?.predecessor) };
    case "meeting_decision":
      return { meeting: `${str(row?.heldOn)} ${str(row?.meetingTitle)}`, excerpt: clip(str(row?.text)) };
    case "task":
      return row?.status ? { status: known(locale, `statuses.${str(row.status)}`) ?? str(row.status) } : {};
    default:
      return {};
  }
}

/** One audit row as a sentence in `locale`. */
export function sentenceOf(db: DB, locale: Locale, e: AuditListRow): string {
  const row = (e.after ?? e.before) as Obj | null;
  const params: Record<string, string> = {
    who: e.userName ?? translate(locale, "activity.someone"),
    subject: subjectOf(row),
    ...extras(db, locale, e, row),
  };
  const own = known(locale, `activity.${e.action.replace(/\./g, "_")}`, params);
  if (own) return own;
  // Account and administration actions keep the audit page's labels ("登录", "新增用户").
  const label = known(locale, `audit.actions.${e.action.replace(/\./g, "_")}`);
  if (label) return `${params.who} ${label}${params.subject ? `「${params.subject}」` : ""}`;
  // The task's process steps (销号, approved change requests) have the task history's own phrases.
  const step = e.entity === "task" ? e.action.replace(/^task\./, "") : "";
  const phrase = step && (known(locale, `board.historyActions.${step}`) ?? known(locale, `changes.historyActions.${step}`));
  if (phrase) return `${params.who} ${phrase.replace(/[，,;；]$/, "")}「${params.subject}」`;
  const verb = e.action.slice(e.action.lastIndexOf(".") + 1);
  params.verb = known(locale, `activity.verbs.${verb}`) ?? translate(locale, "activity.verbs.other");
  params.entity = known(locale, `activity.entities.${e.entity}`) ?? known(locale, `audit.entities.${e.entity}`) ?? e.entity;
  return translate(locale, params.subject ? "activity.generic" : "activity.genericNoSubject", params);
}

/**
 * Audit rows of a task and of what hangs on it (its indicators and their measured values, 提示/督办, 销号
 * proposals, comments), newest first.
 */
export function taskAuditRows(db: DB, taskId: number, limit = 100): AuditListRow[] {
  const own = historyOf(db, "task", taskId, limit);
  const related = all<{ entity: string; id: number }>(
    db,
    `SELECT 'indicator' AS entity, id FROM indicators WHERE task_id = @t
     UNION ALL SELECT 'indicator_value', v.id FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.task_id = @t
     UNION ALL SELECT 'notice', id FROM notices WHERE task_id = @t
     UNION ALL SELECT 'closeout_proposal', id FROM closeout_proposals WHERE task_id = @t
     UNION ALL SELECT 'comment', id FROM comments WHERE entity = 'task' AND entity_id = @t
     UNION ALL SELECT 'task_dependency', @t
     UNION ALL SELECT 'meeting_decision', id FROM meeting_decisions WHERE task_id = @t`,
    { t: taskId },
  );
  const rest = related.flatMap((r) => historyOf(db, r.entity, r.id, limit));
  return [...own, ...rest].sort((a, b) => b.id - a.id).slice(0, limit);
}

export type ActivityLine = { id: number; at: string; sentence: string };

/** The feed of a task for a reader (read permission is the caller's: task history checks the board). */
export const taskActivity = (db: DB, actor: Pick<Actor, "locale">, taskId: number): ActivityLine[] =>
  taskAuditRows(db, taskId).map((e) => ({ id: e.id, at: e.at, sentence: sentenceOf(db, actor.locale, e) }));
