// Funding per project and year (/funding, 万元): the rows of 年度经费拨付建议表 (art. 7) and of the report's
// funds table (report.server.ts reads project_funding). The secretariat writes a row (update:funding); a
// project lead proposes what his project spent (propose:funding, own project), which the secretariat
// accepts into `spent`. A row is made on its first write; afterwards every write is at the version seen.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { projectFunding } from "../../db/schema";
import { boardsOf } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, insert, must, one } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { can, canSome } from "./permissions";
import type { z } from "zod";
import { fundingAcceptSchema, fundingProposeSchema, fundingSchema, type FundingInput } from "./governance";

export { fundingAcceptSchema, fundingProposeSchema, fundingSchema };

export type FundingRow = {
  projectId: number;
  code: string;
  name: string;
  leadUnit: string;
  budget: number;
  id: number | null;
  provincialFunds: number;
  selfFunds: number;
  spent: number;
  suggestedFunds: number;
  suggestion: string;
  proposedSpent: number | null;
  proposedBy: string | null;
  version: number | null;
};

const SELECT = `SELECT p.id AS projectId, p.code, p.name, m.short_name AS leadUnit, p.budget, f.id, coalesce(f.provincial_funds, 0) AS provincialFunds,
  coalesce(f.self_funds, 0) AS selfFunds, coalesce(f.spent, 0) AS spent, coalesce(f.suggested_funds, 0) AS suggestedFunds, coalesce(f.suggestion, '') AS suggestion,
  f.proposed_spent AS proposedSpent, u.display_name AS proposedBy, f.version
  FROM projects p JOIN member_units m ON m.id = p.lead_unit_id LEFT JOIN project_funding f ON f.project_id = p.id AND f.year = @year
  LEFT JOIN users u ON u.id = f.proposed_by`;

/** Every project's row of the year (a project without one shows zeros), for readers of the report. */
export function fundingOfYear(db: DB, actor: Actor, year: number): FundingRow[] {
  if (!canSome(actor, "read", "report")) throw new DomainError("forbidden", 403, { action: "read", entity: "funding" });
  return all<FundingRow>(db, `${SELECT} ORDER BY p.code`, { year });
}

const rowOf = (db: DB, projectId: number, year: number): FundingRow => must(one<FundingRow>(db, `${SELECT} WHERE p.id = @projectId`, { year, projectId }));

/** The row's current version must be the one the form saw (none when the row did not exist yet). */
function assertSeen(row: FundingRow, seen: number | undefined) {
  if ((row.version ?? undefined) !== seen) throw new DomainError("conflict", 409, { current: row });
}

/** Makes the year's row if missing (inside the caller's transaction); returns its id and version. */
function ensureRow(db: DB, projectId: number, year: number, row: FundingRow): { id: number; version: number } {
  if (row.id != null && row.version != null) return { id: row.id, version: row.version };
  const id = insert(db, "INSERT INTO project_funding (project_id, year) VALUES (?, ?)", projectId, year);
  return { id, version: 1 };
}

const change = (db: DB, actor: Actor, action: string, before: FundingRow, after: FundingRow) =>
  recordChange(db, { entity: "funding", id: after.id!, action, by: actor, before: before.id == null ? null : before, after, boards: boardsOf(after.projectId) });

/**
 * One funding write: reads the year's row, refuses a stale form, makes the row if missing (unless the
 * write needs an existing one), applies the patch at the version seen, audits and tells the boards.
 */
function writeFunding(
  ctx: AppContext,
  actor: Actor,
  action: string,
  key: { projectId: number; year: number; version?: number },
  patchOf: (before: FundingRow) => Partial<typeof projectFunding.$inferInsert>,
  createIfMissing = true,
): FundingRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const before = one<FundingRow>(db, `${SELECT} WHERE p.id = @projectId`, { year: key.year, projectId: key.projectId });
    if (!before) throw notFound();
    assertSeen(before, key.version);
    const patch = patchOf(before);
    const row = createIfMissing ? ensureRow(db, key.projectId, key.year, before) : { id: before.id!, version: before.version! };
    updateVersioned(db, projectFunding, row.id, row.version, patch);
    const after = rowOf(db, key.projectId, key.year);
    return { result: after, events: change(db, actor, action, before, after) };
  });
}

export function saveFunding(ctx: AppContext, actor: Actor, input: FundingInput): FundingRow {
  assertCan(actor, "update", "funding");
  return writeFunding(ctx, actor, "update", input, () => ({
    provincialFunds: input.provincialFunds,
    selfFunds: input.selfFunds,
    spent: input.spent,
    suggestedFunds: input.suggestedFunds,
    suggestion: input.suggestion,
  }));
}

export function proposeSpent(ctx: AppContext, actor: Actor, input: z.infer<typeof fundingProposeSchema>): FundingRow {
  assertCan(actor, "propose", "funding", { projectId: input.projectId });
  return writeFunding(ctx, actor, "propose", input, () => ({ proposedSpent: input.proposedSpent, proposedBy: actor.id }));
}

/** The secretariat takes the lead's proposal as the spent figure. */
export function acceptSpent(ctx: AppContext, actor: Actor, input: z.infer<typeof fundingAcceptSchema>): FundingRow {
  assertCan(actor, "update", "funding");
  return writeFunding(
    ctx,
    actor,
    "accept",
    input,
    (before) => {
      if (before.id == null || before.proposedSpent == null) throw new DomainError("noProposal", 400);
      return { spent: before.proposedSpent, proposedSpent: null, proposedBy: null };
    },
    false,
  );
}

/** Which rows the actor may write or propose on, for the page. */
export const fundingRights = (actor: Actor, rows: FundingRow[]) => ({
  edit: can(actor, "update", "funding"),
  propose: rows.filter((r) => can(actor, "propose", "funding", { projectId: r.projectId })).map((r) => r.projectId),
});
