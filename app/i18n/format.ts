// Dates and numbers in the viewer's language: date-fns locales for dates, Intl.NumberFormat for numbers.
// Stored dates are ISO strings ("2026-11-23", "2026-11", or UTC timestamps). Timestamps are shown in
// the consortium's time zone (Beijing unless its profile says otherwise) whatever the machine's zone,
// so the server render and the browser agree (no hydration drift).
import { format, parseISO, isValid } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { DEFAULT_TIME_ZONE } from "../models/clock";
// The two locales by path: the index imports every date-fns locale (a second of server start).
import { enUS } from "date-fns/locale/en-US";
import { zhCN } from "date-fns/locale/zh-CN";
import type { Locale as DateLocale } from "date-fns";
import type { Locale } from "./catalog";

const DATE_LOCALES: Record<Locale, DateLocale> = { "zh-CN": zhCN, en: enUS };
const NUMBER_LOCALES: Record<Locale, string> = { "zh-CN": "zh-CN", en: "en-US" };

/** Named patterns per locale; any other string is used as a date-fns pattern as it is. */
const PATTERNS = {
  date: { "zh-CN": "yyyy-MM-dd", en: "d MMM yyyy" },
  long: { "zh-CN": "yyyy年M月d日", en: "d MMMM yyyy" },
  short: { "zh-CN": "M月d日", en: "d MMM" },
  iso: { "zh-CN": "yyyy-MM-dd", en: "yyyy-MM-dd" },
  month: { "zh-CN": "yyyy年M月", en: "MMMM yyyy" },
  monthShort: { "zh-CN": "yyyy年M月", en: "MMM yyyy" },
  dateTime: { "zh-CN": "yyyy-MM-dd HH:mm", en: "d MMM yyyy, HH:mm" },
  monthName: { "zh-CN": "LLL", en: "LLL" },
  weekday: { "zh-CN": "M月d日 EEEE", en: "EEEE d MMM" },
} as const;
export type DatePattern = keyof typeof PATTERNS;

/** A Date whose wall clock shows the value: date-only strings as they are, timestamps in the zone. */
function wallClock(iso: string, timeZone: string): Date | null {
  if (/^\d{4}-\d{2}$/.test(iso)) return parseISO(`${iso}-01`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return parseISO(iso);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new TZDate(ms, timeZone);
}

function patternFor(locale: Locale, pattern: DatePattern | string): string {
  return pattern in PATTERNS ? PATTERNS[pattern as DatePattern][locale] : pattern;
}

// date-fns' format is slow next to a map look-up, and a page shows the same few dates many times (a
// board's cards share due dates): each text is made once. A pure function of its four inputs; the map is
// emptied when full so it stays small on a long-running server.
const formatted = new Map<string, string>();
const FORMATTED_MAX = 5000;

/** formatDate("en", "2026-11-23") -> "23 Nov 2026"; formatDate("zh-CN", "2026-11-23") -> "2026-11-23". */
export function formatDate(locale: Locale, iso: string | null | undefined, pattern: DatePattern | string = "date", timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return "";
  const key = `${locale}|${pattern}|${timeZone}|${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const d = wallClock(iso, timeZone);
    text = !d || !isValid(d) ? iso : format(d, patternFor(locale, pattern), { locale: DATE_LOCALES[locale] });
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** formatMonth("en", "2026-11") -> "November 2026"; also accepts a full date. */
export function formatMonth(locale: Locale, iso: string | null | undefined, short = false): string {
  return formatDate(locale, iso ? iso.slice(0, 7) : iso, short ? "monthShort" : "month");
}

/** A timestamp in the consortium's zone, e.g. "2026-11-23 10:05" / "23 Nov 2026, 10:05". */
export function formatDateTime(locale: Locale, iso: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatDate(locale, iso, "dateTime", timeZone);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Grouped numbers in the locale's style; options as for Intl.NumberFormat. */
export function formatNumber(locale: Locale, n: number, options?: Intl.NumberFormatOptions): string {
  const key = `${locale}|${JSON.stringify(options ?? {})}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(NUMBER_LOCALES[locale], options);
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** A share 0..1 as a whole percentage: "67%". */
export function formatPercent(locale: Locale, share: number): string {
  return formatNumber(locale, share, { style: "percent", maximumFractionDigits: 0 });
}
