// The unit's credit standing beside a member decision (admission or removal): findings that stand, a
// de-listing, or none, with a link to the records.
import { Link } from "@remix-run/react";
import { useFormat, useT } from "../../lib/viewer";
import type { CreditNote } from "../../models/credit";

export function CreditStandingNote({ note }: { note: CreditNote }) {
  const t = useT();
  const fmt = useFormat();
  const flagged = note.findings > 0 || note.delistedOn != null;
  const parts = [
    note.former ? t("credit.formerMember") : null,
    note.delistedOn ? t("credit.standingDelisted", { date: fmt.date(note.delistedOn) }) : null,
    note.findings > 0 ? t(note.latest ? "credit.standingFindingsLatest" : "credit.standingFindings", { n: note.findings, latest: note.latest ?? "" }) : null,
    flagged ? null : t("credit.standingClean"),
  ].filter((p): p is string => p != null);
  return (
    <div className={`alert ${flagged ? "bad" : "ok"} credit-note`} data-testid="credit-standing">
      {t("common.labelValue", { label: t("credit.standing"), value: parts.join(t("credit.sep")) })}
      {note.unitId != null && (
        <>
          {" "}
          <Link to={`/credit?unit=${note.unitId}`}>{t("credit.standingLink")}</Link>
        </>
      )}
    </div>
  );
}
