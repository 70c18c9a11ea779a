// A real app server for integration tests: its own temporary SQLite file (migrated and seeded, or a copy
// of the run's seeded template: tests/helpers/seeded-template.ts),
// Express + Remix + Socket.IO on a random port. Nothing is mocked.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket as RawSocket } from "socket.io-client";
import { createAppServer, type AppServer } from "../../server/app";
import { loadConfig } from "../../server/config";
import { PINNED_NOW, pinnedClock } from "./clock";
import { clockLeaks } from "./clock-leaks";
import { seededTemplate } from "./seeded-template";
import { Push, type ClientToServer, type RequestName, type ServerToClient } from "../../app/realtime/protocol";

/** A client socket typed by the wire protocol, like the browser's. */
export type Socket = RawSocket<ServerToClient, ClientToServer>;

export type TestServer = { url: string; app: AppServer; dir: string; close(): Promise<void> };

/** `now`: the instant the server's clock is pinned at (default: the suite's one instant). */
export async function startServer(opts: { now?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-test-"));
  const config = {
    ...loadConfig({ NODE_ENV: "test", DATABASE_PATH: path.join(dir, "test.db"), SESSION_SECRET: "test-secret", LOG_LEVEL: "silent", ...opts.env }),
    port: 0,
    host: "127.0.0.1",
  };
  // The seeded demo at the pinned instant starts from the run's template; the server's own start-up
  // (migrations, permissions, seed) still runs on it and finds nothing to do.
  const template = config.seedDemo ? seededTemplate(opts.now ?? PINNED_NOW) : undefined;
  if (template && !fs.existsSync(config.databasePath)) {
    fs.mkdirSync(path.dirname(config.databasePath), { recursive: true });
    fs.copyFileSync(template, config.databasePath);
  }
  const app = await createAppServer(config, { clock: pinnedClock(opts.now ?? PINNED_NOW) });
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    dir,
    async close() {
      // Every timestamp the test wrote must have come from the app clock, not the machine's.
      const leaks = clockLeaks(app.db);
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (leaks.length) throw new Error(`rows stamped by the machine clock, not the app clock: ${JSON.stringify(leaks)}`);
    },
  };
}

/** Signs in through the real login form; returns the session cookie header. */
export async function loginCookie(url: string, username: string, password = "demo1234"): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, next: "/" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !cookie) throw new Error(`login ${username} failed: ${res.status}`);
  return cookie.split(";")[0]!;
}

export function socketFor(url: string, cookie?: string): Socket {
  return connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
}

export function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
}

/** A request by its protocol name; the payload is not checked here, so tests can send bad ones. */
export function ask<T = any>(s: Socket, name: RequestName, payload?: unknown): Promise<T> {
  return askAnything(s, name, payload);
}

/** Any name at all, for tests of names the protocol does not know. */
export function askAnything<T = any>(s: Socket, name: string, payload?: unknown): Promise<T> {
  return (s as unknown as RawSocket).timeout(5000).emitWithAck(name, payload) as Promise<T>;
}

/** Resolves with the next n board events of a board. */
export function nextEvents(s: Socket, boardId: string, n: number, timeoutMs = 5000): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const got: any[] = [];
    const timer = setTimeout(() => {
      s.off(Push.events, on);
      reject(new Error(`expected ${n} events on ${boardId}, got ${got.length}`));
    }, timeoutMs);
    const on = (events: any[]) => {
      got.push(...events.filter((ev) => ev.boardId === boardId));
      if (got.length >= n) {
        clearTimeout(timer);
        s.off(Push.events, on);
        resolve(got.slice(0, n));
      }
    };
    s.on(Push.events, on);
  });
}
