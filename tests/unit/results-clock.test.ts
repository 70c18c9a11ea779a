// The 2-year 先用后转 clock on its boundaries: the day before and the day of each mark, leap days, month
// ends, and which results it applies to.
import { describe, expect, it } from "vitest";
import { ipClock, monthsElapsed, pooledResults, resultClock, filterResults, type ResultRow } from "../../app/models/results";

describe("ipClock", () => {
  it("is 'ok' before 18 months, warns at exactly 18 and 21 months and pools at exactly 24", () => {
    const from = "2024-03-10";
    expect(ipClock(from, "2025-09-09")).toMatchObject({ state: "ok", months: 17 });
    expect(ipClock(from, "2025-09-10")).toMatchObject({ state: "warn18", months: 18, warn18On: "2025-09-10" });
    expect(ipClock(from, "2025-12-09")).toMatchObject({ state: "warn18", months: 20 });
    expect(ipClock(from, "2025-12-10")).toMatchObject({ state: "warn21", months: 21, warn21On: "2025-12-10" });
    expect(ipClock(from, "2026-03-09")).toMatchObject({ state: "warn21", months: 23, daysToPool: 1 });
    expect(ipClock(from, "2026-03-10")).toMatchObject({ state: "pooled", months: 24, poolOn: "2026-03-10", daysToPool: 0 });
    expect(ipClock(from, "2027-01-01")).toMatchObject({ state: "pooled", months: 33 });
  });

  it("counts a right obtained on 29 February to the last day of February (addMonths clamps)", () => {
    const from = "2024-02-29";
    const c = ipClock(from, "2026-02-27");
    expect(c.poolOn).toBe("2026-02-28");
    expect(c.warn18On).toBe("2025-08-29");
    expect(c.warn21On).toBe("2025-11-29");
    expect(c).toMatchObject({ state: "warn21", months: 23 });
    expect(ipClock(from, "2026-02-28")).toMatchObject({ state: "pooled", months: 24 });
    // Into a leap year: 2028-02-29 + 24 months would not exist in 2030, the same clamp applies.
    expect(ipClock("2028-02-29", "2030-02-28").state).toBe("pooled");
    expect(ipClock("2028-02-29", "2030-02-27").state).toBe("warn21");
  });

  it("counts from the 31st to the month's last day, and whole months only", () => {
    expect(ipClock("2024-08-31", "2026-02-27")).toMatchObject({ warn18On: "2026-02-28", state: "ok", months: 17 });
    expect(ipClock("2024-08-31", "2026-02-28")).toMatchObject({ state: "warn18", months: 18 });
    expect(monthsElapsed("2024-03-31", "2024-04-29")).toBe(0);
    expect(monthsElapsed("2024-03-31", "2024-04-30")).toBe(1);
    expect(monthsElapsed("2024-01-31", "2024-02-29")).toBe(1);
  });

  it("has no state without a date or before the right was obtained", () => {
    expect(ipClock(null, "2026-11-23")).toMatchObject({ state: "none", months: null, poolOn: null });
    expect(ipClock("2026-12-01", "2026-11-23")).toMatchObject({ state: "none", months: null, poolOn: "2028-12-01" });
    expect(ipClock("not-a-date", "2026-11-23").state).toBe("none");
  });
});

const row = (over: Partial<ResultRow>): ResultRow => ({
  id: 1,
  kind: "patent",
  title: "t",
  registrationNo: "",
  projectId: null,
  projectCode: null,
  ownerUnitId: 1,
  ownerUnitName: "u",
  obtainedOn: "2024-09-23",
  isCommonTech: true,
  inUse: false,
  useWhere: "",
  sharingUnitIds: [],
  sharingUnitNames: [],
  createdBy: 1,
  createdByName: "x",
  createdAt: "2024-09-23T00:00:00Z",
  version: 1,
  ...over,
});

describe("resultClock and the pool list", () => {
  const today = "2026-11-23";
  it("runs only for common-technology results that are not in use", () => {
    expect(resultClock(row({}), today).state).toBe("pooled");
    expect(resultClock(row({ inUse: true, useWhere: "x" }), today).state).toBe("none");
    expect(resultClock(row({ isCommonTech: false }), today).state).toBe("none");
  });

  it("lists pooled results, longest in the pool first, and filters by clock state and sharing unit", () => {
    const rows = [
      row({ id: 1, obtainedOn: "2024-10-01" }),
      row({ id: 2, obtainedOn: "2024-01-15" }),
      row({ id: 3, obtainedOn: "2025-04-18", sharingUnitIds: [7] }),
      row({ id: 4, obtainedOn: "2024-01-15", inUse: true }),
    ];
    expect(pooledResults(rows, today).map((r) => [r.id, r.poolOn])).toEqual([
      [2, "2026-01-15"],
      [1, "2026-10-01"],
    ]);
    expect(filterResults(rows, { clock: "warn18" }, today).map((r) => r.id)).toEqual([3]);
    expect(filterResults(rows, { unit: 7 }, today).map((r) => r.id)).toEqual([3]);
    expect(filterResults(rows, { clock: "none" }, today).map((r) => r.id)).toEqual([4]);
  });
});
