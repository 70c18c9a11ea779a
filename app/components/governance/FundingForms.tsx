// A funding row's forms: the secretariat's (all figures and the suggestion), a project lead's proposal of
// what was spent, and the secretariat's acceptance of that proposal.
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { IntentHidden } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { fundingAcceptSchema, fundingProposeSchema, fundingSchema } from "../../models/governance";
import type { FundingRow } from "../../models/funding.server";
import { GovReply, useGovForm } from "./parts";

type Props = { row: FundingRow; year: number; last: IntentReply | undefined };

const routing = (row: FundingRow, year: number) => ({ projectId: row.projectId, year, version: row.version });

export function FundingForm({ row, year, last }: Props) {
  const t = useT();
  const { form, err, mine } = useGovForm({ id: `funding-${row.projectId}`, intent: "funding", target: row.projectId, schema: fundingSchema, last });
  const money = (name: "provincialFunds" | "selfFunds" | "spent" | "suggestedFunds") => (
    <Field label={t(`governance.${name}`)} error={err(name)}>
      {(p) => <input {...p} name={name} type="number" inputMode="decimal" step="0.01" min={0} defaultValue={row[name]} />}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form" key={`${row.projectId}-${row.version}`}>
      <GovReply reply={mine} />
      <IntentHidden intent="funding" values={routing(row, year)} />
      <div className="form cols">
        {money("provincialFunds")}
        {money("selfFunds")}
        {money("spent")}
        {money("suggestedFunds")}
        <Field label={t("governance.suggestion")} error={err("suggestion")}>
          {(p) => <textarea {...p} name="suggestion" rows={2} defaultValue={row.suggestion} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {t("common.save")}
        </button>
      </div>
    </Form>
  );
}

export function ProposeForm({ row, year, last }: Props) {
  const t = useT();
  const { form, err, mine } = useGovForm({ id: `propose-${row.projectId}`, intent: "propose", target: row.projectId, schema: fundingProposeSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form row-form" key={`${row.projectId}-${row.version}`}>
      <GovReply reply={mine} />
      <IntentHidden intent="propose" values={routing(row, year)} />
      <Field label={t("governance.spent")} error={err("proposedSpent")}>
        {(p) => <input {...p} name="proposedSpent" type="number" inputMode="decimal" step="0.01" min={0} defaultValue={row.proposedSpent ?? row.spent} />}
      </Field>
      <button type="submit" className="btn secondary">
        {t("governance.propose")}
      </button>
    </Form>
  );
}

export function AcceptForm({ row, year, last }: Props) {
  const t = useT();
  const { form, mine } = useGovForm({ id: `accept-${row.projectId}`, intent: "accept", target: row.projectId, schema: fundingAcceptSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form">
      <GovReply reply={mine} />
      <IntentHidden intent="accept" values={routing(row, year)} />
      <button type="submit" className="btn secondary">
        {t("governance.accept")}
      </button>
    </Form>
  );
}
