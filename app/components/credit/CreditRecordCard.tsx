// One credit record: what stands now, the original and every correction or withdrawal (struck through when
// superseded), evidence per row, and the correct/withdraw forms for the secretariat and the council.
import { useEffect, useState } from "react";
import { EvidenceList } from "../evidence/EvidenceList";
import { useFormat, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import type { CreditRecord } from "../../models/credit";
import { AmendForm } from "./CreditForms";

export function CreditRecordCard({ record, canAmend, today, reply }: { record: CreditRecord; canAmend: boolean; today: string; reply: IntentReply | undefined }) {
  const t = useT();
  const fmt = useFormat();
  const [mode, setMode] = useState<"correct" | "withdraw" | null>(null);
  // A saved amendment closes its form (the page reloads with the new head).
  useEffect(() => {
    if (reply?.done && reply.target != null && record.history.some((h) => h.id === reply.target)) setMode(null);
  }, [reply, record.history]);
  const amended = reply?.done && (reply.intent === "correct" || reply.intent === "withdraw") && record.history.some((h) => h.id === reply.target) ? reply.intent : null;
  const [root, ...amendments] = record.history;
  const superseded = (i: number) => i < record.history.length - 1;
  return (
    <article className={`panel credit-card${record.withdrawn ? " withdrawn" : ""}`} data-testid="credit-record" aria-labelledby={`credit-${record.id}-h`}>
      <header className="credit-head">
        <h3 id={`credit-${record.id}-h`}>
          <span className={`badge ${record.kind === "delisting" ? "bad" : "warn"}`}>{t(`credit.kinds.${record.kind}`)}</span> {record.unitName}
          {record.personName ? ` · ${t("common.labelValue", { label: t("credit.person"), value: record.personName })}` : ""}
        </h3>
        <span className={`badge ${record.withdrawn ? "" : "bad"}`}>{record.withdrawn ? t("credit.withdrawn") : t("credit.stands")}</span>
      </header>
      <dl className="credit-facts">
        <dt>{record.kind === "delisting" ? t("credit.delistedOn") : t("credit.occurredOn")}</dt>
        <dd>{fmt.date(record.current.occurredOn)}</dd>
        <dt>{record.kind === "delisting" ? t("credit.whatDelist") : t("credit.what")}</dt>
        <dd className={record.withdrawn ? "struck" : ""}>{record.current.what}</dd>
        <dt>{t("credit.decision")}</dt>
        <dd className={record.withdrawn ? "struck" : ""}>{record.current.decision}</dd>
      </dl>
      <ol className="credit-history">
        {[root!, ...amendments].map((h, i) => (
          <li key={h.id} className={superseded(i) ? "superseded" : ""}>
            <span className="muted">
              {h.kind === "finding" || h.kind === "delisting"
                ? t("credit.recordedBy", { name: h.recorderName, at: fmt.dateTime(h.recordedAt) })
                : t("credit.amendedBy", { kind: t(`credit.kinds.${h.kind}`), name: h.recorderName, at: fmt.dateTime(h.recordedAt), reason: h.reason ?? "" })}
            </span>
            {superseded(i) && h.kind !== "withdrawal" && (
              <span className="struck credit-old">
                {fmt.date(h.occurredOn)} · {h.what} · {h.decision}
              </span>
            )}
            {h.evidence.length > 0 && (
              <div>
                <span className="muted">{t("common.labelValue", { label: t("credit.evidence"), value: "" })}</span>
                <EvidenceList files={h.evidence} />
              </div>
            )}
          </li>
        ))}
      </ol>
      {amended && (
        <div className="alert ok" role="status">
          {t(amended === "correct" ? "credit.done.correct" : "credit.done.withdraw")}
        </div>
      )}
      {canAmend && !record.withdrawn && (
        <>
          {mode ? (
            <AmendForm mode={mode} record={record} today={today} reply={reply} onCancel={() => setMode(null)} />
          ) : (
            <div className="form-actions">
              <button type="button" className="btn secondary small" onClick={() => setMode("correct")}>
                {t("credit.correct")}
              </button>
              {record.kind === "finding" && (
                <button type="button" className="btn ghost small" onClick={() => setMode("withdraw")}>
                  {t("credit.withdraw")}
                </button>
              )}
            </div>
          )}
        </>
      )}
    </article>
  );
}
