// 倒排工期 controls: pick a milestone, optionally try another deadline (not saved), read the outcome.
import type { MapMilestone, MapPlan } from "../../models/battle-map";
import { cycleText } from "../../models/schedule";
import { useT } from "../../lib/viewer";

export type Planning = { milestoneId: number | null; deadline: string | null };

type Props = {
  milestones: MapMilestone[];
  projects: { id: number; code: string }[];
  planning: Planning;
  setPlanning: (p: Planning | null) => void;
  plan: MapPlan | null;
  codeOf: (id: number) => string | undefined;
};

export function PlanningPanel({ milestones, projects, planning, setPlanning, plan, codeOf }: Props) {
  const t = useT();
  const code = new Map(projects.map((p) => [p.id, p.code]));
  const chosen = milestones.find((m) => m.id === planning.milestoneId) ?? null;
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
      {chosen && (
        <label className="bm-filter">
          <span>{t("battleMap.plan.deadline")}</span>
          <input
            type="date"
            value={planning.deadline ?? chosen.dueOn}
            onChange={(e) => setPlanning({ ...planning, deadline: /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) ? e.target.value : null })}
            aria-describedby="bm-plan-hint"
          />
          <small id="bm-plan-hint" className="muted">
            {t("battleMap.plan.deadlineHint")}
          </small>
        </label>
      )}
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
      <button type="button" className="btn secondary small bm-plan-close" onClick={() => setPlanning(null)}>
        {t("common.close")}
      </button>
    </section>
  );
}
