import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { currentWarnings, getConsortium, homeFigures, listGoals } from "../models/consortium.server";
import { canSome } from "../models/permissions";
import { TASK_STATUSES } from "../models/domain";
import { useFormat, useRootData, useT } from "../lib/viewer";
import { SoftRuleList } from "../components/home/SoftRuleList";
import { EmptyState } from "../components/ui/EmptyState";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  return {
    today,
    profile: getConsortium(context.db),
    figures: homeFigures(context.db, today, actor.unitId),
    goals: listGoals(context.db),
    // Warnings concern those who run the consortium.
    warnings: canSome(actor, "read", "admin") ? currentWarnings(context.db) : null,
    canSetUp: canSome(actor, "create", "project"),
  };
}

export const STATUS_COLORS: Record<string, string> = {
  not_started: "#8a94a6",
  in_progress: "#1f5fbf",
  pending_closeout: "#b76e00",
  closed: "#1e8e4e",
  suspended: "#9b59b6",
};

export default function Home() {
  const { profile, figures, goals, warnings, canSetUp } = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = useFormat();
  const { viewer } = useRootData();
  // The chief scientist and the secretariat work from their dashboards.
  const dashboard = viewer?.roles.some((r) => r === "chief_scientist" || r === "secretariat");
  const total = Object.values(figures.tasksByStatus).reduce((a, b) => a + b, 0);
  return (
    <>
      <div className="page-head">
        <h1>{t("home.title")}</h1>
        <span className="muted">
          {t("common.labelValue", { label: t("home.field"), value: profile.field })} ·{" "}
          {t("common.labelValue", { label: t("home.district"), value: profile.district })} ·{" "}
          {t("common.labelValue", { label: t("home.founded"), value: fmt.date(profile.foundedOn) })}
        </span>
        {dashboard && (
          <Link to="/dashboard" className="btn" data-testid="home-dashboard">
            {t("dashboard.homeLink")}
          </Link>
        )}
      </div>
      {figures.projects === 0 && (
        <EmptyState
          title={t("projectSetup.emptyHomeTitle")}
          body={t("projectSetup.emptyHomeSteps")}
          action={canSetUp ? (figures.units === 0 ? { to: "/admin/units/new", label: t("projectSetup.addUnit") } : { to: "/admin/projects", label: t("projectSetup.newProject") }) : undefined}
        />
      )}
      {warnings && <SoftRuleList warnings={warnings} />}
      <div className="figures">
        <Figure label={t("home.units")} value={figures.units} />
        <Figure label={t("home.smes")} value={figures.smes} />
        <Figure label={t("home.projects")} value={figures.projects} />
        <Figure label={t("common.withUnit", { label: t("home.budget"), unit: t("common.unitWan") })} value={fmt.number(figures.budget)} />
        <Figure label={t("home.tasks")} value={total} />
        <Figure label={t("home.overdue")} value={figures.overdue} bad={figures.overdue > 0} to="/board?overdue=1" />
      </div>
      <div className="grid cols-2">
        <section className="panel" aria-labelledby="status-h">
          <h2 id="status-h">{t("home.tasksByStatus")}</h2>
          <div className="status-bar" aria-hidden>
            {TASK_STATUSES.map((s) => (
              <span key={s} style={{ width: `${((figures.tasksByStatus[s] ?? 0) / Math.max(total, 1)) * 100}%`, background: STATUS_COLORS[s] }} />
            ))}
          </div>
          <div className="legend">
            {TASK_STATUSES.map((s) => (
              <span key={s}>
                <i style={{ background: STATUS_COLORS[s] }} />
                {t(`statuses.${s}`)} {figures.tasksByStatus[s] ?? 0}
              </span>
            ))}
          </div>
          <h2 style={{ marginTop: 16 }}>{t("home.goals")}</h2>
          <ul className="history">
            {goals.map((g) => (
              <li key={g.id}>
                <strong>{g.year}</strong> {g.phase && <span className="tag">{g.phase}</span>} {g.goal}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="projects-h">
          <h2 id="projects-h">{t("home.projectList")}</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{t("board.project")}</th>
                  <th>{t("home.leadUnit")}</th>
                  <th className="num">{t("home.taskCount")}</th>
                  <th className="num">{t("home.progress")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.projectsList.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/projects/${p.id}/board`}>{p.name}</Link>
                      <br />
                      <small>{p.code}</small>
                    </td>
                    <td>{p.leadUnit}</td>
                    <td className="num">{p.tasks}</td>
                    <td className="num">{p.tasks ? Math.round((p.closed / p.tasks) * 100) : 0}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}

function Figure({ label, value, bad, to }: { label: string; value: string | number; bad?: boolean; to?: string }) {
  const body = (
    <>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </>
  );
  return to ? (
    <Link to={to} className={`figure link${bad ? " bad" : ""}`}>
      {body}
    </Link>
  ) : (
    <div className={`figure${bad ? " bad" : ""}`}>{body}</div>
  );
}
