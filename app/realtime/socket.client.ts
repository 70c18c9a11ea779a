// The browser's single Socket.IO connection (websocket first), shared by every board on the page, typed
// by the wire protocol (protocol.ts): pushes are received with their payload types, requests are sent by
// name with the request's payload and answered with its Ack.
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServer, ReplyOf, RequestName, RequestOf, ServerToClient } from "./protocol";

export type AppSocket = Socket<ServerToClient, ClientToServer>;

let socket: AppSocket | null = null;

/**
 * After a server restart every open page reconnects at once: first retry after ~300 ms, each spread ±50 %
 * so a thousand viewers do not arrive in the same tick, backing off to at most 3 s. (The board benchmark's
 * clients retry the same way.)
 */
export const RECONNECT = { reconnectionDelay: 300, randomizationFactor: 0.5, reconnectionDelayMax: 3000 } as const;

export function getSocket(): AppSocket {
  socket ??= io({ transports: ["websocket", "polling"], withCredentials: true, ...RECONNECT });
  return socket;
}

/** The answer the browser gives itself when there is no connection: refused at once, never queued. */
export const OFFLINE: Ack<never> = { ok: false, code: "offline", status: 0, message: "" };

/** Sends a request with an acknowledgement and a timeout, so a lost connection never leaves a promise hanging. */
export function request<N extends RequestName>(name: N, payload: RequestOf<N>, timeoutMs = 8000): Promise<Ack<ReplyOf<N>>> {
  const s = getSocket() as unknown as Socket;
  return new Promise((resolve) => {
    s.timeout(timeoutMs).emit(name, payload, (err: Error | null, reply: Ack<ReplyOf<N>>) => resolve(err ? OFFLINE : reply));
  });
}
