// TRL claims of a technology: the history with decisions and evidence, the claim form for the owner
// unit's researchers and the confirm / reject form for eligible experts (the same pure rule the server
// applies: confirmRefusal).
import { CommentDisclosure, type ItemThread } from "../comments/CommentThread";
import { useState } from "react";
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { EvidenceList } from "../evidence/EvidenceList";
import { useCan, useFormat, useMessage, useT, useViewer } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { claimNeedsReason, confirmRefusal, trlClaimSchema, trlDecisionSchema, TRL_MAX } from "../../models/trl";
import { activeIterationOf, type ClaimRow, type TechnologyRow } from "../../models/vmodel";
import { FormReply, IntentFields, replyFor, useIntentForm } from "./intent";

function ClaimCard({ tech, claim, last, thread }: { tech: TechnologyRow; claim: ClaimRow; last: IntentReply | undefined; thread?: ItemThread }) {
  const t = useT();
  const f = useFormat();
  const viewer = useViewer();
  const refusal = confirmRefusal(viewer, { unitId: claim.unitId, projectId: tech.projectId, status: claim.status }, tech.experts);
  const iteration = tech.iterations.find((i) => i.id === claim.iterationId);
  const badge = claim.status === "confirmed" ? "ok" : claim.status === "rejected" ? "bad" : "warn";
  return (
    <li className={`trl-claim trl-claim-${claim.status}`} data-claim={claim.id} data-status={claim.status}>
      <div className="trl-claim-head">
        <strong className="trl-claim-level">TRL {claim.trl}</strong>
        <span className={`badge ${badge}`}>{t(`technologies.claimStatuses.${claim.status}`)}</span>
        {iteration && <span className="muted">{t("technologies.iterationShort", { seq: iteration.seq })} · {t(`technologies.samples.${iteration.sampleLevel}`)}</span>}
      </div>
      <div className="muted small">{t("technologies.claimedBy", { name: claim.claimerName, unit: claim.unitName, date: f.date(claim.claimedAt) })}</div>
      {claim.reason && <p className="trl-claim-text"><span className="muted">{t("technologies.reason")}{t("technologies.labelSep")}</span>{claim.reason}</p>}
      {claim.evidence.length > 0 && <EvidenceList files={claim.evidence} />}
      {claim.status !== "claimed" && claim.decidedAt && (
        <p className="trl-claim-text">
          <span className="muted">
            {t("technologies.decidedBy", { name: claim.deciderName ?? "", date: f.date(claim.decidedAt), decision: t(`technologies.decisions.${claim.status as "confirmed" | "rejected"}`) })}
            {claim.checkId != null && ` ${t("technologies.inCheck", { id: claim.checkId })}`}
          </span>
          {claim.decisionComment && <>{t("technologies.labelSep")}{claim.decisionComment}</>}
        </p>
      )}
      {claim.status === "claimed" && refusal === null && <DecideForm claim={claim} last={last} />}
      {claim.status === "claimed" && refusal === "trlOwnUnit" && <p className="muted small" role="note">{t("technologies.ownUnitHint")}</p>}
      <FormReply reply={replyFor(last, "decide", claim.id)} />
      {thread && <CommentDisclosure entity="trl_claim" entityId={claim.id} {...thread} />}
    </li>
  );
}

function DecideForm({ claim, last }: { claim: ClaimRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields } = useIntentForm({ id: `decide-${claim.id}`, intent: "decide", target: claim.id, schema: trlDecisionSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form trl-decide" aria-label={t("technologies.decideTitle")}>
      <IntentFields intent="decide" id={claim.id} idName="claimId" version={claim.version} />
      <p className="muted small">{t("technologies.decideHint")}</p>
      <Field label={t("technologies.comment")} error={m(fields.comment.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.comment.name} rows={2} maxLength={1000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" name="decision" value="confirmed" className="btn small">{t("technologies.confirm")}</button>
        <button type="submit" name="decision" value="rejected" className="btn danger small">{t("technologies.reject")}</button>
      </div>
    </Form>
  );
}

function ClaimForm({ tech, confirmedTrl, last }: { tech: TechnologyRow; confirmedTrl: number; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const active = activeIterationOf(tech.iterations);
  const [iterationId, setIterationId] = useState(active?.id ?? 0);
  const [trl, setTrl] = useState(Math.min(TRL_MAX, confirmedTrl + 1));
  const { form, fields } = useIntentForm({ id: `claim-${tech.id}`, intent: "claim", schema: trlClaimSchema, last });
  const iteration = tech.iterations.find((i) => i.id === iterationId) ?? null;
  const needsReason = claimNeedsReason({ claimedTrl: trl, iteration, confirmedTrl });
  const levels = Array.from({ length: TRL_MAX - confirmedTrl }, (_, k) => confirmedTrl + 1 + k);
  if (levels.length === 0) return null;
  return (
    <section className="trl-claim-form" aria-labelledby={`claim-title-${tech.id}`}>
      <h3 id={`claim-title-${tech.id}`}>{t("technologies.claimTitle")}</h3>
      <p className="muted small">{t("technologies.claimHint")}</p>
      <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
        <IntentFields intent="claim" />
        <input type="hidden" name="technologyId" value={tech.id} />
        <div className="form cols">
          <Field label={t("technologies.claimIteration")} error={m(fields.iterationId.errors?.[0])}>
            {(p) => (
              <select {...p} name={fields.iterationId.name} value={iterationId} onChange={(e) => setIterationId(Number(e.target.value))}>
                {tech.iterations.map((i) => (
                  <option key={i.id} value={i.id}>
                    {t("technologies.iterationShort", { seq: i.seq })} · {t(`technologies.samples.${i.sampleLevel}`)} · {t("technologies.trlPath", { from: i.entryTrl, to: i.targetTrl })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("technologies.claimTrl")} error={m(fields.trl.errors?.[0])}>
            {(p) => (
              <select {...p} name={fields.trl.name} value={trl} onChange={(e) => setTrl(Number(e.target.value))}>
                {levels.map((l) => (
                  <option key={l} value={l}>TRL {l} · {t(`technologies.trlLevels.${l}` as never)}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={needsReason ? t("technologies.claimReasonRequired") : t("technologies.claimReason")} error={m(fields.reason.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.reason.name} rows={2} maxLength={1000} required={needsReason} />}
        </Field>
        <EvidenceInput label={t("technologies.evidence")} />
        <div className="form-actions">
          <button type="submit" className="btn">{t("technologies.claimSubmit")}</button>
        </div>
      </Form>
    </section>
  );
}

/** `thread`: each claim's discussion (folded), when the page follows comments. */
export function ClaimsPanel({ tech, confirmedTrl, last, thread }: { tech: TechnologyRow; confirmedTrl: number; last: IntentReply | undefined; thread?: (claimId: number) => ItemThread }) {
  const t = useT();
  const viewer = useViewer();
  const { can } = useCan();
  const canClaim = viewer.unitId === tech.ownerUnitId && can("claim", "trl", { unitId: tech.ownerUnitId, projectId: tech.projectId });
  const pending = tech.claims.some((c) => c.status === "claimed");
  const claims = [...tech.claims].reverse();
  return (
    <section className="panel trl-claims" aria-labelledby="claims-title">
      <h2 id="claims-title">{t("technologies.claimsTitle")}</h2>
      {claims.length === 0 ? <p className="muted">{t("technologies.noClaims")}</p> : (
        <ul className="trl-claim-list">
          {claims.map((c) => <ClaimCard key={c.id} tech={tech} claim={c} last={last} thread={thread?.(c.id)} />)}
        </ul>
      )}
      {/* outside the form: after a claim the form gives way to the pending hint, the reply stays */}
      <FormReply reply={replyFor(last, "claim")} />
      {canClaim && (pending ? <p className="muted small" role="note">{t("technologies.claimPendingHint")}</p> : <ClaimForm tech={tech} confirmedTrl={confirmedTrl} last={last} />)}
    </section>
  );
}
