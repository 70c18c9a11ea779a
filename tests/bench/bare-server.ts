// The baseline of the board benchmark: a bare Socket.IO server in a process of its own, with the real
// server's transport settings and nothing else (no session, no database, no log). Viewers join a room with
// the same board:join message; it answers at once. Over IPC (from board-latency.ts) it broadcasts a payload
// the size of a real board event, one at a time or open-loop at a rate; each carries its send time (`sentAt`,
// process.hrtime) for the clients to time. Started as `node --import tsx bare-server.ts <port>`; restarted by
// kill -9 for the reconnect storm's baseline.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { Msg, Push } from "../../app/realtime/protocol";

const port = Number(process.argv[2]);
const ROOM = "board:bench";
const httpServer = http.createServer((req, res) => res.end(req.url === "/healthz" ? "ok" : ""));
const io = new Server(httpServer, { transports: ["websocket", "polling"], pingInterval: 10000, pingTimeout: 8000 });
io.on("connection", (socket) => {
  socket.on(Msg.boardJoin, async (_payload: unknown, ack: (reply: unknown) => void) => {
    await socket.join(ROOM);
    ack({ ok: true, seq: 0, events: [], reload: false });
  });
});

// One event per frame, as the real server sends an event alone (protocol.ts `Push.events`).
const broadcast = (sample: object, seq: number) => io.to(ROOM).emit(Push.events, [{ ...sample, boardId: "bench", seq, sentAt: String(process.hrtime.bigint()) }]);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

process.on("message", async (m: { id: number; cmd: string; sample: object; k: number; rate: number; seconds: number }) => {
  if (m.cmd === "emit") {
    const t = process.hrtime.bigint();
    broadcast(m.sample, m.k);
    process.send!({ id: m.id, ok: true, result: { emitMs: Number(process.hrtime.bigint() - t) / 1e6 } });
  } else if (m.cmd === "sustained") {
    const started = performance.now();
    const n = m.rate * m.seconds;
    for (let i = 0; i < n; i++) {
      const wait = started + (i * 1000) / m.rate - performance.now();
      if (wait > 0) await sleep(wait);
      broadcast(m.sample, m.k + i);
    }
    process.send!({ id: m.id, ok: true, result: { sent: n } });
  }
});
httpServer.listen(port, "127.0.0.1", () => process.send!({ port: (httpServer.address() as AddressInfo).port }));
