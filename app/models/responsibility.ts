// 目标量化责任制 (art. 8): a member unit's or a person's responsibility list: what they owe (tasks they
// own, indicators they answer for) and by when, grouped by due month with overdue items first. A unit
// lead signs the unit's list for a year; the signed list is frozen: its items' dates, targets and owners
// change only through an approved change request (动态调整). Pure rules shared by the page, the XLSX
// export and the server.
import * as z from "zod";
import { id } from "./validation";
import { isMet, type IndicatorForProgress } from "./progress";

export const ITEM_KINDS = ["task", "indicator"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Task fields that a signed list freezes: changing them needs an approved change request. */
export const FROZEN_TASK_FIELDS = ["title", "ownerUnitId", "ownerUserId", "startOn", "dueOn"] as const;
/** Indicator fields that a signed list freezes. */
export const FROZEN_INDICATOR_FIELDS = ["target", "dueOn", "responsibleUnitId", "responsibleUserId", "name"] as const;

/** One line of a list: a task the unit/person owns, or an indicator it is responsible for. */
export type ListItem = {
  /** "task:12" | "indicator:5": stable across years, used to compare with the signed snapshot. */
  key: string;
  kind: ItemKind;
  id: number;
  taskId: number | null;
  /** Task code (an indicator shows its task's code, or its project's code for project-level indicators). */
  code: string;
  title: string;
  projectId: number;
  projectCode: string;
  projectName: string;
  unitId: number;
  unitName: string;
  userId: number | null;
  userName: string | null;
  /** 考核指标: for a task, the names of its indicators; for an indicator, its name and unit of measure. */
  indicator: string;
  /** 目标值, readable ("≥ 120 N·m/kg", "是"). */
  target: string;
  startOn: string | null;
  dueOn: string;
  /** Task status (TASK_STATUSES) or indicator state (open | met | waived | suspended). */
  status: string;
  /** 0-100. */
  progress: number;
  overdue: boolean;
};

export type ListGroup = { key: string; overdue: boolean; month: string | null; items: ListItem[] };

/** Items still owed: not done, not suspended, not waived. */
const OPEN_STATUSES = new Set(["not_started", "in_progress", "open"]);
export const isOpenItem = (i: Pick<ListItem, "status">) => OPEN_STATUSES.has(i.status);
export const isItemOverdue = (i: Pick<ListItem, "status" | "dueOn">, today: string) => isOpenItem(i) && i.dueOn < today;

/** By due date, then task code with the task before its indicators. Plain comparisons, never locale-aware. */
const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
const byDue = (a: ListItem, b: ListItem) => cmp(a.dueOn, b.dueOn) || cmp(a.code, b.code) || cmp(a.kind === "task" ? 0 : 1, b.kind === "task" ? 0 : 1) || cmp(a.id, b.id);

/** Overdue items first (oldest due first), then one group per due month in date order. */
export function groupByDueMonth(items: ListItem[]): ListGroup[] {
  const sorted = [...items].sort(byDue);
  const overdue = sorted.filter((i) => i.overdue);
  const groups: ListGroup[] = overdue.length ? [{ key: "overdue", overdue: true, month: null, items: overdue }] : [];
  const months = new Map<string, ListItem[]>();
  for (const i of sorted) {
    if (i.overdue) continue;
    const m = i.dueOn.slice(0, 7);
    if (!months.has(m)) months.set(m, []);
    months.get(m)!.push(i);
  }
  for (const [month, list] of months) groups.push({ key: month, overdue: false, month, items: list });
  return groups;
}

/** The list in display order (what the XLSX numbers 1..n). */
export const orderedItems = (groups: ListGroup[]) => groups.flatMap((g) => g.items);

export type ListSummary = { total: number; overdue: number; done: number; open: number };
export function summarize(items: ListItem[]): ListSummary {
  return {
    total: items.length,
    overdue: items.filter((i) => i.overdue).length,
    done: items.filter((i) => i.status === "closed" || i.status === "met" || i.status === "waived").length,
    open: items.filter(isOpenItem).length,
  };
}

// ------------------------------------------------------------------------------------------ indicators

/**
 * An indicator's state on a list: waived, met (latest value reaches the target, progress.ts), suspended
 * with its task (not owed while the task is suspended), or open.
 */
export const indicatorItemStatus = (i: IndicatorForProgress, taskStatus?: string | null): "open" | "met" | "waived" | "suspended" =>
  i.waivedReason ? "waived" : isMet(i) ? "met" : taskStatus === "suspended" ? "suspended" : "open";

// ------------------------------------------------------------------------------------ signing, freeze

/** What a signature keeps of each item: enough to show what changed since. */
export type SnapshotItem = Pick<ListItem, "key" | "code" | "title" | "unitName" | "userName" | "indicator" | "target" | "startOn" | "dueOn" | "status">;
export type ListSnapshot = { unitId: number; year: number; items: SnapshotItem[] };

export const SNAPSHOT_FIELDS = ["title", "unitName", "userName", "target", "startOn", "dueOn"] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

export function toSnapshot(unitId: number, year: number, items: ListItem[]): ListSnapshot {
  return {
    unitId,
    year,
    items: items.map(({ key, code, title, unitName, userName, indicator, target, startOn, dueOn, status }) => ({
      key, code, title, unitName, userName, indicator, target, startOn, dueOn, status,
    })),
  };
}

export type SinceSigning = {
  key: string;
  code: string;
  title: string;
  change: "changed" | "added" | "removed" | "suspended";
  fields: { field: SnapshotField; from: string | null; to: string | null }[];
};

/**
 * What differs between the signed snapshot and the items now. `now` holds the current state of every
 * snapshot item wherever it is now (another year, another unit) plus the list's current items;
 * an item missing from `now` was archived or merged away.
 */
export function diffSinceSigning(snapshot: SnapshotItem[], now: SnapshotItem[], inList: Set<string>): SinceSigning[] {
  const current = new Map(now.map((i) => [i.key, i]));
  const signed = new Set(snapshot.map((i) => i.key));
  const out: SinceSigning[] = [];
  for (const s of snapshot) {
    const c = current.get(s.key);
    if (!c) {
      out.push({ key: s.key, code: s.code, title: s.title, change: "removed", fields: [] });
      continue;
    }
    const fields = SNAPSHOT_FIELDS.filter((f) => (s[f] ?? null) !== (c[f] ?? null)).map((f) => ({ field: f, from: s[f] ?? null, to: c[f] ?? null }));
    if (c.status === "suspended" && s.status !== "suspended") out.push({ key: s.key, code: c.code, title: c.title, change: "suspended", fields });
    else if (fields.length) out.push({ key: s.key, code: c.code, title: c.title, change: "changed", fields });
  }
  for (const c of now) {
    if (!signed.has(c.key) && inList.has(c.key)) out.push({ key: c.key, code: c.code, title: c.title, change: "added", fields: [] });
  }
  return out;
}

/** The year whose signed list an item with this due date belongs to. */
export const listYear = (dueOn: string) => Number(dueOn.slice(0, 4));

// --------------------------------------------------------------------------------------------- schemas

export const listYearSchema = z.number().int().min(2000).max(2100);

/** The page's and the export's query: a unit or a person, and a year. */
export const listQuerySchema = z
  .object({
    unit: z.coerce.number().pipe(id).optional(),
    user: z.coerce.number().pipe(id).optional(),
    year: z.coerce.number().pipe(listYearSchema).optional(),
    paper: z.enum(["A4", "A3"]).optional(),
  })
  .strip();
export type ListQuery = z.infer<typeof listQuerySchema>;

export const signListSchema = z.object({ unitId: id, year: listYearSchema }).strict();
export type SignListInput = z.infer<typeof signListSchema>;

export type Signoff = { id: number; unitId: number; year: number; signedBy: number; signerName: string; signedAt: string };

/** Whoever is asked for a list: a unit or a person. */
export type ListSubject = { unitId: number; userId?: undefined } | { userId: number; unitId?: undefined };
