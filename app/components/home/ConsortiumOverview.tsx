// 联合体总览: the consortium at a glance (units, projects, budget, tasks by status, goals, projects), for
// those who run or watch the whole consortium and for anyone without a role section on 我的工作.
import { Link } from "@remix-run/react";
import type { HomeFigures, GoalRow } from "../../models/consortium.server";
import { TASK_STATUSES } from "../../models/domain";
import { STATUS_COLORS } from "../../models/dashboard";
import { useFormat, useT } from "../../lib/viewer";
import { LaterTurn } from "../../lib/render-turns";
import { TableHead, num } from "../ui/TableHead";

export function ConsortiumOverview({ figures, goals }: { figures: HomeFigures; goals: GoalRow[] }) {
  const t = useT();
  const fmt = useFormat();
  const total = Object.values(figures.tasksByStatus).reduce((a, b) => a + b, 0);
  return (
    <>
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
          <h3 id="status-h">{t("home.tasksByStatus")}</h3>
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
          {goals.length > 0 && (
            <>
              <h3 style={{ marginTop: 16 }}>{t("home.goals")}</h3>
              <ul className="history">
                {goals.map((g) => (
                  <li key={g.id}>
                    <strong>{g.year}</strong> {g.phase && <span className="tag">{g.phase}</span>} {g.goal}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        {/* Rendered in turns of its own, 50 rows a turn (render-turns.tsx): 200 projects at 20,000 tasks. */}
        <LaterTurn>
          <section className="panel" aria-labelledby="projects-h">
            <h3 id="projects-h">{t("home.projectList")}</h3>
            <div className="table-wrap">
              <table className="data">
                <TableHead columns={[t("board.project"), t("home.leadUnit"), num(t("home.taskCount")), num(t("home.progress"))]} />
                <tbody>
                  {chunks(figures.projectsList, 50).map((rows, i) => (
                    <LaterTurn key={i}>
                      {rows.map((p) => (
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
                    </LaterTurn>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </LaterTurn>
      </div>
    </>
  );
}

const chunks = <T,>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

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
