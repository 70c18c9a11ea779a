// The demo holds no row a model function could not have written: every close-out round, proposal and
// decision, deliverable requirement and acceptance, key-task filing, notice, key technology, V-model
// iteration and item, TRL claim, result, meeting, funding row, report narrative, check, finding,
// outcome, rectification and escalation of the seeded database has the audit row of the write that made
// it, by a person the rules let do it, at the instant the row says. Seeded on the suite's day and on a
// month's first day (the story's "this month" has no past days then).
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
import { pinnedClock, PINNED_NOW } from "../helpers/clock";
import { verifyAuditChain } from "../../app/models/audit.server";

const all = <T>(db: DB, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];

/** Rows of `sql` (each naming what it is) that break the rule: expected none. */
const broken = (db: DB, sql: string) => all<Record<string, unknown>>(db, sql);

/** The audit row of action `action` (an SQL expression) on `entity` #`id` by `by` at `at` exists (SQL over the outer row). */
const audited = (entity: string, action: string, id: string, by: string, at: string) =>
  `EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = '${entity}' AND a.action = ${action} AND a.entity_id = CAST(${id} AS TEXT) AND a.user_id IS ${by} AND a.at = ${at})`;

describe.each([PINNED_NOW, "2026-12-01T09:00:00+08:00"])("the demo seeded at %s", (at) => {
  let db: DB;
  beforeAll(async () => {
    db = openDatabase(":memory:", pinnedClock(at));
    applyMigrations(db);
    await seedDemo(db);
  }, 60_000);

  it("keeps an intact audit chain", () => {
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it("has no outside body or member unit the admin's writes did not create", () => {
    const created = (table: string, entity: string) =>
      broken(db, `SELECT t.name FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = '${entity}' AND a.action = '${entity}.create' AND a.entity_id = CAST(t.id AS TEXT))`);
    expect(created("outside_bodies", "outsidebody")).toEqual([]);
    expect(created("member_units", "unit")).toEqual([]);
  });

  it("closes out tasks only through rounds, proposals and decisions", () => {
    // Every round was opened (and closed) by the secretariat's write.
    expect(broken(db, `SELECT period FROM closeout_rounds r WHERE NOT ${audited("closeout_round", "'closeoutRound.open'", "r.id", "r.opened_by", "r.opened_at")}`)).toEqual([]);
    expect(broken(db, `SELECT period FROM closeout_rounds r WHERE r.status = 'closed' AND NOT ${audited("closeout_round", "'closeoutRound.close'", "r.id", "r.closed_by", "r.closed_at")}`)).toEqual([]);
    // Every proposal was made while its round was open, and audited; every decision too, by someone outside the executing unit.
    expect(
      broken(
        db,
        `SELECT p.id FROM closeout_proposals p JOIN closeout_rounds r ON r.id = p.round_id
         WHERE p.proposed_at < r.opened_at OR p.proposed_at >= coalesce(r.closed_at, '9999')
            OR NOT ${audited("closeout_proposal", "'closeout.propose'", "p.id", "p.proposed_by", "p.proposed_at")}`,
      ),
    ).toEqual([]);
    expect(
      broken(
        db,
        `SELECT p.id, p.status FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id LEFT JOIN users u ON u.id = p.decided_by
         WHERE p.status IN ('approved', 'returned')
           AND (u.unit_id IS t.owner_unit_id OR p.decided_at < p.proposed_at
                OR NOT ${audited("closeout_proposal", "CASE p.status WHEN 'approved' THEN 'closeout.approve' ELSE 'closeout.return' END", "p.id", "p.decided_by", "p.decided_at")})`,
      ),
    ).toEqual([]);
    // Proposed by the task's owner or a lead of its unit; for a unit without accounts, by the project's lead on its behalf.
    expect(
      broken(
        db,
        `SELECT t.code FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id JOIN users u ON u.id = p.proposed_by JOIN projects pr ON pr.id = t.project_id
         WHERE NOT (u.unit_id = t.owner_unit_id AND (u.id IS t.owner_user_id OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'unit_lead')))
           AND NOT (u.id = pr.lead_user_id AND NOT EXISTS (SELECT 1 FROM users o WHERE o.unit_id = t.owner_unit_id AND o.active = 1))`,
      ),
    ).toEqual([]);
    expect(all(db, "SELECT 1 FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id JOIN users u ON u.id = p.proposed_by WHERE u.unit_id IS NOT t.owner_unit_id").length).toBeGreaterThan(0);
    // 已销号: an approved proposal whose approval moved the task; 待销号: exactly one proposal awaiting a decision.
    expect(
      broken(
        db,
        `SELECT t.code FROM tasks t WHERE t.status = 'closed' AND NOT EXISTS (
           SELECT 1 FROM closeout_proposals p WHERE p.task_id = t.id AND p.status = 'approved'
             AND ${audited("task", "'task.closeout'", "t.id", "p.decided_by", "p.decided_at")})`,
      ),
    ).toEqual([]);
    expect(
      broken(db, `SELECT t.code FROM tasks t WHERE t.status = 'pending_closeout' AND (SELECT count(*) FROM closeout_proposals p WHERE p.task_id = t.id AND p.status = 'proposed') != 1`),
    ).toEqual([]);
    expect(broken(db, `SELECT t.code FROM closeout_proposals p JOIN tasks t ON t.id = p.task_id WHERE p.status = 'proposed' AND t.status != 'pending_closeout'`)).toEqual([]);
    // The story's cases are there: approved, returned and waiting proposals, waivers kept on an unmet indicator.
    const statuses = all<{ status: string }>(db, "SELECT DISTINCT status FROM closeout_proposals ORDER BY status").map((r) => r.status);
    expect(statuses).toEqual(["approved", "proposed", "returned"]);
    expect(all(db, "SELECT 1 FROM closeout_items WHERE waiver_reason IS NOT NULL").length).toBeGreaterThan(0);
  });

  it("files key-task months and handles notices through their writes", () => {
    // Every filed row was filed by its unit's lead with the unit's month (every key task of the unit, at once), by the filing day.
    expect(
      broken(
        db,
        `SELECT k.task_id, k.month FROM key_task_reports k JOIN tasks t ON t.id = k.task_id JOIN users u ON u.id = k.filed_by
         WHERE k.status = 'filed' AND (u.unit_id != t.owner_unit_id OR substr(k.filed_at, 1, 7) != k.month
           OR NOT ${audited("keyreport", "'keyreport.file'", "k.id", "k.filed_by", "k.filed_at")}
           OR EXISTS (SELECT 1 FROM tasks o WHERE o.is_key = 1 AND o.owner_unit_id = t.owner_unit_id
                      AND NOT EXISTS (SELECT 1 FROM key_task_reports x WHERE x.task_id = o.id AND x.month = k.month AND x.status = 'filed')))`,
      ),
    ).toEqual([]);
    expect(all(db, "SELECT 1 FROM key_task_reports WHERE status = 'filed'").length).toBeGreaterThan(0);
    // Notices: issued, acknowledged, answered, each by its write, by the issuer and the unit.
    expect(broken(db, `SELECT n.id FROM notices n WHERE NOT ${audited("notice", "'notice.issue'", "n.id", "n.issued_by", "n.issued_at")}`)).toEqual([]);
    expect(broken(db, `SELECT n.id FROM notices n WHERE n.acknowledged_at IS NOT NULL AND NOT ${audited("notice", "'notice.acknowledge'", "n.id", "n.acknowledged_by", "n.acknowledged_at")}`)).toEqual([]);
    expect(broken(db, `SELECT n.id FROM notices n WHERE n.responded_at IS NOT NULL AND NOT ${audited("notice", "'notice.answer'", "n.id", "n.responded_by", "n.responded_at")}`)).toEqual([]);
    expect(broken(db, `SELECT n.id FROM notices n WHERE n.status = 'closed' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'notice' AND a.action = 'notice.close' AND a.entity_id = CAST(n.id AS TEXT))`)).toEqual([]);
    expect(all<{ kind: string }>(db, "SELECT kind FROM notices ORDER BY kind").map((r) => r.kind)).toEqual(["reminder", "supervision"]);
  });

  it("plans V-model iterations and decides TRL claims through the technology writes", () => {
    for (const [table, entity] of [["key_technologies", "key_technology"], ["vmodel_iterations", "vmodel_iteration"], ["vmodel_items", "vmodel_item"]] as const) {
      expect(broken(db, `SELECT x.id FROM ${table} x WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = '${entity}' AND a.action = '${entity}.create' AND a.entity_id = CAST(x.id AS TEXT))`), table).toEqual([]);
    }
    // Every item's task links and every iteration's status change were writes too.
    expect(broken(db, `SELECT l.item_id FROM vmodel_item_tasks l WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'vmodel_item' AND a.action = 'vmodel_item.link' AND a.entity_id = CAST(l.item_id AS TEXT))`)).toEqual([]);
    expect(broken(db, `SELECT i.id FROM vmodel_iterations i WHERE i.status != 'planned' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'vmodel_iteration' AND a.action = 'vmodel_iteration.update' AND a.entity_id = CAST(i.id AS TEXT))`)).toEqual([]);
    // Claims by the owner unit, decisions by someone outside it, each audited when it happened.
    expect(broken(db, `SELECT c.id FROM trl_claims c WHERE NOT ${audited("trl_claim", "'trl_claim.claim'", "c.id", "c.claimed_by", "c.claimed_at")}`)).toEqual([]);
    expect(
      broken(
        db,
        `SELECT c.id FROM trl_claims c JOIN users u ON u.id = c.decided_by
         WHERE c.status IN ('confirmed', 'rejected')
           AND (u.unit_id IS c.unit_id OR c.decided_at < c.claimed_at
                OR NOT ${audited("trl_claim", "CASE c.status WHEN 'confirmed' THEN 'trl_claim.confirm' ELSE 'trl_claim.reject' END", "c.id", "c.decided_by", "c.decided_at")})`,
      ),
    ).toEqual([]);
    expect(all(db, "SELECT 1 FROM trl_claims WHERE status IN ('confirmed', 'rejected')").length).toBeGreaterThan(0);
  });

  it("registers results, meetings, funding and the report's narrative through their writes", () => {
    expect(broken(db, `SELECT r.title FROM results r WHERE NOT ${audited("result", "'result.create'", "r.id", "r.created_by", "r.created_at")}`)).toEqual([]);
    // A result names only a project its owner unit takes part in (the register's form refuses any other).
    expect(broken(db, "SELECT r.title FROM results r WHERE r.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_units pu WHERE pu.project_id = r.project_id AND pu.unit_id = r.owner_unit_id)")).toEqual([]);
    expect(broken(db, "SELECT m.title FROM meetings m WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'meeting' AND a.action = 'meeting.create' AND a.entity_id = CAST(m.id AS TEXT))")).toEqual([]);
    expect(broken(db, "SELECT f.project_id, f.year FROM project_funding f WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'funding' AND a.entity_id = CAST(f.id AS TEXT))")).toEqual([]);
    expect(broken(db, "SELECT d.year FROM report_drafts d WHERE d.version != (SELECT count(*) FROM audit_log a WHERE a.entity = 'report' AND a.action = 'report.save' AND a.entity_id = CAST(d.id AS TEXT))")).toEqual([]);
  });

  it("schedules, reviews and signs checks, and rectifies and escalates their problems, through the check writes", () => {
    // Scheduled by the secretariat, the self-assessment filed by the project's lead, each audited when it happened.
    expect(
      broken(
        db,
        `SELECT c.id FROM checks c JOIN user_roles r ON r.user_id = c.created_by AND r.role = 'secretariat'
         RIGHT JOIN checks x ON x.id = c.id
         WHERE c.id IS NULL OR NOT ${audited("check", "'check.schedule'", "c.id", "c.created_by", "c.created_at")}`,
      ),
    ).toEqual([]);
    expect(
      broken(
        db,
        `SELECT c.id FROM checks c JOIN projects p ON p.id = c.project_id
         WHERE c.self_assessed_at IS NOT NULL AND (c.self_assessed_by IS NOT p.lead_user_id OR NOT ${audited("check", "'check.self_assess'", "c.id", "c.self_assessed_by", "c.self_assessed_at")})`,
      ),
    ).toEqual([]);
    // Every finding recorded by an expert assigned to its check (one at a time, or under his signed rest statement).
    expect(
      broken(
        db,
        `SELECT i.id FROM check_items i JOIN checks c ON c.id = i.check_id
         WHERE i.result IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM check_experts e WHERE e.check_id = c.id AND e.user_id = i.recorded_by)
           OR CASE i.bulk WHEN 1 THEN NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'check' AND a.action = 'check.review_rest' AND a.entity_id = CAST(c.id AS TEXT) AND a.user_id = c.rest_statement_by AND a.at = c.rest_statement_at)
               ELSE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'check_item' AND a.action = 'check_item.record' AND a.entity_id = CAST(i.id AS TEXT) AND a.user_id = i.recorded_by) END)`,
      ),
    ).toEqual([]);
    // Signed by an assigned expert of no unit executing the project (nor its lead), after every item was judged.
    expect(
      broken(
        db,
        `SELECT c.id FROM checks c JOIN projects p ON p.id = c.project_id JOIN users u ON u.id = c.signed_by
         WHERE c.status = 'signed' AND (NOT EXISTS (SELECT 1 FROM check_experts e WHERE e.check_id = c.id AND e.user_id = c.signed_by)
           OR u.id = p.lead_user_id OR u.unit_id = p.lead_unit_id OR u.unit_id IN (SELECT owner_unit_id FROM tasks t WHERE t.project_id = c.project_id)
           OR EXISTS (SELECT 1 FROM check_items i WHERE i.check_id = c.id AND i.result IS NULL)
           OR NOT ${audited("check", "'check.sign'", "c.id", "c.signed_by", "c.signed_at")})`,
      ),
    ).toEqual([]);
    // Rectifications: opened by the signature; answered by the owner unit; closed by someone outside it.
    expect(
      broken(
        db,
        `SELECT r.id FROM rectifications r JOIN checks c ON c.id = r.check_id
         WHERE r.opened_at IS NOT c.signed_at OR NOT ${audited("rectification", "'rectification.create'", "r.id", "c.signed_by", "r.opened_at")}`,
      ),
    ).toEqual([]);
    expect(
      broken(
        db,
        `SELECT r.id FROM rectifications r
         WHERE r.response != '' AND NOT EXISTS (SELECT 1 FROM audit_log a JOIN users u ON u.id = a.user_id
           WHERE a.entity = 'rectification' AND a.action = 'rectification.respond' AND a.entity_id = CAST(r.id AS TEXT) AND u.unit_id = r.owner_unit_id)`,
      ),
    ).toEqual([]);
    expect(
      broken(
        db,
        `SELECT r.id FROM rectifications r JOIN users u ON u.id = r.closed_by
         WHERE r.status = 'closed' AND (u.unit_id IS r.owner_unit_id OR NOT ${audited("rectification", "'rectification.close'", "r.id", "r.closed_by", "r.closed_at")})`,
      ),
    ).toEqual([]);
    expect(broken(db, "SELECT r.id FROM rectifications r WHERE r.status = 'closed' AND r.closed_by IS NULL")).toEqual([]);
    // Escalations: raised by a write (the signature's, or an expert's or the secretariat's), resolved by the 总体部's.
    expect(
      broken(
        db,
        `SELECT e.id FROM escalations e WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'escalation' AND a.action IN ('escalation.create', 'escalation.auto')
           AND a.entity_id = CAST(e.id AS TEXT) AND a.at = e.escalated_at)`,
      ),
    ).toEqual([]);
    expect(
      broken(
        db,
        `SELECT e.id FROM escalations e JOIN user_roles r ON r.user_id = e.resolved_by AND r.role = 'observer' RIGHT JOIN escalations x ON x.id = e.id
         WHERE x.status = 'resolved' AND (e.id IS NULL OR NOT ${audited("escalation", "'escalation.resolve'", "e.id", "e.resolved_by", "e.resolved_at")})`,
      ),
    ).toEqual([]);
    // The story's cases are there: passed with rectification and failed checks, one still scheduled; closed and open rectifications, a resolved escalation.
    expect(all<{ o: string }>(db, "SELECT DISTINCT coalesce(outcome, status) AS o FROM checks ORDER BY o").map((r) => r.o)).toEqual(["fail", "rectify", "scheduled"]);
    expect(all<{ status: string }>(db, "SELECT DISTINCT status FROM rectifications ORDER BY status").map((r) => r.status)).toEqual(["closed", "open"]);
    expect(all<{ status: string }>(db, "SELECT status FROM escalations").map((r) => r.status)).toEqual(["resolved"]);
  });

  it("names deliverables and signs acceptances through the acceptance writes", () => {
    expect(broken(db, `SELECT d.task_id FROM task_deliverables d WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'deliverable' AND a.action = 'deliverable.set' AND a.entity_id = CAST(d.task_id AS TEXT))`)).toEqual([]);
    expect(
      broken(
        db,
        `SELECT c.id FROM acceptances c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'acceptance' AND a.action = 'acceptance.sign' AND a.user_id = c.signed_by AND a.at = c.signed_at)`,
      ),
    ).toEqual([]);
    // A proposal with a named accepting unit was made only after that unit accepted (or before it was named).
    expect(
      broken(
        db,
        `SELECT p.id FROM closeout_proposals p JOIN task_deliverables d ON d.task_id = p.task_id
         WHERE (SELECT min(a.at) FROM audit_log a WHERE a.entity = 'deliverable' AND a.action = 'deliverable.set' AND a.entity_id = CAST(p.task_id AS TEXT)) < p.proposed_at
           AND coalesce((SELECT c.decision FROM acceptances c WHERE c.task_id = p.task_id AND c.signed_at < p.proposed_at ORDER BY c.signed_at DESC LIMIT 1), '') != 'accepted'`,
      ),
    ).toEqual([]);
  });
});
