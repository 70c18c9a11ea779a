// An assigned expert signs the outcome: pass / pass with rectification / fail, a conclusion, and for each
// problem item who rectifies it and by when (defaults: the item's unit and the default due date). Above it,
// what signing needs (checks.ts signRefusal) and whether each is met; before the check date, the reason.
import { localTitle } from "../../i18n/local-text";
import { useState } from "react";
import { Form } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { Field } from "../form/Field";
import { useFormat, useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { OUTCOMES, problemItems, signOutcomeSchema, type CheckItemRow, type CheckRow, type Outcome } from "../../models/checks";
import { Hidden, Reply, ResultBadge, useCheckForm } from "./parts";

type Props = {
  check: CheckRow;
  items: CheckItemRow[];
  units: { id: number; shortName: string }[];
  today: string;
  rectifyDays: number;
  last: IntentReply | undefined;
};

/** The three conditions of signing, each marked met or not (the server refuses the same way). */
function Readiness({ check, items, today }: Pick<Props, "check" | "items" | "today">) {
  const t = useT();
  const f = useFormat();
  const open = items.filter((i) => !i.result).length;
  const rows: { key: string; met: boolean; text: string }[] = [
    {
      key: "items",
      met: open === 0,
      text: open === 0 ? t("checkSubstance.ready.items", { done: items.length, total: items.length }) : t("checkSubstance.ready.itemsOpen", { n: open }),
    },
    { key: "date", met: today >= check.scheduledOn, text: t(today >= check.scheduledOn ? "checkSubstance.ready.date" : "checkSubstance.ready.dateEarly", { date: f.date(check.scheduledOn) }) },
    {
      key: "self",
      met: Boolean(check.selfAssessedAt || check.selfWaiver),
      text: t(check.selfAssessedAt ? "checkSubstance.ready.self" : check.selfWaiver ? "checkSubstance.ready.selfWaived" : "checkSubstance.ready.selfMissing"),
    },
  ];
  return (
    <ul className="ck-ready" aria-label={t("checkSubstance.ready.title")} data-testid="sign-readiness">
      {rows.map((r) => (
        <li key={r.key} data-ready={r.key} data-met={r.met ? 1 : 0}>
          <span className="ck-ready-mark" aria-hidden>{r.met ? "✓" : "✗"}</span>
          <span className="visually-hidden">{t(r.met ? "checkSubstance.ready.met" : "checkSubstance.ready.unmet")}：</span>
          {r.text}
        </li>
      ))}
    </ul>
  );
}

export function SignForm({ check, items, units, today, rectifyDays, last }: Props) {
  const t = useT();
  const f = useFormat();
  const m = useMessage();
  // Until the expert picks one, the outcome follows the findings (a problem suggests rectification).
  const [chosen, setOutcome] = useState<Outcome | null>(null);
  const outcome: Outcome = chosen ?? (problemItems(items).length ? "rectify" : "pass");
  const schema = signOutcomeSchema(today);
  const { form, fields, mine } = useCheckForm({ id: "sign-outcome", intent: "sign", schema, last });
  const defaultDue = format(addDays(parseISO(today), rectifyDays), "yyyy-MM-dd");
  const problems = problemItems(items);
  const plans = fields.rect.getFieldList();
  const unreviewed = items.filter((i) => !i.result).length;
  return (
    <section className="panel ck-sign" aria-labelledby="sign-title">
      <h2 id="sign-title">{t("checks.detail.signTitle")}</h2>
      <p className="muted ck-small">{t("checks.detail.signHint")}</p>
      <Readiness check={check} items={items} today={today} />
      {unreviewed > 0 && <div className="alert warn">{t("checks.progress", { done: items.length - unreviewed, total: items.length })}</div>}
      <Reply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="form">
        <Hidden intent="sign" values={{ checkId: check.id, version: check.version }} />
        <fieldset className="plain ck-outcomes">
          <legend>{t("checks.outcome")}</legend>
          {OUTCOMES.map((o) => (
            <label key={o} className={`ck-outcome-choice ck-outcome-${o}`}>
              <input type="radio" name={fields.outcome.name} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
              {t(`checks.outcomes.${o}`)}
            </label>
          ))}
          {fields.outcome.errors?.[0] && <span className="error" role="alert">{m(fields.outcome.errors[0])}</span>}
        </fieldset>
        <Field label={t("checks.detail.signSummary")} error={m(fields.summary.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.summary.name} rows={4} maxLength={4000} />}
        </Field>
        {today < check.scheduledOn && (
          <Field label={t("checkSubstance.early.label")} hint={t("checkSubstance.early.hint", { date: f.date(check.scheduledOn) })} error={m(fields.earlyReason.errors?.[0])}>
            {(p) => <textarea {...p} name={fields.earlyReason.name} rows={2} maxLength={1000} />}
          </Field>
        )}
        {outcome !== "pass" && (
          <>
            <Field label={t("checks.detail.signDue")} error={m(fields.dueOn.errors?.[0])}>
              {(p) => <input {...p} type="date" name={fields.dueOn.name} defaultValue={defaultDue} min={today} />}
            </Field>
            {problems.length > 0 && (
              <fieldset className="plain">
                <legend>{t("checks.detail.signPlan")}</legend>
                <table className="data ck-plan">
                  <tbody>
                    {problems.map((item, i) => {
                      const err = plans[i]?.getFieldset().dueOn.errors?.[0];
                      return (
                        <tr key={item.id}>
                          <td>
                            <input type="hidden" name={`rect[${i}].itemId`} value={item.id} />
                            <ResultBadge result={item.result} /> {item.seq}. {item.finding || localTitle(t, item)}
                          </td>
                          <td>
                            <label className="visually-hidden" htmlFor={`plan-owner-${item.id}`}>{t("checks.detail.signOwner")}</label>
                            <select id={`plan-owner-${item.id}`} name={`rect[${i}].ownerUnitId`} defaultValue={item.unitId ?? check.leadUnitId} title={t("checks.detail.signOwner")}>
                              {units.map((u) => (
                                <option key={u.id} value={u.id}>{u.shortName}</option>
                              ))}
                            </select>
                          </td>
                          <td>
                            <label className="visually-hidden" htmlFor={`plan-due-${item.id}`}>{t("checks.detail.signItemDue")}</label>
                            <input id={`plan-due-${item.id}`} type="date" name={`rect[${i}].dueOn`} defaultValue={defaultDue} min={today} title={t("checks.detail.signItemDue")} />
                            {err && <span className="error" role="alert">{m(err)}</span>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </fieldset>
            )}
          </>
        )}
        {outcome === "pass" && <input type="hidden" name={fields.dueOn.name} value={today} />}
        <div className="form-actions">
          <button type="submit" className="btn">{t("checks.detail.sign")}</button>
        </div>
      </Form>
    </section>
  );
}
