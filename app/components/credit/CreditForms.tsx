// The credit page's forms: record a finding (against a unit or one of its people), de-list a unit, and
// correct or withdraw a record. Each posts multipart with evidence files (the evidence store's checks).
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { FormReply, IntentHidden, useActionUrl, useIntentForm, useRefusalText } from "../form/IntentForm";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { creditCorrectSchema, creditFindingSchema, creditWithdrawSchema, delistSchema, type CreditRecord } from "../../models/credit";

type Choices = {
  units: { id: number; name: string; leftOn: string | null; version: number }[];
  people: { id: number; displayName: string; unitId: number }[];
};
type FormProps = { choices: Choices; unitId: number | null; today: string; reply: IntentReply | undefined };

const doneKey = (intent: string) => (intent === "finding" ? "credit.done.finding" : intent === "delist" ? "credit.done.delist" : intent === "correct" ? "credit.done.correct" : "credit.done.withdraw") as "credit.done.finding";

/** The text fields every record has: what, when, the decision. */
function RecordFields({ fields, whatLabel, dateLabel, today, initial }: { fields: Record<"what" | "occurredOn" | "decision", { name: string; errors?: string[] }>; whatLabel: string; dateLabel: string; today: string; initial?: CreditRecord["current"] }) {
  const t = useT();
  const m = useMessage();
  return (
    <>
      <Field label={whatLabel} error={m(fields.what.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.what.name} rows={3} maxLength={2000} defaultValue={initial?.what} placeholder={t("credit.whatPlaceholder")} />}
      </Field>
      <Field label={dateLabel} error={m(fields.occurredOn.errors?.[0])}>
        {(p) => <input {...p} type="date" name={fields.occurredOn.name} max={today} defaultValue={initial?.occurredOn ?? today} />}
      </Field>
      <Field label={t("credit.decision")} error={m(fields.decision.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.decision.name} rows={2} maxLength={2000} defaultValue={initial?.decision} placeholder={t("credit.decisionPlaceholder")} />}
      </Field>
    </>
  );
}

function useBusy(intent: string) {
  const navigation = useNavigation();
  return navigation.state === "submitting" && (navigation.formData?.get("intent") === intent || (navigation.formAction ?? "").includes(`intent=${intent}`));
}

export function FindingForm({ choices, unitId, today, reply }: FormProps) {
  const t = useT();
  const m = useMessage();
  const [unit, setUnit] = useState<number | "">(unitId ?? "");
  const { form, fields, mine } = useIntentForm({ id: "credit-finding", intent: "finding", schema: creditFindingSchema, last: reply });
  const refusal = useRefusalText(mine);
  const busy = useBusy("finding");
  const action = useActionUrl("finding", 0);
  return (
    <Form method="post" encType="multipart/form-data" action={action} id={form.id} onSubmit={form.onSubmit} noValidate className="panel form" aria-labelledby="credit-finding-h" data-testid="credit-finding-form">
      <h2 id="credit-finding-h">{t("credit.recordTitle")}</h2>
      <IntentHidden intent="finding" />
      <Field label={t("credit.chooseUnit")} error={m(fields.unitId.errors?.[0])}>
        {(p) => (
          <select {...p} name={fields.unitId.name} value={unit} onChange={(e) => setUnit(e.target.value ? Number(e.target.value) : "")}>
            <option value="">{t("credit.chooseUnit")}</option>
            {choices.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("credit.choosePerson")} error={m(fields.userId.errors?.[0])}>
        {(p) => (
          <select {...p} name={fields.userId.name} defaultValue="">
            <option value="">{t("credit.noPerson")}</option>
            {choices.people
              .filter((x) => x.unitId === unit)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.displayName}
                </option>
              ))}
          </select>
        )}
      </Field>
      <RecordFields fields={fields} whatLabel={t("credit.what")} dateLabel={t("credit.occurredOn")} today={today} />
      <EvidenceInput label={t("credit.evidence")} camera />
      {refusal && !mine?.formError ? <div className="alert bad" role="alert">{refusal}</div> : <FormReply reply={mine} doneKey={doneKey} />}
      <button type="submit" className="btn" disabled={busy}>
        {t("credit.submitFinding")}
      </button>
    </Form>
  );
}

export function DelistForm({ choices, unitId, today, reply }: FormProps) {
  const t = useT();
  const m = useMessage();
  const members = choices.units.filter((u) => u.leftOn == null);
  const [unit, setUnit] = useState<number | "">(members.some((u) => u.id === unitId) ? unitId! : "");
  const { form, fields, mine } = useIntentForm({ id: "credit-delist", intent: "delist", schema: delistSchema, last: reply });
  const refusal = useRefusalText(mine);
  const busy = useBusy("delist");
  const action = useActionUrl("delist", 0);
  const version = members.find((u) => u.id === unit)?.version;
  return (
    <Form method="post" encType="multipart/form-data" action={action} id={form.id} onSubmit={form.onSubmit} noValidate className="panel form" aria-labelledby="credit-delist-h" data-testid="credit-delist-form">
      <h2 id="credit-delist-h">{t("credit.delistTitle")}</h2>
      <p className="muted">{t("credit.delistHint")}</p>
      <IntentHidden intent="delist" values={{ version }} />
      <Field label={t("credit.chooseUnit")} error={m(fields.unitId.errors?.[0])}>
        {(p) => (
          <select {...p} name={fields.unitId.name} value={unit} onChange={(e) => setUnit(e.target.value ? Number(e.target.value) : "")}>
            <option value="">{t("credit.chooseUnit")}</option>
            {members.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <RecordFields fields={fields} whatLabel={t("credit.whatDelist")} dateLabel={t("credit.delistedOn")} today={today} />
      <EvidenceInput label={t("credit.evidence")} />
      {refusal && !mine?.formError ? <div className="alert bad" role="alert">{refusal}</div> : <FormReply reply={mine} doneKey={doneKey} />}
      <button type="submit" className="btn danger" disabled={busy}>
        {t("credit.submitDelist")}
      </button>
    </Form>
  );
}

/** Correct (new text, date, decision, evidence) or withdraw (a reason) the record's latest row. */
export function AmendForm({ mode, record, today, reply, onCancel }: { mode: "correct" | "withdraw"; record: CreditRecord; today: string; reply: IntentReply | undefined; onCancel: () => void }) {
  const t = useT();
  const m = useMessage();
  const schema = mode === "correct" ? creditCorrectSchema : creditWithdrawSchema;
  const { form, fields, mine } = useIntentForm({ id: `credit-${mode}-${record.id}`, intent: mode, target: record.headId, schema, last: reply });
  const refusal = useRefusalText(mine);
  const busy = useBusy(mode);
  const action = useActionUrl(mode, record.headId);
  const f = fields as unknown as Record<"what" | "occurredOn" | "decision" | "reason", { name: string; errors?: string[] }>;
  return (
    <Form method="post" encType="multipart/form-data" action={action} id={form.id} onSubmit={form.onSubmit} noValidate className="form credit-amend" data-testid={`credit-${mode}-form`}>
      <IntentHidden intent={mode} values={{ recordId: record.headId }} />
      {mode === "correct" && <RecordFields fields={f} whatLabel={record.kind === "delisting" ? t("credit.whatDelist") : t("credit.what")} dateLabel={record.kind === "delisting" ? t("credit.delistedOn") : t("credit.occurredOn")} today={today} initial={record.current} />}
      <Field label={t("credit.reason")} error={m(f.reason.errors?.[0])}>
        {(p) => <textarea {...p} name={f.reason.name} rows={2} maxLength={500} />}
      </Field>
      {mode === "correct" && <EvidenceInput label={t("credit.evidence")} />}
      {refusal && <div className="alert bad" role="alert">{refusal}</div>}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={busy}>
          {mode === "correct" ? t("credit.submitCorrect") : t("credit.submitWithdraw")}
        </button>
        <button type="button" className="btn ghost" onClick={onCancel}>
          {t("credit.cancel")}
        </button>
      </div>
    </Form>
  );
}
