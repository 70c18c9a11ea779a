// 压茬推进's rule as the battle map applies it on live rows: a task not started whose predecessors are all
// closed is 可启动; one open predecessor holds it back; an unknown (archived) predecessor does not.
import { describe, expect, it } from "vitest";
import { edgesOf, isReady, linkRowsOf, readyIds } from "../../app/models/task-dependencies";
import type { TaskStatus } from "../../app/models/domain";

const task = (id: number, status: TaskStatus) => ({ id, status });
const link = (predecessorId: number, successorId: number) => ({ predecessorId, successorId });

describe("readyIds", () => {
  const edges = [link(1, 3), link(2, 3), link(1, 4), link(5, 6)];
  it("a task is ready once every predecessor is closed, and only while not started", () => {
    expect([...readyIds([task(1, "closed"), task(2, "closed"), task(3, "not_started"), task(4, "in_progress")], edges)]).toEqual([3]);
  });
  it("one open predecessor holds a task back", () => {
    expect(readyIds([task(1, "closed"), task(2, "in_progress"), task(3, "not_started")], edges).has(3)).toBe(false);
  });
  it("a predecessor that is not on the map (archived) does not hold it back; a task without predecessors is not 可启动", () => {
    expect([...readyIds([task(1, "closed"), task(3, "not_started"), task(6, "not_started"), task(7, "not_started")], edges)]).toEqual([3]);
  });
});

describe("links rows", () => {
  it("group edges per successor and back", () => {
    const edges = [link(1, 3), link(2, 3), link(1, 4)];
    const rows = linkRowsOf(edges);
    expect(rows).toEqual([
      { id: 3, predecessorIds: [1, 2], predecessorsClosed: false },
      { id: 4, predecessorIds: [1], predecessorsClosed: false },
    ]);
    expect(edgesOf(rows)).toEqual(edges);
  });
  it("isReady reads the server's flag with the task's status", () => {
    expect(isReady({ status: "not_started" }, { predecessorsClosed: true })).toBe(true);
    expect(isReady({ status: "in_progress" }, { predecessorsClosed: true })).toBe(false);
    expect(isReady({ status: "not_started" }, undefined)).toBe(false);
  });
});
