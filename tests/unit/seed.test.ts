import { describe, it, expect } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { pinnedClock } from "../helpers/clock";
import { ROLES, DEFAULT_PERMISSIONS } from "../../app/models/permissions";
import { TASK_STATUSES } from "../../app/models/domain";
import { verifyAuditChain } from "../../app/models/audit.server";

const TABLES = [
  "consortium", "consortium_goals", "member_units", "outside_bodies", "users", "user_roles", "role_permissions",
  "organ_members", "project_groups", "projects", "project_units", "project_experts", "tasks",
  "task_dependencies", "milestones", "milestone_tasks", "audit_log", "board_events",
];

function counts(db: DB): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((t) => [t, (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

const all = <T>(db: DB, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];

function fresh(at: string): DB {
  const db = openDatabase(":memory:", pinnedClock(at));
  applyMigrations(db);
  return db;
}

function checkInvariants(db: DB, todayIso: string) {
  // Every role has a user.
  const roles = new Set(all<{ role: string }>(db, "SELECT DISTINCT role FROM user_roles").map((r) => r.role));
  for (const role of ROLES) expect(roles.has(role), `role ${role}`).toBe(true);

  // At least 5 SMEs own tasks (art. 3).
  const smes = all<{ n: number }>(
    db,
    "SELECT count(DISTINCT t.owner_unit_id) AS n FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id WHERE m.is_sme = 1",
  )[0].n;
  expect(smes).toBeGreaterThanOrEqual(5);

  // Owner users belong to owner units; owner units participate in the project.
  expect(
    all(db, "SELECT t.id FROM tasks t JOIN users u ON u.id = t.owner_user_id WHERE u.unit_id IS NOT t.owner_unit_id"),
  ).toEqual([]);
  expect(
    all(
      db,
      `SELECT t.id FROM tasks t WHERE NOT EXISTS
         (SELECT 1 FROM project_units pu WHERE pu.project_id = t.project_id AND pu.unit_id = t.owner_unit_id)`,
    ),
  ).toEqual([]);
  // Lead units participate in their projects.
  expect(
    all(
      db,
      `SELECT p.id FROM projects p WHERE NOT EXISTS
         (SELECT 1 FROM project_units pu WHERE pu.project_id = p.id AND pu.unit_id = p.lead_unit_id)`,
    ),
  ).toEqual([]);

  // Positions unique per status, and only known statuses.
  const tasks = all<{ status: string; position: string; start_on: string; due_on: string; progress: number }>(
    db,
    "SELECT status, position, start_on, due_on, progress FROM tasks",
  );
  expect(tasks.length).toBeGreaterThanOrEqual(50);
  const seen = new Set<string>();
  for (const t of tasks) {
    expect(TASK_STATUSES).toContain(t.status);
    const key = `${t.status}\u0000${t.position}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    expect(t.start_on <= t.due_on).toBe(true);
    if (t.status === "closed") expect(t.progress).toBe(100);
    if (t.status === "not_started") expect(t.start_on > todayIso).toBe(true);
  }

  // Finish-to-start: predecessors end before successors start, within one project.
  const deps = all<{ pd: string; ss: string; pp: number; sp: number }>(
    db,
    `SELECT p.due_on AS pd, s.start_on AS ss, p.project_id AS pp, s.project_id AS sp FROM task_dependencies d
       JOIN tasks p ON p.id = d.predecessor_id JOIN tasks s ON s.id = d.successor_id`,
  );
  expect(deps.length).toBeGreaterThanOrEqual(20);
  for (const d of deps) {
    expect(d.pd < d.ss).toBe(true);
    expect(d.pp).toBe(d.sp);
  }

  // Overdue work for the battle map.
  const overdue = all<{ n: number }>(
    db,
    "SELECT count(*) AS n FROM tasks WHERE status = 'in_progress' AND due_on < ?",
    todayIso,
  )[0].n;
  expect(overdue).toBeGreaterThanOrEqual(3);

  // Milestones feed from tasks of their own project due on/before them.
  expect(
    all(
      db,
      `SELECT mt.task_id FROM milestone_tasks mt JOIN milestones m ON m.id = mt.milestone_id JOIN tasks t ON t.id = mt.task_id
        WHERE t.project_id <> m.project_id OR t.due_on > m.due_on`,
    ),
  ).toEqual([]);

  // A responsible expert is never assigned to a project his own unit takes part in.
  expect(
    all(
      db,
      `SELECT pe.project_id FROM project_experts pe JOIN users u ON u.id = pe.user_id
         JOIN project_units pu ON pu.project_id = pe.project_id AND pu.unit_id = u.unit_id`,
    ),
  ).toEqual([]);
}

describe("seedDemo", () => {
  it("seeds a consistent demo once and is idempotent", async () => {
    const db = fresh("2026-03-15T10:00:00+08:00");
    const first = await seedDemo(db);
    expect(first.seeded).toBe(true);
    const before = counts(db);
    expect(before.consortium).toBe(1);
    // Built through the model functions: every structure has its audit row, stamped in the demo's past.
    expect(before.audit_log).toBeGreaterThan(before.tasks + before.member_units + before.users);
    expect(before.board_events).toBeGreaterThan(0);
    expect(verifyAuditChain(db).ok).toBe(true);
    const stamps = all<{ at: string }>(db, "SELECT at FROM audit_log ORDER BY id").map((r) => r.at);
    expect(stamps).toEqual([...stamps].sort());
    expect(stamps[0] < "2025-02-01").toBe(true); // the founding day, fourteen months back
    expect(stamps.at(-1)! < db.$clock.nowIso()).toBe(true);
    // Who did what: the admin made the accounts, each project lead's owners started their tasks.
    const madeBy = (action: string) =>
      all<{ username: string }>(db, "SELECT DISTINCT u.username FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = ?", action).map((r) => r.username);
    expect(madeBy("user.create")).toEqual(["admin"]);
    expect(madeBy("project.create")).toEqual(["mishu"]);
    expect(madeBy("task.move")).toContain("jiang_hao");
    expect(before.role_permissions).toBe(Object.values(DEFAULT_PERMISSIONS).flat().length);

    const second = await seedDemo(db);
    expect(second.seeded).toBe(false);
    expect(counts(db)).toEqual(before);
    expect(second.logins).toEqual(first.logins);

    // The logins list covers every role and names real accounts.
    expect(new Set(first.logins.map((l) => l.role))).toEqual(new Set(ROLES));
    for (const l of first.logins) {
      const row = db.$client
        .prepare("SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username = ? AND r.role = ?")
        .get(l.username, l.role);
      expect(row, l.username).toBeDefined();
      expect(l.password).toBe("demo1234");
    }

    checkInvariants(db, "2026-03-15");
  }, 30_000);

  it("stays consistent on a month-end date (month clamping)", async () => {
    const db = fresh("2027-01-31T10:00:00+08:00");
    const { seeded } = await seedDemo(db);
    expect(seeded).toBe(true);
    checkInvariants(db, "2027-01-31");
  }, 30_000);
});
