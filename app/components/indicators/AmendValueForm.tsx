// Correct or withdraw one recorded value, with the reason (and, for a correction, the right value, its
// date and evidence). Appends a row that points at the value (never edits it); the server refuses a
// value someone else already corrected as stale, and the page then shows the current history.
import { Form, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Csrf, Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { useFormat, useMessage, useT, useViewer } from "../../lib/viewer";
import { correctValueSchema, withdrawValueSchema, type CorrectValueInput, type IndicatorRow, type IndicatorValueRow } from "../../models/indicators";
import { stripRouting } from "../../lib/intent-form";
import { FormButtons, useValueText, type IndicatorReply } from "./bits";

type Props = { mode: "correct" | "withdraw"; indicator: IndicatorRow; value: IndicatorValueRow; today: string; last: IndicatorReply; onCancel: () => void };

export function AmendValueForm({ mode, indicator, value, today, last, onCancel }: Props) {
  const t = useT();
  const m = useMessage();
  const fmt = useFormat();
  const viewer = useViewer();
  const valueText = useValueText();
  const navigation = useNavigation();
  const mine = last?.intent === mode && last.target === value.id ? last : undefined;
  const schema = mode === "correct" ? correctValueSchema(today, indicator) : withdrawValueSchema;
  // One field set for both modes: a withdrawal posts only valueId and reason.
  const [form, fields] = useForm<Partial<CorrectValueInput>>({
    id: `${mode}-${value.id}`,
    lastResult: mine?.done ? undefined : mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const err = (f: { errors?: string[] }) => m(f.errors?.[0]);
  const busy = navigation.state === "submitting" && navigation.formAction?.includes(`intent=${mode}&id=${value.id}`);
  const title = t(mode === "correct" ? "indicators.correctFor" : "indicators.withdrawFor", { date: fmt.date(value.measuredOn), value: valueText(indicator, value.value) });
  const numberField = (
    <Field label={indicator.unitOfMeasure ? t("common.withUnit", { label: t("indicators.correctedValue"), unit: indicator.unitOfMeasure }) : t("indicators.correctedValue")} error={err(fields.value)}>
      {(p) => <input {...p} type="number" step="any" inputMode="decimal" name={fields.value.name} defaultValue={value.value} />}
    </Field>
  );
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      action={`?intent=${mode}&id=${value.id}`}
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="form cols ind-record"
      data-testid={`${mode}-form`}
      aria-label={title}
    >
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={mode} />
      <input type="hidden" name="valueId" value={value.id} />
      <h4 className="span-all">{title}</h4>
      {mine?.formError && (
        <div className="alert bad span-all" role="alert">
          {mine.formError}
        </div>
      )}
      {mode === "correct" && (
        <>
          {indicator.direction === "yesno" ? (
            <Field label={t("indicators.correctedValue")} error={err(fields.value)}>
              {(p) => (
                <select {...p} name={fields.value.name} defaultValue={value.value >= 1 ? 0 : 1}>
                  <option value={1}>{t("indicators.yes")}</option>
                  <option value={0}>{t("indicators.no")}</option>
                </select>
              )}
            </Field>
          ) : (
            numberField
          )}
          <Field label={t("indicators.measuredOn")} error={err(fields.measuredOn)}>
            {(p) => <input {...p} type="date" name={fields.measuredOn.name} defaultValue={value.measuredOn} max={today} />}
          </Field>
        </>
      )}
      <div className="span-all">
        <Field label={t("indicators.reason")} error={err(fields.reason)}>
          {(p) => <textarea {...p} name={fields.reason.name} rows={2} maxLength={500} placeholder={t("indicators.reasonPlaceholder")} />}
        </Field>
      </div>
      {mode === "correct" && (
        <div className="span-all">
          <EvidenceInput />
        </div>
      )}
      <FormButtons submit={t(mode === "correct" ? "indicators.correctSubmit" : "indicators.withdrawSubmit")} busy={busy} danger={mode === "withdraw"} onCancel={onCancel} />
    </Form>
  );
}
