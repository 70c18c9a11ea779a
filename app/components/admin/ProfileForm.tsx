// The consortium profile (versioned: the hidden version is the one the user saw; a stale save is refused).
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { profileSchema } from "../../models/consortium";
import { PROVINCES, STRATEGIC_FIELDS } from "../../models/domain";
import { TIME_ZONES } from "../../models/clock";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";
import type { ConsortiumRow } from "../../models/consortium.server";

type Props = { profile: ConsortiumRow; reply?: IntentReply; readOnly: boolean };

export function ProfileForm({ profile, reply, readOnly }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm({
    id: "profile",
    lastResult: reply?.result,
    defaultValue: profile,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const err = (name: keyof typeof fields) => m(fields[name].errors?.[0]);
  const text = (name: keyof typeof fields, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} error={err(name)}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={fields[name].initialValue as string} {...extra} />}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="profile" />
      <input type="hidden" name={fields.version.name} defaultValue={fields.version.initialValue as string} />
      <fieldset disabled={readOnly} className="plain">
        <div className="form cols">
          {text("name", t("admin.name"))}
          {text("shortName", t("admin.shortName"))}
          <Field label={t("admin.field")} error={err("field")}>
            {(p) => (
              <select {...p} name={fields.field.name} defaultValue={fields.field.initialValue as string}>
                {STRATEGIC_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text("district", t("admin.district"))}
          <Field label={t("admin.province")} error={err("province")}>
            {(p) => (
              <select {...p} name={fields.province.name} defaultValue={fields.province.initialValue as string}>
                {PROVINCES.map((v) => (
                  <option key={v} value={v}>
                    {t(`provinces.${v}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text("foundedOn", t("admin.foundedOn"), { type: "date" })}
          {text("goalStartYear", t("admin.goalStartYear"), { type: "number", step: 1 })}
          {text("goalYears", t("admin.goalYears"), { type: "number", step: 1 })}
          {text("applicationType", t("admin.applicationType"))}
          <Field label={t("admin.timeZone")} error={err("timeZone")} hint={t("admin.timeZoneHint")}>
            {(p) => (
              <select {...p} name={fields.timeZone.name} defaultValue={fields.timeZone.initialValue as string}>
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form" style={{ maxWidth: "none", marginTop: 12 }}>
          <Field label={t("admin.overallGoal")} error={err("overallGoal")} hint={t("admin.overallGoalHint")}>
            {(p) => <textarea {...p} name={fields.overallGoal.name} defaultValue={fields.overallGoal.initialValue as string} rows={4} />}
          </Field>
          {!readOnly && (
            <div className="form-actions">
              <button type="submit" className="btn">
                {t("common.save")}
              </button>
            </div>
          )}
        </div>
      </fieldset>
    </Form>
  );
}
