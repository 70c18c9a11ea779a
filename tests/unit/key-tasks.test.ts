import { describe, expect, it } from "vitest";
import { filingDeadline, filingSchema, filingState, isLocked, monthEnd, reportEditSchema } from "../../app/models/key-tasks";

describe("filing deadline and lock", () => {
  it("puts the deadline on the month's filing day", () => {
    expect(filingDeadline("2026-11", 25)).toBe("2026-11-25");
    expect(filingDeadline("2027-02", 5)).toBe("2027-02-05");
  });

  it("keeps the deadline day itself open and locks the day after", () => {
    expect(isLocked("2026-11", "2026-11-24", 25, [])).toBe(false);
    expect(isLocked("2026-11", "2026-11-25", 25, [])).toBe(false);
    expect(isLocked("2026-11", "2026-11-26", 25, [])).toBe(true);
    expect(isLocked("2026-10", "2026-11-01", 25, [])).toBe(true);
  });

  it("a future month is open", () => {
    expect(isLocked("2026-12", "2026-11-30", 25, [])).toBe(false);
  });

  it("a reopening covers its month through its last day only", () => {
    const reopened = [{ month: "2026-11", until: "2026-11-28" }];
    expect(isLocked("2026-11", "2026-11-28", 25, reopened)).toBe(false);
    expect(isLocked("2026-11", "2026-11-29", 25, reopened)).toBe(true);
    expect(isLocked("2026-10", "2026-11-27", 25, reopened)).toBe(true);
  });

  it("follows the filing day setting", () => {
    expect(isLocked("2026-11", "2026-11-11", 10, [])).toBe(true);
    expect(isLocked("2026-11", "2026-11-27", 28, [])).toBe(false);
  });
});

describe("filing state", () => {
  it("is filed only when every row is filed", () => {
    expect(filingState([true, true], "2026-11-30", "2026-11-25")).toBe("filed");
    expect(filingState([true, false], "2026-11-25", "2026-11-25")).toBe("open");
    expect(filingState([true, false], "2026-11-26", "2026-11-25")).toBe("late");
    expect(filingState([], "2026-11-26", "2026-11-25")).toBe("late");
  });

  it("knows each month's last day", () => {
    expect(monthEnd("2026-11")).toBe("2026-11-30");
    expect(monthEnd("2028-02")).toBe("2028-02-29");
    expect(monthEnd("2026-12")).toBe("2026-12-31");
  });
});

describe("schemas", () => {
  const row = { taskId: 3, month: "2026-11", version: 0, plannedTarget: "完成初样", actualProgress: 40, problems: "", nextSteps: "" };

  it("accepts a row edit and bounds progress to 0-100", () => {
    expect(reportEditSchema.safeParse(row).success).toBe(true);
    expect(reportEditSchema.safeParse({ ...row, actualProgress: 0 }).success).toBe(true);
    expect(reportEditSchema.safeParse({ ...row, actualProgress: 100 }).success).toBe(true);
    expect(reportEditSchema.safeParse({ ...row, actualProgress: 101 }).success).toBe(false);
    expect(reportEditSchema.safeParse({ ...row, actualProgress: -1 }).success).toBe(false);
    expect(reportEditSchema.safeParse({ ...row, actualProgress: 12.5 }).success).toBe(false);
  });

  it("refuses malformed months with a catalogue message", () => {
    for (const month of ["2026-13", "2026-00", "2026-1", "26-11", "2026-11-01"]) {
      const r = filingSchema.safeParse({ unitId: 1, month });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("keyTasks.invalidMonth");
    }
  });

  it("refuses unknown fields (a status cannot be forged through an edit)", () => {
    expect(reportEditSchema.safeParse({ ...row, status: "filed" }).success).toBe(false);
  });
});
