// The activity feed: the audit trail told as sentences in the reader's language ("蒋浩 将「谐波减速器寿命试验」
// 实测值记为 10050 h") instead of action codes. A few actions have their own sentence (`activity.<action>`
// with dots as underscores); every other one reads "{who} {verb}{entity}「{subject}」", the verb named by the
// action's last part and the subject taken from the row (title, name, task code and title …).
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { historyOf, scopedAudit, type AuditListRow } from "./audit.server";
import { all, must, one, placeholders, scalar, type SqlValue } from "./sql.server";
import { assertCanReadBoard, canReadBoard, CONSORTIUM_BOARD, projectBoard } from "./boards.server";
import { seesAllNotices } from "./notices.server";
import { commentFinder, commentItemLabel } from "./comments.server";
import { COMMENT_ENTITIES, type CommentEntity } from "./comments";
import { canReadResults } from "./results.server";
import { makeT, translate, type Locale } from "../i18n/catalog";
import { roundLabel } from "./closeout";

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
      const entity = str(row?.entity);
      const subject = (COMMENT_ENTITIES as readonly string[]).includes(entity) ? commentItemLabel(db, entity as CommentEntity, Number(row?.entityId)) : "";
      return { subject: clip(subject), excerpt: clip(str(e.after?.body)) };
    }
    case "notice":
      return { kind: known(locale, `inbox.noticeKind.${str(row?.kind)}`) ?? "" };
    case "task_dependency":
      return { predecessor: str(row?.predecessor) };
    case "meeting_decision":
      return { meeting: `${str(row?.heldOn)} ${str(row?.meetingTitle)}`, excerpt: clip(str(row?.text)) };
    case "closeout_round":
      return row?.period ? { subject: roundLabel(makeT(locale), str(row.period)) } : {};
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
  if (label) return params.subject ? translate(locale, "activity.labelled", { ...params, label }) : `${params.who} ${label}`;
  // The task's process steps (销号, approved change requests) have the task history's own phrases.
  const step = e.entity === "task" ? e.action.replace(/^task\./, "") : "";
  const phrase = step && (known(locale, `board.historyActions.${step}`) ?? known(locale, `changes.historyActions.${step}`));
  if (phrase) return translate(locale, "activity.labelled", { ...params, label: phrase.replace(/[，,;；]$/, "") });
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

// ------------------------------------------------------------------------------------ project and consortium feeds

/** Lines per page of a feed. */
export const FEED_PAGE = 50;

export type FeedLine = ActivityLine & { href: string | null; projectCode: string | null };
/** A page of a feed; `next` is the cursor of the page after it (older), null at the start of the trail. */
export type FeedPage = { lines: FeedLine[]; next: number | null };

/**
 * What of the feed the reader may read, as a condition over the scope row `s`: the rows of the projects
 * whose board he may read (everything, for those who read the consortium board; consortium-level rows
 * only for them), and a unit's private rows (提示/督办) only in his unit unless he sees every notice, the
 * same rules as the boards and the notices page.
 */
function readableScope(actor: Actor): { sql: string; args: SqlValue[] } {
  const parts: string[] = [];
  const args: SqlValue[] = [];
  if (!canReadBoard(actor, CONSORTIUM_BOARD)) {
    const projects = actor.projectIds.filter((p) => canReadBoard(actor, projectBoard(p)));
    parts.push(projects.length ? `s.project_id IN (${placeholders(projects)})` : "0");
    args.push(...projects);
  }
  if (!seesAllNotices(actor)) {
    parts.push("(s.unit_id IS NULL OR s.unit_id = ?)");
    args.push(actor.unitId ?? -1);
  }
  return { sql: parts.length ? parts.join(" AND ") : "1", args };
}

const idOf = (v: unknown) => (typeof v === "number" ? v : null);

/** Where a feed line leads: the item's page (null when it has none the reader can open). */
function hrefOf(db: DB, e: AuditListRow, projectId: number | null): string | null {
  const row = (e.after ?? e.before ?? {}) as Obj;
  const taskPage = (taskId: unknown) => (idOf(taskId) != null ? `/tasks/${String(taskId)}` : null);
  switch (e.entity) {
    case "task":
    case "task_dependency":
      return `/tasks/${e.entityId}`;
    case "indicator":
    case "deliverable":
    case "attachment":
      return taskPage(row.taskId) ?? (projectId != null ? `/projects/${projectId}/indicators` : null);
    case "indicator_value":
      return taskPage(scalar<number | null>(db, "SELECT task_id FROM indicators WHERE id = ?", idOf(row.indicatorId) ?? 0));
    case "notice":
      return "/notices";
    case "closeout_proposal":
      return idOf(row.roundId) != null ? `/closeout/${String(row.roundId)}` : taskPage(row.taskId);
    case "closeout_round":
      return `/closeout/${e.entityId}`;
    case "check":
      return `/checks/${e.entityId}`;
    case "check_item":
    case "escalation":
      return idOf(row.checkId) != null ? `/checks/${String(row.checkId)}` : null;
    case "rectification":
      return idOf(row.ownerUnitId) != null ? `/rectifications?unit=${String(row.ownerUnitId)}#rect-${e.entityId}` : null;
    case "change_request":
      return `/changes#change-${e.entityId}`;
    case "technology":
      return `/technologies/${e.entityId}`;
    case "trl_claim":
    case "iteration":
      return idOf(row.technologyId) != null ? `/technologies/${String(row.technologyId)}` : null;
    case "result":
      return "/results";
    case "milestone":
    case "project":
      return projectId != null ? `/projects/${projectId}/board` : null;
    case "keyreport":
    case "keyreopen":
    case "filing":
      return typeof row.month === "string" ? `/key-tasks?month=${row.month}` : "/key-tasks";
    default:
      return null;
  }
}

/**
 * A page of feed rows for the reader: the scope query (indexed, keyset), then the rules a row's scope
 * cannot carry: a comment is shown only to readers of its item (and links to it), a result only to
 * readers of the results registry.
 */
function feedPage(db: DB, actor: Actor, where: string, args: SqlValue[], before: number | null): FeedPage {
  const scope = readableScope(actor);
  const rows = scopedAudit(db, `${where} AND ${scope.sql}`, [...args, ...scope.args], before, FEED_PAGE);
  const findComment = commentFinder(db, actor);
  const codes = new Map<number, string>();
  const codeOf = (projectId: number | null) => {
    if (projectId == null) return null;
    if (!codes.has(projectId)) codes.set(projectId, scalar<string>(db, "SELECT code FROM projects WHERE id = ?", projectId) ?? "");
    return codes.get(projectId) || null;
  };
  const lines: FeedLine[] = [];
  for (const e of rows) {
    let href: string | null;
    if (e.entity === "comment") {
      // Deleted since (its text stays out of the feed too) or on an item the reader may not read.
      const where = findComment(Number(e.entityId));
      if (!where) continue;
      href = where.href;
    } else {
      if (e.entity === "result" && !canReadResults(actor)) continue;
      href = hrefOf(db, e, e.projectId);
    }
    lines.push({ id: e.id, at: e.at, sentence: sentenceOf(db, actor.locale, e), href, projectCode: codeOf(e.projectId) });
  }
  return { lines, next: rows.length === FEED_PAGE ? rows[rows.length - 1]!.id : null };
}

/** The consortium's feed: everything the reader may read, newest first. */
export const consortiumFeed = (db: DB, actor: Actor, before: number | null = null): FeedPage => feedPage(db, actor, "1", [], before);

/** A project's feed, for a reader of its board (refused otherwise; an unknown project is not found). */
export function projectFeed(db: DB, actor: Actor, projectId: number, before: number | null = null): FeedPage & { project: { id: number; code: string; name: string } } {
  const project = must(one<{ id: number; code: string; name: string }>(db, "SELECT id, code, name FROM projects WHERE id = ?", projectId));
  assertCanReadBoard(actor, projectBoard(projectId));
  return { project, ...feedPage(db, actor, "s.project_id = ?", [projectId], before) };
}
