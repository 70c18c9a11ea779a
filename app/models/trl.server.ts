// TRL claims (技术成熟度申报) and their confirmation. A researcher (or unit lead) of the technology's owner
// unit claims a level with evidence; a responsible expert of the project who is not of the claiming unit,
// or the chief scientist (again not of the claiming unit), confirms or rejects it — on the technology page
// or inside a milestone / mid-term check (the checks feature calls decideTrlClaim with its checkId).
// The rules are the pure ones in trl.ts (validateClaim, confirmRefusal); this module only applies them.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { trlClaims } from "../../db/schema";
import { notifyEach, type Told } from "./inbox.server";
import { commit, updateVersioned } from "./write.server";
import { column, insert, must, one, scalar } from "./sql.server";
import { projectExperts } from "./projects.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import { storeEvidence, type UploadedFile } from "./evidence.server";
import { confirmedTrlOf, confirmRefusal, validateClaim, type ClaimStatus, type TrlClaimInput, type TrlDecisionInput } from "./trl";
import { recordTechnologyWrite } from "./vmodel.server";
import { technologyRow, TRL_CLAIM_SUBJECT } from "./technologies.server";
import type { TechnologyRow } from "./vmodel";

type ClaimRaw = {
  id: number;
  technology_id: number;
  iteration_id: number | null;
  trl: number;
  unit_id: number;
  claimed_by: number;
  status: ClaimStatus;
  version: number;
};

const claimRaw = (db: DB, id: number) => must(one<ClaimRaw & Record<string, unknown>>(db, "SELECT * FROM trl_claims WHERE id = ?", id));

/** Experts who may decide claims of a project: its responsible experts, plus the experts of the check if given. */
export function confirmingExperts(db: DB, projectId: number, checkId?: number | null): number[] {
  const ids = projectExperts(db, projectId);
  if (checkId != null) ids.push(...column<number>(db, "SELECT user_id FROM check_experts WHERE check_id = ?", checkId));
  return [...new Set(ids)];
}

/** Users to tell about a new claim: the project's experts and the chief scientists, none of the claiming unit. */
function deciders(db: DB, projectId: number, unitId: number): number[] {
  return column<number>(
    db,
    `SELECT u.id FROM users u WHERE u.active = 1 AND (u.unit_id IS NULL OR u.unit_id != @unit) AND (
       u.id IN (SELECT user_id FROM project_experts WHERE project_id = @project)
       OR u.id IN (SELECT user_id FROM user_roles WHERE role = 'chief_scientist'))`,
    { project: projectId, unit: unitId },
  );
}

/**
 * Files a TRL claim for a technology of the actor's unit in one of its iterations, with evidence files.
 * Refused: without `claim:trl` for the technology's owner unit (a researcher of another unit), while
 * another claim of the technology waits for a decision (`trlClaimPending`), or when validateClaim finds
 * a rule broken (level not above the confirmed one, above the iteration's target or a jump of more than
 * one level without a reason). The claim's unit is the claimer's unit, which is the owner unit.
 */
export function claimTrl(ctx: AppContext, actor: Actor, input: TrlClaimInput, files: UploadedFile[] = []): TechnologyRow {
  const { db } = ctx;
  const tech = technologyRow(db, input.technologyId);
  assertCan(actor, "claim", "trl", { unitId: tech.ownerUnitId, projectId: tech.projectId });
  if (actor.unitId !== tech.ownerUnitId) throw new DomainError("forbidden", 403, { action: "claim", entity: "trl" });
  const row = commit(ctx, () => {
    const fresh = technologyRow(db, input.technologyId);
    const iteration = fresh.iterations.find((i) => i.id === input.iterationId);
    if (!iteration) throw new DomainError("trlIterationUnknown", 400);
    if (fresh.claims.some((c) => c.status === "claimed")) throw new DomainError("trlClaimPending", 409);
    const confirmedTrl = confirmedTrlOf(fresh.startTrl, fresh.claims);
    const broken = validateClaim({ claimedTrl: input.trl, iteration, confirmedTrl, reason: input.reason });
    if (broken.length) throw new DomainError(broken[0]!, 400, { trl: input.trl, confirmed: confirmedTrl, target: iteration.targetTrl });
    const id = insert(
      db,
      "INSERT INTO trl_claims (technology_id, iteration_id, trl, reason, unit_id, claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      fresh.id, iteration.id, input.trl, input.reason, actor.unitId, actor.id, db.$clock.nowIso(),
    );
    const evidence = storeEvidence(db, ctx.config, actor, { type: TRL_CLAIM_SUBJECT, id, projectId: fresh.projectId }, files);
    const { row, events } = recordTechnologyWrite(db, actor, "trl.upserted", fresh.id, {
      action: "claim", entity: "trl_claim", entityId: id, before: null, after: { ...claimRaw(db, id), evidence: evidence.map((e) => e.id) },
    });
    return { result: row, events };
  });
  const claim = row.claims[row.claims.length - 1]!;
  ctx.realtime.notifyUsers(deciders(db, row.projectId, tech.ownerUnitId), { kind: "trl", technologyId: row.id, name: row.name, claim });
  return row;
}

/**
 * The decision itself, inside the caller's transaction (the checks feature may call it from within its
 * own write): returns the technology row and the events to publish after commit.
 * Refused: a claim already decided (`trlNotPending`), an actor without confirm:trl in scope (`forbidden`:
 * a responsible expert of another project, a project lead), an actor of the claiming unit (`trlOwnUnit`),
 * a stale version (`conflict`), a check of another project (`trlCheckMismatch`).
 */
export function decideTrlClaimInTx(db: DB, actor: Actor, input: TrlDecisionInput): { row: TechnologyRow; events: BoardEvent[]; claimedBy: number; told: Told[] } {
  const before = claimRaw(db, input.claimId);
  const tech = technologyRow(db, before.technology_id);
  if (input.checkId != null) {
    const checkProject = scalar<number>(db, "SELECT project_id FROM checks WHERE id = ?", input.checkId);
    if (checkProject !== tech.projectId) throw new DomainError("trlCheckMismatch", 400);
  }
  const refusal = confirmRefusal(actor, { unitId: before.unit_id, projectId: tech.projectId, status: before.status }, confirmingExperts(db, tech.projectId, input.checkId));
  if (refusal === "trlNotPending") throw new DomainError("trlNotPending", 409, { current: before });
  if (refusal) throw new DomainError(refusal, 403, { action: "confirm", entity: "trl" });
  assertVersion(before, input.version, before);
  const decided = { status: input.decision, decidedBy: actor.id, decidedAt: db.$clock.nowIso(), decisionComment: input.comment, checkId: input.checkId ?? null };
  updateVersioned(db, trlClaims, before.id, before.version, decided, () => before);
  const action = input.decision === "confirmed" ? "confirm" : "reject";
  const { row, events } = recordTechnologyWrite(db, actor, "trl.upserted", tech.id, { action, entity: "trl_claim", entityId: before.id, before, after: claimRaw(db, before.id) });
  const told = notifyEach(db, [before.claimed_by], {
    kind: "trl_decided",
    actorId: actor.id,
    entity: "trl_claim",
    entityId: before.id,
    href: `/technologies/${tech.id}`,
    params: { technology: tech.name, level: Number(before.trl), decision: input.decision },
  });
  return { row, events, claimedBy: before.claimed_by, told };
}

/** Confirms or rejects a pending claim (see decideTrlClaimInTx for the rules); tells the claimer. */
export function decideTrlClaim(ctx: AppContext, actor: Actor, input: TrlDecisionInput): TechnologyRow {
  let claimedBy = 0;
  const row = commit(ctx, () => {
    const r = decideTrlClaimInTx(ctx.db, actor, input);
    claimedBy = r.claimedBy;
    return { result: r.row, events: r.events, told: r.told };
  });
  const claim = row.claims.find((c) => c.id === input.claimId);
  ctx.realtime.notifyUsers([claimedBy], { kind: "trl", technologyId: row.id, name: row.name, claim });
  return row;
}
