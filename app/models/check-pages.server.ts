// What the check pages show beyond the rows: a check's page with its items, rectifications,
// escalations, evidence, the TRL claims it may decide and who may review it; the schedule form's choices.
import { commentsOn } from "./comments.server";
import type { CommentRow } from "./comments";
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { can } from "./permissions";
import { all } from "./sql.server";
import { listEvidence, type EvidenceRow } from "./evidence.server";
import { checkRules, listEscalations, listItems, listRectifications, readableCheck } from "./check-reads.server";
import { expertOptions, reviewRefusal, type ExpertOption } from "./check-experts.server";
import { evidenceOpens, itemEvidence, type EvidenceOpen } from "./check-evidence.server";
import type { CheckItemRow, CheckRow, EscalationRow, RectificationRow, RectRules } from "./checks";

export type TrlClaimRow = {
  id: number;
  technologyName: string;
  trl: number;
  reason: string;
  status: "claimed" | "confirmed" | "rejected";
  unitId: number;
  unitName: string;
  claimerName: string;
  claimedAt: string;
  decisionComment: string;
  checkId: number | null;
  version: number;
};

/** Claims of the project's technologies waiting for a decision, and those decided in this check. */
function checkTrlClaims(db: DB, check: Pick<CheckRow, "id" | "projectId">): TrlClaimRow[] {
  return all<TrlClaimRow>(
    db,
    `SELECT tc.id, k.name AS technologyName, tc.trl, tc.reason, tc.status, tc.unit_id AS unitId, m.short_name AS unitName,
            u.display_name AS claimerName, tc.claimed_at AS claimedAt, tc.decision_comment AS decisionComment, tc.check_id AS checkId, tc.version
     FROM trl_claims tc JOIN key_technologies k ON k.id = tc.technology_id JOIN member_units m ON m.id = tc.unit_id JOIN users u ON u.id = tc.claimed_by
     WHERE k.project_id = ? AND (tc.status = 'claimed' OR tc.check_id = ?) ORDER BY tc.id`,
    check.projectId,
    check.id,
  );
}

export type UnitChoice = { id: number; shortName: string };
export const unitChoices = (db: DB) => all<UnitChoice>(db, "SELECT id, short_name AS shortName FROM member_units WHERE left_on IS NULL ORDER BY id");

export type CheckPage = {
  check: CheckRow;
  items: CheckItemRow[];
  rectifications: RectificationRow[];
  escalations: EscalationRow[];
  evidence: Record<number, EvidenceRow[]>;
  /** The evidence files behind each checklist row (by item id). */
  itemEvidence: Record<number, EvidenceRow[]>;
  /** Which of them the assigned experts opened from the page. */
  opened: EvidenceOpen[];
  trlClaims: TrlClaimRow[];
  units: UnitChoice[];
  expertOptions: ExpertOption[];
  reviewer: boolean;
  /** Why an assigned expert may not review (a conflict of interest arisen since), or null. */
  reviewBlocked: string | null;
  rules: RectRules;
  /** The threads of the check's items and rectifications (entities "check_item", "rectification"). */
  comments: CommentRow[];
};

/** Everything the check page shows, for an actor who may read the project. */
export function checkPage(db: DB, actor: Actor, checkId: number, today: string): CheckPage {
  const check = readableCheck(db, actor, checkId);
  const rectifications = listRectifications(db, actor, today, { checkId, includeClosed: true });
  const blocked = reviewRefusal(db, actor, check);
  const items = listItems(db, checkId);
  return {
    check,
    items,
    rectifications,
    escalations: listEscalations(db, actor, { checkId }),
    evidence: listEvidence(db, "rectification", rectifications.map((r) => r.id)),
    itemEvidence: itemEvidence(db, checkId),
    opened: evidenceOpens(db, checkId),
    trlClaims: checkTrlClaims(db, check),
    units: unitChoices(db),
    expertOptions: can(actor, "schedule", "check", { projectId: check.projectId }) ? expertOptions(db, check.projectId) : [],
    reviewer: blocked === null,
    reviewBlocked: check.experts.some((e) => e.id === actor.id) ? blocked : null,
    rules: checkRules(db),
    comments: [...commentsOn(db, actor, "check_item", items.map((i) => i.id)), ...commentsOn(db, actor, "rectification", rectifications.map((r) => r.id))],
  };
}

export type ScheduleOptions = {
  projects: { id: number; code: string; name: string }[];
  milestones: { id: number; projectId: number; name: string; dueOn: string; status: string }[];
  experts: Record<number, ExpertOption[]>;
};

/** Projects, their milestones and every expert with his eligibility per project, for the schedule form. */
export function scheduleOptions(db: DB): ScheduleOptions {
  const projects = all<ScheduleOptions["projects"][number]>(db, "SELECT id, code, name FROM projects ORDER BY code");
  const milestones = all<ScheduleOptions["milestones"][number]>(db, "SELECT id, project_id AS projectId, name, due_on AS dueOn, status FROM milestones ORDER BY project_id, due_on");
  return { projects, milestones, experts: Object.fromEntries(projects.map((p) => [p.id, expertOptions(db, p.id)])) };
}
