// One key task in the monthly table. Rows the viewer may file are edited inline: the inputs sit in the
// cells and belong to the row's own form (HTML `form` attribute), each row saving on its own.
import { useFetcher } from "@remix-run/react";
import { Csrf } from "../form/Field";
import { RagMark } from "../battle-map/RagMark";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import type { KeyTaskLine } from "../../models/key-tasks.server";
import type { IntentReply } from "../../lib/intent-form";
import { useRefusalText } from "../form/IntentForm";

type Props = { line: KeyTaskLine; month: string; editable: boolean };

export function KeyTaskRow({ line, month, editable }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const fetcher = useFetcher<IntentReply>();
  const r = line.report;
  const formId = `kt-${line.taskId}`;
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  const err = (name: string) => m(reply && !reply.done ? reply.result?.error?.[name]?.[0] : undefined);
  const refused = useRefusalText(reply);
  const rowState = r?.status ?? "empty";
  const rag = (
    <span className="kt-rag" title={t(line.reason.key, line.reason.params)}>
      <RagMark rag={line.rag} /> {t(`battleMap.ragNames.${line.rag}`)}
    </span>
  );
  if (!editable) {
    return (
      <tr data-testid="kt-row" data-task={line.code}>
        <td className="mono">{line.code}</td>
        <td>{line.title}<div className="kt-sub">{line.ownerName ?? ""}</div></td>
        <td className="kt-text">{r?.plannedTarget}</td>
        <td className="num">{r ? `${r.actualProgress}%` : ""}</td>
        <td>{rag}</td>
        <td className="kt-text">{r?.problems}</td>
        <td className="kt-text">{r?.nextSteps}</td>
        <td><span className={`badge ${rowState === "filed" ? "ok" : ""}`}>{t(`keyTasks.rowStates.${rowState}`)}</span></td>
      </tr>
    );
  }
  // Remount the inputs when the stored row changes (own save or someone else's), so they show it.
  const k = `${line.taskId}-${r?.version ?? 0}`;
  const label = (field: string) => `${line.code} ${t(`keyTasks.${field}` as never)}`;
  return (
    <tr data-testid="kt-row" data-task={line.code} className="kt-edit">
      <td className="mono">{line.code}</td>
      <td>{line.title}<div className="kt-sub">{line.ownerName ?? ""}</div></td>
      <td>
        <textarea key={k} form={formId} name="plannedTarget" rows={2} maxLength={500} defaultValue={r?.plannedTarget ?? ""} aria-label={label("plannedTarget")} aria-invalid={Boolean(err("plannedTarget"))} />
        {err("plannedTarget") && <span className="error" role="alert">{err("plannedTarget")}</span>}
      </td>
      <td className="num">
        <input key={k} form={formId} name="actualProgress" type="number" min={0} max={100} step={1} required defaultValue={r?.actualProgress ?? 0} aria-label={label("actualProgress")} aria-invalid={Boolean(err("actualProgress"))} className="kt-pct" />
        {err("actualProgress") && <span className="error" role="alert">{err("actualProgress")}</span>}
      </td>
      <td>{rag}</td>
      <td>
        <textarea key={k} form={formId} name="problems" rows={2} maxLength={2000} defaultValue={r?.problems ?? ""} aria-label={label("problems")} />
      </td>
      <td>
        <textarea key={k} form={formId} name="nextSteps" rows={2} maxLength={2000} defaultValue={r?.nextSteps ?? ""} aria-label={label("nextSteps")} />
      </td>
      <td>
        <div className="kt-act">
        <fetcher.Form method="post" id={formId} noValidate>
          <Csrf token={viewer.csrfToken} />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="taskId" value={line.taskId} />
          <input type="hidden" name="month" value={month} />
          <input type="hidden" name="version" value={r?.version ?? 0} />
          <button type="submit" className="btn small" disabled={fetcher.state !== "idle"} aria-label={`${t("keyTasks.save")} ${line.code}`}>{t("keyTasks.save")}</button>
        </fetcher.Form>
        <span className={`badge ${rowState === "filed" ? "ok" : ""}`}>{t(`keyTasks.rowStates.${rowState}`)}</span>
        {reply?.done && <span className="kt-saved" role="status">{t("keyTasks.saved")}</span>}
        {refused && <div className="error" role="alert">{refused}</div>}
        </div>
      </td>
    </tr>
  );
}
