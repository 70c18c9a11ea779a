// Create or edit an indicator: name, unit of measure, direction, baseline, target, declared range, due date, responsible
// unit and person. A yes/no indicator has no unit, baseline or target. Validated with the same zod
// schema as the server (onSubmit, then onInput).
import { useState } from "react";
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import {
  DIRECTIONS,
  indicatorCreateSchema,
  indicatorUpdateSchema,
  type Direction,
  type IndicatorRow,
} from "../../models/indicators";
import type { PersonChoice, UnitChoice } from "../../models/indicator-pages.server";
import type { IndicatorReply } from "./bits";
import { stripRouting } from "../../lib/intent-form";

type Props = {
  /** Edit this indicator; absent: create one on `taskId` (null: project-level) of `projectId`. */
  indicator?: IndicatorRow;
  projectId: number;
  taskId: number | null;
  units: UnitChoice[];
  people: PersonChoice[];
  defaults: { dueOn: string; responsibleUnitId: number; responsibleUserId: number | null };
  last: IndicatorReply;
  onCancel?: () => void;
};

export function IndicatorForm({ indicator, projectId, taskId, units, people, defaults, last, onCancel }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const editing = indicator != null;
  const mine = editing ? (last?.intent === "update" && last.target === indicator.id ? last : undefined) : last?.intent === "create" ? last : undefined;
  const schema = editing ? indicatorUpdateSchema : indicatorCreateSchema;
  const [direction, setDirection] = useState<Direction>(indicator?.direction ?? "higher");
  const [unitId, setUnitId] = useState<number>(indicator?.responsibleUnitId ?? defaults.responsibleUnitId);
  const [form, fields] = useForm({
    id: editing ? `indicator-edit-${indicator.id}` : `indicator-create-${taskId ?? "project"}`,
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const err = (f: { errors?: string[] }) => m(f.errors?.[0]);
  const numeric = direction !== "yesno";
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols ind-form" data-testid={editing ? "indicator-edit" : "indicator-create"}>
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? (
        <>
          <input type="hidden" name="id" value={indicator.id} />
          <input type="hidden" name="version" value={indicator.version} />
        </>
      ) : (
        <>
          <input type="hidden" name="projectId" value={projectId} />
          {taskId != null && <input type="hidden" name="taskId" value={taskId} />}
        </>
      )}
      {mine?.formError && (
        <div className="alert bad span-all" role="alert">
          {mine.formError}
        </div>
      )}
      <div className="span-all">
        <Field label={t("indicators.name")} error={err(fields.name)}>
          {(p) => <input {...p} name={fields.name.name} defaultValue={indicator?.name} maxLength={120} />}
        </Field>
      </div>
      <Field label={t("indicators.direction")} error={err(fields.direction)}>
        {(p) => (
          <select {...p} name={fields.direction.name} value={direction} onChange={(e) => setDirection(e.target.value as Direction)}>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {t(`indicators.directions.${d}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {numeric && (
        <>
          <Field label={t("indicators.unitOfMeasure")} error={err(fields.unitOfMeasure)}>
            {(p) => <input {...p} name={fields.unitOfMeasure.name} defaultValue={indicator?.unitOfMeasure} maxLength={20} placeholder="N·m" />}
          </Field>
          <Field label={t("indicators.baseline")} error={err(fields.baseline)}>
            {(p) => <input {...p} type="number" step="any" name={fields.baseline.name} defaultValue={indicator?.baseline ?? ""} />}
          </Field>
          <Field label={t("indicators.target")} error={err(fields.target)}>
            {(p) => <input {...p} type="number" step="any" name={fields.target.name} defaultValue={indicator?.target ?? ""} />}
          </Field>
          <Field label={t("indicators.min")} error={err(fields.min)} hint={t("indicators.rangeHint")}>
            {(p) => <input {...p} type="number" step="any" name={fields.min.name} defaultValue={indicator?.min ?? ""} />}
          </Field>
          <Field label={t("indicators.max")} error={err(fields.max)}>
            {(p) => <input {...p} type="number" step="any" name={fields.max.name} defaultValue={indicator?.max ?? ""} />}
          </Field>
        </>
      )}
      <Field label={t("indicators.dueOn")} error={err(fields.dueOn)}>
        {(p) => <input {...p} type="date" name={fields.dueOn.name} defaultValue={indicator?.dueOn ?? defaults.dueOn} />}
      </Field>
      <Field label={t("indicators.responsibleUnit")} error={err(fields.responsibleUnitId)}>
        {(p) => (
          <select {...p} name={fields.responsibleUnitId.name} value={unitId} onChange={(e) => setUnitId(Number(e.target.value))}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.shortName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("indicators.responsibleUser")} error={err(fields.responsibleUserId)}>
        {(p) => (
          <select
            {...p}
            key={unitId}
            name={fields.responsibleUserId.name}
            defaultValue={(indicator ? indicator.responsibleUnitId === unitId && indicator.responsibleUserId : defaults.responsibleUnitId === unitId && defaults.responsibleUserId) || ""}
          >
            <option value="">{t("indicators.noUser")}</option>
            {people
              .filter((x) => x.unitId === unitId)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.displayName}
                </option>
              ))}
          </select>
        )}
      </Field>
      <div className="form-actions span-all">
        <button type="submit" className="btn">
          {editing ? t("indicators.save") : t("indicators.add")}
        </button>
        {onCancel && (
          <button type="button" className="btn secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </Form>
  );
}
