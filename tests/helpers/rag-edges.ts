// Tasks on each side of every RAG threshold, dated around the pinned day: the tests that hold a count or a
// filter in SQL to ragOf (battle map window, chief dashboard) put them on demo rows.
import { PINNED_TODAY } from "./clock";

/** The ISO date `offset` days from the pinned day. */
export const pinnedDay = (offset: number) => new Date(Date.UTC(2026, 10, 23 + offset)).toISOString().slice(0, 10);
const day = pinnedDay;
const TODAY = PINNED_TODAY;

/** Rows on each side of every RAG threshold (10/30 % lag, 7/15 days late), one-day and inverted bars. */
export const RAG_EDGES: { startOn: string; dueOn: string; progress: number; status: string; isKey?: boolean }[] = [
  { startOn: day(-10), dueOn: day(10), progress: 40, status: "in_progress" }, // lag exactly 10: green
  { startOn: day(-10), dueOn: day(10), progress: 39, status: "in_progress" }, // 11: yellow
  { startOn: day(-10), dueOn: day(10), progress: 20, status: "in_progress" }, // exactly 30: yellow
  { startOn: day(-10), dueOn: day(10), progress: 19, status: "in_progress" }, // 31: red
  { startOn: day(-40), dueOn: day(-7), progress: 100, status: "in_progress" }, // 7 days late: green
  { startOn: day(-40), dueOn: day(-8), progress: 100, status: "not_started" }, // 8: yellow
  { startOn: day(-40), dueOn: day(-15), progress: 100, status: "in_progress" }, // 15: yellow
  { startOn: day(-40), dueOn: day(-16), progress: 100, status: "in_progress" }, // 16: red
  { startOn: day(-40), dueOn: day(-30), progress: 10, status: "pending_closeout" }, // handed in: not late
  { startOn: TODAY, dueOn: TODAY, progress: 0, status: "not_started" }, // one day, due today: planned 100
  { startOn: day(1), dueOn: day(1), progress: 0, status: "not_started" }, // one day, tomorrow: planned 0
  { startOn: day(5), dueOn: day(2), progress: 0, status: "in_progress", isKey: true }, // due before start
  { startOn: day(-1), dueOn: day(2), progress: 23, status: "in_progress" }, // lag 10.33…: yellow
  { startOn: day(-1), dueOn: day(2), progress: 24, status: "in_progress" }, // 9.33…: green
  { startOn: day(-100), dueOn: day(-50), progress: 10, status: "closed" },
  { startOn: day(-100), dueOn: day(-50), progress: 10, status: "suspended", isKey: true },
];
