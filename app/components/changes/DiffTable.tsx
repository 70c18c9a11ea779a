// A change request's before/after table: one block per subject (task, indicator, unit), the old value
// struck through and the new one highlighted. Also used for the "changed meanwhile" (stale) list.
import type { DiffRow } from "../../models/change-requests";
import { useFormat, useT } from "../../lib/viewer";
import { targetText, type IndicatorDraft } from "../../models/indicators";

const UNIT_FIELDS = new Set(["name", "shortName", "kind", "subKind", "isSme", "isSpecialized", "isLittleGiant", "district", "creditCode", "contact", "externalProjects", "joinedOn", "leftOn"]);
const DATE_FIELDS = new Set(["startOn", "dueOn", "joinedOn", "leftOn"]);

export function useDiffText() {
  const t = useT();
  const fmt = useFormat();
  const isUnit = (subject: string) => subject.startsWith("unit:");
  return {
    subject(subject: string, label: string) {
      if (subject === "task:new") return t("common.labelValue", { label: t("changes.subjects.newTask"), value: label });
      if (subject === "unit:new") return t("common.labelValue", { label: t("changes.subjects.newUnit"), value: label });
      if (subject.startsWith("indicator:")) return t("changes.subjects.indicator", { name: label });
      return label;
    },
    field: (subject: string, field: string) => (isUnit(subject) && UNIT_FIELDS.has(field) ? t(`units.${field}` as never) : t(`changes.fields.${field}` as never)),
    value(subject: string, field: string, v: unknown): string {
      if (v == null || v === "") return "—";
      if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
      if (field === "status") return t(`statuses.${v}` as never);
      if (isUnit(subject) && field === "kind") return t(`unitKinds.${v}` as never);
      if (field === "subKind") return t(`subKinds.${v}` as never);
      if (DATE_FIELDS.has(field)) return fmt.date(String(v));
      // A new task's indicators ("控制周期 ≤ 100 μs") and its predecessor or successor codes.
      if (Array.isArray(v)) return v.map((x: IndicatorDraft | string) => (typeof x === "string" ? x : `${x.name} ${targetText({ ...x, target: x.target ?? null }, t("indicators.yes"))}`)).join(t("changes.listSep"));
      return String(v);
    },
  };
}

type Props = { rows: DiffRow[]; subjects: Record<string, string>; caption?: string; heads?: [string, string] };

export function DiffTable({ rows, subjects, caption, heads }: Props) {
  const t = useT();
  const text = useDiffText();
  const order = [...new Set(rows.map((r) => r.subject))];
  return (
    <div className="table-wrap cr-diff">
      <table className="data">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <th>{t("changes.diffField")}</th>
            <th>{heads?.[0] ?? t("changes.diffBefore")}</th>
            <th>{heads?.[1] ?? t("changes.diffAfter")}</th>
          </tr>
        </thead>
        {order.map((subject) => (
          <tbody key={subject}>
            <tr className="cr-subject">
              <th colSpan={3} scope="colgroup">
                {text.subject(subject, subjects[subject] ?? subject)}
              </th>
            </tr>
            {rows
              .filter((r) => r.subject === subject)
              .map((r) => (
                <tr key={r.field} data-field={r.field}>
                  <td>{text.field(subject, r.field)}</td>
                  <td className="cr-old">{r.from == null ? "—" : <del>{text.value(subject, r.field, r.from)}</del>}</td>
                  <td className="cr-new">
                    <ins>{text.value(subject, r.field, r.to)}</ins>
                  </td>
                </tr>
              ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
