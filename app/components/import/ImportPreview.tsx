// The import's preview: counts, every error by sheet, row and column (what to fix in the file), the rows a
// signed list refuses, and row by row what the import will do. Tables scroll inside their box on a phone.
import { useT } from "../../lib/viewer";
import type { MessageKey } from "../../i18n/catalog";
import { messageText, type ImportPreview } from "../../models/import-view";

const OUTCOME_BADGE = { create: "info", update: "warn", unchanged: "", refused: "bad" } as const;

export function ImportPreviewTable({ preview, committed }: { preview: ImportPreview; committed: boolean }) {
  const t = useT();
  const { counts } = preview;
  const refused = preview.rows.filter((r) => r.outcome === "refused" && r.reason?.key !== "import.rowHasErrors");
  return (
    <section className="panel imp-preview" aria-labelledby="imp-preview-title" data-testid="import-preview">
      <h2 id="imp-preview-title">{t("import.fileSummary", { name: preview.fileName })}</h2>
      <p className="imp-counts">
        {(["create", "update", "unchanged", "refused"] as const).map((o) => (
          <span key={o} className={`badge ${OUTCOME_BADGE[o]}`}>
            {t(`import.outcomes.${o}`)} {counts[o]}
          </span>
        ))}
      </p>
      {preview.issueCount ? (
        <div className="imp-errors" data-testid="import-errors">
          <div className="alert bad" role="alert">
            <strong>{t("import.errorsTitle", { count: preview.issueCount })}</strong> {t("import.errorsHint")}
          </div>
          <div className="table-wrap">
            <table className="data imp-table">
              <thead>
                <tr>
                  <th scope="col">{t("import.col.sheet")}</th>
                  <th scope="col" className="num">{t("import.col.row")}</th>
                  <th scope="col">{t("import.col.column")}</th>
                  <th scope="col">{t("import.col.message")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.issues.map((i, n) => (
                  <tr key={n}>
                    <td>{i.sheet ? t(`import.sheets.${i.sheet}`) : "—"}</td>
                    <td className="num">{i.row ?? "—"}</td>
                    <td>{i.column ?? "—"}</td>
                    <td>{messageText(t, i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : !committed && counts.create + counts.update === 0 ? (
        <div className="alert ok" role="status">
          {t("import.nothingToDo")}
        </div>
      ) : !committed ? (
        <p className="imp-hint">{t("import.confirmHint", { create: counts.create, update: counts.update, unchanged: counts.unchanged })}</p>
      ) : null}
      {refused.length ? (
        <div className="alert warn">
          <strong>{t("import.refusedTitle", { count: refused.length })}</strong> {t("import.refusedHint")}
        </div>
      ) : null}
      {preview.rowCount ? (
        <>
          <h3>
            {t("import.rowsTitle")} <span className="muted">{preview.rowCount > preview.rows.length ? t("import.moreRows", { shown: preview.rows.length, count: preview.rowCount }) : t("import.rowsCount", { count: preview.rowCount })}</span>
          </h3>
          <div className="table-wrap">
            <table className="data imp-table" data-testid="import-rows">
              <thead>
                <tr>
                  <th scope="col">{t("import.col.sheet")}</th>
                  <th scope="col" className="num">{t("import.col.row")}</th>
                  <th scope="col">{t("import.col.code")}</th>
                  <th scope="col">{t("import.col.label")}</th>
                  <th scope="col">{t("import.col.outcome")}</th>
                  <th scope="col">{t("import.col.changes")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={`${r.sheet}:${r.row}`}>
                    <td>{t(`import.sheets.${r.sheet}`)}</td>
                    <td className="num">{r.row}</td>
                    <td className="imp-code">{r.code}</td>
                    <td>{r.label}</td>
                    <td>
                      <span className={`badge ${OUTCOME_BADGE[r.outcome]}`}>{t(`import.outcomes.${r.outcome}`)}</span>
                    </td>
                    <td>
                      {r.reason ? messageText(t, r.reason) : r.outcome === "update" ? r.changes.map((c) => t(`import.fields.${c}` as MessageKey)).join(t("common.listSep")) : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
