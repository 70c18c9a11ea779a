// formatDate remembers each text it made (a board formats the same due dates on every card): the
// remembered text must be the one it would make afresh, per locale, pattern and time zone.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "../../app/i18n/format";

describe("formatDate", () => {
  it("answers the same text the second time, per locale and pattern", () => {
    for (let i = 0; i < 2; i++) {
      expect(formatDate("zh-CN", "2026-11-23")).toBe("2026-11-23");
      expect(formatDate("en", "2026-11-23")).toBe("23 Nov 2026");
      expect(formatDate("zh-CN", "2026-11-23", "long")).toBe("2026年11月23日");
      expect(formatDate("en", "2026-11-23", "long")).toBe("23 November 2026");
    }
  });

  it("keeps timestamps apart by time zone", () => {
    const at = "2026-11-23T17:30:00.000Z";
    expect(formatDateTime("zh-CN", at, "Asia/Shanghai")).toBe("2026-11-24 01:30");
    expect(formatDateTime("zh-CN", at, "UTC")).toBe("2026-11-23 17:30");
    expect(formatDateTime("zh-CN", at, "Asia/Shanghai")).toBe("2026-11-24 01:30");
  });

  it("passes what is not a date through, and stays right after many distinct dates", () => {
    expect(formatDate("en", "not a date")).toBe("not a date");
    expect(formatDate("en", "")).toBe("");
    for (let d = 0; d < 6000; d++) formatDate("zh-CN", `2020-01-01T00:00:${String(d % 60).padStart(2, "0")}.${String(d).padStart(4, "0").slice(0, 3)}Z`, "dateTime");
    expect(formatDate("en", "2026-11-23")).toBe("23 Nov 2026");
    expect(formatDate("zh-CN", "2026-02-30")).toBe("2026-02-30");
  });
});
