// The publisher's frames (server/realtime/publisher.ts): a lone write's events leave in the next turn; under
// a stream of writes, frames are at least FRAME_MS apart and carry every event once, in order; a board join
// flushes what waits. The Socket.IO server is replaced by a recorder of what would be emitted to each room:
// this is about timing, not sockets (tests/integration/board-realtime.test.ts covers the real fan-out).
import { describe, expect, it } from "vitest";
import { createPublisher, FRAME_MS } from "../../server/realtime/publisher";
import type { BoardEvent } from "../../app/realtime/protocol";
import type { AppIo } from "../../server/realtime/socket-server";

function recorder() {
  const frames: { room: string; seqs: number[]; at: number }[] = [];
  const io = { to: (room: string) => ({ emit: (_name: string, events: BoardEvent[]) => frames.push({ room, seqs: events.map((e) => e.seq), at: performance.now() }) }) };
  return { frames, publisher: createPublisher(io as unknown as AppIo) };
}
const ev = (boardId: string, seq: number): BoardEvent => ({ boardId, seq, type: "task.upserted", payload: { entity: "task", id: seq, row: null } as never, at: "" });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("publisher frames", () => {
  it("a lone write leaves in the next turn, one frame per board", async () => {
    const { frames, publisher } = recorder();
    publisher.publish([ev("a", 1), ev("b", 1), ev("a", 2)]);
    expect(frames).toEqual([]);
    await turn();
    expect(frames.map(({ room, seqs }) => ({ room, seqs }))).toEqual([{ room: "board:a", seqs: [1, 2] }, { room: "board:b", seqs: [1] }]);
  });

  it("a stream of writes goes out in frames at least FRAME_MS apart, every event once and in order", async () => {
    const { frames, publisher } = recorder();
    for (let seq = 1; seq <= 20; seq++) {
      publisher.publish([ev("a", seq)]);
      await sleep(3);
    }
    await sleep(FRAME_MS * 2);
    expect(frames.flatMap((f) => f.seqs)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(frames.length).toBeLessThan(20);
    // Node times a timer from the loop's cached clock, which may lag a few ms behind performance.now().
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at - frames[i - 1]!.at).toBeGreaterThanOrEqual(FRAME_MS - 3);
  });

  it("after a quiet spell the next write leaves at once again", async () => {
    const { frames, publisher } = recorder();
    publisher.publish([ev("a", 1)]);
    await turn();
    await sleep(FRAME_MS + 5);
    publisher.publish([ev("a", 2)]);
    await turn();
    expect(frames.map((f) => f.seqs)).toEqual([[1], [2]]);
  });

  it("flush() sends what waits at once, and the waiting timer sends nothing twice (a board join calls it)", async () => {
    const { frames, publisher } = recorder();
    publisher.publish([ev("a", 1)]);
    await turn();
    publisher.publish([ev("a", 2)]);
    publisher.flush();
    expect(frames.map((f) => f.seqs)).toEqual([[1], [2]]);
    await sleep(FRAME_MS * 2);
    expect(frames.map((f) => f.seqs)).toEqual([[1], [2]]);
  });
});
