// Record a measured value of one indicator with a note and evidence files (multipart upload). The
// action's query string names the intent and the indicator, so a refused upload still answers here.
// A value the indicator cannot take is refused beside the field (the server's rule, rangeProblem); a
// jump of more than JUMP_FACTOR times from the latest value shows a warning and a 确认 checkbox, without
// which the server refuses it.
import { useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Csrf, Field } from "../form/Field";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { formatMeasure, isJump, JUMP_FACTOR, NO, recordValueSchema, YES, type IndicatorRow } from "../../models/indicators";
import { FormButtons, type IndicatorReply } from "./bits";
import { stripRouting } from "../../lib/intent-form";

/** `action`: where the form posts (default: this route); `camera`: a phone-first picker (photo or PDF). */
export function RecordValueForm(props: { indicator: IndicatorRow; today: string; last: IndicatorReply; onCancel: () => void; action?: string; camera?: boolean }) {
  const { indicator, today, last, onCancel } = props;
  const action = props.action ?? `?intent=record&id=${indicator.id}`;
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const navigation = useNavigation();
  const mine = last?.intent === "record" && last.target === indicator.id ? last : undefined;
  const [form, fields] = useForm({
    id: `record-${indicator.id}`,
    lastResult: mine?.done ? undefined : mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: recordValueSchema(today, indicator) }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const err = (f: { errors?: string[] }) => m(f.errors?.[0]);
  const [typed, setTyped] = useState<number | null>(null);
  const jump = indicator.direction !== "yesno" && ((typed != null && isJump(indicator.latest, typed)) || mine?.code === "indicatorJumpUnconfirmed");
  const busy = navigation.state === "submitting" && navigation.formAction?.endsWith(action);
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      action={action}
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="form cols ind-record"
      data-testid="record-form"
      aria-label={t("indicators.recordFor", { name: indicator.name })}
    >
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="indicatorId" value={indicator.id} />
      {mine?.formError && (
        <div className="alert bad span-all" role="alert">
          {mine.formError}
        </div>
      )}
      {indicator.direction === "yesno" ? (
        <Field label={t("indicators.value")} error={err(fields.value)}>
          {(p) => (
            <select {...p} name={fields.value.name} defaultValue={YES}>
              <option value={YES}>{t("indicators.yes")}</option>
              <option value={NO}>{t("indicators.no")}</option>
            </select>
          )}
        </Field>
      ) : (
        <Field label={indicator.unitOfMeasure ? t("indicators.valueWithUnit", { unit: indicator.unitOfMeasure }) : t("indicators.value")} error={err(fields.value)}>
          {(p) => (
            <input
              {...p}
              type="number"
              step="any"
              inputMode="decimal"
              name={fields.value.name}
              onInput={(e) => {
                const x = e.currentTarget.valueAsNumber;
                setTyped(Number.isFinite(x) ? x : null);
              }}
            />
          )}
        </Field>
      )}
      {jump && (
        <div className="alert warn span-all ind-jump" role="status" data-testid="jump-warning">
          <p>{t("indicators.jumpWarning", { latest: formatMeasure(indicator.latest), factor: JUMP_FACTOR })}</p>
          <label className="check">
            <input type="checkbox" name={fields.confirmJump.name} />
            {t("indicators.jumpConfirm")}
          </label>
        </div>
      )}
      <Field label={t("indicators.measuredOn")} error={err(fields.measuredOn)}>
        {(p) => <input {...p} type="date" name={fields.measuredOn.name} defaultValue={today} max={today} />}
      </Field>
      <div className="span-all">
        <Field label={t("indicators.note")} error={err(fields.note)}>
          {(p) => <textarea {...p} name={fields.note.name} rows={2} maxLength={1000} placeholder={t("indicators.notePlaceholder")} />}
        </Field>
      </div>
      <div className="span-all">
        <EvidenceInput camera={props.camera} />
      </div>
      <FormButtons submit={t("indicators.recordSubmit")} busy={busy} onCancel={onCancel} />
    </Form>
  );
}
