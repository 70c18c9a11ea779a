// The first-run form: the consortium's profile (while there is none) and the first administrator.
import type { z } from "zod";
import { Form, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { setupAdminSchema, setupSchema } from "../../models/setup";
import { PROVINCES, STRATEGIC_FIELDS } from "../../models/domain";
import { DEFAULT_TIME_ZONE, TIME_ZONES } from "../../models/clock";
import { Field } from "../form/Field";
import { useMessage, useT } from "../../lib/viewer";
import { FormAlert } from "../admin/FormAlert";
import type { IntentReply } from "../../lib/intent-form";

type Props = { token: string; withConsortium: boolean; today: string; reply?: IntentReply };

export function SetupForm({ token, withConsortium, today, reply }: Props) {
  const t = useT();
  const m = useMessage();
  const busy = useNavigation().state !== "idle";
  const year = Number(today.slice(0, 4));
  const [form, fields] = useForm<z.input<typeof setupSchema>>({
    id: "setup",
    lastResult: reply?.result,
    defaultValue: { province: "zhejiang", field: STRATEGIC_FIELDS[0], foundedOn: today, goalStartYear: year, goalYears: 3, timeZone: DEFAULT_TIME_ZONE, username: "admin" },
    onValidate: ({ formData }) => (withConsortium ? parseWithZod(formData, { schema: setupSchema }) : (parseWithZod(formData, { schema: setupAdminSchema }) as never)),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  type Name = keyof typeof fields;
  const err = (name: Name) => m(fields[name].errors?.[0]);
  const input = (name: Name, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={fields[name].initialValue as string} {...extra} />}
    </Field>
  );
  const select = (name: Name, label: string, options: readonly string[], text: (v: string) => string, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => (
        <select {...p} name={fields[name].name} defaultValue={fields[name].initialValue as string}>
          {options.map((o) => (
            <option key={o} value={o}>
              {text(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      <input type="hidden" name="token" value={token} />
      {withConsortium && (
        <fieldset className="plain setup-part">
          <legend>{t("setup.consortiumPart")}</legend>
          <div className="form cols">
            {input("name", t("admin.name"), { autoFocus: true, placeholder: "浙江省××创新联合体" })}
            {input("shortName", t("admin.shortName"))}
            {select("province", t("admin.province"), PROVINCES, (v) => t(`provinces.${v}` as never))}
            {select("field", t("admin.field"), STRATEGIC_FIELDS, (v) => v)}
            {input("district", t("admin.district"), { placeholder: "杭州市滨江区" })}
            {input("foundedOn", t("admin.foundedOn"), { type: "date" })}
            {input("goalStartYear", t("admin.goalStartYear"), { type: "number", step: 1, inputMode: "numeric" })}
            {input("goalYears", t("admin.goalYears"), { type: "number", step: 1, min: 1, max: 10, inputMode: "numeric" })}
            {select("timeZone", t("admin.timeZone"), TIME_ZONES, (v) => v, t("admin.timeZoneHint"))}
          </div>
        </fieldset>
      )}
      <fieldset className="plain setup-part">
        <legend>{t("setup.adminPart")}</legend>
        <p className="muted">{t("setup.adminHint")}</p>
        <div className="form cols">
          {input("displayName", t("users.displayName"), withConsortium ? {} : { autoFocus: true })}
          {input("username", t("login.username"), { autoComplete: "username", autoCapitalize: "none" })}
          {input("password", t("login.password"), { type: "password", autoComplete: "new-password" })}
          {input("confirmPassword", t("setup.confirmPassword"), { type: "password", autoComplete: "new-password" })}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn" disabled={busy}>
          {t("setup.submit")}
        </button>
      </div>
    </Form>
  );
}
