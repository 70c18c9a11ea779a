// 倒排工期 controls: pick a milestone, try another deadline (what-if), read the outcome; whoever may update
// the milestone (project lead of its project, chief scientist, secretariat) can save the tried deadline
// as the node's due date. Everyone's map then moves with the board's "milestone.upserted" event.
import { useEffect, type ReactNode } from "react";
import { useFetcher } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { MapMilestone, MapPlan } from "../../models/battle-map";
import { milestoneDueSchema, SAVE_DUE_INTENT, canRedate } from "../../models/milestones";
import { cycleText } from "../../models/schedule";
import { useCan, useMessage, useT, useViewer } from "../../lib/viewer";
import { Csrf } from "../form/Field";
import type { IntentReply } from "../../lib/intent-form";

export type Planning = { milestoneId: number | null; deadline: string | null };

type Props = {
  milestones: MapMilestone[];
  projects: { id: number; code: string }[];
  planning: Planning;
  setPlanning: (p: Planning | null) => void;
  plan: MapPlan | null;
  codeOf: (id: number) => string | undefined;
  /** A deadline the server saved (shown at once, before or without the board's event). */
  onSaved: (m: MapMilestone) => void;
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function PlanningPanel({ milestones, projects, planning, setPlanning, plan, codeOf, onSaved }: Props) {
  const t = useT();
  const { can } = useCan();
  const code = new Map(projects.map((p) => [p.id, p.code]));
  const chosen = milestones.find((m) => m.id === planning.milestoneId) ?? null;
  const maySave = !!chosen && canRedate(chosen) && can("update", "milestone", { projectId: chosen.projectId });
  // Once the milestone carries the tried date (saved here or by someone else), the what-if is over.
  useEffect(() => {
    if (chosen && planning.deadline === chosen.dueOn) setPlanning({ ...planning, deadline: null });
  }, [chosen, planning, setPlanning]);
  const deadline = (
    <label className="bm-filter">
      <span>{t("battleMap.plan.deadline")}</span>
      <input
        type="date"
        name="dueOn"
        value={planning.deadline ?? chosen?.dueOn ?? ""}
        onChange={(e) => setPlanning({ ...planning, deadline: ISO.test(e.target.value) ? e.target.value : null })}
        aria-describedby="bm-plan-hint"
      />
      <small id="bm-plan-hint" className="muted">
        {maySave ? t("battleMapExtra.saveHint") : t("battleMap.plan.deadlineHint")}
      </small>
    </label>
  );
  return (
    <section className="bm-plan" aria-label={t("battleMap.plan.title")} data-testid="bm-plan">
      <strong>{t("battleMap.plan.title")}</strong>
      <label className="bm-filter">
        <span>{t("battleMap.plan.milestone")}</span>
        <select
          value={planning.milestoneId ?? ""}
          onChange={(e) => setPlanning({ milestoneId: e.target.value ? Number(e.target.value) : null, deadline: null })}
        >
          <option value="">{t("battleMap.plan.pick")}</option>
          {milestones.map((m) => (
            <option key={m.id} value={m.id}>
              {code.get(m.projectId)} {m.name}（{m.dueOn}）
            </option>
          ))}
        </select>
      </label>
      {chosen && (maySave ? <SaveDeadline milestone={chosen} deadline={planning.deadline} onSaved={onSaved}>{deadline}</SaveDeadline> : deadline)}
      {planning.deadline && (
        <button type="button" className="btn secondary small" onClick={() => setPlanning({ ...planning, deadline: null })}>
          {t("battleMap.plan.reset")}
        </button>
      )}
      <span className="bm-plan-out" role="status" data-testid="bm-plan-summary">
        {chosen && plan && !plan.ok && <span className="bm-plan-bad">{t("battleMap.plan.cycle", { path: cycleText(plan.cycle, codeOf) })}</span>}
        {chosen && plan?.ok && plan.byTask.size === 0 && t("battleMap.plan.noTasks")}
        {chosen &&
          plan?.ok &&
          plan.byTask.size > 0 &&
          t("battleMap.plan.summary", { n: plan.byTask.size, c: plan.critical, slack: plan.minSlack, r: plan.atRisk })}
      </span>
      {chosen && !maySave && planning.deadline && <span className="muted bm-plan-note">{t("battleMapExtra.whatIfOnly")}</span>}
      <button type="button" className="btn secondary small bm-plan-close" onClick={() => setPlanning(null)}>
        {t("common.close")}
      </button>
    </section>
  );
}


/** The deadline field as a form: posts the tried date with the milestone's version (CSRF, conform, zod). */
function SaveDeadline({ milestone, deadline, onSaved, children }: { milestone: MapMilestone; deadline: string | null; onSaved: Props["onSaved"]; children: ReactNode }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const fetcher = useFetcher<IntentReply<MapMilestone>>();
  const reply = fetcher.state === "idle" ? fetcher.data : undefined;
  const [form, fields] = useForm({
    id: `bm-save-due-${milestone.id}`,
    lastResult: reply?.result,
    onValidate: ({ formData }) => {
      const f = new FormData();
      for (const k of ["id", "version", "dueOn"]) f.set(k, String(formData.get(k) ?? ""));
      return parseWithZod(f, { schema: milestoneDueSchema });
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  useEffect(() => {
    if (reply?.row) onSaved(reply.row);
  }, [reply, onSaved]);
  const error = reply?.formError || m(fields.dueOn.errors?.[0]);
  const saved = reply?.row && reply.row.id === milestone.id && reply.row.dueOn === milestone.dueOn && !deadline;
  return (
    <fetcher.Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="bm-plan-save">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={SAVE_DUE_INTENT} />
      <input type="hidden" name="id" value={milestone.id} />
      <input type="hidden" name="version" value={milestone.version} />
      {children}
      {deadline && deadline !== milestone.dueOn && (
        <button type="submit" className="btn small" disabled={fetcher.state !== "idle"} data-testid="bm-save-due">
          {fetcher.state !== "idle" ? t("battleMapExtra.saving") : t("battleMapExtra.saveDue")}
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {saved && (
        <span className="ok-text" role="status">
          {t("battleMapExtra.savedDue", { name: milestone.name, date: milestone.dueOn })}
        </span>
      )}
    </fetcher.Form>
  );
}
