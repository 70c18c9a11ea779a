// 倒排工期 (backward planning) over finish-to-start dependencies, pure: the battle map, its tests and any
// report call these. Dates are ISO days, both ends inclusive: a task "due 03-31" works on the 31st, so
// its successor may start on 04-01 at the earliest — starting on 03-31 already violates the link.
import { addDays, format, parseISO } from "date-fns";
import type { TaskStatus } from "./domain";
import { epochDay } from "./rag";

export type Link = { predecessorId: number; successorId: number };
export type SchedTask = { id: number; startOn: string; dueOn: string; status: TaskStatus; progress: number };

const shift = (day: string, n: number) => format(addDays(parseISO(day), n), "yyyy-MM-dd");
const days = (from: string, to: string) => epochDay(to) - epochDay(from);
/** Planned length in days, both ends counted. */
export const duration = (t: { startOn: string; dueOn: string }) => days(t.startOn, t.dueOn) + 1;

// -------------------------------------------------------------------------------- the graph

/** The one finish-to-start rule: the successor must start after the predecessor's due day. */
export const violatesLink = (pred: { dueOn: string }, succ: { startOn: string }) => succ.startOn <= pred.dueOn;

export function dependencyViolations(tasksById: Map<number, { startOn: string; dueOn: string }>, links: Link[]): Link[] {
  return links.filter((l) => {
    const p = tasksById.get(l.predecessorId);
    const s = tasksById.get(l.successorId);
    return !!p && !!s && violatesLink(p, s);
  });
}

export type TopoResult = { ok: true; order: number[] } | { ok: false; cycle: number[] };

/**
 * Predecessors before successors (Kahn). Links touching ids outside `ids` are ignored. A cycle is
 * refused with one concrete loop, first id repeated at the end (A → B → A), so the message can name it.
 */
export function topoOrder(ids: number[], links: Link[]): TopoResult {
  const inside = new Set(ids);
  const next = new Map<number, number[]>(ids.map((id) => [id, []]));
  const indegree = new Map<number, number>(ids.map((id) => [id, 0]));
  for (const l of links) {
    if (!inside.has(l.predecessorId) || !inside.has(l.successorId)) continue;
    next.get(l.predecessorId)!.push(l.successorId);
    indegree.set(l.successorId, indegree.get(l.successorId)! + 1);
  }
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const order: number[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const s of next.get(id)!) {
      const d = indegree.get(s)! - 1;
      indegree.set(s, d);
      if (d === 0) queue.push(s);
    }
  }
  if (order.length === ids.length) return { ok: true, order };
  // Every node left has an unprocessed predecessor (also left), so walking predecessors must loop;
  // walking successors would not (a node downstream of a loop may have none left).
  const left = new Set(ids.filter((id) => indegree.get(id)! > 0));
  const prev = new Map<number, number>();
  for (const l of links) if (left.has(l.predecessorId) && left.has(l.successorId)) prev.set(l.successorId, l.predecessorId);
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = left.values().next().value!;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = prev.get(at)!;
  }
  // path runs against the arrows: reverse it so it reads A → B → A.
  return { ok: false, cycle: [at, ...path.slice(seen.get(at)! + 1).reverse(), at] };
}

/** 「任务依赖存在循环：A → B → A」 with task codes (or ids when a code is unknown). */
export const cycleText = (cycle: number[], codeOf: (id: number) => string | undefined) => cycle.map((id) => codeOf(id) ?? `#${id}`).join(" → ");

// -------------------------------------------------------------------------------- backward pass

export type PlanEntry = {
  latestStart: string;
  latestFinish: string;
  /** Days between the projected early schedule and the latest one; negative: already too late. */
  slack: number;
  critical: boolean;
};
export type Plan =
  | { ok: true; deadline: string; entries: Map<number, PlanEntry>; criticalLinks: Set<string>; minSlack: number }
  | { ok: false; cycle: number[] };

export const linkKey = (l: Link) => `${l.predecessorId}-${l.successorId}`;

/**
 * Latest start/finish of every task feeding a milestone and of all their (transitive) predecessors.
 * Backward: latestFinish = min(deadline if it feeds the milestone, latestStart(successor) − 1);
 * latestStart = latestFinish − duration + 1. Forward (projected): earliest start = max(planned start,
 * earliest finish of each predecessor + 1). Slack = latestStart − earliest start; the critical path is
 * the chain of tasks with the least slack (zero on a schedule that exactly fits), joined by binding links.
 */
export function latestStarts(tasks: SchedTask[], links: Link[], milestone: { dueOn: string; taskIds: number[] }): Plan {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const preds = new Map<number, number[]>();
  for (const l of links) {
    if (!byId.has(l.predecessorId) || !byId.has(l.successorId)) continue;
    const list = preds.get(l.successorId);
    if (list) list.push(l.predecessorId);
    else preds.set(l.successorId, [l.predecessorId]);
  }
  // The scope: feeders and everything upstream of them.
  const scope = new Set<number>();
  const stack = milestone.taskIds.filter((id) => byId.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (scope.has(id)) continue;
    scope.add(id);
    stack.push(...(preds.get(id) ?? []));
  }
  const inScope = links.filter((l) => scope.has(l.predecessorId) && scope.has(l.successorId));
  const topo = topoOrder([...scope], inScope);
  if (!topo.ok) return topo;

  const feeds = new Set(milestone.taskIds);
  const succs = new Map<number, number[]>();
  for (const l of inScope) succs.set(l.predecessorId, [...(succs.get(l.predecessorId) ?? []), l.successorId]);

  const earlyStart = new Map<number, string>();
  const earlyFinish = new Map<number, string>();
  for (const id of topo.order) {
    const t = byId.get(id)!;
    let es = t.startOn;
    for (const p of preds.get(id) ?? []) {
      const after = shift(earlyFinish.get(p)!, 1);
      if (scope.has(p) && after > es) es = after;
    }
    earlyStart.set(id, es);
    earlyFinish.set(id, shift(es, duration(t) - 1));
  }

  const entries = new Map<number, PlanEntry>();
  for (const id of [...topo.order].reverse()) {
    const t = byId.get(id)!;
    let lf: string | null = feeds.has(id) ? milestone.dueOn : null;
    for (const s of succs.get(id) ?? []) {
      const before = shift(entries.get(s)!.latestStart, -1);
      if (lf == null || before < lf) lf = before;
    }
    const latestStart = shift(lf!, -(duration(t) - 1));
    entries.set(id, { latestStart, latestFinish: lf!, slack: days(earlyStart.get(id)!, latestStart), critical: false });
  }

  const minSlack = entries.size ? Math.min(...[...entries.values()].map((e) => e.slack)) : 0;
  for (const e of entries.values()) e.critical = e.slack === minSlack;
  // A link is on the path when both ends are critical and it is the one that binds (no gap between them).
  const criticalLinks = new Set(
    inScope
      .filter((l) => entries.get(l.predecessorId)!.critical && entries.get(l.successorId)!.critical)
      .filter((l) => shift(entries.get(l.predecessorId)!.latestFinish, 1) === entries.get(l.successorId)!.latestStart)
      .map(linkKey),
  );
  return { ok: true, deadline: milestone.dueOn, entries, criticalLinks, minSlack };
}

// -------------------------------------------------------------------------------- can it still make it?

export type Risk =
  | { kind: "lateStart"; latestStart: string }
  | { kind: "pace"; projected: string; latestFinish: string }
  | { kind: "overdue"; latestFinish: string };

/**
 * Why a task can no longer meet its latest dates (null when it still can): not started and its latest
 * start has passed (starting on the latest start day itself is still in time), or, at the pace so far
 * (progress per elapsed day), it would finish after its latest finish. Handed-in and closed tasks are done.
 */
export function cannotMakeIt(task: SchedTask, entry: Pick<PlanEntry, "latestStart" | "latestFinish">, today: string): Risk | null {
  if (task.status === "closed" || task.status === "pending_closeout" || task.progress >= 100) return null;
  const started = task.status !== "not_started" && task.progress > 0;
  if (!started) return today > entry.latestStart ? { kind: "lateStart", latestStart: entry.latestStart } : null;
  if (today > entry.latestFinish) return { kind: "overdue", latestFinish: entry.latestFinish };
  const elapsed = days(task.startOn, today) + 1;
  if (elapsed <= 0) return null;
  const remaining = Math.ceil(((100 - task.progress) * elapsed) / task.progress);
  const projected = shift(today, remaining);
  return projected > entry.latestFinish ? { kind: "pace", projected, latestFinish: entry.latestFinish } : null;
}
