// The 任务书 submission form: the document, goals, term, the division of work (one row per unit) and the
// indicators (one row each), prefilled from the latest version so a new version edits what changed. Rows
// are added and removed with buttons (no drag); the names (`division[0].unitId` …) are what the one zod
// schema (task-book.ts) reads in the browser, the action and the model.
import { useState } from "react";
import { Form } from "@remix-run/react";
import { useMessage, useT } from "../../lib/viewer";
import { Field } from "../form/Field";
import { FormReply, IntentHidden, useActionUrl, useIntentForm } from "../form/IntentForm";
import { EvidenceInput } from "../evidence/EvidenceInput";
import { taskBookSubmitSchema, type DivisionRow, type TaskBookVersion } from "../../models/task-book";
import { DraftIndicatorRows, keyed } from "./DraftIndicatorRows";
import type { IntentReply } from "../../lib/intent-form";

type Unit = { id: number; name: string };
type Props = { projectId: number; version: number; latest: TaskBookVersion | undefined; units: Unit[]; defaults: { termStart: string; termEnd: string }; last: IntentReply | undefined };


export const doneKey = (intent: string) => `taskBook.done.${intent as "submit" | "review" | "createTasks"}` as const;

export function TaskBookForm({ projectId, version, latest, units, defaults, last }: Props) {
  const t = useT();
  const m = useMessage();
  const { form, mine } = useIntentForm({ id: "taskbook-submit", intent: "submit", schema: taskBookSubmitSchema, last });
  const errors = form.allErrors;
  const err = (name: string) => m(errors[name]?.[0]);
  const [division, setDivision] = useState(() => keyed<DivisionRow>(latest?.division ?? [{ unitId: units[0]?.id ?? 0, title: "", duty: "" }]));
  const action = useActionUrl("submit", projectId);
  const unitSelect = (p: object, name: string, value: number | undefined) => (
    <select {...p} name={name} defaultValue={value ?? ""}>
      <option value="">{t("taskBook.chooseUnit")}</option>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </select>
  );
  return (
    <Form method="post" action={action} encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate className="form tb-form" key={mine?.done ? `done-${version}` : "form"}>
      <IntentHidden intent="submit" values={{ projectId, version }} />
      <p className="muted small">{t("taskBook.writeHint")}</p>
      <EvidenceInput label={t("taskBook.document")} error={err("evidence")} />
      <Field label={t("taskBook.goals")} error={err("goals")}>
        {(p) => <textarea {...p} name="goals" rows={4} maxLength={4000} defaultValue={latest?.goals ?? ""} />}
      </Field>
      <div className="form cols">
        <Field label={t("taskBook.termStart")} error={err("termStart")}>
          {(p) => <input {...p} type="date" name="termStart" defaultValue={latest?.termStart ?? defaults.termStart} />}
        </Field>
        <Field label={t("taskBook.termEnd")} error={err("termEnd")}>
          {(p) => <input {...p} type="date" name="termEnd" defaultValue={latest?.termEnd ?? defaults.termEnd} />}
        </Field>
      </div>

      <fieldset className="tb-rows">
        <legend>{t("taskBook.division")}</legend>
        {division.map(({ key, row }, i) => (
          <div key={key} className="tb-row" data-testid="tb-division-row">
            <div className="tb-row-head">
              <strong>{t("taskBook.divisionN", { n: i + 1 })}</strong>
              {division.length > 1 && (
                <button type="button" className="btn secondary small" onClick={() => setDivision(division.filter((d) => d.key !== key))} aria-label={t("taskBook.removeDivision", { n: i + 1 })}>
                  {t("taskBook.removeRow")}
                </button>
              )}
            </div>
            <div className="form cols">
              <Field label={t("taskBook.unit")} error={err(`division[${i}].unitId`)}>
                {(p) => unitSelect(p, `division[${i}].unitId`, row.unitId)}
              </Field>
              <Field label={t("taskBook.taskTitle")} error={err(`division[${i}].title`)}>
                {(p) => <input {...p} name={`division[${i}].title`} maxLength={120} defaultValue={row.title ?? ""} />}
              </Field>
            </div>
            <Field label={t("taskBook.duty")} error={err(`division[${i}].duty`)}>
              {(p) => <textarea {...p} name={`division[${i}].duty`} rows={2} maxLength={2000} defaultValue={row.duty ?? ""} />}
            </Field>
          </div>
        ))}
        <button type="button" className="btn secondary" onClick={() => setDivision([...division, ...keyed<DivisionRow>([{ unitId: 0, title: "", duty: "" }])])}>
          {t("taskBook.addDivision")}
        </button>
      </fieldset>

      <DraftIndicatorRows
        legend={t("taskBook.indicators")}
        initial={latest?.indicators ?? [{ name: "", unitOfMeasure: "", direction: "higher", dueOn: defaults.termEnd, unitId: units[0]?.id ?? 0 }]}
        dueOn={defaults.termEnd}
        error={err}
        minRows={1}
        unitField={(i, row) => (
          <Field label={t("taskBook.responsibleUnit")} error={err(`indicators[${i}].unitId`)}>
            {(p) => unitSelect(p, `indicators[${i}].unitId`, row.unitId)}
          </Field>
        )}
      />

      {version > 0 && (
        <Field label={t("taskBook.note")} error={err("note")}>
          {(p) => <textarea {...p} name="note" rows={2} maxLength={1000} />}
        </Field>
      )}
      {!mine?.done && <FormReply reply={mine} doneKey={doneKey} />}
      <div className="form-actions">
        <button type="submit" className="btn">
          {t("taskBook.submit")}
        </button>
      </div>
    </Form>
  );
}
