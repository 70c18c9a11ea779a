// The consortium profile, its settings and the at-a-glance figures for the home page.
import { z } from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { effectiveSettings, type Settings } from "./settings";
import { profileSchema, settingsFormSchema } from "./consortium";
import { softRuleWarnings, type SoftRuleInput, type SoftRuleWarning } from "./soft-rules";
import { assertCan, assertVersion } from "./guard.server";
import { appendAudit } from "./audit.server";
import { notFound } from "./errors";

export type ConsortiumRow = {
  id: number;
  name: string;
  shortName: string;
  field: string;
  district: string;
  province: string;
  foundedOn: string;
  goalStartYear: number;
  goalYears: number;
  applicationType: string;
  overallGoal: string;
  timeZone: string;
  version: number;
};

const PROFILE_SELECT = `SELECT id, name, short_name AS shortName, field, district, province, founded_on AS foundedOn,
  goal_start_year AS goalStartYear, goal_years AS goalYears, application_type AS applicationType,
  overall_goal AS overallGoal, time_zone AS timeZone, version FROM consortium ORDER BY id LIMIT 1`;

export function getConsortium(db: DB): ConsortiumRow {
  const row = db.$client.prepare(PROFILE_SELECT).get() as ConsortiumRow | undefined;
  if (!row) throw notFound();
  return row;
}

export function consortiumName(db: DB): string {
  const row = db.$client.prepare("SELECT name FROM consortium ORDER BY id LIMIT 1").get() as { name: string } | undefined;
  return row?.name ?? "";
}

export function getSettings(db: DB): Settings {
  const { province } = (db.$client.prepare("SELECT province FROM consortium ORDER BY id LIMIT 1").get() as
    | { province: string }
    | undefined) ?? { province: "zhejiang" };
  const rows = db.$client.prepare("SELECT key, value FROM settings").all() as { key: string; value: string }[];
  return effectiveSettings(province, Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)])));
}

export { profileSchema, settingsFormSchema };

export function updateConsortium(ctx: AppContext, actor: Actor, input: z.infer<typeof profileSchema>) {
  assertCan(actor, "update", "consortium");
  const { db } = ctx;
  const row = db.transaction(() => {
    const before = getConsortium(db);
    assertVersion(before, input.version, before);
    db.$client
      .prepare(
        `UPDATE consortium SET name=@name, short_name=@shortName, field=@field, district=@district, province=@province,
         founded_on=@foundedOn, goal_start_year=@goalStartYear, goal_years=@goalYears, application_type=@applicationType,
         overall_goal=@overallGoal, time_zone=@timeZone, version = version + 1, updated_at = @now WHERE id = @id`,
      )
      .run({ ...input, id: before.id, now: db.$clock.nowIso() });
    const after = getConsortium(db);
    appendAudit(db, { userId: actor.id, action: "consortium.update", entity: "consortium", entityId: before.id, before, after });
    return after;
  });
  db.$clock.setTimeZone(row.timeZone);
  return row;
}

/** Sets the clock's zone from the consortium profile (at start; an empty install keeps Beijing time). */
export function applyConsortiumTimeZone(db: DB): void {
  const row = db.$client.prepare("SELECT time_zone AS tz FROM consortium ORDER BY id LIMIT 1").get() as { tz: string } | undefined;
  if (row) db.$clock.setTimeZone(row.tz);
}

export function updateSettings(ctx: AppContext, actor: Actor, input: Settings) {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  db.transaction(() => {
    const before = getSettings(db);
    const upsert = db.$client.prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    );
    const now = db.$clock.nowIso();
    for (const [k, v] of Object.entries(input)) upsert.run(k, JSON.stringify(v), now);
    appendAudit(db, { userId: actor.id, action: "settings.update", entity: "settings", entityId: "consortium", before, after: input });
  });
}

export type GoalRow = { id: number; year: number; phase: string; goal: string };
export function listGoals(db: DB): GoalRow[] {
  return db.$client.prepare("SELECT id, year, phase, goal FROM consortium_goals ORDER BY year, id").all() as GoalRow[];
}

export type OrganMemberRow = { id: number; organ: string; name: string; position: string; unitName: string | null };
export function listOrganMembers(db: DB): OrganMemberRow[] {
  return db.$client
    .prepare(
      `SELECT o.id, o.organ, o.name, o.position, m.short_name AS unitName FROM organ_members o
       LEFT JOIN member_units m ON m.id = o.unit_id ORDER BY o.organ, o.id`,
    )
    .all() as OrganMemberRow[];
}

export function softRuleInput(db: DB): SoftRuleInput {
  const { province } = getConsortium(db);
  const units = db.$client
    .prepare(
      `SELECT m.id, m.name, m.kind, m.is_sme AS isSme, m.left_on IS NULL AS active, m.external_projects AS externalProjects,
        (SELECT count(*) FROM projects p WHERE p.lead_unit_id = m.id) AS leadProjects,
        EXISTS (SELECT 1 FROM tasks t WHERE t.owner_unit_id = m.id AND t.archived_at IS NULL) AS ownsTasks
       FROM member_units m ORDER BY m.id`,
    )
    .all() as (Omit<SoftRuleInput["units"][number], "isSme" | "active" | "ownsTasks"> & {
    isSme: number;
    active: number;
    ownsTasks: number;
  })[];
  return {
    province,
    units: units.map((u) => ({ ...u, isSme: !!u.isSme, active: !!u.active, ownsTasks: !!u.ownsTasks })),
  };
}

export function currentWarnings(db: DB): SoftRuleWarning[] {
  return softRuleWarnings(softRuleInput(db), getSettings(db));
}

export type HomeFigures = {
  units: number;
  smes: number;
  projects: number;
  budget: number;
  tasksByStatus: Record<string, number>;
  overdue: number;
  myUnitOverdue: number;
  projectsList: { id: number; code: string; name: string; leadUnit: string; tasks: number; closed: number; endOn: string }[];
};

export function homeFigures(db: DB, today: string, unitId: number | null): HomeFigures {
  const c = db.$client;
  const one = (sql: string, ...args: unknown[]) => (c.prepare(sql).get(...args) as { n: number }).n;
  const byStatus = c
    .prepare("SELECT status, count(*) AS n FROM tasks WHERE archived_at IS NULL GROUP BY status")
    .all() as { status: string; n: number }[];
  const overdueSql = `SELECT count(*) AS n FROM tasks WHERE archived_at IS NULL AND due_on < ? AND status NOT IN ('closed','suspended','pending_closeout')`;
  return {
    units: one("SELECT count(*) AS n FROM member_units WHERE left_on IS NULL"),
    smes: one("SELECT count(*) AS n FROM member_units WHERE left_on IS NULL AND is_sme = 1"),
    projects: one("SELECT count(*) AS n FROM projects"),
    budget: (c.prepare("SELECT coalesce(sum(budget),0) AS n FROM projects").get() as { n: number }).n,
    tasksByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    overdue: one(overdueSql, today),
    myUnitOverdue: unitId == null ? 0 : one(`${overdueSql} AND owner_unit_id = ?`, today, unitId),
    projectsList: c
      .prepare(
        `SELECT p.id, p.code, p.name, m.short_name AS leadUnit, p.end_on AS endOn,
          (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.archived_at IS NULL) AS tasks,
          (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.archived_at IS NULL AND t.status = 'closed') AS closed
         FROM projects p JOIN member_units m ON m.id = p.lead_unit_id ORDER BY p.code`,
      )
      .all() as HomeFigures["projectsList"],
  };
}
