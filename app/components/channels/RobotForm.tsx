// One robot's form: add (no robot) or edit (the robot, its version hidden). The secret is never shown
// back; left empty on edit it stays as it was.
import { Form } from "@remix-run/react";
import { PLATFORM_HOSTS, PLATFORMS, robotCreateSchema, robotUpdateSchema } from "../../models/outbox";
import type { RobotRow } from "../../models/outbox.server";
import { Field } from "../form/Field";
import { FormReply, IntentHidden, useIntentForm } from "../form/IntentForm";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";

type Props = { robot?: RobotRow; units: { id: number; shortName: string }[]; reply: IntentReply | undefined };

export function RobotForm({ robot, units, reply }: Props) {
  const t = useT();
  const m = useMessage();
  const intent = robot ? "robot-update" : "robot-create";
  const { form, fields, mine } = useIntentForm({
    id: robot ? `robot-${robot.id}` : "robot-new",
    intent,
    target: robot?.id ?? null,
    schema: robot ? robotUpdateSchema : robotCreateSchema,
    last: reply,
  });
  const err = (name: keyof typeof fields) => m(fields[name].errors?.[0]);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols robot-form">
      <IntentHidden intent={intent} values={robot ? { id: robot.id, version: robot.version } : {}} />
      <Field label={t("channels.platform")} error={err("platform")}>
        {(p) => (
          <select {...p} name={fields.platform.name} defaultValue={robot?.platform ?? "wecom"}>
            {PLATFORMS.map((v) => (
              <option key={v} value={v}>
                {t(`channels.platforms.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("channels.scope")} error={err("unitId")}>
        {(p) => (
          <select {...p} name={fields.unitId.name} defaultValue={robot?.unitId ?? 0}>
            <option value={0}>{t("channels.consortiumScope")}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.shortName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("channels.name")} error={err("name")}>
        {(p) => <input {...p} name={fields.name.name} defaultValue={robot?.name ?? ""} maxLength={60} />}
      </Field>
      <Field label={t("channels.webhookUrl")} error={err("webhookUrl")} hint={PLATFORM_HOSTS.wecom}>
        {(p) => <input {...p} name={fields.webhookUrl.name} defaultValue={robot?.webhookUrl ?? ""} inputMode="url" autoComplete="off" />}
      </Field>
      <Field label={t("channels.secret")} error={err("secret")} hint={robot?.signed ? t("channels.secretKeep") : undefined}>
        {(p) => <input {...p} name={fields.secret.name} type="password" autoComplete="new-password" />}
      </Field>
      <div className="field check-field">
        <label className="check">
          <input type="checkbox" name={fields.active.name} defaultChecked={robot?.active ?? true} /> {t("channels.active")}
        </label>
        <label className="check">
          <input type="checkbox" name={fields.allowPrivate.name} defaultChecked={robot?.allowPrivate ?? false} /> {t("channels.allowPrivate")}
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {robot ? t("channels.save") : t("channels.add")}
        </button>
        <FormReply reply={mine} doneKey={() => "channels.saved"} />
      </div>
    </Form>
  );
}
