// A migrated, seeded in-memory database and actors for model-level tests (real SQLite, no mocks).
import { openDatabase, type DB } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { seedPermissions } from "../../app/models/permissions.server";
import { actorForSession, createSession } from "../../app/models/auth.server";
import type { Actor, AppContext, BoardEvent } from "../../app/models/context.server";

export async function seededDb(): Promise<DB> {
  const db = openDatabase(":memory:");
  applyMigrations(db);
  seedPermissions(db);
  await seedDemo(db, { today: new Date("2026-11-23T08:00:00+08:00") });
  return db;
}

/** A context whose realtime records what would have been published. */
export function contextFor(db: DB): AppContext & { published: BoardEvent[] } {
  const published: BoardEvent[] = [];
  return {
    db,
    published,
    realtime: { publish: (evs) => published.push(...evs), evictUser() {}, notifyUsers() {} },
    config: { sessionSecret: "x", secureCookies: false, dataDir: "/tmp", uploadsDir: "/tmp" },
  };
}

export function actor(db: DB, username: string): Actor {
  const u = db.$client.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number };
  return actorForSession(db, createSession(db, u.id, "test").id)!;
}
