// Card order cannot corrupt: any sequence of moves, from any actor, keeps every card exactly once,
// with keys unique per column, and the order the client asked for; moves into or out of the
// process-owned columns are refused and change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { seededDb, contextFor, actor } from "../helpers/db";
import { moveTask, getTask, updateTask } from "../../app/models/tasks.server";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";
import { DomainError } from "../../app/models/errors";
import { moveRefusal } from "../../app/models/tasks";

let db: DB;
let secretary: Actor;
const OPEN = ["not_started", "in_progress", "pending_closeout", "suspended"] as const;

beforeAll(async () => {
  db = await seededDb();
  secretary = actor(db, "mishu");
});

const column = (status: string) =>
  (db.$client.prepare("SELECT id, position FROM tasks WHERE status = ? ORDER BY position").all(status) as { id: number; position: string }[]).map((r) => r.id);

describe("fractional ordering", () => {
  it("keeps every card once and keys unique under random moves", () => {
    const ids = (db.$client.prepare("SELECT id FROM tasks WHERE status != 'closed'").all() as { id: number }[]).map((r) => r.id);
    const total = (db.$client.prepare("SELECT count(*) AS n FROM tasks").get() as { n: number }).n;
    const ctx = contextFor(db);
    fc.assert(
      fc.property(
        fc.array(fc.record({ card: fc.constantFrom(...ids), to: fc.constantFrom(...OPEN), slot: fc.nat(30), anchor: fc.constantFrom("after", "before", "top") }), { minLength: 1, maxLength: 25 }),
        (moves) => {
          for (const m of moves) {
            const target = column(m.to).filter((id) => id !== m.card);
            const neighbour = target.length ? target[m.slot % target.length]! : null;
            const input =
              m.anchor === "top" || neighbour == null
                ? { afterId: null }
                : m.anchor === "after"
                  ? { afterId: neighbour }
                  : { beforeId: neighbour };
            const current = getTask(db, m.card);
            // Into or out of a process-owned column (待销号, 已暂停) is refused and changes nothing.
            const refusal = moveRefusal(current.status, m.to);
            if (refusal) {
              const before = column(m.to);
              expect(() => moveTask(ctx, secretary, { id: m.card, version: current.version, toStatus: m.to, ...input })).toThrow(refusal);
              expect(getTask(db, m.card)).toEqual(current);
              expect(column(m.to)).toEqual(before);
              continue;
            }
            const row = moveTask(ctx, secretary, { id: m.card, version: current.version, toStatus: m.to, ...input });
            const after = column(m.to);
            const at = after.indexOf(row.id);
            if (m.anchor === "top" || neighbour == null) expect(at).toBe(0);
            else if (m.anchor === "after") expect(after[at - 1]).toBe(neighbour);
            else expect(after[at + 1]).toBe(neighbour);
          }
          const dup = db.$client.prepare("SELECT count(*) AS n FROM (SELECT 1 FROM tasks GROUP BY status, position HAVING count(*) > 1)").get() as { n: number };
          expect(dup.n).toBe(0);
          expect((db.$client.prepare("SELECT count(*) AS n FROM tasks").get() as { n: number }).n).toBe(total);
        },
      ),
      { numRuns: 40 },
    );
    // Every move was published to both the consortium board and the project board, gap-free.
    const seqs = ctx.published.filter((e) => e.boardId === "consortium").map((e) => e.seq);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1)).toBe(true);
  });

  it("a refused write changes nothing and publishes nothing", () => {
    const ctx = contextFor(db);
    const researcher = actor(db, "jiang_hao");
    const foreign = db.$client.prepare("SELECT * FROM tasks WHERE owner_unit_id != ? AND status = 'in_progress' LIMIT 1").get(researcher.unitId) as { id: number; version: number };
    const before = getTask(db, foreign.id);
    const audit = (db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
    expect(() => updateTask(ctx, researcher, { id: foreign.id, version: foreign.version, patch: { title: "越权" } })).toThrow(DomainError);
    expect(() => moveTask(ctx, researcher, { id: foreign.id, version: foreign.version, toStatus: "not_started" })).toThrow("forbidden");
    expect(getTask(db, foreign.id)).toEqual(before);
    expect((db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n).toBe(audit);
    expect(ctx.published).toEqual([]);
  });

  it("refuses handing a task to a unit outside the project, or an owner outside the unit", () => {
    const ctx = contextFor(db);
    const t = db.$client.prepare("SELECT * FROM tasks WHERE status = 'in_progress' LIMIT 1").get() as { id: number; version: number; project_id: number };
    const outsider = db.$client.prepare("SELECT id FROM member_units WHERE id NOT IN (SELECT unit_id FROM project_units WHERE project_id = ?) AND id NOT IN (SELECT lead_unit_id FROM projects WHERE id = ?) LIMIT 1").get(t.project_id, t.project_id) as { id: number };
    expect(() => updateTask(ctx, secretary, { id: t.id, version: t.version, patch: { ownerUnitId: outsider.id } })).toThrow("unitNotInProject");
  });
});
