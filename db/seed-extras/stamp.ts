import { format } from "date-fns";
import type { DB } from "../client";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Timestamps for demo rows: `day` at hh:mm UTC, but never later than the app clock's now, so a demo
 * seeded in the small hours of a month's first day has no events stamped in its future.
 */
export const stamper =
  (db: DB) =>
  (day: Date, hour: number, minute = 0): string => {
    const stamp = `${format(day, "yyyy-MM-dd")}T${pad(hour)}:${pad(minute)}:00.000Z`;
    const now = db.$clock.now().getTime();
    return Date.parse(stamp) < now ? stamp : new Date(now - 60_000).toISOString();
  };
