// The secretariat's narrative per section of the annual report: saved with an optimistic draft
// version, audited, and broadcast as "report.upserted" so two secretaries editing the same report see
// each other's changes.
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { reportDrafts } from "../../db/schema";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { one, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError } from "./errors";
import { OUTLINES, type NarrativeInput, type ReportDraftRow, type ReportFormat } from "./report";

type DraftRaw = Omit<ReportDraftRow, "sections"> & { sections: string };

const DRAFT_SELECT = `SELECT d.id, d.year, d.format, d.sections, d.version, d.updated_by AS updatedBy, u.display_name AS updatedByName,
  d.updated_at AS updatedAt FROM report_drafts d LEFT JOIN users u ON u.id = d.updated_by`;

const toDraft = (r: DraftRaw): ReportDraftRow => ({ ...r, sections: JSON.parse(r.sections) as Record<string, string> });

export function getDraft(db: DB, year: number, format: ReportFormat): ReportDraftRow | null {
  const r = one<DraftRaw>(db, `${DRAFT_SELECT} WHERE d.year = ? AND d.format = ?`, year, format);
  return r ? toDraft(r) : null;
}

/**
 * Saves one section's narrative. The client sends the draft version it loaded and the section's text at
 * that time (`base`). A stale version is accepted when this section is still exactly `base` (someone
 * else saved another section meanwhile); otherwise the write is refused with the current draft, so the
 * editor shows the other text and the user decides. A refused write changes nothing.
 */
export function saveNarrative(ctx: AppContext, actor: Actor, input: NarrativeInput): ReportDraftRow {
  const { db } = ctx;
  assertCan(actor, "edit", "report");
  if (!OUTLINES[input.format].sections.some((s) => s.key === input.key)) throw new DomainError("invalid", 400, { key: input.key });
  return commit(ctx, () => {
    const before = getDraft(db, input.year, input.format);
    const previous = before?.sections[input.key] ?? "";
    const stale = (before?.version ?? 0) !== input.version;
    if (stale && input.base !== previous) throw new DomainError("conflict", 409, { current: before, key: input.key });
    const now = db.$clock.nowIso();
    if (!before) {
      run(db, "INSERT INTO report_drafts (year, format, sections, version, updated_by, updated_at) VALUES (?, ?, ?, 1, ?, ?)", input.year, input.format, JSON.stringify({ [input.key]: input.text }), actor.id, now);
    } else {
      updateVersioned(db, reportDrafts, before.id, before.version, { sections: JSON.stringify({ ...before.sections, [input.key]: input.text }), updatedBy: actor.id, updatedAt: now }, () => before);
    }
    const row = getDraft(db, input.year, input.format)!;
    const section = { year: input.year, format: input.format, key: input.key };
    const events = recordChange(db, {
      entity: "report",
      id: row.id,
      action: "save",
      by: actor,
      before: null,
      after: row,
      boards: [CONSORTIUM_BOARD],
      payload: { key: input.key },
      // The audit keeps the one section that changed, not the whole draft.
      audit: { before: { ...section, text: previous, version: before?.version ?? 0 }, after: { ...section, text: input.text, version: row.version } },
    });
    return { result: row, events };
  });
}
