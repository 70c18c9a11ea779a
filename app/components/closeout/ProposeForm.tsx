// The owner's side of 销号: pick a finished task of the unit, then per indicator upload evidence (or give
// a waiver reason when it is not met), add a note and submit into the open round. One multipart form;
// each indicator's file input counts its files into a hidden field so the server knows whose files are
// whose (the files arrive in form order under the one "evidence" field).
import { useState } from "react";
import { Form, Link, useSubmit } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { proposeSchemaFor, type RoundRow, roundLabel } from "../../models/closeout";
import type { ProposeCandidate, ProposeDraft } from "../../models/closeout-pages.server";
import { Csrf, Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { EvidenceList } from "../evidence/EvidenceList";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { AcceptanceBadge, ProposalStatusBadge, targetText, valueText } from "./parts";
import { stripRouting, type IntentReply } from "../../lib/intent-form";

type Props = { candidates: ProposeCandidate[]; draft: ProposeDraft | null; round: RoundRow | null; last?: IntentReply };

export function ProposeForm({ candidates, draft, round, last }: Props) {
  const t = useT();
  const submit = useSubmit();
  const mine = last?.intent === "propose" ? last : undefined;
  return (
    <section className="panel co-propose" id="propose" aria-labelledby="propose-h">
      <h2 id="propose-h">{t("closeout.proposeTitle")}</h2>
      <p className="muted">{t("closeout.proposeHint")}</p>
      {mine?.done && <div className="alert ok" role="status">{t("closeout.done.propose")}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {!round && <div className="alert warn">{t("closeout.proposeNoRound")}</div>}
      {candidates.length === 0 ? (
        <p className="muted">{t("closeout.proposeNone")}</p>
      ) : (
        <Form method="get" className="co-pick" preventScrollReset onChange={(e) => submit(e.currentTarget, { preventScrollReset: true, replace: true })}>
          <Field label={t("closeout.proposeTask")}>
            {(a) => (
              <select {...a} name="task" defaultValue={draft?.task.id ?? ""} key={draft?.task.id ?? "none"}>
                <option value="">—</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} {c.title} · {t(`statuses.${c.status}`)}{c.pending ? ` · ${t("closeout.statuses.proposed")}` : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <noscript>
            <button type="submit" className="btn secondary small">{t("closeout.proposeChoose")}</button>
          </noscript>
        </Form>
      )}
      {draft && <DraftForm key={`${draft.task.id}-${draft.history.length}`} draft={draft} round={round} last={mine} />}
    </section>
  );
}

function DraftForm({ draft, round, last }: { draft: ProposeDraft; round: RoundRow | null; last?: IntentReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const yes = t("common.yes");
  const no = t("common.no");
  const [counts, setCounts] = useState<number[]>(() => draft.lines.map(() => 0));
  const unmet = draft.lines.filter((l) => !l.met).map((l) => l.id);
  const [form] = useForm({
    id: `propose-${draft.task.id}`,
    lastResult: last?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: proposeSchemaFor(unmet) }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const err = (name: string) => m(form.allErrors[name]?.[0]);
  const blocked = draft.pending || !round || draft.blocking.length > 0;
  const latest = draft.history.at(-1);
  return (
    <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate className="form co-draft" data-testid="propose-form">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="taskId" value={draft.task.id} />
      <div className="co-draft-head">
        <strong>
          {draft.task.code} {draft.task.title}
        </strong>{" "}
        <span className="badge">{t(`statuses.${draft.task.status}`)}</span>
        {round && <span className="muted"> {t("closeout.proposedToRound", { round: roundLabel(t, round.period) })}</span>}
      </div>
      {latest && latest.status === "returned" && (
        <div className="alert warn" role="note">
          <ProposalStatusBadge status="returned" /> {latest.deciderName}{t("closeout.sep")}{latest.decisionComment}
        </div>
      )}
      {draft.onBehalfOf && <p className="alert warn" data-testid="propose-on-behalf">{t("closeout.onBehalfHint", { unit: draft.onBehalfOf })}</p>}
      {draft.pending && <div className="alert warn">{t("closeout.proposePending")}</div>}
      {draft.reasons.length > 0 ? (
        <div className="alert warn co-reasons">
          {t("closeout.proposeIneligible")}
          <ul>
            {draft.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="alert ok co-reasons">{t("closeout.proposeEligible")}</div>
      )}
      {draft.lines.length === 0 && <p className="muted">{t("closeout.noIndicators", { progress: draft.task.progress })}</p>}
      {draft.lines.map((l, i) => (
        <fieldset key={l.id} className="co-line" data-indicator={l.id}>
          <legend>
            {l.name}{" "}
            {l.met ? <span className="badge ok">{t("closeout.met")}</span> : l.waivedReason ? <span className="badge warn">{t("closeout.waived")}</span> : <span className="badge bad">{t("closeout.unmet")}</span>}
          </legend>
          <input type="hidden" name={`items[${i}].indicatorId`} value={l.id} />
          <input type="hidden" name={`items[${i}].fileCount`} value={counts[i]} />
          <p className="co-line-facts">
            {t("closeout.target")}{t("closeout.sep")}{targetText(l, yes)} · {t("closeout.latest")}{t("closeout.sep")}{valueText(l, yes, no)}
          </p>
          {l.valueEvidence.length > 0 && <EvidenceList files={l.valueEvidence} />}
          <div
            onChange={(e) => {
              const files = (e.target as HTMLInputElement).files;
              setCounts((c) => c.map((n, k) => (k === i ? files?.length ?? 0 : n)));
            }}
          >
            <EvidenceInput label={t("closeout.evidenceFor", { name: l.name })} />
          </div>
          {!l.met && (
            <Field label={t("closeout.waiverFor", { name: l.name })} error={err(`items[${i}].waiverReason`)}>
              {(a) => <textarea {...a} name={`items[${i}].waiverReason`} rows={2} maxLength={500} />}
            </Field>
          )}
        </fieldset>
      ))}
      {draft.deliverable && (
        <p className="co-accept">
          <strong>{t("closeout.acceptance.deliverable")}{t("closeout.sep")}</strong>
          {draft.deliverable.deliverable} — {draft.deliverable.acceptingUnitName} <AcceptanceBadge state={draft.deliverable.state} />{" "}
          <Link to={`/acceptance?task=${draft.task.id}`}>{t("closeout.acceptance.nav")}</Link>
        </p>
      )}
      <Field label={t("closeout.proposeNote")} error={err("note")}>
        {(a) => <textarea {...a} name="note" rows={3} maxLength={2000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn" disabled={blocked}>
          {t("closeout.proposeSubmit")}
        </button>
      </div>
    </Form>
  );
}
