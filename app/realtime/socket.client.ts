// The browser's single Socket.IO connection (websocket first), shared by every board on the page.
import { io, type Socket } from "socket.io-client";

let socket: Socket | null = null;

export function getSocket(): Socket {
  socket ??= io({ transports: ["websocket", "polling"], withCredentials: true, reconnectionDelayMax: 5000 });
  return socket;
}

export type Ack<T = Record<string, unknown>> =
  | ({ ok: true } & T)
  | { ok: false; code: string; status: number; message: string; fieldErrors?: Record<string, string>; details?: Record<string, unknown> };

/** Emits with an acknowledgement and a timeout, so a lost connection never leaves a promise hanging. */
export function request<T = Record<string, unknown>>(event: string, payload: unknown, timeoutMs = 8000): Promise<Ack<T>> {
  const s = getSocket();
  return new Promise((resolve) => {
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, reply: Ack<T>) => {
      if (err) resolve({ ok: false, code: "offline", status: 0, message: "" });
      else resolve(reply);
    });
  });
}
