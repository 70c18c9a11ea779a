// Shown when the server refused a write because someone else changed the same fields: what they
// changed, what you wanted, and the choice to re-apply yours (deliberately) or keep theirs.
import { useEffect, useRef } from "react";
import { useT } from "../../lib/viewer";

export type Conflict = {
  who: string;
  fields: { field: string; label: string; theirs: string; yours: string }[];
  reapply: () => void;
  discard: () => void;
};

export function ConflictDialog({ conflict }: { conflict: Conflict }) {
  const t = useT();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <>
      <div className="backdrop" style={{ zIndex: 50 }} />
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title">{t("conflict.title")}</h2>
        <p>{t("conflict.body", { who: conflict.who })}</p>
        <table>
          <thead>
            <tr>
              <th>{t("conflict.field")}</th>
              <th>{t("conflict.theirs")}</th>
              <th>{t("conflict.yours")}</th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((f) => (
              <tr key={f.field}>
                <td>{f.label}</td>
                <td data-testid="theirs">{f.theirs}</td>
                <td data-testid="yours">{f.yours}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions">
          <button ref={first} type="button" className="btn secondary" onClick={conflict.discard}>
            {t("conflict.discard")}
          </button>
          <button type="button" className="btn" onClick={conflict.reapply}>
            {t("conflict.reapply")}
          </button>
        </div>
      </div>
    </>
  );
}
