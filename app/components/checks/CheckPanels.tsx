// Side panels of a check: the project's self-assessment (the project lead edits it until signing; without
// it, the secretariat may record a waiver with its reason), the
// assigned experts (the secretariat adds or removes them; conflicts of interest are shown and refused)
// and the TRL claims the experts confirm or reject inside the check.
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { useCan, useFormat, useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { selfAssessmentSchema, selfWaiverSchema, type CheckRow } from "../../models/checks";
import type { EvidenceOpen } from "../../models/check-evidence.server";
import { trlDecisionSchema } from "../../models/trl";
import type { ExpertOption } from "../../models/check-experts.server";
import type { TrlClaimRow } from "../../models/check-pages.server";
import { Hidden, replyFor, Reply, useCheckForm } from "./parts";

/** The secretariat's waiver of a self-assessment the project lead has not filed. */
function WaiverForm({ check, last }: { check: CheckRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useCheckForm({ id: "self-waiver", intent: "waive", schema: selfWaiverSchema, last });
  return (
    <details className="ck-waiver" open={Boolean(mine && !mine.done)}>
      <summary className="btn ghost small">{t("checkSubstance.waiver.title")}</summary>
      <Reply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form">
        <Hidden intent="waive" values={{ checkId: check.id, version: check.version }} />
        <Field label={t("checkSubstance.waiver.label")} hint={t("checkSubstance.waiver.hint")} error={m(fields.reason.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.reason.name} rows={3} maxLength={1000} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn small secondary">{t("checkSubstance.waiver.submit")}</button>
        </div>
      </Form>
    </details>
  );
}

export function SelfAssessment({ check, last }: { check: CheckRow; last: IntentReply | undefined }) {
  const t = useT();
  const f = useFormat();
  const m = useMessage();
  const { can } = useCan();
  const editable = check.status !== "signed" && can("prepare", "check", { projectId: check.projectId });
  const { form, fields, mine } = useCheckForm({ id: "self-assessment", intent: "self", schema: selfAssessmentSchema, last });
  return (
    <section className="panel ck-self" aria-labelledby="self-title">
      <h2 id="self-title">{t("checks.detail.selfTitle")}</h2>
      {check.selfAssessment ? (
        <>
          <p className="ck-text" data-testid="self-assessment">{check.selfAssessment}</p>
          {check.selfAssessorName && <p className="muted ck-small">{t("checks.detail.selfBy", { name: check.selfAssessorName, date: f.date(check.selfAssessedAt) })}</p>}
        </>
      ) : check.selfWaiver ? (
        <div data-testid="self-waiver">
          <p className="ck-text">{t("checkSubstance.waiver.shown", { reason: check.selfWaiver })}</p>
          {check.selfWaiverName && <p className="muted ck-small">{t("checkSubstance.waiver.by", { name: check.selfWaiverName, date: f.date(check.selfWaivedAt) })}</p>}
        </div>
      ) : (
        <p className="muted">{t("checks.detail.selfEmpty")}</p>
      )}
      <Reply reply={mine} />
      {!check.selfAssessedAt && !check.selfWaiver && check.status !== "signed" && can("waive", "self_assessment", { projectId: check.projectId }) && <WaiverForm check={check} last={last} />}
      {editable && (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form">
          <Hidden intent="self" values={{ checkId: check.id, version: check.version }} />
          <Field label={t("checks.detail.selfLabel")} hint={t("checks.detail.selfHint")} error={m(fields.selfAssessment.errors?.[0])}>
            {(p) => <textarea {...p} name={fields.selfAssessment.name} rows={6} maxLength={5000} defaultValue={check.selfAssessment} key={check.version} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn small">{t("checks.detail.selfSave")}</button>
          </div>
        </Form>
      )}
    </section>
  );
}

export function ExpertsPanel({ check, options, last }: { check: CheckRow; options: ExpertOption[]; last: IntentReply | undefined }) {
  const t = useT();
  const { can } = useCan();
  const manage = check.status !== "signed" && can("schedule", "check", { projectId: check.projectId });
  const assigned = new Set(check.experts.map((e) => e.id));
  const candidates = options.filter((o) => !assigned.has(o.id));
  const mine = replyFor(last, "assign") ?? replyFor(last, "unassign");
  return (
    <section className="panel ck-experts" aria-labelledby="experts-title">
      <h2 id="experts-title">{t("checks.experts")}</h2>
      <ul className="ck-expert-list">
        {check.experts.map((e) => (
          <li key={e.id} data-expert={e.id}>
            <span className="avatar" aria-hidden>{e.name.slice(-2)}</span>
            <span>
              {e.name}
              <small> {e.unitName ?? ""}</small>
            </span>
            {manage && check.experts.length > 1 && (
              <Form method="post" preventScrollReset className="inline-form">
                <Hidden intent="unassign" values={{ checkId: check.id, version: check.version, userId: e.id }} />
                <button type="submit" className="btn ghost small" aria-label={`${t("checks.detail.remove")} ${e.name}`}>{t("checks.detail.remove")}</button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Reply reply={mine} />
      {manage && candidates.length > 0 && (
        <Form method="post" preventScrollReset className="ck-add-expert">
          <Hidden intent="assign" values={{ checkId: check.id, version: check.version }} />
          <label htmlFor="add-expert">{t("checks.detail.addExpert")}</label>
          <select id="add-expert" name="userId">
            {candidates.map((o) => (
              <option key={o.id} value={o.id} disabled={o.refusal != null}>
                {o.unitName ? t("common.withUnit", { label: o.name, unit: o.unitName }) : o.name}
                {o.refusal ? ` — ${t(`checks.coi.${o.refusal}`)}` : ""}
              </option>
            ))}
          </select>
          <button type="submit" className="btn small secondary">{t("checks.detail.add")}</button>
        </Form>
      )}
    </section>
  );
}

function TrlDecisionForm({ check, claim, last }: { check: CheckRow; claim: TrlClaimRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields } = useCheckForm({ id: `trl-${claim.id}`, intent: "trl", target: claim.id, schema: trlDecisionSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="ck-trl-form">
      <Hidden intent="trl" values={{ claimId: claim.id, checkId: check.id, version: claim.version }} />
      <Field label={t("checks.detail.trlComment")} error={m(fields.comment.errors?.[0])}>
        {(p) => <input {...p} name={fields.comment.name} maxLength={1000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" name="decision" value="confirmed" className="btn small">{t("checks.detail.trlConfirm")}</button>
        <button type="submit" name="decision" value="rejected" className="btn danger small">{t("checks.detail.trlReject")}</button>
      </div>
    </Form>
  );
}

export function TrlClaims({ check, claims, reviewer, last }: { check: CheckRow; claims: TrlClaimRow[]; reviewer: boolean; last: IntentReply | undefined }) {
  const t = useT();
  const f = useFormat();
  return (
    <section className="panel ck-trl" aria-labelledby="trl-title">
      <h2 id="trl-title">{t("checks.detail.trlTitle")}</h2>
      {claims.length === 0 && <p className="muted">{t("checks.detail.trlEmpty")}</p>}
      <ul className="ck-trl-list">
        {claims.map((c) => (
          <li key={c.id} data-claim={c.id}>
            <div className="ck-trl-head">
              <strong>{t("checks.detail.trlClaim", { technology: c.technologyName, trl: c.trl })}</strong>
              <span className={`badge ${c.status === "confirmed" ? "ok" : c.status === "rejected" ? "bad" : "warn"}`}>{t(`checks.detail.trlStatuses.${c.status}`)}</span>
            </div>
            <p className="muted ck-small">{t("checks.detail.trlBy", { unit: c.unitName, name: c.claimerName, date: f.date(c.claimedAt) })}</p>
            {c.reason && <p className="ck-small">{t("checks.detail.trlReason", { reason: c.reason })}</p>}
            {c.decisionComment && <p className="ck-small">{c.decisionComment}</p>}
            <Reply reply={replyFor(last, "trl", c.id)} />
            {reviewer && c.status === "claimed" && check.status !== "signed" && <TrlDecisionForm check={check} claim={c} last={last} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Which evidence of the checklist the assigned experts opened from the page (first opening each). */
export function OpenedEvidence({ opened, seqOf }: { opened: EvidenceOpen[]; seqOf: (evidenceId: number) => number[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <section className="panel ck-opened-panel" aria-labelledby="opened-title" data-testid="opened-evidence">
      <h2 id="opened-title">{t("checkSubstance.evidence.openedTitle")}</h2>
      <p className="muted ck-small">{t("checkSubstance.evidence.openedHint")}</p>
      {opened.length === 0 ? (
        <p className="muted">{t("checkSubstance.evidence.openedEmpty")}</p>
      ) : (
        <ul className="ck-opened">
          {opened.map((o) => (
            <li key={`${o.evidenceId}-${o.userId}`} data-evidence={o.evidenceId}>
              <strong>{o.userName}</strong> · {o.name}
              {seqOf(o.evidenceId).length > 0 && <span className="muted"> {t("common.withUnit", { label: "", unit: seqOf(o.evidenceId).map((seq) => t("checkSubstance.evidence.item", { seq })).join(t("common.listSep")) })}</span>}
              <span className="muted"> · {f.dateTime(o.openedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
