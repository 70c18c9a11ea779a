// Saving a milestone's deadline (倒排工期 made binding) on a real seeded SQLite database: who may, the
// version check, the node's state and the project's term, and what one save writes (row, audit, events).
import { beforeEach, describe, expect, it } from "vitest";
import { getMilestone, listMilestones, updateMilestoneDue } from "../../app/models/milestones.server";
import { milestoneDueSchema, withinProject } from "../../app/models/milestones";
import { DomainError } from "../../app/models/errors";
import { actor, contextFor, seededDb } from "../helpers/db";
import { fingerprint } from "../helpers/db-fingerprint";
import type { DB } from "../../db/client";

let db: DB;
const q = <T = any>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
/** The pending 中期检查节点 of a project, by the project's code. */
const midterm = (code: string) =>
  getMilestone(db, q<{ id: number }>("SELECT m.id FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.code = ? AND m.name = '中期检查节点'", code).id);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error("expected a refusal");
};

beforeEach(async () => {
  db = await seededDb();
});

describe("updateMilestoneDue", () => {
  it("the chief scientist saves any project's node: version bump, audit row, one event on the consortium and one on the project board", () => {
    const ctx = contextFor(db);
    const m = midterm("2025ZDZX-RX-04");
    const saved = updateMilestoneDue(ctx, actor(db, "shouxi"), { id: m.id, dueOn: "2027-02-26", version: m.version });
    expect(saved).toMatchObject({ id: m.id, dueOn: "2027-02-26", version: m.version + 1, taskIds: m.taskIds });
    expect(q("SELECT due_on, version FROM milestones WHERE id = ?", m.id)).toEqual({ due_on: "2027-02-26", version: m.version + 1 });

    const audit = q<any>("SELECT * FROM audit_log WHERE entity = 'milestone' ORDER BY id DESC LIMIT 1");
    expect(audit).toMatchObject({ action: "milestone.updateDue", entity_id: String(m.id), user_id: actor(db, "shouxi").id });
    expect(JSON.parse(audit.before)).toMatchObject({ dueOn: m.dueOn });
    expect(JSON.parse(audit.after)).toMatchObject({ dueOn: "2027-02-26" });

    expect(ctx.published.map((e) => [e.boardId, e.type])).toEqual([
      ["consortium", "milestone.upserted"],
      [`project:${m.projectId}`, "milestone.upserted"],
    ]);
    expect(ctx.published[0]!.payload).toMatchObject({ entity: "milestone", id: m.id, row: saved, by: { name: "吴振华" } });
  });

  it("a project lead saves his own project's node, the secretariat any", () => {
    const own = midterm("2025ZDZX-RX-01");
    expect(updateMilestoneDue(contextFor(db), actor(db, "li_ming"), { id: own.id, dueOn: "2027-01-15", version: own.version }).dueOn).toBe("2027-01-15");
    const other = midterm("2025ZDZX-RX-05");
    expect(updateMilestoneDue(contextFor(db), actor(db, "mishu"), { id: other.id, dueOn: "2027-02-01", version: other.version }).dueOn).toBe("2027-02-01");
  });

  it("refuses a project lead on another project, a researcher, a unit lead and an expert: 403, nothing written, nothing published", () => {
    const m = midterm("2025ZDZX-RX-01");
    for (const who of ["he_chunsheng", "jiang_hao", "wang_jianguo", "zhuanjia2", "lishi"]) {
      const ctx = contextFor(db);
      const before = fingerprint(db);
      const err = refusal(() => updateMilestoneDue(ctx, actor(db, who), { id: m.id, dueOn: "2027-02-01", version: m.version }));
      expect(err, who).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: "forbidden", status: 403 });
      expect(fingerprint(db), who).toEqual(before);
      expect(ctx.published, who).toEqual([]);
      expect(getMilestone(db, m.id), who).toEqual(m);
    }
  });

  it("a stale version is a conflict carrying the current row; nothing changes", () => {
    const m = midterm("2025ZDZX-RX-02");
    updateMilestoneDue(contextFor(db), actor(db, "shouxi"), { id: m.id, dueOn: "2027-01-10", version: m.version });
    const before = fingerprint(db);
    const err = refusal(() => updateMilestoneDue(contextFor(db), actor(db, "mishu"), { id: m.id, dueOn: "2027-03-01", version: m.version }));
    expect(err).toMatchObject({ code: "conflict", status: 409 });
    expect((err.details.current as { dueOn: string }).dueOn).toBe("2027-01-10");
    expect(fingerprint(db)).toEqual(before);
    expect(getMilestone(db, m.id).dueOn).toBe("2027-01-10");
  });

  it("only a pending node, only within the project's term; the same date again writes nothing", () => {
    const chief = actor(db, "shouxi");
    const reached = getMilestone(db, q<{ id: number }>("SELECT id FROM milestones WHERE status = 'reached' ORDER BY id LIMIT 1").id);
    expect(refusal(() => updateMilestoneDue(contextFor(db), chief, { id: reached.id, dueOn: "2027-01-01", version: reached.version }))).toMatchObject({
      code: "milestoneNotPending",
      status: 409,
    });
    const m = midterm("2025ZDZX-RX-01"); // project term 2025-11-23 … 2027-12-23
    const late = refusal(() => updateMilestoneDue(contextFor(db), chief, { id: m.id, dueOn: "2028-01-01", version: m.version }));
    expect(late).toMatchObject({ code: "milestoneOutsideProject", status: 400, details: { start: "2025-11-23", end: "2027-12-23" } });
    expect(() => updateMilestoneDue(contextFor(db), chief, { id: m.id, dueOn: "2025-11-01", version: m.version })).toThrow(DomainError);

    const ctx = contextFor(db);
    const before = fingerprint(db);
    expect(updateMilestoneDue(ctx, chief, { id: m.id, dueOn: m.dueOn, version: m.version })).toEqual(m);
    expect(fingerprint(db)).toEqual(before);
    expect(ctx.published).toEqual([]);
  });

  it("an unknown milestone is not found", () => {
    expect(refusal(() => updateMilestoneDue(contextFor(db), actor(db, "shouxi"), { id: 99999, dueOn: "2027-01-01", version: 1 }))).toMatchObject({ code: "notFound" });
  });
});

describe("milestone rows and rules", () => {
  it("lists every node with the tasks feeding it, by due date, or only those of given projects", () => {
    const all = listMilestones(db);
    expect(all.length).toBe(q<{ n: number }>("SELECT count(*) n FROM milestones").n);
    expect(all.map((m) => m.dueOn)).toEqual([...all.map((m) => m.dueOn)].sort());
    const fed = all.find((m) => m.taskIds.length > 0)!;
    expect(fed.taskIds.sort()).toEqual(
      (db.$client.prepare("SELECT task_id FROM milestone_tasks WHERE milestone_id = ?").all(fed.id) as { task_id: number }[]).map((r) => r.task_id).sort(),
    );
    expect(listMilestones(db, [1]).every((m) => m.projectId === 1)).toBe(true);
    expect(listMilestones(db, [])).toEqual([]);
  });

  it("the form schema takes strings from the form and refuses unknown fields and bad dates", () => {
    expect(milestoneDueSchema.safeParse({ id: 2, dueOn: "2027-02-30", version: 1 }).success).toBe(false);
    expect(milestoneDueSchema.safeParse({ id: 2, dueOn: "2027-02-28", version: 1, name: "x" }).success).toBe(false);
    expect(milestoneDueSchema.parse({ id: 2, dueOn: "2027-02-28", version: 1 })).toEqual({ id: 2, dueOn: "2027-02-28", version: 1 });
    expect(withinProject("2027-12-23", { startOn: "2025-11-23", endOn: "2027-12-23" })).toBe(true);
    expect(withinProject("2027-12-24", { startOn: "2025-11-23", endOn: "2027-12-23" })).toBe(false);
  });
});
