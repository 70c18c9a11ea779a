// The check's checklist: one row per item (milestone result, indicator, its evidence, TRL claim) with the
// unit answerable for it and the evidence behind it (previews; a download from here by an assigned expert is
// recorded on the check); assigned experts record a result and finding per row until the outcome is signed.
import { localTitle } from "../../i18n/local-text";
import { CommentDisclosure, type ItemThread } from "../comments/CommentThread";
import { Form } from "@remix-run/react";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { findingSchema, ITEM_RESULTS, type CheckItemRow } from "../../models/checks";
import type { EvidenceRow } from "../../models/evidence";
import { Attachments } from "../comments/Attachments";
import { Hidden, Reply, ResultBadge, useCheckForm } from "./parts";

function FindingForm({ item, last }: { item: CheckItemRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useCheckForm({ id: `finding-${item.id}`, intent: "finding", target: item.id, schema: findingSchema, last });
  const error = m(fields.finding.errors?.[0]) || m(fields.result.errors?.[0]);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="ck-finding-form">
      <Hidden intent="finding" values={{ id: item.id, version: item.version }} />
      <label className="visually-hidden" htmlFor={`result-${item.id}`}>{t("checks.detail.result")}</label>
      <select id={`result-${item.id}`} name={fields.result.name} defaultValue={item.result ?? "ok"} key={`r${item.version}`}>
        {ITEM_RESULTS.map((r) => (
          <option key={r} value={r}>{t(`checks.results.${r}`)}</option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`finding-${item.id}-text`}>{t("checks.detail.finding")}</label>
      <input
        id={`finding-${item.id}-text`}
        name={fields.finding.name}
        defaultValue={item.finding}
        key={`f${item.version}`}
        maxLength={2000}
        placeholder={t("checks.detail.finding")}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `finding-${item.id}-err` : undefined}
      />
      <button type="submit" className="btn small secondary">{t("checks.detail.save")}</button>
      {error && <span className="error" id={`finding-${item.id}-err`} role="alert">{error}</span>}
      {mine?.formError && <Reply reply={mine} />}
    </Form>
  );
}

/** `thread`: each item's discussion (folded under its finding), when the page follows comments. */
type Props = {
  checkId: number;
  items: CheckItemRow[];
  /** The evidence files behind each row (by item id). */
  evidence: Record<number, EvidenceRow[]>;
  editable: boolean;
  last: IntentReply | undefined;
  thread?: (itemId: number) => ItemThread;
};

export function Checklist({ checkId, items, evidence, editable, last, thread }: Props) {
  const t = useT();
  if (items.length === 0) return <p className="muted">{t("checks.detail.noItems")}</p>;
  return (
    <div className="table-wrap">
      <table className="data ck-items">
        <thead>
          <tr>
            <th scope="col" className="ck-seq">{t("checks.detail.seq")}</th>
            <th scope="col">{t("checks.detail.item")}</th>
            <th scope="col">{t("checks.detail.unit")}</th>
            <th scope="col" className="ck-review-col">{t("checks.detail.result")} / {t("checks.detail.finding")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-item={item.id} data-kind={item.kind} className={item.result ? `ck-row-${item.result}` : "ck-row-open"}>
              <td className="ck-seq">{item.seq}</td>
              <td>
                <span className={`tag ck-kind ck-kind-${item.kind}`}>{t(`checks.itemKinds.${item.kind}`)}</span> {localTitle(t, item)}
                {(item.kind === "indicator" || item.kind === "evidence") && !evidence[item.id]?.length && (
                  <span className="muted ck-small ck-no-evidence"> · {t("checkSubstance.evidence.none")}</span>
                )}
                {evidence[item.id] && (
                  <div className="ck-evidence" data-testid="item-evidence">
                    <Attachments files={evidence[item.id]!} query={`check=${checkId}`} label={`${t("checkSubstance.evidence.label")} · ${t("checkSubstance.evidence.item", { seq: item.seq })}`} />
                  </div>
                )}
              </td>
              <td className="nowrap">{item.unitName ?? "—"}</td>
              <td>
                <div className="ck-review">
                  <ResultBadge result={item.result} />
                  {item.finding && <span className="ck-finding">{item.finding}</span>}
                  {item.recorderName && item.result && <span className="muted ck-small">· {item.recorderName}</span>}
                  {item.bulk === 1 && <span className="tag ck-bulk" data-testid="bulk-tag">{t("checkSubstance.rest.tag")}</span>}
                </div>
                {editable && <FindingForm item={item} last={last} />}
                {thread && <CommentDisclosure entity="check_item" entityId={item.id} {...thread(item.id)} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
