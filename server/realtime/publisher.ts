// Delivers committed events to Socket.IO rooms. Rooms: "board:<boardId>" for board viewers and
// "user:<id>" for each user's sockets. Through the adapter this spans processes too.
import type { Realtime } from "../../app/models/context.server";
import { Push, type BoardEvent, type Notification } from "../../app/realtime/protocol";
import type { AppIo } from "./socket-server";

const BOARD_ROOM = "board:";
export const boardRoom = (boardId: string) => `${BOARD_ROOM}${boardId}`;
/** The board of a room name, or null for other rooms (a user's room, the socket's own). */
export const boardOfRoom = (room: string) => (room.startsWith(BOARD_ROOM) ? room.slice(BOARD_ROOM.length) : null);
export const userRoom = (userId: number) => `user:${userId}`;

/** The least time between two frames of board events: at most ~33 frames a second per server. */
export const FRAME_MS = 30;

export function createPublisher(io: AppIo): Realtime {
  // Fan-out costs a socket write per viewer per frame, whatever the frame holds. Events published in the
  // same turn of the event loop (every write one group-commit sync made durable, db/group-commit.ts) go
  // out as one frame per board, right after that turn: the busier the server, the more each frame
  // carries, so a backlog drains instead of growing. Order and seqs are kept; catch-up is unchanged.
  // Frames are also at least FRAME_MS apart: a lone write still leaves at once, but under a stream of writes
  // (100 edits/s: one sync, so one turn, per edit) the fan-out's cost per second is capped at 1000/FRAME_MS
  // frames instead of one per edit; at 100 edits/s on 500 viewers it was 80 % of a core, and a server that
  // busy has a long tail. Each event waits at most FRAME_MS for the frame it rides in.
  let pending: Map<string, BoardEvent[]> | null = null;
  let lastFrame = -Infinity;
  let cancel = () => {};
  const flush = () => {
    if (!pending) return;
    const boards = pending;
    pending = null;
    cancel();
    lastFrame = performance.now();
    for (const [boardId, events] of boards) io.to(boardRoom(boardId)).emit(Push.events, events);
  };
  return {
    publish(events: BoardEvent[]) {
      if (!events.length) return;
      if (!pending) {
        pending = new Map();
        const wait = lastFrame + FRAME_MS - performance.now();
        if (wait > 0) {
          const t = setTimeout(flush, Math.ceil(wait));
          cancel = () => clearTimeout(t);
        } else {
          const t = setImmediate(flush);
          cancel = () => clearImmediate(t);
        }
      }
      for (const e of events) {
        const list = pending.get(e.boardId);
        if (list) list.push(e);
        else pending.set(e.boardId, [e]);
      }
    },
    flush,
    evictUser(userId: number) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    notifyUsers(userIds: number[], payload: Notification) {
      if (userIds.length) io.to(userIds.map(userRoom)).emit(Push.notify, payload);
    },
  };
}
