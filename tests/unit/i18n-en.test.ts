// The English catalogue mirrors zh-CN exactly (same keys, same placeholders) and is really English:
// no CJK characters, except in a short allowlist of proper names. Also the date/number formatters.
import { describe, expect, it } from "vitest";
import { zhCN } from "../../app/i18n/zh-CN";
import { en } from "../../app/i18n/en";
import { LOCALES, resolveLocale, translate } from "../../app/i18n/catalog";
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPercent } from "../../app/i18n/format";

/** Leaf keys ("board.due") -> text. */
function leaves(node: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof node === "string") out.set(prefix, node);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

// Han, kana, hangul and CJK punctuation / full-width forms.
const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/;
/**
 * Keys whose English text may keep Chinese; keep this list short and justified. The import sheet's own
 * vocabulary (是/否, 提高/降低/是否) is what the template's drop-downs hold and the importer reads, whatever
 * the reader's language, so the English messages name those words as they appear in the cells.
 */
const CJK_ALLOWLIST = new Set<string>([
  "import.directions.higher",
  "import.directions.lower",
  "import.directions.yesno",
  "import.yes",
  "import.no",
  "import.errors.badYesNo",
  "import.errors.badDirection",
]);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const zh = leaves(zhCN);
const english = leaves(en);

describe("en catalogue", () => {
  it("has exactly the zh-CN key set", () => {
    const missing = [...zh.keys()].filter((k) => !english.has(k));
    const extra = [...english.keys()].filter((k) => !zh.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(english.size).toBeGreaterThan(400);
  });

  it("contains no CJK characters outside the allowlist", () => {
    const chinese = [...english].filter(([k, v]) => CJK.test(v) && !CJK_ALLOWLIST.has(k)).map(([k, v]) => `${k}: ${v}`);
    expect(chinese).toEqual([]);
  });

  it("keeps every placeholder of the zh-CN text", () => {
    const differs = [...zh]
      .filter(([k, v]) => english.has(k) && placeholders(v).join() !== placeholders(english.get(k)!).join())
      .map(([k]) => k);
    expect(differs).toEqual([]);
  });

  it("leaves no string empty", () => {
    expect([...english].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
  });

  it("translates with the user's locale and falls back to zh-CN for unknown locales", () => {
    expect(LOCALES).toEqual(["zh-CN", "en"]);
    expect(resolveLocale("en")).toBe("en");
    expect(resolveLocale("fr")).toBe("zh-CN");
    expect(resolveLocale(undefined)).toBe("zh-CN");
    expect(translate("en", "nav.home")).toBe("My work");
    expect(translate("zh-CN", "nav.home")).toBe("我的工作");
    expect(translate("en", "board.due", { date: "23 Nov 2026" })).toBe("Due 23 Nov 2026");
    expect(translate("en", "errors.forbidden")).toBe("You do not have permission to do this");
  });
});

describe("formatters", () => {
  it("formats dates with the date-fns locale", () => {
    expect(formatDate("zh-CN", "2026-11-23")).toBe("2026-11-23");
    expect(formatDate("en", "2026-11-23")).toBe("23 Nov 2026");
    expect(formatDate("zh-CN", "2026-11-23", "long")).toBe("2026年11月23日");
    expect(formatDate("en", "2026-11-23", "long")).toBe("23 November 2026");
    expect(formatDate("en", "2026-11-01", "monthName")).toBe("Nov");
    expect(formatDate("zh-CN", "2026-11-01", "monthName")).toBe("11月");
    expect(formatDate("en", "2026-11-23", "EEEE")).toBe("Monday");
    expect(formatDate("en", "")).toBe("");
    expect(formatDate("en", "not a date")).toBe("not a date");
  });

  it("formats months and Beijing-time timestamps", () => {
    expect(formatMonth("zh-CN", "2026-11")).toBe("2026年11月");
    expect(formatMonth("en", "2026-11-23")).toBe("November 2026");
    expect(formatMonth("en", "2026-11", true)).toBe("Nov 2026");
    // 18:30 UTC is 02:30 the next day in Beijing.
    expect(formatDateTime("zh-CN", "2026-11-23T18:30:00.000Z")).toBe("2026-11-24 02:30");
    expect(formatDateTime("en", "2026-11-23T18:30:00.000Z")).toBe("24 Nov 2026, 02:30");
  });

  it("formats numbers and percentages", () => {
    expect(formatNumber("en", 1234567.5)).toBe("1,234,567.5");
    expect(formatNumber("zh-CN", 1234567.5)).toBe("1,234,567.5");
    expect(formatPercent("en", 0.675)).toBe("68%");
  });
});
