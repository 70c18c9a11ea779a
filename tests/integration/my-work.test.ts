// 我的工作 (app/models/my-work.server.ts) on the demo seed and on an empty install: each role's sections
// list the right items, read permissions hold (a researcher never sees another unit's notices), and a
// value recorded from the page drops a met indicator from the list. Real SQLite, pinned clock.
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { actor, contextFor, migratedDb, seededDb } from "../helpers/db";
import { myWork, sectionsFor } from "../../app/models/my-work.server";
import { issueNotice } from "../../app/models/notices.server";
import { recordValue } from "../../app/models/indicator-writes.server";
import { column, one, scalar } from "../../app/models/sql.server";
import { createAdminAccount } from "../../app/models/setup.server";
import { setupConsortiumSchema } from "../../app/models/setup";
import { createUnit } from "../../app/models/units.server";
import { unitSchema } from "../../app/models/units";
import { createUser } from "../../app/models/users.server";
import { userCreateSchema } from "../../app/models/users";
import { ROLES } from "../../app/models/permissions";
import { YES } from "../../app/models/indicators";

let db: DB;
const TODAY = "2026-11-23";
const work = (username: string) => myWork(db, actor(db, username), TODAY);
const userId = (username: string) => scalar<number>(db, "SELECT id FROM users WHERE username = ?", username)!;

beforeAll(async () => {
  db = await seededDb();
});

describe("sections by role", () => {
  it("gives each role its sections, several roles several sections, the overview to those who run the consortium", () => {
    expect(work("liu_yang").sections).toEqual(["researcher"]);
    expect(work("li_ming").sections).toEqual(["researcher", "projectLead"]);
    expect(work("wang_jianguo").sections).toEqual(["unitLead"]);
    expect(work("zhuanjia").sections).toEqual(["expert"]);
    expect(work("mishu").sections).toEqual(["secretariat", "overview"]);
    expect(work("shouxi").sections).toEqual(["chief", "overview"]);
    expect(work("admin").sections).toEqual(["admin", "overview"]);
    expect(work("lishi").sections).toEqual(["overview"]);
    expect(sectionsFor({ roles: ["unit_lead"], unitId: null })).toEqual(["overview"]);
  });

  it("researcher: his own open tasks, overdue first then by due date, each with its colour; only indicators he may record and has not met", () => {
    const me = userId("liu_yang");
    const w = work("liu_yang").researcher!;
    const expected = column<number>(db, "SELECT id FROM tasks WHERE owner_user_id = ? AND archived_at IS NULL AND status IN ('not_started','in_progress')", me);
    expect(w.tasks.map((t) => t.id).sort()).toEqual([...expected].sort());
    expect(w.tasks.length).toBeGreaterThan(0);
    const overdue = w.tasks.map((t) => t.dueOn < TODAY);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    for (const t of w.tasks) expect(["green", "yellow", "red"]).toContain(t.rag);
    for (const t of w.tasks.filter((x) => x.dueOn < TODAY)) expect(t.daysLate).toBeGreaterThan(0);
    for (const i of w.indicators) {
      expect(i.met).toBe(false);
      const owner = i.taskId ? scalar<number>(db, "SELECT owner_user_id FROM tasks WHERE id = ?", i.taskId) : null;
      expect(i.responsibleUserId === me || owner === me).toBe(true);
    }
  });

  it("a researcher of unit A never sees unit B's notices; the unit lead of B does, and the task's owner in B does", () => {
    const ctx = contextFor(db);
    // A late task of another unit than liu_yang's (中元): a 督办 goes to its unit.
    const late = one<{ id: number; unit: number; owner: number }>(
      db,
      `SELECT t.id, t.owner_unit_id AS unit, t.owner_user_id AS owner FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id
       WHERE t.archived_at IS NULL AND t.status = 'in_progress' AND t.due_on < ? AND t.owner_user_id IS NOT NULL
         AND t.owner_unit_id != (SELECT unit_id FROM users WHERE username = 'liu_yang') ORDER BY t.id LIMIT 1`,
      TODAY,
    )!;
    const notice = issueNotice(ctx, actor(db, "mishu"), { taskId: late.id, kind: "supervision", body: "请说明滞后原因", respondBy: "2026-11-30" }, TODAY);
    expect(work("liu_yang").researcher!.notices.map((n) => n.id)).not.toContain(notice.id);
    const ownerName = scalar<string>(db, "SELECT username FROM users WHERE id = ?", late.owner)!;
    const ownerWork = myWork(db, actor(db, ownerName), TODAY);
    if (ownerWork.researcher) expect(ownerWork.researcher.notices.map((n) => n.id)).toContain(notice.id);
    const lead = scalar<string>(db, "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'unit_lead' WHERE u.unit_id = ? LIMIT 1", late.unit)!;
    expect(myWork(db, actor(db, lead), TODAY).unitLead!.notices.map((n) => n.id)).toContain(notice.id);
    expect(work("wang_jianguo").unitLead!.notices.map((n) => n.id)).not.toContain(notice.id);
    // The secretariat follows every open notice.
    expect(work("mishu").secretariat!.notices.list.map((n) => n.id)).toContain(notice.id);
  });

  it("unit lead: only his unit's overdue tasks, this month's filing, deliverables his unit must accept", () => {
    const unit = scalar<number>(db, "SELECT unit_id FROM users WHERE username = 'wang_jianguo'")!;
    const w = work("wang_jianguo").unitLead!;
    const expected = column<number>(db, "SELECT id FROM tasks WHERE owner_unit_id = ? AND archived_at IS NULL AND status IN ('not_started','in_progress') AND due_on < ?", unit, TODAY);
    expect(w.overdue.map((t) => t.id).sort()).toEqual([...expected].sort());
    for (const t of w.overdue) expect(t.daysLate).toBeGreaterThan(0);
    expect(w.filing?.month).toBe("2026-11");
    expect(w.acceptances.length).toBeGreaterThan(0);
    for (const a of w.acceptances) expect(scalar<number>(db, "SELECT accepting_unit_id FROM task_deliverables WHERE task_id = ?", a.taskId)).toBe(unit);
  });

  it("project lead: the projects he leads with their pending milestones by date and the colours of the tasks feeding them", () => {
    const w = work("li_ming").projectLead!;
    const led = column<number>(db, "SELECT id FROM projects WHERE lead_user_id = ?", userId("li_ming"));
    expect(w.projects.map((p) => p.id)).toEqual(led);
    const pending = column<number>(db, `SELECT id FROM milestones WHERE status = 'pending' AND project_id IN (${led.join(",") || 0}) ORDER BY due_on, id`);
    expect(pending.length).toBeGreaterThan(0);
    expect(w.projects.flatMap((p) => p.milestones.map((m) => m.id))).toEqual(pending);
    for (const p of w.projects) expect(Object.values(p.rag).reduce((a, b) => a + b, 0)).toBe(scalar<number>(db, "SELECT count(*) FROM tasks WHERE project_id = ? AND archived_at IS NULL", p.id));
  });

  it("expert: unsigned checks he is assigned to, claims of his projects not of his own unit", () => {
    for (const name of ["zhuanjia", "zhuanjia2"]) {
      const me = actor(db, name);
      const w = myWork(db, me, TODAY).expert!;
      const assigned = column<number>(db, "SELECT c.id FROM checks c JOIN check_experts e ON e.check_id = c.id WHERE e.user_id = ? AND c.status != 'signed'", me.id);
      expect(assigned.length).toBeGreaterThan(0);
      expect(w.checks.map((c) => c.id).sort()).toEqual([...assigned].sort());
      expect(w.claims.length).toBeGreaterThan(0);
      for (const c of w.claims) {
        const claim = one<{ unitId: number; projectId: number; status: string }>(db, "SELECT tc.unit_id AS unitId, k.project_id AS projectId, tc.status FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id WHERE tc.id = ?", c.id)!;
        expect(claim.status).toBe("claimed");
        expect(claim.unitId).not.toBe(me.unitId);
        expect(me.projectIds).toContain(claim.projectId);
      }
    }
  });

  it("secretariat and chief scientist: round, filings and notices; the dashboard's key figures", () => {
    const s = work("mishu").secretariat!;
    expect(s.filing.month).toBe("2026-11");
    expect(s.filing.units.length).toBeGreaterThan(0);
    expect(s.round?.status).toBe("open");
    const c = work("shouxi").chief!;
    expect(c.activeTasks).toBeGreaterThan(0);
  });

  it("a value that meets the indicator takes it off the researcher's list", () => {
    const me = actor(db, "liu_yang");
    const before = myWork(db, me, TODAY).researcher!.indicators;
    expect(before.length).toBeGreaterThan(0);
    const target = before[0]!;
    const value = target.direction === "yesno" ? YES : target.target!;
    recordValue(contextFor(db), me, { indicatorId: target.id, value, measuredOn: TODAY, note: "" });
    expect(myWork(db, me, TODAY).researcher!.indicators.map((i) => i.id)).not.toContain(target.id);
  });
});

describe("empty install", () => {
  it("answers every role, set up through the models as the admin pages do, with empty lists and no error", async () => {
    const empty = migratedDb();
    const ctx = contextFor(empty);
    const consortium = setupConsortiumSchema.parse({ name: "浙江省具身智能创新联合体", shortName: "具身联合体", province: "zhejiang", field: "智能控制与先进技术", district: "杭州市余杭区", foundedOn: "2026-03-01", goalStartYear: 2026, goalYears: 3, timeZone: "Asia/Shanghai" });
    await createAdminAccount(ctx, { username: "zhou", displayName: "周管理", password: "first-admin-1", consortium });
    const admin = actor(empty, "zhou");
    const unit = createUnit(ctx, admin, unitSchema.parse({ name: "甲科技有限公司", shortName: "甲科技", kind: "enterprise", joinedOn: "2026-03-01" }));
    for (const role of ROLES.filter((r) => r !== "admin")) {
      await createUser(ctx, admin, userCreateSchema.parse({ username: `u_${role}`, displayName: role, password: "password-1", unitId: unit.id, roles: [role] }));
    }
    for (const username of ["zhou", ...ROLES.filter((r) => r !== "admin").map((r) => `u_${r}`)]) {
      const w = myWork(empty, actor(empty, username), TODAY);
      expect(w.sections.length, username).toBeGreaterThan(0);
      for (const list of [w.researcher?.tasks, w.researcher?.indicators, w.researcher?.notices, w.unitLead?.overdue, w.unitLead?.acceptances, w.unitLead?.notices, w.projectLead?.projects, w.expert?.checks, w.expert?.claims]) {
        expect(list ?? []).toEqual([]);
      }
      if (w.secretariat) expect(w.secretariat.round).toBeNull();
      if (w.unitLead) expect(w.unitLead.filing).toBeNull();
      if (w.admin) expect(w.admin).toMatchObject({ units: 1, projects: 0 });
    }
  });
});
