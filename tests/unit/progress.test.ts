// Progress computed from indicators: each direction, yes/no, missing values, waivers, archived
// indicators, and the task and project means.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  indicatorProgress,
  indicatorsProgress,
  isMet,
  progressSource,
  projectProgress,
  taskProgress,
  type IndicatorForProgress,
} from "../../app/models/progress";

const higher = (latest: number | null, baseline: number | null = 60, target = 120): IndicatorForProgress => ({ direction: "higher", baseline, target, latest });
const lower = (latest: number | null, baseline: number | null = 3, target = 1): IndicatorForProgress => ({ direction: "lower", baseline, target, latest });
const yesno = (latest: number | null): IndicatorForProgress => ({ direction: "yesno", baseline: null, target: null, latest });

describe("one indicator", () => {
  it("higher is better: share of the way from baseline to target", () => {
    expect(indicatorProgress(higher(60))).toBe(0);
    expect(indicatorProgress(higher(90))).toBe(50);
    expect(indicatorProgress(higher(105))).toBe(75);
    expect(indicatorProgress(higher(120))).toBe(100);
    expect(isMet(higher(119.9))).toBe(false);
    expect(isMet(higher(120))).toBe(true);
  });

  it("lower is better: share of the way down from baseline to target", () => {
    expect(indicatorProgress(lower(3))).toBe(0);
    expect(indicatorProgress(lower(2))).toBe(50);
    expect(indicatorProgress(lower(1.5))).toBe(75);
    expect(indicatorProgress(lower(1))).toBe(100);
    expect(isMet(lower(1.01))).toBe(false);
    expect(isMet(lower(0.8))).toBe(true);
  });

  it("clamps beyond the target and behind the baseline", () => {
    expect(indicatorProgress(higher(150))).toBe(100);
    expect(indicatorProgress(higher(30))).toBe(0);
    expect(indicatorProgress(lower(0.2))).toBe(100);
    expect(indicatorProgress(lower(5))).toBe(0);
  });

  it("yes/no is 0 or 100", () => {
    expect(indicatorProgress(yesno(1))).toBe(100);
    expect(indicatorProgress(yesno(0))).toBe(0);
    expect(isMet(yesno(1))).toBe(true);
    expect(isMet(yesno(0))).toBe(false);
  });

  it("a missing value is 0 and not met, in every direction", () => {
    for (const i of [higher(null), lower(null), yesno(null)]) {
      expect(indicatorProgress(i)).toBe(0);
      expect(isMet(i)).toBe(false);
    }
  });

  it("no baseline: higher counts from 0; lower is all or nothing", () => {
    expect(indicatorProgress(higher(30, null, 120))).toBe(25);
    expect(indicatorProgress(lower(1.2, null, 1))).toBe(0);
    expect(indicatorProgress(lower(0.9, null, 1))).toBe(100);
  });

  it("target equal to the baseline: reached or not", () => {
    expect(indicatorProgress(higher(12, 12, 12))).toBe(100);
    expect(indicatorProgress(higher(11, 12, 12))).toBe(0);
    expect(indicatorProgress(lower(1, 1, 1))).toBe(100);
  });

  it("a waived indicator counts as met and shows 100", () => {
    const w = { ...higher(null), waivedReason: "用户需求变更，指标取消" };
    expect(isMet(w)).toBe(true);
    expect(indicatorProgress(w)).toBe(100);
  });

  it("stays within 0..100 and never decreases as a higher-is-better value rises", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), (b, v, d) => {
        const t = b + 1 + d;
        const p = indicatorProgress(higher(v, b, t));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(indicatorProgress(higher(v + 1, b, t))).toBeGreaterThanOrEqual(p);
      }),
    );
  });
});

describe("task progress", () => {
  it("is the mean of its indicators, computed, when it has any", () => {
    const list = [higher(90), lower(1), yesno(0)]; // 50, 100, 0
    expect(indicatorsProgress(list)).toBe(50);
    expect(taskProgress({ progress: 80 }, list)).toEqual({ progress: 50, source: "indicators" });
    expect(progressSource(list)).toBe("indicators");
  });

  it("uses the recorded percentage when there are no indicators (or only archived ones)", () => {
    expect(taskProgress({ progress: 35 }, [])).toEqual({ progress: 35, source: "recorded" });
    const archived = { ...higher(120), archivedAt: "2026-10-01T00:00:00Z" };
    expect(taskProgress({ progress: 35 }, [archived])).toEqual({ progress: 35, source: "recorded" });
    expect(progressSource([archived])).toBe("recorded");
  });

  it("indicators with no values yet make a computed 0, not the recorded percentage", () => {
    expect(taskProgress({ progress: 70 }, [higher(null), yesno(null)])).toEqual({ progress: 0, source: "indicators" });
  });

  it("leaves waived indicators out of the mean; all waived is 100", () => {
    const waived = { ...yesno(0), waivedReason: "改由系统级试验覆盖" };
    expect(indicatorsProgress([higher(90), waived])).toBe(50);
    expect(indicatorsProgress([waived])).toBe(100);
  });

  it("leaves archived indicators out of the mean", () => {
    expect(indicatorsProgress([higher(90), { ...yesno(1), archivedAt: "2026-10-01" }])).toBe(50);
  });
});

describe("project progress", () => {
  it("is the mean over its tasks and its project-level indicators, each weighing the same", () => {
    expect(projectProgress([100, 50], [yesno(0)])).toBe(50);
    expect(projectProgress([40], [])).toBe(40);
    expect(projectProgress([], [higher(90), lower(1)])).toBe(75);
  });

  it("is 0 with nothing to count, 100 when only waived indicators remain", () => {
    expect(projectProgress([], [])).toBe(0);
    expect(projectProgress([], [{ ...yesno(null), waivedReason: "x" }])).toBe(100);
  });
});
