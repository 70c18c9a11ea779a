// What changed in a signed list since its signature, and the approved requests that changed it.
import { Link } from "@remix-run/react";
import type { SinceSigning as Change } from "../../models/responsibility";
import type { ChangeView } from "../../models/change-requests";
import { useFormat, useT } from "../../lib/viewer";

export function SinceSigning({ changes, approved }: { changes: Change[]; approved: ChangeView[] }) {
  const t = useT();
  const fmt = useFormat();
  const value = (field: string, v: string | null) => (v == null || v === "" ? "—" : field === "dueOn" || field === "startOn" ? fmt.date(v) : v);
  return (
    <section className="panel rl-since" aria-labelledby="rl-since" data-testid="since-signing">
      <h2 id="rl-since">{t("responsibility.sinceSigning")}</h2>
      <p className="muted">{t("responsibility.sinceSigningHint")}</p>
      {changes.length === 0 ? (
        <p className="muted">{t("responsibility.sinceSigningEmpty")}</p>
      ) : (
        <ul className="rl-since-list">
          {changes.map((c) => (
            <li key={c.key}>
              <span className={`badge ${c.change === "removed" || c.change === "suspended" ? "warn" : "info"}`}>{t(`responsibility.changeKinds.${c.change}`)}</span>{" "}
              <strong>{c.code}</strong> {c.title}
              {c.fields.map((f) => (
                <span key={f.field} className="rl-field">
                  {t(`responsibility.fields.${f.field}`)}：<del>{value(f.field, f.from)}</del> → <ins>{value(f.field, f.to)}</ins>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      {approved.length > 0 && (
        <>
          <h3>{t("responsibility.approvedChanges")}</h3>
          <ul className="rl-since-list">
            {approved.map((a) => (
              <li key={a.id}>
                <Link to={`/changes#change-${a.id}`}>
                  #{a.id} {t(`changes.kinds.${a.kind}`)} · {a.targetLabel}
                </Link>{" "}
                <span className="muted">{t("changes.decided", { name: a.deciderName ?? "—", date: fmt.date(a.decidedAt), status: t(`changes.statuses.${a.status}`) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
