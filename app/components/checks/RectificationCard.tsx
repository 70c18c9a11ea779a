// One 整改 item: requirement, owner unit, due date and status; the owner unit's lead answers with what was
// done and evidence files; an expert or the secretariat (never of the owner unit) closes it or returns
// it; the secretariat or an expert can escalate it to the 总体部.
import { localTitle } from "../../i18n/local-text";
import { CommentDisclosure, type ItemThread } from "../comments/CommentThread";
import { Form, Link } from "@remix-run/react";
import { Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { EvidenceList } from "../evidence/EvidenceList";
import { useCan, useFormat, useMessage, useT, useViewer } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import type { EvidenceRow } from "../../models/evidence";
import { escalateSchema, RECT_ALLOWED_FROM, rectRespondSchema, type MeasuredValue, type RectificationRow } from "../../models/checks";
import { DueMark, Hidden, RectStatusBadge, Reply, SeverityBadge, useActionUrl, useCheckForm } from "./parts";

type Props = {
  rect: RectificationRow;
  today: string;
  soonDays: number;
  evidence: EvidenceRow[] | undefined;
  last: IntentReply | undefined;
  /** Show the project and the check it comes from (on the list of all rectifications). */
  showSource?: boolean;
  /** Whether an open escalation already covers it. */
  escalated?: boolean;
  /** Its discussion (folded), when the page follows comments. */
  thread?: ItemThread;
};

function RespondForm({ rect, last }: { rect: RectificationRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields } = useCheckForm({ id: `respond-${rect.id}`, intent: "respond", target: rect.id, schema: rectRespondSchema, last });
  const action = useActionUrl("respond", rect.id);
  return (
    <Form method="post" action={action} encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form ck-respond">
      <Hidden intent="respond" values={{ id: rect.id, version: rect.version }} />
      <Field label={t("checks.rect.response")} error={m(fields.response.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.response.name} rows={3} maxLength={4000} defaultValue={rect.response} placeholder={t("checks.rect.responsePlaceholder")} />}
      </Field>
      <EvidenceInput />
      <div className="form-actions">
        <button type="submit" className="btn small">{t("checks.rect.respond")}</button>
      </div>
    </Form>
  );
}

const valueText = (v: MeasuredValue, uom: string | null) => `${v.value}${uom ? ` ${uom}` : ""}`;

/** The failing indicator behind the rectification: its new value since opening, or what it was closed on. */
function IndicatorBasis({ rect }: { rect: RectificationRow }) {
  const t = useT();
  const f = useFormat();
  if (rect.indicatorId == null) return null;
  const closedOn = rect.status === "closed" ? rect.closingValue : null;
  const line = closedOn
    ? t("checkSubstance.rect.closedOnValue", { value: valueText(closedOn, rect.unitOfMeasure), date: f.date(closedOn.measuredOn) })
    : rect.status === "closed" && rect.noValueReason
      ? t("checkSubstance.rect.closedWithout", { reason: rect.noValueReason })
      : rect.newValue
        ? t("checkSubstance.rect.newValue", { value: valueText(rect.newValue, rect.unitOfMeasure), date: f.date(rect.newValue.measuredOn) })
        : t("checkSubstance.rect.noNewValue");
  return (
    <p className="ck-rect-basis ck-small" data-testid="rect-basis">
      <span className="muted">{t("checkSubstance.rect.indicator", { name: rect.indicatorName ?? "" })}</span> · <span>{line}</span>
    </p>
  );
}

function CloserForms({ rect }: { rect: RectificationRow }) {
  const t = useT();
  // Without a new value of the failing indicator, closing needs the reason why (checks.ts closeRefusal).
  const needsReason = rect.indicatorId != null && !rect.newValue;
  return (
    <div className="ck-actions">
      {RECT_ALLOWED_FROM.close.includes(rect.status) && (
        <Form method="post" preventScrollReset className="inline-form ck-close">
          <Hidden intent="close" values={{ id: rect.id, version: rect.version }} />
          {needsReason && (
            <>
              <label htmlFor={`close-novalue-${rect.id}`} className="ck-small">{t("checkSubstance.rect.noValueLabel")}</label>
              <input id={`close-novalue-${rect.id}`} name="noValueReason" maxLength={1000} title={t("checkSubstance.rect.noValueHint")} className="ck-comment" />
            </>
          )}
          <label className="visually-hidden" htmlFor={`close-comment-${rect.id}`}>{t("checks.rect.comment")}</label>
          <input id={`close-comment-${rect.id}`} name="comment" maxLength={1000} placeholder={t("checks.rect.comment")} className="ck-comment" />
          <button type="submit" className="btn small">{t("checks.rect.close")}</button>
        </Form>
      )}
      {RECT_ALLOWED_FROM.reopen.includes(rect.status) && (
        <Form method="post" preventScrollReset className="inline-form">
          <Hidden intent="reopen" values={{ id: rect.id, version: rect.version }} />
          <button type="submit" className="btn secondary small">{t("checks.rect.reopen")}</button>
        </Form>
      )}
    </div>
  );
}

/** Escalation to the 总体部 of one rectification, or of the check as a whole (no `rect`). */
export function EscalateForm({ checkId, rect, last }: { checkId: number; rect?: RectificationRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields } = useCheckForm({ id: `escalate-${rect?.id ?? "check"}`, intent: "escalate", target: rect?.id ?? null, schema: escalateSchema, last });
  const action = useActionUrl("escalate", rect?.id ?? 0);
  return (
    <details className="ck-escalate">
      <summary className="btn ghost small">{rect ? t("checks.detail.escalate") : t("checks.detail.escalateCheck")}</summary>
      <Form method="post" action={action} id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form">
        <Hidden intent="escalate" values={{ checkId, rectificationId: rect?.id }} />
        <Field label={t("checks.detail.escDescription")} error={m(fields.description.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.description.name} rows={rect ? 2 : 3} maxLength={2000} defaultValue={rect?.description} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn danger small">{t("checks.detail.escalate")}</button>
        </div>
      </Form>
    </details>
  );
}

export function RectificationCard({ rect, today, soonDays, evidence, last, showSource, escalated, thread }: Props) {
  const t = useT();
  const f = useFormat();
  const viewer = useViewer();
  const { can } = useCan();
  const canRespond = can("respond", "rectification", { unitId: rect.ownerUnitId, projectId: rect.projectId }) && RECT_ALLOWED_FROM.respond.includes(rect.status);
  const canClose = can("close", "rectification", { projectId: rect.projectId }) && viewer.unitId !== rect.ownerUnitId;
  const canEscalate = can("escalate", "check", { projectId: rect.projectId }) && !escalated && RECT_ALLOWED_FROM.escalate.includes(rect.status);
  const mine = last && last.target === rect.id ? last : undefined;
  return (
    <article id={`rect-${rect.id}`} className={`panel ck-rect ck-rect-${rect.status}`} data-rect={rect.id} data-testid="rectification">
      <header className="ck-rect-head">
        <RectStatusBadge status={rect.status} />
        <SeverityBadge severity={rect.severity} />
        <strong className="ck-rect-owner">{rect.ownerUnitName}</strong>
        <span className="ck-rect-due">
          {t("checks.rect.due")} {f.date(rect.dueOn)} <DueMark status={rect.status} dueOn={rect.dueOn} today={today} soonDays={soonDays} />
        </span>
      </header>
      <p className="ck-rect-desc">{rect.description}</p>
      {showSource && (
        <p className="ck-rect-source muted">
          {t("checks.rect.check")}：<Link to={`/checks/${rect.checkId}`}>{rect.projectCode} {rect.projectName} · {t(`checks.kinds.${rect.checkKind}`)}</Link>
        </p>
      )}
      {!showSource && rect.itemTitle && <p className="ck-rect-source muted">{localTitle(t, { title: rect.itemTitle, titleText: rect.itemTitleText })}</p>}
      <IndicatorBasis rect={rect} />
      {(rect.response || evidence?.length) && (
        <div className="ck-rect-response">
          <strong>{t("checks.rect.response")}</strong>
          {rect.response && <p>{rect.response}</p>}
          <EvidenceList files={evidence} emptyText={null} />
        </div>
      )}
      {rect.closedAt && rect.closerName && <p className="muted ck-small">{t("checks.rect.closedBy", { name: rect.closerName, date: f.date(rect.closedAt) })}</p>}
      <Reply reply={mine} />
      {canRespond && <RespondForm rect={rect} last={last} />}
      {canClose && <CloserForms rect={rect} />}
      {canEscalate && <EscalateForm checkId={rect.checkId} rect={rect} last={last} />}
      {thread && <CommentDisclosure entity="rectification" entityId={rect.id} {...thread} />}
    </article>
  );
}
