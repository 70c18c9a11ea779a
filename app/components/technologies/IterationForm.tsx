// Add an iteration to a technology, or edit the selected one (stage, sample level, entry → target TRL,
// dates, status); the plan's soft warnings (target outside the stage's / sample level's usual band) show
// beside the iteration header, not here.
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { SAMPLE_LEVELS, STAGES } from "../../models/trl";
import { trlSelect } from "./TrlSelect";
import { ITERATION_STATUSES, iterationCreateSchema, iterationUpdateSchema, type IterationRow } from "../../models/vmodel";
import { FormReply, IntentFields, useIntentForm } from "./intent";

type Props = { technologyId: number; iteration?: IterationRow; defaults: { startOn: string; endOn: string; entryTrl: number; targetTrl: number }; last: IntentReply | undefined };

export function IterationForm({ technologyId, iteration, defaults, last }: Props) {
  const t = useT();
  const m = useMessage();
  const editing = iteration != null;
  const intent = editing ? "updateIteration" : "addIteration";
  const { form, fields, mine } = useIntentForm({
    id: editing ? `iteration-${iteration.id}` : `add-iteration-${technologyId}`,
    intent,
    target: iteration?.id ?? null,
    schema: editing ? iterationUpdateSchema : iterationCreateSchema,
    last,
  });
  const v = iteration ?? { stage: "key_common_tech", sampleLevel: "prototype", status: "planned", ...defaults };
  return (
    <details className="panel vform" open={mine ? true : undefined}>
      <summary>{editing ? t("technologies.editIteration") : t("technologies.addIteration")}</summary>
      <FormReply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols" key={iteration ? `${iteration.id}-${iteration.version}` : "new"}>
        <IntentFields intent={intent} id={iteration?.id} version={iteration?.version} />
        {!editing && <input type="hidden" name="technologyId" value={technologyId} />}
        <Field label={t("technologies.stage")} error={m(fields.stage.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.stage.name} defaultValue={v.stage}>
              {STAGES.map((s) => <option key={s} value={s}>{t(`technologies.stages.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.sampleLevel")} error={m(fields.sampleLevel.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.sampleLevel.name} defaultValue={v.sampleLevel}>
              {SAMPLE_LEVELS.map((s) => <option key={s} value={s}>{t(`technologies.samples.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.entryTrl")} error={m(fields.entryTrl.errors?.[0])}>{trlSelect(fields.entryTrl.name, v.entryTrl)}</Field>
        <Field label={t("technologies.iterTargetTrl")} error={m(fields.targetTrl.errors?.[0])}>{trlSelect(fields.targetTrl.name, v.targetTrl)}</Field>
        <Field label={t("technologies.startOn")} error={m(fields.startOn.errors?.[0])}>
          {(p) => <input {...p} type="date" name={fields.startOn.name} defaultValue={v.startOn} />}
        </Field>
        <Field label={t("technologies.endOn")} error={m(fields.endOn.errors?.[0])}>
          {(p) => <input {...p} type="date" name={fields.endOn.name} defaultValue={v.endOn} />}
        </Field>
        {editing && (
          <Field label={t("technologies.status")} error={m((fields as typeof fields & { status: { errors?: string[] } }).status?.errors?.[0])}>
            {(p) => (
              <select {...p} name="status" defaultValue={v.status}>
                {ITERATION_STATUSES.map((s) => <option key={s} value={s}>{t(`technologies.iterationStatuses.${s}`)}</option>)}
              </select>
            )}
          </Field>
        )}
        <div className="form-actions">
          <button type="submit" className="btn">{editing ? t("technologies.editIterationSubmit") : t("technologies.addIterationSubmit")}</button>
        </div>
      </Form>
    </details>
  );
}
