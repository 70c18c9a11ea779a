import { describe, expect, it } from "vitest";
import { daysLate, plannedPercent, ragOf, taskProgress, type RagTask } from "../../app/models/rag";
import { PROVINCE_PROFILES } from "../../app/models/settings";

const s = PROVINCE_PROFILES.zhejiang; // 10 % / 30 %, 7 / 15 days
// 100 days: 2026-01-01 .. 2026-04-11, so on 2026-02-20 the plan says exactly 50 %.
const task = (over: Partial<RagTask> = {}): RagTask => ({ startOn: "2026-01-01", dueOn: "2026-04-11", status: "in_progress", progress: 0, ...over });
const mid = "2026-02-20";

describe("planned percentage", () => {
  it("is time-proportional and clamped to 0..100", () => {
    expect(plannedPercent("2026-01-01", "2026-04-11", mid)).toBe(50);
    expect(plannedPercent("2026-01-01", "2026-04-11", "2025-12-01")).toBe(0);
    expect(plannedPercent("2026-01-01", "2026-04-11", "2026-09-01")).toBe(100);
  });
  it("a one-day task is 0 % before its day and 100 % on it", () => {
    expect(plannedPercent("2026-03-01", "2026-03-01", "2026-02-28")).toBe(0);
    expect(plannedPercent("2026-03-01", "2026-03-01", "2026-03-01")).toBe(100);
  });
});

describe("RAG by lag behind the plan", () => {
  it("exactly 10 % behind is still green, 10.01 % is yellow", () => {
    expect(ragOf(task(), mid, s, 40).rag).toBe("green");
    expect(ragOf(task(), mid, s, 39.99).rag).toBe("yellow");
  });
  it("exactly 30 % behind is yellow, 30.01 % is red", () => {
    expect(ragOf(task(), mid, s, 20).rag).toBe("yellow");
    expect(ragOf(task(), mid, s, 19.99).rag).toBe("red");
  });
  it("ahead of plan is green and says so with the figures", () => {
    expect(ragOf(task({ progress: 80 }), mid, s)).toEqual({
      rag: "green",
      reason: { key: "battleMap.rag.onTrack", params: { planned: 50, progress: 80, lag: -30, days: 0 } },
    });
  });
  it("explains a lag with the rounded gap", () => {
    expect(ragOf(task(), mid, s, 39.99).reason).toEqual({
      key: "battleMap.rag.behind",
      params: { planned: 50, progress: 40, lag: 10, days: 0 },
    });
  });
  it("uses the recorded percentage by default (the indicator hook)", () => {
    expect(taskProgress({ progress: 37 })).toBe(37);
    expect(ragOf(task({ progress: 39 }), mid, s).rag).toBe("yellow");
  });
});

describe("RAG by days late", () => {
  const done = task({ progress: 100 }); // fully progressed: only lateness counts
  it("7 days late is green, 8 is yellow", () => {
    expect(daysLate(done, "2026-04-18")).toBe(7);
    expect(ragOf(done, "2026-04-18", s).rag).toBe("green");
    expect(ragOf(done, "2026-04-19", s)).toMatchObject({ rag: "yellow", reason: { key: "battleMap.rag.late", params: { days: 8 } } });
  });
  it("15 days late is yellow, 16 is red", () => {
    expect(ragOf(done, "2026-04-26", s).rag).toBe("yellow");
    expect(ragOf(done, "2026-04-27", s).rag).toBe("red");
  });
  it("late and behind names both", () => {
    expect(ragOf(task({ progress: 50 }), "2026-04-27", s)).toMatchObject({
      rag: "red",
      reason: { key: "battleMap.rag.lateAndBehind", params: { days: 16, lag: 50 } },
    });
  });
  it("a task handed in for close-out (待销号) is not late", () => {
    const t = task({ status: "pending_closeout", progress: 100 });
    expect(daysLate(t, "2026-06-01")).toBe(0);
    expect(ragOf(t, "2026-06-01", s).rag).toBe("green");
  });
});

describe("closed and suspended tasks", () => {
  it("closed (已销号) is done whatever the dates", () => {
    expect(ragOf(task({ status: "closed", progress: 0 }), "2027-01-01", s)).toEqual({ rag: "done", reason: { key: "battleMap.rag.closed", params: {} } });
  });
  it("suspended is grey, never red", () => {
    expect(ragOf(task({ status: "suspended" }), "2027-01-01", s).rag).toBe("suspended");
  });
});

describe("with the consortium's own thresholds", () => {
  it("a tighter yellow lag catches a smaller gap", () => {
    expect(ragOf(task(), mid, s, 44).rag).toBe("green");
    expect(ragOf(task(), mid, { ...s, ragYellowLag: 5 }, 44).rag).toBe("yellow");
  });
  it("a shorter red limit turns 11 days late red", () => {
    const done = task({ progress: 100 });
    expect(ragOf(done, "2026-04-22", s).rag).toBe("yellow");
    expect(ragOf(done, "2026-04-22", { ...s, ragRedDays: 10 }).rag).toBe("red");
  });
  it("zero thresholds make any lag count", () => {
    expect(ragOf(task(), mid, { ragYellowLag: 0, ragRedLag: 0, ragYellowDays: 0, ragRedDays: 0 }, 49.9).rag).toBe("red");
    expect(ragOf(task(), mid, { ragYellowLag: 0, ragRedLag: 0, ragYellowDays: 0, ragRedDays: 0 }, 50).rag).toBe("green");
  });
});
