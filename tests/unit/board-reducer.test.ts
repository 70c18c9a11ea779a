import { describe, expect, it } from "vitest";
import { applyEvent, applyEvents, type BoardState } from "../../app/realtime/board-reducer";
import { BOARD_RELOAD, type BoardEvent } from "../../app/realtime/protocol";

const ev = (seq: number, type: string, id: number, row?: object): BoardEvent => ({
  boardId: "b",
  seq,
  type,
  at: "",
  payload: { entity: "task", id, row: row ? { id, version: 1, ...row } : undefined },
});
const start: BoardState = { seq: 5, entities: { task: { 1: { id: 1, version: 1 } as { id: number } } } };

describe("generic board reducer", () => {
  it("upserts full rows and removes rows, advancing seq", () => {
    const a = applyEvent(start, ev(6, "task.upserted", 2, { title: "新" }));
    expect(a.status).toBe("applied");
    expect(a.state.seq).toBe(6);
    expect(a.state.entities.task![2]).toMatchObject({ id: 2, title: "新" });
    const b = applyEvent(a.state, ev(7, "task.removed", 1));
    expect(b.state.entities.task![1]).toBeUndefined();
    expect(start.entities.task![1]).toBeDefined(); // never mutates
  });

  it("ignores duplicates and reports gaps without applying", () => {
    expect(applyEvent(start, ev(5, "task.upserted", 9, {})).status).toBe("duplicate");
    const gap = applyEvent(start, ev(7, "task.upserted", 9, {}));
    expect(gap.status).toBe("gap");
    expect(gap.state).toBe(start);
  });

  it("drops rows that no longer belong on this board", () => {
    const r = applyEvent(start, ev(6, "task.upserted", 1, { projectId: 2 }), (_e, row) => (row as { projectId?: number }).projectId === 1);
    expect(r.state.entities.task![1]).toBeUndefined();
  });

  it("applies a catch-up batch in order and stops at a gap", () => {
    const r = applyEvents(start, [ev(6, "task.upserted", 3, {}), ev(8, "task.upserted", 4, {})]);
    expect(r.status).toBe("gap");
    expect(r.state.seq).toBe(6);
    expect(r.state.entities.task![3]).toBeDefined();
  });

  it("a bulk change's reload advances the seq, keeps the rows and asks for a reload, live and in a catch-up batch", () => {
    const live = applyEvent(start, { ...ev(6, BOARD_RELOAD, 0), payload: { entity: "board", id: 0, action: "import" } });
    expect(live.status).toBe("reload");
    expect(live.state.seq).toBe(6);
    expect(live.state.entities).toBe(start.entities);
    const batch = applyEvents(start, [ev(6, "task.upserted", 3, {}), ev(7, BOARD_RELOAD, 0), ev(8, "task.removed", 1)]);
    expect(batch.status).toBe("reload");
    expect(batch.state.seq).toBe(8);
    expect(batch.state.entities.task![1]).toBeUndefined();
    expect(applyEvents(start, [ev(6, BOARD_RELOAD, 0), ev(8, "task.upserted", 4, {})]).status).toBe("gap");
  });
});
