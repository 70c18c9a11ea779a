// 责任清单: assembling a unit's or a person's list from tasks and indicators, and the unit lead's yearly
// signature (a frozen JSON snapshot, once per unit and year). What the signature freezes is enforced by
// responsibility-freeze.server.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange } from "./write.server";
import { all, insert, must, one, scalar, type SqlValue } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { isOverdue } from "./tasks";
import { taskProgress } from "./rag";
import type { TaskStatus } from "./domain";
import { translate, type Locale } from "../i18n/catalog";
import { indicatorProgress, type IndicatorForProgress } from "./progress";
import { targetText } from "./indicators";
import {
  diffSinceSigning,
  groupByDueMonth,
  indicatorItemStatus,
  isItemOverdue,
  listYear,
  orderedItems,
  summarize,
  toSnapshot,
  type ListGroup,
  type ListItem,
  type ListQuery,
  type ListSnapshot,
  type ListSubject,
  type ListSummary,
  type SignListInput,
  type SinceSigning,
  type Signoff,
} from "./responsibility";
import { latestValueSql } from "./indicators.server";

type Filter = { unitId?: number; userId?: number; year?: number; taskIds?: number[]; indicatorIds?: number[] };

function where(alias: string, unitCol: string, userCol: string, f: Filter, idsKey: "taskIds" | "indicatorIds") {
  const ids = f[idsKey];
  const conditions: [string, SqlValue | undefined][] = [
    [`${alias}.${unitCol} = ?`, f.unitId],
    [`${alias}.${userCol} = ?`, f.userId],
    [`substr(${alias}.due_on, 1, 4) = ?`, f.year == null ? undefined : String(f.year)],
    [`${alias}.id IN (SELECT value FROM json_each(?))`, ids ? JSON.stringify(ids) : undefined],
  ];
  const used = conditions.filter((c): c is [string, SqlValue] => c[1] !== undefined);
  return { sql: [`${alias}.archived_at IS NULL`, ...used.map(([sql]) => sql)].join(" AND "), args: used.map(([, v]) => v) };
}

type TaskLine = Omit<ListItem, "key" | "kind" | "taskId" | "indicator" | "target" | "overdue"> & { status: TaskStatus };
type IndicatorLine = IndicatorForProgress & {
  direction: "higher" | "lower" | "yesno";
  unitOfMeasure: string;
  id: number;
  taskId: number | null;
  name: string;
  dueOn: string;
  projectId: number;
  projectCode: string;
  projectName: string;
  taskCode: string | null;
  taskStartOn: string | null;
  taskStatus: string | null;
  unitId: number;
  unitName: string;
  userId: number | null;
  userName: string | null;
};

const INDICATOR_SELECT = `SELECT i.id, i.task_id AS taskId, i.name, i.unit_of_measure AS unitOfMeasure, i.baseline, i.target,
    i.direction, i.due_on AS dueOn, i.waived_reason AS waivedReason, i.project_id AS projectId, p.code AS projectCode,
    p.name AS projectName, t.code AS taskCode, t.start_on AS taskStartOn, t.status AS taskStatus, i.responsible_unit_id AS unitId,
    m.short_name AS unitName, i.responsible_user_id AS userId, u.display_name AS userName,
    ${latestValueSql("value")} AS latest
  FROM indicators i
  JOIN projects p ON p.id = i.project_id
  LEFT JOIN tasks t ON t.id = i.task_id
  JOIN member_units m ON m.id = i.responsible_unit_id
  LEFT JOIN users u ON u.id = i.responsible_user_id`;

/** Items matching the filter (any of unit / person / year / ids), tasks and indicators, unsorted. */
function loadItems(db: DB, f: Filter, today: string, locale: Locale): ListItem[] {
  const yes = translate(locale, "responsibility.yes");
  const items: ListItem[] = [];
  if (!f.indicatorIds || f.taskIds) {
    const w = where("t", "owner_unit_id", "owner_user_id", f, "taskIds");
    const tasks = all<TaskLine>(
      db,
      `SELECT t.id, t.code, t.title, t.project_id AS projectId, p.code AS projectCode, p.name AS projectName,
         t.owner_unit_id AS unitId, m.short_name AS unitName, t.owner_user_id AS userId, u.display_name AS userName,
         t.start_on AS startOn, t.due_on AS dueOn, t.status, t.progress
       FROM tasks t JOIN projects p ON p.id = t.project_id JOIN member_units m ON m.id = t.owner_unit_id
       LEFT JOIN users u ON u.id = t.owner_user_id WHERE ${w.sql}`,
      ...w.args,
    );
    const inds = all<{ taskId: number; name: string; unitOfMeasure: string; target: number | null; direction: "higher" | "lower" | "yesno" }>(
      db,
      `SELECT task_id AS taskId, name, unit_of_measure AS unitOfMeasure, target, direction FROM indicators
       WHERE archived_at IS NULL AND task_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      JSON.stringify(tasks.map((t) => t.id)),
    );
    for (const t of tasks) {
      const own = inds.filter((i) => i.taskId === t.id);
      items.push({
        ...t,
        key: `task:${t.id}`,
        kind: "task",
        taskId: t.id,
        indicator: own.map((i) => i.name).join("；"),
        target: own.map((i) => targetText(i, yes)).join("；"),
        progress: taskProgress(t),
        overdue: isOverdue(t, today),
      });
    }
  }
  if (!f.taskIds || f.indicatorIds) {
    const w = where("i", "responsible_unit_id", "responsible_user_id", f, "indicatorIds");
    const rows = all<IndicatorLine>(db, `${INDICATOR_SELECT} WHERE ${w.sql} AND (t.id IS NULL OR t.archived_at IS NULL)`, ...w.args);
    for (const i of rows) {
      const item: ListItem = {
        key: `indicator:${i.id}`,
        kind: "indicator",
        id: i.id,
        taskId: i.taskId,
        code: i.taskCode ?? i.projectCode,
        title: i.name,
        projectId: i.projectId,
        projectCode: i.projectCode,
        projectName: i.projectName,
        unitId: i.unitId,
        unitName: i.unitName,
        userId: i.userId,
        userName: i.userName,
        indicator: i.unitOfMeasure ? `${i.name}（${i.unitOfMeasure}）` : i.name,
        target: targetText(i, yes),
        startOn: i.taskStartOn,
        dueOn: i.dueOn,
        status: indicatorItemStatus(i, i.taskStatus),
        progress: indicatorProgress(i),
        overdue: false,
      };
      item.overdue = isItemOverdue(item, today);
      items.push(item);
    }
  }
  return items;
}

const SIGNOFF = "s.id, s.unit_id AS unitId, s.year, s.signed_by AS signedBy, u.display_name AS signerName, s.signed_at AS signedAt";
const SIGNOFF_FROM = "FROM responsibility_signoffs s JOIN users u ON u.id = s.signed_by";

export function getSignoff(db: DB, unitId: number, year: number): (Signoff & { snapshot: ListSnapshot }) | null {
  const r = one<Signoff & { snapshot: string }>(db, `SELECT ${SIGNOFF}, s.snapshot ${SIGNOFF_FROM} WHERE s.unit_id = ? AND s.year = ?`, unitId, year);
  return r ? { ...r, snapshot: JSON.parse(r.snapshot) as ListSnapshot } : null;
}

/** Signatures of every unit for a year (unit id -> signoff), for badges on pickers and other pages. */
export function signoffsOfYear(db: DB, year: number): Signoff[] {
  return all<Signoff>(db, `SELECT ${SIGNOFF} ${SIGNOFF_FROM} WHERE s.year = ? ORDER BY s.unit_id`, year);
}

export type ResponsibilityList = {
  subject: ListSubject;
  /** Unit short name or person's name, for titles. */
  subjectName: string;
  /** The person's unit (person lists), or the unit itself. */
  unitId: number | null;
  year: number;
  groups: ListGroup[];
  summary: ListSummary;
  signoff: Signoff | null;
  /** What changed in the signed list since it was signed (unit lists only). */
  sinceSigning: SinceSigning[];
};

function subjectName(db: DB, s: ListSubject): { name: string; unitId: number | null } {
  return must(
    s.unitId != null
      ? one<{ name: string; unitId: number }>(db, "SELECT short_name AS name, id AS unitId FROM member_units WHERE id = ?", s.unitId)
      : one<{ name: string; unitId: number | null }>(db, "SELECT display_name AS name, unit_id AS unitId FROM users WHERE id = ?", s.userId!),
  );
}

/** A unit's or a person's list for a year: items due that year, overdue first, then by due month. */
export function responsibilityList(db: DB, opts: ListSubject & { year: number; today?: string; locale?: Locale }): ResponsibilityList {
  const { year, today = db.$clock.today(), locale = "zh-CN" } = opts;
  const subject: ListSubject = opts.unitId != null ? { unitId: opts.unitId } : { userId: opts.userId! };
  return db.transaction(() => {
    const who = subjectName(db, subject);
    const items = loadItems(db, { ...subject, year }, today, locale);
    const signed = subject.unitId != null ? getSignoff(db, subject.unitId, year) : null;
    let sinceSigning: SinceSigning[] = [];
    if (signed) {
      const keys = new Set(signed.snapshot.items.map((i) => i.key));
      const ids = (kind: string) => [...keys].filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.split(":")[1]));
      const wherever = loadItems(db, { taskIds: ids("task"), indicatorIds: ids("indicator") }, today, locale);
      const inList = new Set(items.map((i) => i.key));
      sinceSigning = diffSinceSigning(signed.snapshot.items, [...wherever, ...items.filter((i) => !keys.has(i.key))], inList);
    }
    const { snapshot: _s, ...signoff } = signed ?? { snapshot: null };
    return {
      subject,
      subjectName: who.name,
      unitId: who.unitId,
      year,
      groups: groupByDueMonth(items),
      summary: summarize(items),
      signoff: signed ? (signoff as Signoff) : null,
      sinceSigning,
    };
  });
}

// ------------------------------------------------------------------------------------------------ sign

/** What a signature keeps: the unit's list for the year as it is now, in the page's order. */
export function listSnapshot(db: DB, unitId: number, year: number, today: string, locale: Locale = "zh-CN"): ListSnapshot {
  const items = loadItems(db, { unitId, year }, today, locale);
  return toSnapshot(unitId, year, orderedItems(groupByDueMonth(items)));
}

/**
 * The unit lead signs his unit's list for a year: the items as they are now are kept as a snapshot
 * and from then on the list is frozen. Once per unit and year; an empty list cannot be signed.
 */
export function signList(ctx: AppContext, actor: Actor, input: SignListInput): Signoff {
  const { db } = ctx;
  const today = ctx.db.$clock.today();
  assertCan(actor, "sign", "list", { unitId: input.unitId });
  return commit(ctx, () => {
    subjectName(db, { unitId: input.unitId });
    if (getSignoff(db, input.unitId, input.year)) throw new DomainError("listAlreadySigned", 409);
    const snapshot = listSnapshot(db, input.unitId, input.year, today, actor.locale);
    if (snapshot.items.length === 0) throw new DomainError("listEmpty", 400);
    const id = insert(
      db,
      "INSERT INTO responsibility_signoffs (unit_id, year, snapshot, signed_by, signed_at) VALUES (?, ?, ?, ?, ?)",
      input.unitId, input.year, JSON.stringify(snapshot), actor.id, db.$clock.nowIso(),
    );
    const signoff = signoffsOfYear(db, input.year).find((s) => s.id === id)!;
    const events = recordChange(db, {
      entity: "signoff",
      id,
      action: "sign",
      by: actor,
      before: null,
      after: { ...signoff, version: 1 },
      boards: [CONSORTIUM_BOARD],
      audit: { entity: "responsibility_list", action: "list.sign", after: { ...signoff, items: snapshot.items.length } },
    });
    return { result: signoff, events };
  });
}

// ------------------------------------------------------------------------------------------- pickers

export type ListChoices = {
  units: { id: number; shortName: string; name: string }[];
  people: { id: number; displayName: string; unitId: number | null }[];
};

/** Member units (current ones) and people who own tasks or answer for indicators, for the page's pickers. */
export function listChoices(db: DB): ListChoices {
  return {
    units: all<ListChoices["units"][number]>(db, "SELECT id, short_name AS shortName, name FROM member_units WHERE left_on IS NULL ORDER BY id"),
    people: all<ListChoices["people"][number]>(
      db,
      `SELECT u.id, u.display_name AS displayName, u.unit_id AS unitId FROM users u WHERE u.active = 1 AND (
         EXISTS (SELECT 1 FROM tasks t WHERE t.owner_user_id = u.id) OR EXISTS (SELECT 1 FROM indicators i WHERE i.responsible_user_id = u.id))
       ORDER BY u.unit_id, u.id`,
    ),
  };
}

/**
 * The list a page or export asks for: `?user=` gives a person's list, `?unit=` a unit's, otherwise the
 * actor's own unit (or the first unit for people without one); the year defaults to today's.
 */
/** Whose list a query asks for and which year, named (not found: no such unit or person): cheap, what an export checks before its job. */
export function listSubjectFor(db: DB, actor: Actor, query: ListQuery, today: string): ListSubject & { year: number; name: string } {
  const year = query.year ?? listYear(today);
  const fallbackUnit = actor.unitId ?? scalar<number>(db, "SELECT id FROM member_units WHERE left_on IS NULL ORDER BY id LIMIT 1");
  const subject: ListSubject = query.user != null ? { userId: query.user } : { unitId: query.unit ?? fallbackUnit ?? 0 };
  return { ...subject, year, name: subjectName(db, subject).name };
}

export function listFor(db: DB, actor: Actor, query: ListQuery, today: string): ResponsibilityList {
  const { name: _name, ...subject } = listSubjectFor(db, actor, query, today);
  return responsibilityList(db, { ...subject, today, locale: actor.locale });
}
