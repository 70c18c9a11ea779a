// Every number of the province profile as the consortium uses it. The secretariat sees it read-only;
// only the admin (permission update:settings) may change it. Each field names the profile's default.
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { settingsFormSchema } from "../../models/consortium";
import { PROVINCE_PROFILES, type SettingKey, type Settings } from "../../models/settings";
import type { Province } from "../../models/domain";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";
import { Check } from "./Check";

const NUMBERS: { key: Exclude<SettingKey, "requireAcademic">; step?: string; unit?: string }[] = [
  { key: "minUnits" },
  { key: "minSmes" },
  { key: "leadProjectCap" },
  { key: "leadOutsideCap" },
  { key: "ragYellowLag", step: "any", unit: "%" },
  { key: "ragRedLag", step: "any", unit: "%" },
  { key: "ragYellowDays" },
  { key: "ragRedDays" },
  { key: "filingDay" },
  { key: "filingReminderDays" },
  { key: "closeoutRoundMonths" },
  { key: "closeoutRoundDay" },
  { key: "reportDueMonth" },
  { key: "checkReminderDays" },
  { key: "checkEscalateDays" },
  { key: "checkRectifyDays" },
];

type Props = { settings: Settings; province: Province; reply?: IntentReply; readOnly: boolean };

export function SettingsForm({ settings, province, reply, readOnly }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const defaults = PROVINCE_PROFILES[province];
  const provinceName = t(`provinces.${province}`);
  const [form, fields] = useForm({
    id: "settings",
    lastResult: reply?.result,
    defaultValue: settings,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: settingsFormSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const hint = (key: SettingKey, unit = "") => {
    const value = typeof defaults[key] === "boolean" ? t(defaults[key] ? "common.yes" : "common.no") : `${defaults[key]}${unit}`;
    const base = t("admin.settingsDefault", { province: provinceName, value });
    return settings[key] === defaults[key] ? base : t("common.withUnit", { label: base, unit: t("admin.overrides") });
  };
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      {readOnly && <p className="muted">{t("admin.settingsReadOnly")}</p>}
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="settings" />
      <fieldset disabled={readOnly} className="plain">
        <legend className="visually-hidden">{t("admin.settingsLegend")}</legend>
        <div className="form cols settings-grid">
          {NUMBERS.map(({ key, step, unit }) => (
            <Field key={key} label={t(`admin.settings.${key}`)} error={m(fields[key].errors?.[0])} hint={hint(key, unit)}>
              {(p) => (
                <input {...p} type="number" step={step ?? "1"} inputMode="decimal" name={fields[key].name} defaultValue={fields[key].initialValue as string} />
              )}
            </Field>
          ))}
          <div className="field check-field">
            <Check
              name={fields.requireAcademic.name}
              label={t("admin.settings.requireAcademic")}
              defaultChecked={fields.requireAcademic.initialValue === "on"}
            />
            <span className="hint">{hint("requireAcademic")}</span>
          </div>
        </div>
        {!readOnly && (
          <div className="form-actions" style={{ marginTop: 12 }}>
            <button type="submit" className="btn">
              {t("common.save")}
            </button>
          </div>
        )}
      </fieldset>
    </Form>
  );
}
