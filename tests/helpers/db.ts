// A migrated, seeded in-memory database and actors for model-level tests (real SQLite, no mocks).
import fs from "node:fs";
import { openDatabase, type DB } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { seedPermissions } from "../../app/models/permissions.server";
import { actorForSession, createSession } from "../../app/models/auth.server";
import type { Actor, AppContext, BoardEvent } from "../../app/models/context.server";
import { PINNED_NOW, pinnedClock } from "./clock";
import { seededTemplate } from "./seeded-template";

/** An empty migrated database on a clock pinned at `at` (default: the suite's one instant). */
export function migratedDb(at: string = PINNED_NOW): DB {
  const db = openDatabase(":memory:", pinnedClock(at));
  applyMigrations(db);
  seedPermissions(db);
  return db;
}

let templateBytes: { file: string; bytes: Buffer } | undefined;

/** The demo seeded at `at`: at the pinned instant, an in-memory copy of the run's template. */
export async function seededDb(at: string = PINNED_NOW): Promise<DB> {
  const template = seededTemplate(at);
  if (template) {
    if (templateBytes?.file !== template) templateBytes = { file: template, bytes: fs.readFileSync(template) };
    return openDatabase(templateBytes.bytes, pinnedClock(at));
  }
  const db = migratedDb(at);
  await seedDemo(db);
  return db;
}

/** A context whose realtime records what would have been published. */
export function contextFor(db: DB): AppContext & { published: BoardEvent[] } {
  const published: BoardEvent[] = [];
  return {
    db,
    published,
    realtime: { publish: (evs) => published.push(...evs), flush() {}, evictUser() {}, notifyUsers() {} },
    config: { sessionSecret: "x", secureCookies: false, dataDir: "/tmp", uploadsDir: "/tmp" },
  };
}

export function actor(db: DB, username: string): Actor {
  const u = db.$client.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number };
  return actorForSession(db, createSession(db, u.id, "test").id)!;
}
