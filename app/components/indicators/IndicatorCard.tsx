// One indicator with everything about it: target and latest value, completion and status, the measured
// values over time (sparkline and table with evidence; a corrected or withdrawn value struck through with
// the reason), and the record / correct / withdraw / edit / archive actions the viewer is allowed.
import { useEffect, useState } from "react";
import { Form } from "@remix-run/react";
import { Csrf } from "../form/Field";
import { EvidenceList } from "../evidence/EvidenceList";
import { useCan, useFormat, useT, useViewer } from "../../lib/viewer";
import { canAmend, canRecord, formatMeasure, indicatorScope, indicatorState, isEffective, targetText, type IndicatorRow, type IndicatorValueRow } from "../../models/indicators";
import type { PersonChoice, UnitChoice } from "../../models/indicator-pages.server";
import { IndicatorForm } from "./IndicatorForm";
import { RecordValueForm } from "./RecordValueForm";
import { AmendValueForm } from "./AmendValueForm";
import { ProgressMeter, Sparkline, StateTag, useValueText, type IndicatorReply } from "./bits";

type Open = "record" | "edit" | null;
const openFor = (intent: string): Open => (intent === "record" ? "record" : intent === "update" ? "edit" : null);

type Props = {
  indicator: IndicatorRow;
  values: IndicatorValueRow[];
  /** The task's owner unit (null for a project-level indicator): recording and editing rights follow it. */
  taskOwnerUnitId: number | null;
  today: string;
  units: UnitChoice[];
  people: PersonChoice[];
  last: IndicatorReply;
  /** The task is closed out (销号): its indicators and values no longer change. */
  locked?: boolean;
};

export function IndicatorCard({ indicator: i, values, taskOwnerUnitId, today, units, people, last, locked }: Props) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { can } = useCan();
  const valueText = useValueText();
  const mine = last && last.target === i.id ? last : undefined;
  const [open, setOpen] = useState<Open>(mine && !mine.done ? openFor(mine.intent) : null);
  // A refused correction or withdrawal keeps its form open under the value it was about.
  const amendReply = last && !last.done && (last.intent === "correct" || last.intent === "withdraw") ? last : undefined;
  const [amend, setAmend] = useState<{ mode: "correct" | "withdraw"; valueId: number } | null>(
    amendReply && values.some((v) => v.id === amendReply.target) ? { mode: amendReply.intent as "correct" | "withdraw", valueId: Number(amendReply.target) } : null,
  );
  const amended = last?.done && (last.intent === "correct" || last.intent === "withdraw") && values.some((v) => v.id === last.target) ? last.intent : null;
  useEffect(() => {
    if (mine?.done) setOpen(null);
  }, [mine]);
  useEffect(() => {
    if (amended) setAmend(null);
  }, [amended, last]);
  const mayAmend = (v: IndicatorValueRow) => !locked && isEffective(v) && canAmend(viewer, v, i, taskOwnerUnitId);
  const shown = values.filter((v) => v.kind !== "withdrawal");
  const amending = amend && values.find((v) => v.id === amend.valueId);
  const mayRecord = !locked && canRecord(viewer, i, taskOwnerUnitId);
  const mayEdit = !locked && can("update", "indicator", indicatorScope(i, taskOwnerUnitId));
  const state = indicatorState(i, today);
  return (
    <article className={`panel ind-card state-${state}`} data-testid="indicator" data-indicator={i.id} aria-labelledby={`ind-${i.id}-name`}>
      <header className="ind-head">
        <h3 id={`ind-${i.id}-name`}>{i.name}</h3>
        <StateTag state={state} />
        <span className="spacer" />
        <ProgressMeter value={i.progress} label={`${i.name} ${t("indicators.progress")}`} />
      </header>
      <dl className="ind-facts">
        <div>
          <dt>{t("indicators.target")}</dt>
          <dd>{targetText(i, t("indicators.yes"))}</dd>
        </div>
        {i.direction !== "yesno" && (
          <div>
            <dt>{t("indicators.baseline")}</dt>
            <dd>{i.baseline == null ? "—" : `${formatMeasure(i.baseline)} ${i.unitOfMeasure}`}</dd>
          </div>
        )}
        <div>
          <dt>{t("indicators.latest")}</dt>
          <dd data-testid="latest">
            {valueText(i, i.latest)}
            {i.latestOn && <small> （{fmt.date(i.latestOn)}）</small>}
          </dd>
        </div>
        <div>
          <dt>{t("indicators.dueOn")}</dt>
          <dd className={state === "overdue" ? "bad" : ""}>{fmt.date(i.dueOn)}</dd>
        </div>
        <div>
          <dt>{t("indicators.responsible")}</dt>
          <dd>
            {i.responsibleUnitName} · {i.responsibleUserName ?? t("indicators.noUser")}
          </dd>
        </div>
      </dl>
      {i.waivedReason && <p className="muted">{t("indicators.waived", { reason: i.waivedReason })}</p>}
      {mine?.done && (
        <div className="alert ok" role="status">
          {t(mine.intent === "record" ? "indicators.recorded" : "indicators.updated")}
        </div>
      )}
      {amended && (
        <div className="alert ok" role="status">
          {t(amended === "correct" ? "indicators.corrected" : "indicators.withdrawn")}
        </div>
      )}
      {mine && !mine.done && mine.formError && open == null && (
        <div className="alert bad" role="alert">
          {mine.formError}
        </div>
      )}
      <div className="ind-history">
        <Sparkline indicator={i} values={values.filter(isEffective)} />
        {shown.length === 0 ? (
          <p className="muted">{t("indicators.historyEmpty")}</p>
        ) : (
          <table className="data ind-values" aria-label={`${i.name} ${t("indicators.history")}`}>
            <thead>
              <tr>
                <th>{t("indicators.measuredOn")}</th>
                <th>{t("indicators.value")}</th>
                <th>{t("indicators.note")}</th>
                <th>{t("evidence.label")}</th>
                <th>{t("indicators.recordedBy")}</th>
                {!locked && <th>{t("indicators.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((v) => (
                <tr key={v.id} className={v.amendedBy ? "amended" : undefined} data-testid="value-row" data-value-id={v.id} data-effective={isEffective(v)}>
                  <td className="nowrap">{v.amendedBy ? <s>{fmt.date(v.measuredOn)}</s> : fmt.date(v.measuredOn)}</td>
                  <td className="nowrap num">
                    {v.amendedBy ? <s>{valueText(i, v.value)}</s> : valueText(i, v.value)}
                    {v.kind === "correction" && <span className="ind-kind">{t("indicators.correctionTag")}</span>}
                  </td>
                  <td className="ind-note">
                    {v.note}
                    {v.kind === "correction" && v.reason && <div className="ind-reason">{t("indicators.correctionOf", { reason: v.reason })}</div>}
                    {v.amendedBy && (
                      <div className="ind-reason amended-by">
                        {t(`indicators.amended.${v.amendedBy.kind}`, { by: v.amendedBy.byName, at: fmt.date(v.amendedBy.at.slice(0, 10)), reason: v.amendedBy.reason })}
                      </div>
                    )}
                  </td>
                  <td>
                    <EvidenceList files={v.evidence} emptyText={t("indicators.noEvidence")} />
                  </td>
                  <td className="nowrap">{v.recorderName}</td>
                  {!locked && (
                    <td className="nowrap ind-row-actions">
                      {mayAmend(v) && (
                        <div>
                          <button type="button" className="btn secondary small" onClick={() => setAmend({ mode: "correct", valueId: v.id })} aria-label={`${t("indicators.correct")} ${fmt.date(v.measuredOn)} ${valueText(i, v.value)}`}>
                            {t("indicators.correct")}
                          </button>
                          <button type="button" className="btn secondary small" onClick={() => setAmend({ mode: "withdraw", valueId: v.id })} aria-label={`${t("indicators.withdraw")} ${fmt.date(v.measuredOn)} ${valueText(i, v.value)}`}>
                            {t("indicators.withdraw")}
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {(mayRecord || mayEdit) && open == null && (
        <div className="ind-actions">
          {mayRecord && (
            <button type="button" className="btn small" onClick={() => setOpen("record")}>
              {t("indicators.record")}
            </button>
          )}
          {mayEdit && (
            <button type="button" className="btn secondary small" onClick={() => setOpen("edit")}>
              {t("indicators.edit")}
            </button>
          )}
          {mayEdit && (
            <Form method="post" className="inline-form" onSubmit={(e) => !window.confirm(t("indicators.archiveConfirm")) && e.preventDefault()}>
              <Csrf token={viewer.csrfToken} />
              <input type="hidden" name="intent" value="archive" />
              <input type="hidden" name="id" value={i.id} />
              <input type="hidden" name="version" value={i.version} />
              <button type="submit" className="btn danger small">
                {t("indicators.archive")}
              </button>
            </Form>
          )}
        </div>
      )}
      {amend && amending && (
        <AmendValueForm key={`${amend.mode}-${amend.valueId}`} mode={amend.mode} indicator={i} value={amending} today={today} last={last} onCancel={() => setAmend(null)} />
      )}
      {open === "record" && <RecordValueForm indicator={i} today={today} last={last} onCancel={() => setOpen(null)} />}
      {open === "edit" && (
        <section aria-label={t("indicators.editTitle", { name: i.name })}>
          <IndicatorForm
            indicator={i}
            projectId={i.projectId}
            taskId={i.taskId}
            units={units}
            people={people}
            defaults={{ dueOn: i.dueOn, responsibleUnitId: i.responsibleUnitId, responsibleUserId: i.responsibleUserId }}
            last={last}
            onCancel={() => setOpen(null)}
          />
        </section>
      )}
    </article>
  );
}
