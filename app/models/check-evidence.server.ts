// The evidence behind a check's checklist rows, and which of it the assigned experts opened. An indicator
// row shows the files recorded with the indicator's effective values; a unit's evidence row the files of
// that unit's indicators on this checklist; a TRL claim row the claim's files. When an assigned expert
// downloads one of them from the check's page (/evidence/:id?check=<id>), the first opening per expert and
// file is recorded (one write: row, audit, the check again on its boards) and listed on the check.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { boardsOf } from "./boards.server";
import { commit, recordChange } from "./write.server";
import { all, exists, run } from "./sql.server";
import { evidenceByIds, type EvidenceRow } from "./evidence.server";
import { getCheck } from "./check-reads.server";

/** (item, evidence file) pairs of a check's checklist. */
function itemEvidencePairs(db: DB, checkId: number): { itemId: number; evidenceId: number }[] {
  return all<{ itemId: number; evidenceId: number }>(
    db,
    `SELECT i.id AS itemId, e.id AS evidenceId
     FROM check_items i
     JOIN indicators ind ON (i.kind = 'indicator' AND ind.id = i.ref_id)
       OR (i.kind = 'evidence' AND ind.responsible_unit_id = i.ref_id
           AND ind.id IN (SELECT ref_id FROM check_items WHERE check_id = i.check_id AND kind = 'indicator'))
     JOIN effective_indicator_values v ON v.indicator_id = ind.id
     JOIN evidence_files e ON e.subject_type = 'indicator_value' AND e.subject_id = v.id
     WHERE i.check_id = ?
     UNION
     SELECT i.id, e.id FROM check_items i JOIN evidence_files e ON e.subject_type = 'trl_claim' AND e.subject_id = i.ref_id
     WHERE i.check_id = ? AND i.kind = 'trl_claim'
     ORDER BY 1, 2`,
    checkId,
    checkId,
  );
}

/** The evidence files of each checklist row (by item id). */
export function itemEvidence(db: DB, checkId: number): Record<number, EvidenceRow[]> {
  const pairs = itemEvidencePairs(db, checkId);
  const rows = new Map(evidenceByIds(db, pairs.map((p) => p.evidenceId)).map((r) => [r.id, r]));
  const out: Record<number, EvidenceRow[]> = {};
  for (const p of pairs) {
    const row = rows.get(p.evidenceId);
    if (row) (out[p.itemId] ??= []).push(row);
  }
  return out;
}

export type EvidenceOpen = { evidenceId: number; name: string; userId: number; userName: string; openedAt: string };

/** Who of the experts opened which evidence from the check's page, in the order they did. */
export const evidenceOpens = (db: DB, checkId: number): EvidenceOpen[] =>
  all<EvidenceOpen>(
    db,
    `SELECT o.evidence_id AS evidenceId, e.name, o.user_id AS userId, u.display_name AS userName, o.opened_at AS openedAt
     FROM check_evidence_opens o JOIN evidence_files e ON e.id = o.evidence_id JOIN users u ON u.id = o.user_id
     WHERE o.check_id = ? ORDER BY o.opened_at, o.evidence_id`,
    checkId,
  );

/**
 * Records that an assigned expert of the check opened one of its checklist's evidence files (the first
 * time only). Anyone else's download, or a file that is not the check's, records nothing. True when recorded.
 */
export function recordEvidenceOpen(ctx: AppContext, actor: Actor, checkId: number, evidenceId: number): boolean {
  const { db } = ctx;
  if (!exists(db, "SELECT 1 FROM check_experts WHERE check_id = ? AND user_id = ?", checkId, actor.id)) return false;
  if (!itemEvidencePairs(db, checkId).some((p) => p.evidenceId === evidenceId)) return false;
  return commit(ctx, () => {
    if (exists(db, "SELECT 1 FROM check_evidence_opens WHERE check_id = ? AND evidence_id = ? AND user_id = ?", checkId, evidenceId, actor.id)) return { result: false, events: [] };
    run(db, "INSERT INTO check_evidence_opens (check_id, evidence_id, user_id, opened_at) VALUES (?, ?, ?, ?)", checkId, evidenceId, actor.id, db.$clock.nowIso());
    const check = getCheck(db, checkId);
    const opened = evidenceOpens(db, checkId).find((o) => o.evidenceId === evidenceId && o.userId === actor.id);
    const events = recordChange(db, { entity: "check", id: checkId, action: "evidence_open", by: actor, before: null, after: check, boards: boardsOf(check.projectId), audit: { after: opened } });
    return { result: true, events };
  });
}
