// The app's one clock. Domain code never reads the machine clock: it asks this for the instant
// (`now`) and for the calendar date in the consortium's time zone (`today`, Asia/Shanghai unless
// the consortium profile says otherwise). Timers (reminders, digests, backups, session purge) are
// scheduled on it too, so a test that pins the clock can advance it instead of waiting.
import { TZDate } from "@date-fns/tz";
import { addDays, format, parseISO } from "date-fns";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";
/** Zones offered on the consortium profile (China's, then neighbours where member units may sit). */
export const TIME_ZONES = [DEFAULT_TIME_ZONE, "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/Berlin", "UTC"] as const;

/** The calendar date (yyyy-MM-dd) of an instant in a time zone. */
export function dateIn(instant: Date | number, timeZone: string): string {
  return format(new TZDate(+instant, timeZone), "yyyy-MM-dd");
}

/** Wall-clock time (HH:mm) of an instant in a time zone. */
export function timeIn(instant: Date | number, timeZone: string): string {
  return format(new TZDate(+instant, timeZone), "HH:mm");
}

/** The instant at which a calendar date's wall-clock time `hhmm` begins in a time zone. */
export function instantAt(date: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = hhmm.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, h, min, timeZone).getTime());
}

/** The next instant strictly after `from` at which it is `hhmm` in the time zone. */
export function nextDailyAt(from: number, hhmm: string, timeZone: string): number {
  const today = dateIn(from, timeZone);
  const first = instantAt(today, hhmm, timeZone).getTime();
  if (first > from) return first;
  return instantAt(format(addDays(parseISO(today), 1), "yyyy-MM-dd"), hhmm, timeZone).getTime();
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type Schedule = { everyMs: number } | { dailyAt: string };

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current instant as an ISO string (UTC), for row stamps. */
  nowIso(): string;
  /** Today's calendar date in the consortium's time zone. */
  today(): string;
  readonly timeZone: string;
  setTimeZone(timeZone: string): void;
  /** True when the clock was pinned (tests); only such a clock can be advanced. */
  readonly pinned: boolean;
  /** Moves a pinned clock forward and runs every timer that fell due, in order. */
  advance(ms: number): Promise<void>;
  /** Runs `fn` on a schedule; returns a function that cancels it. Errors go to `onError`. */
  schedule(when: Schedule, fn: () => unknown, onError?: (err: unknown) => void): () => void;
}

type Timer = { next: number; when: Schedule; fn: () => unknown; onError?: (err: unknown) => void; handle?: ReturnType<typeof setTimeout> };

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * A clock. `pinnedAt` freezes it at that instant (tests, APP_NOW): it moves only by `advance`, and
 * its timers fire only then. Without it, it reads the machine's time (the only place that does).
 */
export function createClock(opts: { pinnedAt?: Date | string; timeZone?: string } = {}): Clock {
  let zone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) throw new Error(`unknown time zone: ${zone}`);
  const pinned = opts.pinnedAt !== undefined;
  let frozen = pinned ? new Date(opts.pinnedAt!).getTime() : 0;
  if (pinned && Number.isNaN(frozen)) throw new Error(`APP_NOW is not an instant: ${String(opts.pinnedAt)}`);
  const timers = new Set<Timer>();
  // The machine clock, read here and nowhere else in domain code.
  const read = () => (pinned ? frozen : Date.now());

  const nextOf = (t: Timer, from: number) => ("everyMs" in t.when ? from + t.when.everyMs : nextDailyAt(from, t.when.dailyAt, zone));
  const fire = async (t: Timer) => {
    try {
      await t.fn();
    } catch (err) {
      t.onError?.(err);
    }
  };
  const arm = (t: Timer) => {
    if (pinned || !timers.has(t)) return;
    const wait = Math.max(0, Math.min(MAX_TIMEOUT, t.next - read()));
    t.handle = setTimeout(() => {
      if (!timers.has(t)) return;
      if (read() >= t.next) {
        t.next = nextOf(t, read());
        void fire(t);
      }
      arm(t);
    }, wait);
    t.handle.unref?.();
  };

  const clock: Clock = {
    now: () => new Date(read()),
    nowIso: () => new Date(read()).toISOString(),
    today: () => dateIn(read(), zone),
    get timeZone() {
      return zone;
    },
    setTimeZone(tz) {
      if (!isTimeZone(tz)) throw new Error(`unknown time zone: ${tz}`);
      zone = tz;
      // Daily timers keep their wall-clock time in the new zone.
      for (const t of timers) {
        if ("dailyAt" in t.when) {
          t.next = nextOf(t, read());
          if (t.handle) clearTimeout(t.handle);
          arm(t);
        }
      }
    },
    pinned,
    async advance(ms) {
      if (!pinned) throw new Error("only a pinned clock can be advanced");
      if (!(ms >= 0)) throw new Error("a clock only moves forward");
      const target = frozen + ms;
      for (;;) {
        const due = [...timers].filter((t) => t.next <= target).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        frozen = Math.max(frozen, due.next);
        due.next = nextOf(due, frozen);
        await fire(due);
      }
      frozen = target;
    },
    schedule(when, fn, onError) {
      const t: Timer = { next: 0, when, fn, onError };
      t.next = nextOf(t, read());
      timers.add(t);
      arm(t);
      return () => {
        timers.delete(t);
        if (t.handle) clearTimeout(t.handle);
      };
    },
  };
  return clock;
}

/** The clock a process runs on: pinned by APP_NOW (tests), else the machine's. */
export const clockFromEnv = (env: Record<string, string | undefined> = process.env, timeZone?: string): Clock =>
  createClock({ pinnedAt: env.APP_NOW || undefined, timeZone });
