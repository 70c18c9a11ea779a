// Edit a key technology's name, description and start / target TRL (for those with update:technology).
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { technologyUpdateSchema, type TechnologyRow } from "../../models/vmodel";
import { FormReply, IntentFields, useIntentForm } from "./intent";
import { trlSelect } from "./TrlSelect";

export function TechnologyForm({ tech, last }: { tech: TechnologyRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useIntentForm({ id: `technology-${tech.id}`, intent: "updateTechnology", target: tech.id, schema: technologyUpdateSchema, last });
  return (
    <details className="panel vform" open={mine ? true : undefined}>
      <summary>{t("technologies.editTechnology")}</summary>
      <FormReply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols" key={tech.version}>
        <IntentFields intent="updateTechnology" id={tech.id} version={tech.version} />
        <Field label={t("technologies.name")} error={m(fields.name.errors?.[0])}>
          {(p) => <input {...p} name={fields.name.name} defaultValue={tech.name} maxLength={100} />}
        </Field>
        <Field label={t("technologies.startTrl")} error={m(fields.startTrl.errors?.[0])}>{trlSelect(fields.startTrl.name, tech.startTrl)}</Field>
        <Field label={t("technologies.targetTrl")} error={m(fields.targetTrl.errors?.[0])}>{trlSelect(fields.targetTrl.name, tech.targetTrl)}</Field>
        <Field label={t("technologies.description")} error={m(fields.description.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.description.name} defaultValue={tech.description} rows={2} maxLength={2000} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">{t("technologies.save")}</button>
        </div>
      </Form>
    </details>
  );
}
