// 定期销号, read side: rounds with their summaries, proposals with their per-indicator items (indicator
// state as of now, evidence) and the acceptance state, and a task's eligibility for close-out.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import type { Grantee } from "./permissions";
import { canReadBoard, projectBoard } from "./boards.server";
import { all, column, exists, must, one, placeholders, scalar } from "./sql.server";
import { listEvidence } from "./evidence.server";
import { indicatorValues, taskIndicators } from "./indicators.server";
import { getDeliverable } from "./deliverables.server";
import { translate } from "../i18n/catalog";
import type { TaskRow } from "./tasks";
import {
  closeoutEligibility,
  roundSummary,
  type EligibilityReason,
  type ItemEvidence,
  type ProposalAcceptance,
  type ProposalItemRow,
  type ProposalRow,
  type ProposalStatus,
  type ProxyFacts,
  type RoundRow,
} from "./closeout";

// ------------------------------------------------------------------------------------------ indicators

export type IndicatorLine = {
  id: number;
  name: string;
  unitOfMeasure: string;
  baseline: number | null;
  target: number | null;
  direction: string;
  waivedReason: string | null;
  latestValue: number | null;
  met: boolean;
  /** Evidence recorded with the indicator's measured values (indicator_value). */
  valueEvidence: ItemEvidence[];
};

/** A task's live indicators with their latest value, whether it is met (progress.ts) and the values' evidence. */
function indicatorLines(db: DB, taskId: number): IndicatorLine[] {
  const list = taskIndicators(db, taskId);
  const values = indicatorValues(db, list.map((i) => i.id));
  return list.map((i) => ({
    id: i.id,
    name: i.name,
    unitOfMeasure: i.unitOfMeasure,
    baseline: i.baseline,
    target: i.target,
    direction: i.direction,
    waivedReason: i.waivedReason,
    latestValue: i.latest,
    met: i.met,
    valueEvidence: (values[i.id] ?? []).flatMap((v) => v.evidence),
  }));
}

// ------------------------------------------------------------------------------------------ rounds

const ROUND_SELECT = `
  SELECT r.id, r.period, r.closes_on AS closesOn, r.status, r.opened_by AS openedBy, ou.display_name AS openerName,
         r.opened_at AS openedAt, r.closed_by AS closedBy, cu.display_name AS closerName, r.closed_at AS closedAt, r.version
  FROM closeout_rounds r JOIN users ou ON ou.id = r.opened_by LEFT JOIN users cu ON cu.id = r.closed_by`;

type RawRound = Omit<RoundRow, "summary">;

function toRounds(db: DB, raw: RawRound[]): RoundRow[] {
  if (raw.length === 0) return [];
  const ids = raw.map((r) => r.id);
  const rows = all<{ id: number; roundId: number; taskId: number; status: ProposalStatus }>(
    db,
    `SELECT id, round_id AS roundId, task_id AS taskId, status FROM closeout_proposals WHERE round_id IN (${placeholders(ids)})`,
    ...ids,
  );
  return raw.map((r) => ({ ...r, summary: roundSummary(rows.filter((p) => p.roundId === r.id)) }));
}

export const getRound = (db: DB, id: number): RoundRow => toRounds(db, [must(one<RawRound>(db, `${ROUND_SELECT} WHERE r.id = ?`, id))])[0]!;

/** Newest period first. */
export const listRounds = (db: DB): RoundRow[] => toRounds(db, all<RawRound>(db, `${ROUND_SELECT} ORDER BY r.period DESC, r.id DESC`));

/** The open round proposals go to: the latest open one. */
export function openRound(db: DB): RoundRow | null {
  const raw = one<RawRound>(db, `${ROUND_SELECT} WHERE r.status = 'open' ORDER BY r.period DESC, r.id DESC LIMIT 1`);
  return raw ? toRounds(db, [raw])[0]! : null;
}

// ------------------------------------------------------------------------------------------ proposals

const PROPOSAL_SELECT = `
  SELECT p.id, p.round_id AS roundId, r.period AS roundPeriod, p.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle,
         t.status AS taskStatus, t.project_id AS projectId, pr.code AS projectCode, t.owner_unit_id AS ownerUnitId,
         m.short_name AS unitName, t.owner_user_id AS ownerUserId, p.note, p.status, p.proposed_by AS proposedBy,
         pu.display_name AS proposerName, pu.unit_id IS NOT t.owner_unit_id AS onBehalf, pr.lead_user_id AS projectLeadUserId,
         EXISTS (SELECT 1 FROM users ou WHERE ou.unit_id = t.owner_unit_id AND ou.active = 1) AS ownerUnitHasAccounts, p.proposed_at AS proposedAt, p.decided_by AS decidedBy, du.display_name AS deciderName,
         p.decided_at AS decidedAt, p.decision_comment AS decisionComment, p.version
  FROM closeout_proposals p
  JOIN closeout_rounds r ON r.id = p.round_id
  JOIN tasks t ON t.id = p.task_id
  JOIN projects pr ON pr.id = t.project_id
  JOIN member_units m ON m.id = t.owner_unit_id
  JOIN users pu ON pu.id = p.proposed_by
  LEFT JOIN users du ON du.id = p.decided_by`;

type RawProposal = Omit<ProposalRow, "items" | "acceptance">;

function acceptanceOf(db: DB, taskId: number): ProposalAcceptance | null {
  const d = getDeliverable(db, taskId);
  if (!d) return null;
  return {
    deliverable: d.deliverable,
    acceptingUnitId: d.acceptingUnitId,
    acceptingUnitName: d.acceptingUnitName,
    kind: d.acceptanceKind,
    state: d.state,
    signerName: d.latest?.signerName ?? null,
    signedAt: d.latest?.signedAt ?? null,
    comment: d.latest?.comment ?? "",
  };
}

/** Proposals with their items (indicator state as of now, evidence) and the acceptance state. */
function complete(db: DB, raw: RawProposal[]): ProposalRow[] {
  if (raw.length === 0) return [];
  const proposalIds = raw.map((p) => p.id);
  const items = all<{ id: number; proposalId: number; indicatorId: number; waiverReason: string | null }>(
    db,
    `SELECT id, proposal_id AS proposalId, indicator_id AS indicatorId, waiver_reason AS waiverReason
     FROM closeout_items WHERE proposal_id IN (${placeholders(proposalIds)}) ORDER BY id`,
    ...proposalIds,
  );
  const files = listEvidence(db, "closeout_item", items.map((i) => i.id));
  const lines = new Map<number, Map<number, IndicatorLine>>();
  const linesOf = (taskId: number) => {
    let m = lines.get(taskId);
    if (!m) lines.set(taskId, (m = new Map(indicatorLines(db, taskId).map((l) => [l.id, l]))));
    return m;
  };
  const accept = new Map<number, ProposalAcceptance | null>();
  return raw.map((p) => {
    const byId = linesOf(p.taskId);
    const own: ProposalItemRow[] = items
      .filter((i) => i.proposalId === p.id)
      .map((i) => {
        const l = byId.get(i.indicatorId);
        return {
          id: i.id,
          indicatorId: i.indicatorId,
          indicatorName: l?.name ?? "—",
          unitOfMeasure: l?.unitOfMeasure ?? "",
          target: l?.target ?? null,
          direction: l?.direction ?? "higher",
          latestValue: l?.latestValue ?? null,
          met: l?.met ?? false,
          waiverReason: i.waiverReason,
          evidence: [...(files[i.id] ?? []), ...(l?.valueEvidence ?? [])],
        };
      });
    if (!accept.has(p.taskId)) accept.set(p.taskId, acceptanceOf(db, p.taskId));
    return { ...p, onBehalf: Boolean(p.onBehalf), ownerUnitHasAccounts: Boolean(p.ownerUnitHasAccounts), items: own, acceptance: accept.get(p.taskId) ?? null };
  });
}

/** What proposing on behalf of the task's unit rests on (closeout.ts proposeRight): its project's lead, and whether its unit has an active account. */
export const proxyFacts = (db: DB, task: { projectId: number; ownerUnitId: number }): ProxyFacts => ({
  projectLeadUserId: scalar<number>(db, "SELECT lead_user_id FROM projects WHERE id = ?", task.projectId) ?? null,
  ownerUnitHasAccounts: exists(db, "SELECT 1 FROM users WHERE unit_id = ? AND active = 1", task.ownerUnitId),
});

export const getProposal = (db: DB, id: number): ProposalRow => complete(db, [must(one<RawProposal>(db, `${PROPOSAL_SELECT} WHERE p.id = ?`, id))])[0]!;

/** Who may read a proposal: a reader of its project's board. */
export const canReadProposal = (who: Grantee, p: { projectId: number }) => canReadBoard(who, projectBoard(p.projectId));
const readable = (actor: Actor) => (p: { projectId: number }) => canReadProposal(actor, p);

/** A round's proposals (oldest first) the actor may read. */
export const roundProposals = (db: DB, actor: Actor, roundId: number): ProposalRow[] =>
  complete(db, all<RawProposal>(db, `${PROPOSAL_SELECT} WHERE p.round_id = ? ORDER BY p.id`, roundId).filter(readable(actor)));

/** Proposals still awaiting a decision in rounds other than `exceptRoundId`. */
export const pendingElsewhere = (db: DB, actor: Actor, exceptRoundId: number | null): ProposalRow[] =>
  complete(db, all<RawProposal>(db, `${PROPOSAL_SELECT} WHERE p.status = 'proposed' AND p.round_id != ? ORDER BY p.id`, exceptRoundId ?? 0).filter(readable(actor)));

/** Every proposal of a task, oldest first (its close-out history). */
export const taskProposals = (db: DB, taskId: number): ProposalRow[] => complete(db, all<RawProposal>(db, `${PROPOSAL_SELECT} WHERE p.task_id = ? ORDER BY p.id`, taskId));

/** Ids of a task's proposals awaiting a decision. */
export const pendingProposalIds = (db: DB, taskId: number) => column<number>(db, "SELECT id FROM closeout_proposals WHERE task_id = ? AND status = 'proposed' ORDER BY id", taskId);

// ------------------------------------------------------------------------------------------ eligibility

/** Eligibility of a task for close-out with the given waivers, from the live indicators and acceptance. */
export function eligibilityOf(db: DB, task: TaskRow, items: { indicatorId: number; waiverReason?: string | null }[]) {
  const lines = indicatorLines(db, task.id);
  const deliverable = getDeliverable(db, task.id);
  const result = closeoutEligibility({
    task,
    indicators: lines,
    items,
    deliverable,
    acceptance: deliverable?.latest ?? null,
  });
  return { ...result, lines, deliverable };
}

/** Readable reasons, for error messages and the proposal form. */
export function reasonText(locale: Actor["locale"], r: EligibilityReason): string {
  const params: Record<string, string | number> = {};
  if (r.code === "progressIncomplete") params.progress = r.progress;
  if (r.code === "indicatorUnmet") params.name = r.name;
  if (r.code === "acceptanceMissing" || r.code === "acceptanceRejected") params.unit = r.unitName;
  return translate(locale, `closeout.reasons.${r.code}`, params);
}
