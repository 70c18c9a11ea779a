// The consortium profile, its settings and the at-a-glance figures for the home page.
import * as z from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { effectiveSettings, type Settings } from "./settings";
import { profileSchema, settingsFormSchema } from "./consortium";
import { softRuleWarnings, type SoftRuleInput, type SoftRuleWarning } from "./soft-rules";
import { consortium } from "../../db/schema";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, must, one, run, scalar, type SqlValue } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { memberOnSql } from "./units.server";

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

export const getConsortium = (db: DB): ConsortiumRow => must(one<ConsortiumRow>(db, PROFILE_SELECT));

export const consortiumName = (db: DB): string => scalar<string>(db, "SELECT name FROM consortium ORDER BY id LIMIT 1") ?? "";

export function getSettings(db: DB): Settings {
  const province = scalar<string>(db, "SELECT province FROM consortium ORDER BY id LIMIT 1") ?? "zhejiang";
  const rows = all<{ key: string; value: string }>(db, "SELECT key, value FROM settings");
  return effectiveSettings(province, Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)])));
}

export { profileSchema, settingsFormSchema };

export function updateConsortium(ctx: AppContext, actor: Actor, input: z.infer<typeof profileSchema>) {
  assertCan(actor, "update", "consortium");
  const { db } = ctx;
  const row = commit(ctx, () => {
    const before = getConsortium(db);
    assertVersion(before, input.version, before);
    const { version: _v, ...profile } = input;
    updateVersioned(db, consortium, before.id, before.version, { ...profile, updatedAt: db.$clock.nowIso() });
    const after = getConsortium(db);
    return { result: after, events: recordChange(db, { entity: "consortium", id: before.id, action: "update", by: actor, before, after, boards: [] }) };
  });
  db.$clock.setTimeZone(row.timeZone);
  return row;
}

/** Sets the clock's zone from the consortium profile (at start; an empty install keeps Beijing time). */
export function applyConsortiumTimeZone(db: DB): void {
  const zone = scalar<string>(db, "SELECT time_zone FROM consortium ORDER BY id LIMIT 1");
  if (zone) db.$clock.setTimeZone(zone);
}

export function updateSettings(ctx: AppContext, actor: Actor, input: Settings) {
  assertCan(actor, "update", "settings");
  const { db } = ctx;
  commit(ctx, () => {
    const before = getSettings(db);
    const now = db.$clock.nowIso();
    for (const [k, v] of Object.entries(input)) {
      run(db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", k, JSON.stringify(v), now);
    }
    return { result: undefined, events: recordChange(db, { entity: "settings", id: "consortium", action: "update", by: actor, before, after: input, boards: [] }) };
  });
}

export type GoalRow = { id: number; year: number; phase: string; goal: string };
export const listGoals = (db: DB): GoalRow[] => all<GoalRow>(db, "SELECT id, year, phase, goal FROM consortium_goals ORDER BY year, id");


export function softRuleInput(db: DB): SoftRuleInput {
  const { province } = getConsortium(db);
  const units = all<Omit<SoftRuleInput["units"][number], "isSme" | "active" | "ownsTasks"> & { isSme: number; active: number; ownsTasks: number }>(
    db,
    `SELECT m.id, m.name, m.kind, m.is_sme AS isSme, ${memberOnSql("m")} AS active, m.external_projects AS externalProjects,
      (SELECT count(*) FROM projects p WHERE p.lead_unit_id = m.id) AS leadProjects,
      EXISTS (SELECT 1 FROM tasks t WHERE t.owner_unit_id = m.id AND t.archived_at IS NULL) AS ownsTasks
     FROM member_units m ORDER BY m.id`,
    { day: db.$clock.today() },
  );
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
  const count = (sql: string, ...args: SqlValue[]) => scalar<number>(db, sql, ...args)!;
  const byStatus = all<{ status: string; n: number }>(db, "SELECT status, count(*) AS n FROM tasks WHERE archived_at IS NULL GROUP BY status");
  const overdueSql = `SELECT count(*) FROM tasks WHERE archived_at IS NULL AND due_on < ? AND status NOT IN ('closed','suspended','pending_closeout')`;
  return {
    units: scalar<number>(db, `SELECT count(*) FROM member_units m WHERE ${memberOnSql("m")}`, { day: today }) ?? 0,
    smes: scalar<number>(db, `SELECT count(*) FROM member_units m WHERE ${memberOnSql("m")} AND m.is_sme = 1`, { day: today }) ?? 0,
    projects: count("SELECT count(*) FROM projects"),
    budget: count("SELECT coalesce(sum(budget),0) FROM projects"),
    tasksByStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    overdue: count(overdueSql, today),
    myUnitOverdue: unitId == null ? 0 : count(`${overdueSql} AND owner_unit_id = ?`, today, unitId),
    projectsList: all<HomeFigures["projectsList"][number]>(
      db,
      `SELECT p.id, p.code, p.name, m.short_name AS leadUnit, p.end_on AS endOn,
        (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.archived_at IS NULL) AS tasks,
        (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.archived_at IS NULL AND t.status = 'closed') AS closed
       FROM projects p JOIN member_units m ON m.id = p.lead_unit_id ORDER BY p.code`,
    ),
  };
}
