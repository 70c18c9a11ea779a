// The demo seed lays down fourteen months of history through the model functions, so every row, audit
// line and board event carries the instant it would have had. It does so on a history clock: a clock
// the seed sets forward step by step (synchronously, inside its one transaction), which stands in for
// the app clock on the database handle while the history is written and never passes the real now.
import type { DB } from "./client";
import { dateIn, instantAt, type Clock } from "../app/models/clock";
import type { Actor, AppContext } from "../app/models/context.server";
import type { TaskStatus } from "../app/models/domain";

export type History = {
  /** Moves the history clock to `day` (yyyy-MM-dd) at `hhmm` in the consortium's zone: never back, never past the real now. */
  at(day: string, hhmm: string): void;
};

function historyClock(start: number, until: number, timeZone: string): Clock & { moveTo(ms: number): void } {
  let at = Math.min(start, until);
  let zone = timeZone;
  return {
    now: () => new Date(at),
    nowIso: () => new Date(at).toISOString(),
    today: () => dateIn(at, zone),
    get timeZone() {
      return zone;
    },
    setTimeZone(tz) {
      zone = tz;
    },
    pinned: true,
    async advance(ms) {
      at = Math.min(at + ms, until);
    },
    schedule() {
      throw new Error("no schedules run in the demo's past");
    },
    moveTo(ms) {
      at = Math.max(at, Math.min(ms, until));
    },
  };
}

/**
 * Runs `write` with the database's clock replaced by a history clock starting at `from` (yyyy-MM-dd,
 * 09:00), then gives the app clock back, whatever happens. The app clock's own timers are untouched.
 */
export function inHistory<R>(db: DB, from: string, write: (h: History) => R): R {
  const app = db.$clock;
  // A minute before the real now: nothing the history writes can look newer than what people do next.
  const clock = historyClock(instantAt(from, "09:00", app.timeZone).getTime(), app.now().getTime() - 60_000, app.timeZone);
  db.$clock = clock;
  try {
    return write({ at: (day, hhmm) => clock.moveTo(instantAt(day, hhmm, clock.timeZone).getTime()) });
  } finally {
    db.$clock = app;
  }
}

/** Registers one step of the history: what someone does at `hhmm` (consortium time) on `day`. */
export type Step = (day: Date | string, hhmm: string, write: () => void) => void;

/** A task of the demo as planned: where it will stand today (its row is found by code when a step runs). */
export type DemoTask = {
  code: string;
  projectIndex: number;
  startOn: string;
  dueOn: string;
  status: TaskStatus;
  progress: number;
  /** The owner person, or null (a unit without accounts). */
  ownerUser: string | null;
};

/** A project of the demo as planned (index as in `projectId`). */
export type DemoProject = { leadUser: string; startOn: string; endOn: string };

/**
 * What a later feature's part of the story (db/seed-extras/) is given: the same timeline, people and
 * plan as the core history, on which it registers its own steps. Ids resolve only while steps run.
 */
export type DemoScope = {
  ctx: AppContext;
  /** The calendar date of the app clock's today (local midnight). */
  today: Date;
  step: Step;
  as(username: string): Actor;
  userId(username: string): number;
  taskId(code: string): number;
  projectId(index: number): number;
  tasks: readonly DemoTask[];
  projects: readonly DemoProject[];
};

export type DemoStory = (s: DemoScope) => void;
