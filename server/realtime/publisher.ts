// Delivers committed events to Socket.IO rooms. Rooms: "board:<boardId>" for board viewers and
// "user:<id>" for each user's sockets. Through the adapter this spans processes too.
import type { Server } from "socket.io";
import type { BoardEvent, Realtime } from "../../app/models/context.server";

export const boardRoom = (boardId: string) => `board:${boardId}`;
export const userRoom = (userId: number) => `user:${userId}`;

export function createPublisher(io: Server): Realtime {
  return {
    publish(events: BoardEvent[]) {
      for (const e of events) io.to(boardRoom(e.boardId)).emit("event", e);
    },
    evictUser(userId: number) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    notifyUsers(userIds: number[], payload: unknown) {
      if (userIds.length) io.to(userIds.map(userRoom)).emit("notify", payload);
    },
  };
}
