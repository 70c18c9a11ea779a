import { describe, expect, it } from "vitest";
import { cycleWith, findCycle, successorsOf } from "../../app/models/task-graph";

const e = (predecessor: string, successor: string) => ({ predecessor, successor });

describe("task graph", () => {
  it("finds no cycle in a DAG with shared successors", () => {
    expect(findCycle([e("a", "b"), e("a", "c"), e("b", "d"), e("c", "d")])).toBeNull();
  });

  it("names the keys along a cycle, first key repeated", () => {
    const cycle = findCycle([e("x", "a"), e("a", "b"), e("b", "c"), e("c", "a")]);
    expect(cycle).toEqual(["a", "b", "c", "a"]);
  });

  it("sees a self-loop", () => {
    expect(findCycle([e("a", "a")])).toEqual(["a", "a"]);
  });

  it("tells whether a new edge closes a cycle", () => {
    const existing = [e("a", "b"), e("b", "c")];
    expect(cycleWith(existing, [e("c", "a")])).toEqual(["a", "b", "c", "a"]);
    expect(cycleWith(existing, [e("a", "c")])).toBeNull();
  });

  it("walks a 20,000-long chain without overflowing the stack", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ predecessor: i, successor: i + 1 }));
    expect(findCycle(chain)).toBeNull();
    expect(findCycle([...chain, { predecessor: 20_000, successor: 0 }])?.length).toBe(20_002);
  });

  it("lists direct successors", () => {
    expect(successorsOf([e("a", "b"), e("a", "c"), e("b", "c")], "a")).toEqual(["b", "c"]);
  });
});
