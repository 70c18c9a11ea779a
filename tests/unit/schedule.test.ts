// 倒排工期: topological order, the backward pass, the critical path and "can it still make it".
import { describe, expect, it } from "vitest";
import { cannotMakeIt, cycleText, dependencyViolations, latestStarts, topoOrder, violatesLink, type SchedTask } from "../../app/models/schedule";

const task = (id: number, startOn: string, dueOn: string, more: Partial<SchedTask> = {}): SchedTask => ({
  id,
  startOn,
  dueOn,
  status: "not_started",
  progress: 0,
  ...more,
});
const link = (predecessorId: number, successorId: number) => ({ predecessorId, successorId });
const planOf = (r: ReturnType<typeof latestStarts>) => {
  if (!r.ok) throw new Error(`cycle ${r.cycle.join(",")}`);
  return r;
};

describe("topoOrder", () => {
  it("puts predecessors first and ignores links to tasks outside the set", () => {
    const r = topoOrder([3, 1, 2], [link(1, 2), link(2, 3), link(9, 1)]);
    expect(r).toEqual({ ok: true, order: [1, 2, 3] });
  });
  it("refuses a cycle and names it, first id repeated at the end", () => {
    const r = topoOrder([1, 2, 3, 4], [link(1, 2), link(2, 3), link(3, 2), link(3, 4)]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.cycle[0]).toBe(r.cycle[r.cycle.length - 1]);
    expect(new Set(r.cycle)).toEqual(new Set([2, 3]));
    const codes = new Map([
      [2, "T2"],
      [3, "T3"],
    ]);
    expect(cycleText(r.cycle, (id) => codes.get(id))).toMatch(/^T(2|3) → T(3|2) → T\1$/);
  });
  it("the named loop follows the arrows", () => {
    const r = topoOrder([1, 2, 3], [link(1, 2), link(2, 3), link(3, 1)]);
    if (r.ok) throw new Error("expected a cycle");
    const loop = r.cycle.join(",");
    expect(["1,2,3,1", "2,3,1,2", "3,1,2,3"]).toContain(loop);
  });
  it("a self-loop is a cycle too", () => {
    expect(topoOrder([5], [link(5, 5)])).toEqual({ ok: false, cycle: [5, 5] });
  });
});

describe("latestStarts (backward pass)", () => {
  it("a chain: each latest finish is the day before its successor's latest start", () => {
    const tasks = [task(1, "2026-01-01", "2026-01-10"), task(2, "2026-01-11", "2026-01-20"), task(3, "2026-01-21", "2026-01-31")];
    const plan = planOf(latestStarts(tasks, [link(1, 2), link(2, 3)], { dueOn: "2026-02-05", taskIds: [3] }));
    expect(plan.entries.get(3)).toMatchObject({ latestFinish: "2026-02-05", latestStart: "2026-01-26", slack: 5 });
    expect(plan.entries.get(2)).toMatchObject({ latestFinish: "2026-01-25", latestStart: "2026-01-16", slack: 5 });
    expect(plan.entries.get(1)).toMatchObject({ latestFinish: "2026-01-15", latestStart: "2026-01-06", slack: 5 });
    expect([...plan.entries.values()].every((e) => e.critical)).toBe(true);
    expect(plan.criticalLinks).toEqual(new Set(["1-2", "2-3"]));
  });

  it("a diamond: the longer of the two paths is critical, the shorter has slack", () => {
    // 1 → 2 (20 days) → 4 and 1 → 3 (5 days) → 4; the milestone is due the day 4 ends.
    const tasks = [
      task(1, "2026-03-01", "2026-03-10"),
      task(2, "2026-03-11", "2026-03-30"),
      task(3, "2026-03-11", "2026-03-15"),
      task(4, "2026-03-31", "2026-04-09"),
    ];
    const plan = planOf(latestStarts(tasks, [link(1, 2), link(1, 3), link(2, 4), link(3, 4)], { dueOn: "2026-04-09", taskIds: [4] }));
    expect(plan.minSlack).toBe(0);
    expect(plan.entries.get(3)).toMatchObject({ latestStart: "2026-03-26", latestFinish: "2026-03-30", slack: 15, critical: false });
    expect(plan.entries.get(2)).toMatchObject({ latestStart: "2026-03-11", critical: true });
    // Task 1 must end before the longer branch's latest start, not the shorter one's.
    expect(plan.entries.get(1)).toMatchObject({ latestFinish: "2026-03-10", critical: true });
    expect(plan.criticalLinks).toEqual(new Set(["1-2", "2-4"]));
  });

  it("a what-if deadline too tight gives negative slack on the critical path", () => {
    const tasks = [task(1, "2026-01-01", "2026-01-10"), task(2, "2026-01-11", "2026-01-20")];
    const plan = planOf(latestStarts(tasks, [link(1, 2)], { dueOn: "2026-01-17", taskIds: [2] }));
    expect(plan.entries.get(1)).toMatchObject({ latestStart: "2025-12-29", slack: -3, critical: true });
  });

  it("only feeders and their predecessors are planned; a feeder's own deadline applies even with a successor", () => {
    const tasks = [task(1, "2026-01-01", "2026-01-10"), task(2, "2026-01-11", "2026-01-20"), task(9, "2026-05-01", "2026-05-10")];
    const plan = planOf(latestStarts(tasks, [link(1, 2), link(2, 9)], { dueOn: "2026-01-31", taskIds: [1, 2] }));
    expect([...plan.entries.keys()].sort()).toEqual([1, 2]);
    expect(plan.entries.get(2)!.latestFinish).toBe("2026-01-31");
    expect(plan.entries.get(1)!.latestFinish).toBe("2026-01-21");
  });

  it("a predecessor that overruns pushes the projected schedule: its successor's slack shrinks", () => {
    // Planned with a 10-day gap, but the plan violates nothing; moving 1's due date past 2's start does.
    const tasks = [task(1, "2026-01-01", "2026-01-25"), task(2, "2026-01-21", "2026-01-30")];
    const plan = planOf(latestStarts(tasks, [link(1, 2)], { dueOn: "2026-02-05", taskIds: [2] }));
    expect(plan.entries.get(2)).toMatchObject({ latestStart: "2026-01-27", slack: 1 });
  });

  it("refuses a cycle upstream of the milestone with its ids", () => {
    const tasks = [task(1, "2026-01-01", "2026-01-10"), task(2, "2026-01-11", "2026-01-20"), task(3, "2026-01-21", "2026-01-30")];
    const r = latestStarts(tasks, [link(1, 2), link(2, 1), link(2, 3)], { dueOn: "2026-02-05", taskIds: [3] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.cycle)).toEqual(new Set([1, 2]));
  });
});

describe("dependency violations", () => {
  const byId = new Map([
    [1, { startOn: "2026-03-01", dueOn: "2026-03-31" }],
    [2, { startOn: "2026-04-01", dueOn: "2026-04-30" }],
    [3, { startOn: "2026-03-31", dueOn: "2026-04-30" }],
  ]);
  it("starting the day after the predecessor's due day is fine; on that day or before is a violation", () => {
    expect(violatesLink(byId.get(1)!, byId.get(2)!)).toBe(false);
    expect(violatesLink(byId.get(1)!, byId.get(3)!)).toBe(true);
    expect(dependencyViolations(byId, [link(1, 2), link(1, 3), link(1, 99)])).toEqual([link(1, 3)]);
  });
});

describe("cannotMakeIt", () => {
  const entry = { latestStart: "2026-03-10", latestFinish: "2026-03-19" };
  it("a task not started may still start on its latest start day, not the day after", () => {
    const t = task(1, "2026-03-01", "2026-03-10");
    expect(cannotMakeIt(t, entry, "2026-03-10")).toBeNull();
    expect(cannotMakeIt(t, entry, "2026-03-11")).toEqual({ kind: "lateStart", latestStart: "2026-03-10" });
    // "In progress" with nothing done has not really started.
    expect(cannotMakeIt({ ...t, status: "in_progress" }, entry, "2026-03-11")).toMatchObject({ kind: "lateStart" });
  });
  it("at the pace so far it would finish after the latest finish", () => {
    // 10 days worked for 50 %: 10 more days → 03-20, one past the latest finish; 55 % → 03-18, in time.
    const t = task(1, "2026-03-01", "2026-03-19", { status: "in_progress", progress: 50 });
    expect(cannotMakeIt(t, entry, "2026-03-10")).toEqual({ kind: "pace", projected: "2026-03-20", latestFinish: "2026-03-19" });
    expect(cannotMakeIt({ ...t, progress: 55 }, entry, "2026-03-10")).toBeNull();
  });
  it("past the latest finish and unfinished; handed-in or closed tasks never", () => {
    const t = task(1, "2026-03-01", "2026-03-19", { status: "in_progress", progress: 90 });
    expect(cannotMakeIt(t, entry, "2026-03-20")).toEqual({ kind: "overdue", latestFinish: "2026-03-19" });
    expect(cannotMakeIt({ ...t, status: "pending_closeout" }, entry, "2026-04-20")).toBeNull();
    expect(cannotMakeIt({ ...t, status: "closed", progress: 100 }, entry, "2026-04-20")).toBeNull();
  });
});
