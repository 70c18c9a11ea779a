// The battle map's rows on the wire, from the loader to the page: ONE JSON string of compact tuples.
// Remix's single-fetch encoder (turbo-stream) walks and indexes every value it is given; 5,000 row
// objects cost ~50 ms of blocked event loop per page on the benchmark (tests/bench/battle-map.ts), a
// single string is a single value, and tuples carry no keys. The layout (battle-map.ts) never sees this.
import { TASK_STATUSES } from "./domain";
import { epochDay } from "./rag";
import type { MapTaskRow } from "./battle-map";
import type { BattleMapData } from "./battle-map.server";

/**
 * A task as it travels in the page: a tuple, no keys (5,000 rows of them), dates as day numbers and the
 * status as its index, so only the code and the title are quoted. The HTML carries the JSON inside a
 * string inside a script, where every quote costs four characters: this halves the page.
 */
export type TaskTuple = [
  id: number,
  projectId: number,
  code: string,
  title: string,
  ownerUnitId: number,
  startDay: number,
  dueDay: number,
  status: number,
  progress: number,
  isKey: 0 | 1,
  version: number,
];

/** What the route sends: the map's data with the rows as `tasksJson`. */
export type BattleMapPayload = Omit<BattleMapData, "tasks"> & { tasksJson: string };

const dayIso = new Map<number, string>();
/** The ISO date of a day number (inverse of `epochDay`), remembered: a map has a few thousand distinct days. */
export function isoOfDay(day: number): string {
  let s = dayIso.get(day);
  if (s === undefined) {
    s = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (dayIso.size > 50_000) dayIso.clear();
    dayIso.set(day, s);
  }
  return s;
}

export const encodeTask = (t: MapTaskRow): TaskTuple => [
  t.id,
  t.projectId,
  t.code,
  t.title,
  t.ownerUnitId,
  epochDay(t.startOn),
  epochDay(t.dueOn),
  TASK_STATUSES.indexOf(t.status),
  t.progress,
  t.isKey ? 1 : 0,
  t.version,
];

export const decodeTask = ([id, projectId, code, title, ownerUnitId, startDay, dueDay, status, progress, isKey, version]: TaskTuple): MapTaskRow => ({
  id,
  projectId,
  code,
  title,
  ownerUnitId,
  startOn: isoOfDay(startDay),
  dueOn: isoOfDay(dueDay),
  status: TASK_STATUSES[status]!,
  progress,
  isKey: isKey === 1,
  version,
  archivedAt: null,
});

export function toPayload({ tasks, ...rest }: BattleMapData): BattleMapPayload {
  return { ...rest, tasksJson: JSON.stringify(tasks.map(encodeTask)) };
}

/**
 * The map's data from the payload. `decoded`: the rows the server render already holds (the loader's own,
 * handed over through the request, see app/lib/render-handoff.ts), so it does not parse the JSON it just
 * wrote; the browser, which has only the JSON, parses it.
 */
export function fromPayload({ tasksJson, ...rest }: BattleMapPayload, decoded?: MapTaskRow[]): BattleMapData {
  return { ...rest, tasks: decoded ?? (JSON.parse(tasksJson) as TaskTuple[]).map(decodeTask) };
}
