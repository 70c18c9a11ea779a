// One owner unit's key tasks for the month: its filing state, the rows (editable for whoever may file
// for the unit while the month is open), the "提交本月填报" button and, for the secretariat, a reopening.
import { useFetcher } from "@remix-run/react";
import { Csrf } from "../form/Field";
import { useCan, useFormat, useT, useViewer } from "../../lib/viewer";
import type { KeyTaskUnit } from "../../models/key-tasks.server";
import type { IntentReply } from "../../lib/intent-form";
import { useRefusalText } from "../form/IntentForm";
import { KeyTaskRow } from "./KeyTaskRow";

const STATE_BADGE = { filed: "ok", open: "warn", late: "bad" } as const;

type Props = { unit: KeyTaskUnit; month: string; reopenUntil: string };

export function UnitPanel({ unit, month, reopenUntil }: Props) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { can } = useCan();
  const mayFile = can("file", "progress", { unitId: unit.unitId });
  const editable = mayFile && !unit.locked;
  const mine = viewer.unitId === unit.unitId;
  const headId = `kt-unit-${unit.unitId}`;
  return (
    <section id={`unit-${unit.unitId}`} className={`panel kt-unit kt-${unit.state}${mine ? " kt-mine" : ""}`} aria-labelledby={headId} data-testid="kt-unit" data-unit={unit.shortName}>
      <header className="kt-unit-head">
        <h2 id={headId}>{unit.name}</h2>
        <span className={`badge ${STATE_BADGE[unit.state]}`} data-testid="kt-state">{t(`keyTasks.states.${unit.state}`)}</span>
        <span className="kt-sub">
          {t("keyTasks.tasksCount", { n: unit.keyTasks })}
          {unit.lines.length < unit.keyTasks && <> · {t("keyTaskView.partial", { n: unit.lines.length })}</>}
        </span>
        {unit.filedAt && <span className="kt-sub">{t("keyTasks.filedAt", { at: fmt.dateTime(unit.filedAt) })}</span>}
        {unit.locked && <span className="badge">{t("keyTasks.locked")}</span>}
        {!unit.locked && unit.reopenedUntil && <span className="badge info">{t("keyTasks.reopenedUntil", { date: fmt.date(unit.reopenedUntil) })}</span>}
        <span className="kt-spacer" />
        {editable && unit.state !== "filed" && <FileButton unitId={unit.unitId} month={month} csrf={viewer.csrfToken} />}
        {unit.locked && can("reopen", "filing", { unitId: unit.unitId }) && <ReopenForm unitId={unit.unitId} month={month} until={reopenUntil} csrf={viewer.csrfToken} name={unit.shortName} />}
      </header>
      <div className="table-wrap">
        <table className="data kt-table">
          <caption className="visually-hidden">{unit.name}</caption>
          <thead>
            <tr>
              <th scope="col">{t("keyTasks.code")}</th>
              <th scope="col">{t("keyTasks.task")}</th>
              <th scope="col">{t("keyTasks.plannedTarget")}</th>
              <th scope="col" className="num">{t("keyTasks.actualProgress")}</th>
              <th scope="col">{t("keyTasks.status")}</th>
              <th scope="col">{t("keyTasks.problems")}</th>
              <th scope="col">{t("keyTasks.nextSteps")}</th>
              <th scope="col">{t("keyTasks.filing")}</th>
            </tr>
          </thead>
          <tbody>
            {unit.lines.map((line) => <KeyTaskRow key={line.taskId} line={line} month={month} editable={editable} />)}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Outcome({ reply }: { reply: IntentReply | undefined }) {
  const refused = useRefusalText(reply);
  return refused ? <span className="error" role="alert">{refused}</span> : null;
}

/** What every unit-and-month action posts: CSRF token, intent, unit and month. */
function UnitMonthFields({ intent, unitId, month, csrf }: { intent: string; unitId: number; month: string; csrf: string }) {
  return (
    <>
      <Csrf token={csrf} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="month" value={month} />
    </>
  );
}

function FileButton({ unitId, month, csrf }: { unitId: number; month: string; csrf: string }) {
  const t = useT();
  const fetcher = useFetcher<IntentReply>();
  return (
    <fetcher.Form method="post" className="kt-inline">
      <UnitMonthFields intent="file" unitId={unitId} month={month} csrf={csrf} />
      <button type="submit" className="btn" disabled={fetcher.state !== "idle"}>{t("keyTasks.fileMonth")}</button>
      <Outcome reply={fetcher.state === "idle" ? fetcher.data : undefined} />
    </fetcher.Form>
  );
}

function ReopenForm({ unitId, month, until, csrf, name }: { unitId: number; month: string; until: string; csrf: string; name: string }) {
  const t = useT();
  const fetcher = useFetcher<IntentReply>();
  return (
    <fetcher.Form method="post" className="kt-inline">
      <UnitMonthFields intent="reopen" unitId={unitId} month={month} csrf={csrf} />
      <label>
        {t("keyTasks.reopen")} <input type="date" name="until" defaultValue={until} required aria-label={`${name} ${t("keyTasks.reopen")}`} />
      </label>
      <button type="submit" className="btn secondary small" disabled={fetcher.state !== "idle"}>{t("keyTasks.reopenDo")}</button>
      <Outcome reply={fetcher.state === "idle" ? fetcher.data : undefined} />
    </fetcher.Form>
  );
}
