// Indicators still on paper, one row each (name, direction, unit of measure, baseline, target, due date),
// added and removed with buttons: the task book's form (with the responsible unit) and a 新增任务
// request's (its owner unit answers for them). Posts `indicators[n].…`, read by the forms' zod schemas.
import { useState, type ReactNode } from "react";
import { useT } from "../../lib/viewer";
import { Field } from "../form/Field";
import { DIRECTIONS, type IndicatorDraft } from "../../models/indicators";

let nextKey = 0;
/** Rows with stable keys, so removing one keeps the others' typed values. */
export const keyed = <T,>(rows: T[]) => rows.map((r) => ({ key: ++nextKey, row: r as Partial<T> }));

type Draft = Partial<IndicatorDraft> & { unitId?: number };
type Props = {
  legend: string;
  hint?: string;
  initial: Draft[];
  /** The due date a new row starts with. */
  dueOn: string;
  error: (name: string) => string | undefined | null;
  minRows?: number;
  /** A field more per row (the task book's responsible unit). */
  unitField?: (index: number, row: Draft) => ReactNode;
};

export function DraftIndicatorRows({ legend, hint, initial, dueOn, error, minRows = 0, unitField }: Props) {
  const t = useT();
  const [rows, setRows] = useState(() => keyed<Draft>(initial));
  const name = (i: number, f: string) => `indicators[${i}].${f}`;
  return (
    <fieldset className="tb-rows">
      <legend>{legend}</legend>
      {hint && <p className="muted small">{hint}</p>}
      {rows.map(({ key, row }, i) => (
        <div key={key} className="tb-row" data-testid="tb-indicator-row">
          <div className="tb-row-head">
            <strong>{t("taskBook.indicatorN", { n: i + 1 })}</strong>
            {rows.length > minRows && (
              <button type="button" className="btn secondary small" onClick={() => setRows(rows.filter((r) => r.key !== key))} aria-label={t("taskBook.removeIndicator", { n: i + 1 })}>
                {t("taskBook.removeRow")}
              </button>
            )}
          </div>
          <div className="form cols">
            <Field label={t("taskBook.indicatorName")} error={error(name(i, "name"))}>
              {(p) => <input {...p} name={name(i, "name")} maxLength={120} defaultValue={row.name ?? ""} />}
            </Field>
            <Field label={t("taskBook.direction")} error={error(name(i, "direction"))}>
              {(p) => (
                <select {...p} name={name(i, "direction")} defaultValue={row.direction ?? "higher"}>
                  {DIRECTIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(`taskBook.directions.${d}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("taskBook.unitOfMeasure")} error={error(name(i, "unitOfMeasure"))}>
              {(p) => <input {...p} name={name(i, "unitOfMeasure")} maxLength={20} defaultValue={row.unitOfMeasure ?? ""} />}
            </Field>
            <Field label={t("taskBook.baseline")} error={error(name(i, "baseline"))}>
              {(p) => <input {...p} name={name(i, "baseline")} type="number" step="any" inputMode="decimal" defaultValue={row.baseline ?? ""} />}
            </Field>
            <Field label={t("taskBook.target")} error={error(name(i, "target"))}>
              {(p) => <input {...p} name={name(i, "target")} type="number" step="any" inputMode="decimal" defaultValue={row.target ?? ""} />}
            </Field>
            <Field label={t("taskBook.dueOn")} error={error(name(i, "dueOn"))}>
              {(p) => <input {...p} name={name(i, "dueOn")} type="date" defaultValue={row.dueOn ?? dueOn} />}
            </Field>
            {unitField?.(i, row)}
          </div>
        </div>
      ))}
      <button type="button" className="btn secondary" onClick={() => setRows([...rows, ...keyed<Draft>([{ direction: "higher", dueOn }])])}>
        {t("taskBook.addIndicator")}
      </button>
    </fieldset>
  );
}
