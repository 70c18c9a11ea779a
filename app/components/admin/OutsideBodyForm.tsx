// Add or edit an outside body (inline on /admin/bodies; versioned when editing).
import { Form } from "@remix-run/react";
import { outsideBodySchema, outsideBodyUpdateSchema, OUTSIDE_KINDS } from "../../models/outside-bodies";
import type { OutsideBodyRow } from "../../models/outside-bodies.server";
import { Field } from "../form/Field";
import { IntentHidden, useIntentForm } from "../form/IntentForm";
import { useMessage, useT } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";

export function OutsideBodyForm({ body, last }: { body?: OutsideBodyRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useIntentForm({
    id: body ? `body-${body.id}` : "body-new",
    intent: body ? "bodyUpdate" : "body",
    target: body?.id ?? null,
    schema: body ? outsideBodyUpdateSchema : outsideBodySchema,
    last,
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form">
      <FormAlert reply={mine} />
      <IntentHidden intent={body ? "bodyUpdate" : "body"} values={{ id: body?.id, version: body?.version }} />
      <div className="form cols">
        <Field label={t("outsideBodies.name")} error={m(fields.name.errors?.[0])}>
          {(p) => <input {...p} name="name" defaultValue={body?.name ?? ""} maxLength={100} />}
        </Field>
        <Field label={t("outsideBodies.kind")} error={m(fields.kind.errors?.[0])}>
          {(p) => (
            <select {...p} name="kind" defaultValue={body?.kind ?? "expert_pool"}>
              {OUTSIDE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`outsideKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {body ? t("common.save") : t("outsideBodies.add")}
        </button>
      </div>
    </Form>
  );
}
