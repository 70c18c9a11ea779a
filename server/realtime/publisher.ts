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

export function createPublisher(io: AppIo): Realtime {
  return {
    publish(events: BoardEvent[]) {
      for (const e of events) io.to(boardRoom(e.boardId)).emit(Push.event, e);
    },
    evictUser(userId: number) {
      io.in(userRoom(userId)).disconnectSockets(true);
    },
    notifyUsers(userIds: number[], payload: Notification) {
      if (userIds.length) io.to(userIds.map(userRoom)).emit(Push.notify, payload);
    },
  };
}
