// What the import page shows of a plan (pure, shared by the route and its component): the errors in full,
// the rows that change first, and at most PREVIEW_ROWS rows in all, so a 7,000-row file previews quickly.
import type { ImportIssue, ImportPlan, PlanRow, RowOutcome } from "./import-plan.server";
import type { T, MessageKey } from "../i18n/catalog";
import { IMPORT_SHEETS } from "./import-sheet";

export const PREVIEW_ROWS = 300;
export const PREVIEW_ISSUES = 500;

export type ImportPreview = {
  fileName: string;
  digest: string;
  counts: Record<RowOutcome, number>;
  issueCount: number;
  issues: ImportIssue[];
  rowCount: number;
  rows: PlanRow[];
};

const ORDER: Record<RowOutcome, number> = { refused: 0, create: 1, update: 2, unchanged: 3 };

export function previewOf(plan: ImportPlan): ImportPreview {
  const rows = [...plan.rows].sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome] || (a.sheet === b.sheet ? a.row - b.row : IMPORT_SHEETS.indexOf(a.sheet) - IMPORT_SHEETS.indexOf(b.sheet)));
  return {
    fileName: plan.fileName,
    digest: plan.digest,
    counts: plan.counts,
    issueCount: plan.issues.length,
    issues: plan.issues.slice(0, PREVIEW_ISSUES),
    rowCount: rows.length,
    rows: rows.slice(0, PREVIEW_ROWS),
  };
}

/** A message of the plan in the reader's language (keys are catalogue keys, params filled in). */
export const messageText = (t: T, m: { key: string; params?: Record<string, string | number> }) => t(m.key as MessageKey, m.params);
