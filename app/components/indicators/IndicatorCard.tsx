// One indicator with everything about it: target and latest value, completion and status, the measured
// values over time (sparkline and table with evidence), and the record / edit / archive actions the
// viewer is allowed.
import { useEffect, useState } from "react";
import { Form } from "@remix-run/react";
import { Csrf } from "../form/Field";
import { EvidenceList } from "../evidence/EvidenceList";
import { useCan, useFormat, useT, useViewer } from "../../lib/viewer";
import { canRecord, formatMeasure, indicatorScope, indicatorState, targetText, type IndicatorRow, type IndicatorValueRow } from "../../models/indicators";
import type { PersonChoice, UnitChoice } from "../../models/indicator-pages.server";
import { IndicatorForm } from "./IndicatorForm";
import { RecordValueForm } from "./RecordValueForm";
import { ProgressMeter, Sparkline, StateTag, useValueText, type IndicatorReply } from "./bits";

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
  const [open, setOpen] = useState<"record" | "edit" | null>(mine && !mine.done ? (mine.intent === "record" ? "record" : mine.intent === "update" ? "edit" : null) : null);
  useEffect(() => {
    if (mine?.done) setOpen(null);
  }, [mine]);
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
      {mine && !mine.done && mine.formError && open == null && (
        <div className="alert bad" role="alert">
          {mine.formError}
        </div>
      )}
      <div className="ind-history">
        <Sparkline indicator={i} values={values} />
        {values.length === 0 ? (
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
              </tr>
            </thead>
            <tbody>
              {values.map((v) => (
                <tr key={v.id}>
                  <td className="nowrap">{fmt.date(v.measuredOn)}</td>
                  <td className="nowrap num">{valueText(i, v.value)}</td>
                  <td>{v.note}</td>
                  <td>
                    <EvidenceList files={v.evidence} emptyText={t("indicators.noEvidence")} />
                  </td>
                  <td className="nowrap">{v.recorderName}</td>
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
