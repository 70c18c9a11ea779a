// A problem escalated to the 总体部: what, by whom and when; the observers of the 总体部 record a resolution.
import { Form, Link } from "@remix-run/react";
import { Field } from "../form/Field";
import { useCan, useFormat, useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { resolveEscalationSchema, type EscalationRow } from "../../models/checks";
import { EscalationStatusBadge, Hidden, Reply, useCheckForm } from "./parts";

function ResolveForm({ esc, last }: { esc: EscalationRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields } = useCheckForm({ id: `resolve-${esc.id}`, intent: "resolve", target: esc.id, schema: resolveEscalationSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form ck-resolve">
      <Hidden intent="resolve" values={{ id: esc.id, version: esc.version }} />
      <Field label={t("checks.esc.resolution")} error={m(fields.resolution.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.resolution.name} rows={3} maxLength={4000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn small">{t("checks.esc.resolve")}</button>
      </div>
    </Form>
  );
}

export function EscalationCard({ esc, last, showSource }: { esc: EscalationRow; last: IntentReply | undefined; showSource?: boolean }) {
  const t = useT();
  const f = useFormat();
  const { can } = useCan();
  const mine = last && last.target === esc.id && last.intent === "resolve" ? last : undefined;
  return (
    <article className={`panel ck-esc ck-esc-${esc.status}`} data-escalation={esc.id} data-testid="escalation">
      <header className="ck-rect-head">
        <EscalationStatusBadge status={esc.status} />
        {showSource && (
          <Link to={`/checks/${esc.checkId}`} className="ck-esc-project">
            {esc.projectCode} {esc.projectName}
          </Link>
        )}
        <span className="muted ck-small">{t("checks.esc.by", { name: esc.escalatorName, date: f.date(esc.escalatedAt) })}</span>
      </header>
      <p className="ck-rect-desc">{esc.description}</p>
      {esc.rectificationDescription && (
        <p className="muted ck-small">
          {t("checks.esc.rectification")}：{esc.rectificationDescription}
        </p>
      )}
      {esc.status === "resolved" && (
        <div className="ck-rect-response">
          <strong>{t("checks.esc.resolution")}</strong>
          <p>{esc.resolution}</p>
          {esc.resolverName && <p className="muted ck-small">{t("checks.esc.resolvedBy", { name: esc.resolverName, date: f.date(esc.resolvedAt) })}</p>}
        </div>
      )}
      <Reply reply={mine} />
      {esc.status === "open" && can("resolve", "escalation", { projectId: esc.projectId }) && <ResolveForm esc={esc} last={last} />}
    </article>
  );
}
