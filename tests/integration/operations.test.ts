// Operations: /healthz tells a load balancer when migrations are pending, and a shutdown lets in-flight
// requests finish their writes before the database closes.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../helpers/server";

describe("health check", () => {
  it("answers 200 when migrations are current and 503 when one is missing", async () => {
    const srv = await startServer();
    try {
      const ok = await fetch(`${srv.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, db: "ok", migrations: "current", integrity: "ok", integrityCheckedAt: srv.app.db.$clock.nowIso() });
      const c = srv.app.db.$client;
      // drizzle's id column is no rowid alias in SQLite (NULL): address the row by rowid.
      const last = c.prepare("SELECT rowid AS r, * FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as Record<string, unknown>;
      c.prepare("DELETE FROM __drizzle_migrations WHERE rowid = ?").run(last.r);
      const pending = await fetch(`${srv.url}/healthz`);
      expect(pending.status).toBe(503);
      expect(await pending.json()).toMatchObject({ ok: false, migrations: "pending" });
      c.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)").run(last.hash, last.created_at);
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes a request that is in flight (its write commits), then closes the database", async () => {
    const srv = await startServer();
    const file = path.join(srv.dir, "test.db");
    try {
      // Start closing the moment the server has received a sign-in, which hashes (async) and then writes.
      // A long keep-alive, as behind a proxy: the idle connection must not hold the shutdown open.
      srv.app.httpServer.keepAliveTimeout = 60_000;
      let closing: Promise<void> | null = null;
      srv.app.httpServer.once("request", () => {
        closing = srv.app.close();
      });
      const started = performance.now();
      const res = await fetch(`${srv.url}/login`, { method: "POST", body: new URLSearchParams({ username: "mishu", password: "demo1234", next: "/" }), redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("set-cookie")).toMatch(/^cw_session=/);
      expect(closing).not.toBeNull();
      await closing;
      const took = performance.now() - started;
      expect(srv.app.db.$client.open).toBe(false);
      expect(took).toBeLessThan(10_000); // not held for the keep-alive minute
      await expect(fetch(`${srv.url}/healthz`)).rejects.toThrow(); // no longer accepting

      const c = new Database(file, { readonly: true });
      const userId = c.prepare("SELECT id FROM users WHERE username = 'mishu'").pluck().get();
      expect(c.prepare("SELECT count(*) FROM sessions WHERE user_id = ?").pluck().get(userId)).toBe(1);
      expect(c.prepare("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").pluck().get()).toBe("login");
      c.close();
    } finally {
      fs.rmSync(srv.dir, { recursive: true, force: true });
    }
  });
});
