// The chief scientist's dashboard: KPI tiles, upcoming milestones with the status of their tasks, status
// alerts and task statuses per unit, checks and rectifications, the TRL ladder, indicator burn-up and
// TRL over time.
import { Await, Link } from "@remix-run/react";
import { Suspense } from "react";
import { RAGS } from "../../models/rag";
import { CHECK_OUTCOME_KEYS, DASH_PROJECT_PAGE, RAG_COLORS, inkOn, outcomeKey, type CheckOutcomeKey, type DueBucket } from "../../models/dashboard";
import { ListWindow } from "../ui/ListWindow";
import type { ChiefDashboard, ProjectBurnUp, TechnologyLine } from "../../models/dashboard.server";
import { useFormat, useT } from "../../lib/viewer";
import { LaterTurn } from "../../lib/render-turns";
import { BurnUpChart, BurnUpTable, ChartPanel, StatusBars, StatusTable, TrlSteps, TrlStepsTable } from "./Charts";
import { CompactTable, Empty, Kpi, RagChips, ShareBar, UnitWindow } from "./Parts";

const OUTCOME_COLORS: Record<CheckOutcomeKey, string> = { pass: "#009E73", rectify: "#E69F00", fail: "#D55E00", pending: "#B9C0CB" };

/**
 * `burnUps`: the burn-ups of the ?projects= window, read by the loader in a later event-loop turn than the
 * rest (a promise, streamed); the sections render in turns of their own too (render-turns.tsx), so that no
 * part of the ~150 KB page at 20,000 tasks holds the server for long (issue #17).
 */
export function ChiefView({ data, burnUps, unitWindow, projectWindow }: { data: ChiefDashboard; burnUps: Promise<ProjectBurnUp[]> | ProjectBurnUp[]; unitWindow: number; projectWindow: number }) {
  const t = useT();
  const k = data.kpis;
  return (
    <>
      <div className="figures dash-kpis">
        <Kpi
          label={t("dashboard.kpi.due30")}
          value={k.due30}
          sub={t("dashboard.kpi.due90") + " " + k.due90}
          tone={k.due30 ? "warn" : undefined}
          testId="kpi-due30"
        />
        <Kpi label={t("dashboard.kpi.missed")} value={k.missed} tone={k.missed ? "bad" : undefined} testId="kpi-missed" />
        <Kpi
          label={t("dashboard.kpi.red")}
          value={k.red}
          sub={t("dashboard.kpi.active", { n: k.activeTasks })}
          tone={k.red ? "bad" : undefined}
          to="/battle-map?rag=red"
          testId="kpi-red"
        />
        <Kpi label={t("dashboard.kpi.yellow")} value={k.yellow} tone={k.yellow ? "warn" : undefined} to="/battle-map?rag=yellow" testId="kpi-yellow" />
        <Kpi label={t("dashboard.kpi.checks")} value={k.checksSigned} sub={t("dashboard.kpi.checksPending", { n: k.checksPending })} testId="kpi-checks" />
        <Kpi
          label={t("dashboard.kpi.rectifications")}
          value={k.openRectifications}
          sub={t("dashboard.kpi.rectOverdue", { n: k.overdueRectifications })}
          tone={k.overdueRectifications ? "bad" : undefined}
          testId="kpi-rect"
        />
        <Kpi
          label={t("dashboard.kpi.trl")}
          value={k.atTarget}
          sub={t("dashboard.kpi.trlOf", { n: k.technologies })}
          tone={k.technologies && k.atTarget === k.technologies ? "ok" : undefined}
          testId="kpi-trl"
        />
      </div>

      <div className="dash-cols">
        <div className="dash-col">
          <Milestones data={data} />
          <TrlLadder technologies={data.technologies} />
          <LaterTurn>
            <Checks data={data} />
            <Rectifications data={data} />
          </LaterTurn>
        </div>
        <div className="dash-col">
          <LaterTurn>
            <RagByUnit data={data} unitWindow={unitWindow} />
          </LaterTurn>
          <LaterTurn>
            <ChartPanel
              title={t("dashboard.status.title")}
              hint={t("dashboard.status.hint")}
              table={
                <LaterTurn>
                  <StatusTable rows={data.statusByUnit} />
                </LaterTurn>
              }
              testId="dash-status"
            >
              {data.statusByUnit.length ? <StatusBars rows={data.statusByUnit} /> : <Empty>{t("dashboard.rag.empty")}</Empty>}
              <UnitWindow view="chief" shown={data.statusByUnit.length} total={data.unitsWithTasks} window={unitWindow} />
            </ChartPanel>
          </LaterTurn>
        </div>
      </div>

      <Suspense fallback={null}>
        <Await resolve={burnUps}>{(items) => <BurnUps items={items} total={data.burnUpProjects} unitWindow={unitWindow} projectWindow={projectWindow} />}</Await>
      </Suspense>

      <LaterTurn>
        <ChartPanel
          title={t("dashboard.trl.overTime")}
          hint={t("dashboard.trl.overTimeHint")}
          table={data.technologies.length ? <TrlStepsTable technologies={data.technologies} /> : undefined}
          testId="dash-trl-time"
        >
          {data.technologies.length ? (
            <div className="dash-multiples">
              {data.technologies.map((k) => (
                <TrlSteps key={k.id} tech={k} today={data.today} />
              ))}
            </div>
          ) : (
            <Empty>{t("dashboard.trl.empty")}</Empty>
          )}
        </ChartPanel>
      </LaterTurn>
    </>
  );
}

/** Indicator burn-up of the projects in the window, charts in two halves rendered in turns of their own. */
function BurnUps({ items, total, unitWindow, projectWindow }: { items: ProjectBurnUp[]; total: number; unitWindow: number; projectWindow: number }) {
  const t = useT();
  return (
    <ChartPanel
      title={t("dashboard.burnUp.title")}
      hint={t("dashboard.burnUp.hint")}
      table={
        items.length ? (
          <LaterTurn>
            <BurnUpTable items={items} />
          </LaterTurn>
        ) : undefined
      }
      testId="dash-burnup"
    >
      {items.length ? (
        <div className="dash-multiples">
          {halves(items).map((part, i) => (
            <LaterTurn key={i}>
              {part.map((b) => (
                <BurnUpChart key={b.projectId} item={b} />
              ))}
            </LaterTurn>
          ))}
        </div>
      ) : (
        <Empty>{t("dashboard.burnUp.empty")}</Empty>
      )}
      <ListWindow
        shown={Math.min(projectWindow, total)}
        total={total}
        shownText={t("pageWindow.projects", { shown: Math.min(projectWindow, total), total })}
        moreText={t("pageWindow.projectsMore", { n: total - projectWindow })}
        to={`?view=chief&units=${unitWindow}&projects=${projectWindow + DASH_PROJECT_PAGE}`}
        testId="dash-burnups"
      />
    </ChartPanel>
  );
}

/** A list in two parts (each rendered in a turn of its own). */
const halves = <T,>(xs: T[]): T[][] => (xs.length < 2 ? [xs] : [xs.slice(0, Math.ceil(xs.length / 2)), xs.slice(Math.ceil(xs.length / 2))]);

function Milestones({ data }: { data: ChiefDashboard }) {
  const t = useT();
  const fmt = useFormat();
  const buckets: DueBucket[] = ["d30", "d90"];
  return (
    <ChartPanel title={t("dashboard.milestones.title")} hint={t("dashboard.milestones.hint")} testId="dash-milestones">
      <CompactTable
        count={data.milestones.length}
        empty={t("dashboard.milestones.empty")}
        head={
          <tr>
            <th>{t("dashboard.milestones.name")}</th>
            <th>{t("dashboard.milestones.project")}</th>
            <th>{t("dashboard.milestones.due")}</th>
            <th className="num">{t("dashboard.milestones.daysLeft")}</th>
            <th>{t("dashboard.milestones.feeding")}</th>
          </tr>
        }
      >
        {buckets.map((b) => {
          const rows = data.milestones.filter((m) => m.bucket === b);
          if (rows.length === 0) return null;
          return (
            <tbody key={b} data-testid={`milestones-${b}`}>
              <tr className="dash-group">
                <th colSpan={5} scope="colgroup">
                  {t(`dashboard.milestones.${b}`)} · {rows.length}
                </th>
              </tr>
              {rows.map((m) => (
                <tr key={m.id} data-testid="milestone-row">
                  <td>{m.name}</td>
                  <td>
                    <Link to={`/projects/${m.projectId}/board`}>{m.projectName}</Link>
                    <br />
                    <small>{m.projectCode}</small>
                  </td>
                  <td>{fmt.date(m.dueOn)}</td>
                  <td className="num">{t("dashboard.milestones.days", { n: m.daysLeft })}</td>
                  <td>
                    <RagChips counts={m.rag} empty={t("dashboard.milestones.noTasks")} />
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </CompactTable>
    </ChartPanel>
  );
}

function RagByUnit({ data, unitWindow }: { data: ChiefDashboard; unitWindow: number }) {
  const t = useT();
  return (
    <ChartPanel title={t("dashboard.rag.title")} hint={t("dashboard.rag.hint")} testId="dash-rag">
      <CompactTable
        count={data.ragByUnit.length}
        empty={t("dashboard.rag.empty")}
        className="dash-heat"
        head={
          <tr>
            <th>{t("dashboard.rag.unit")}</th>
            {RAGS.map((r) => (
              <th key={r} className="num">
                <i className="dash-swatch" style={{ background: RAG_COLORS[r] }} aria-hidden />
                {t(`battleMap.ragNames.${r}`)}
              </th>
            ))}
          </tr>
        }
      >
        <tbody>
          {data.ragByUnit.map((u) => (
            <tr key={u.unitId} data-testid="rag-row" data-unit={u.shortName}>
              <th scope="row">{u.shortName}</th>
              {RAGS.map((r) => (
                <td
                  key={r}
                  className="num"
                  data-rag={r}
                  style={
                    u.counts[r] && (r === "red" || r === "yellow") ? { background: RAG_COLORS[r], color: inkOn(RAG_COLORS[r]), fontWeight: 700 } : undefined
                  }
                >
                  {u.counts[r] || <span className="muted">·</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </CompactTable>
      <UnitWindow view="chief" shown={data.ragByUnit.length} total={data.unitsWithTasks} window={unitWindow} />
    </ChartPanel>
  );
}

function Checks({ data }: { data: ChiefDashboard }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <ChartPanel title={t("dashboard.checks.title")} testId="dash-checks">
      <ShareBar
        label={t("dashboard.checks.title")}
        parts={CHECK_OUTCOME_KEYS.map((o) => ({ key: o, label: t(`dashboard.checks.outcomes.${o}`), value: data.checkOutcomes[o], color: OUTCOME_COLORS[o] }))}
      />
      <CompactTable
        count={data.checks.length}
        empty={t("dashboard.checks.empty")}
        scroll
        head={
          <tr>
            <th>{t("dashboard.checks.project")}</th>
            <th>{t("dashboard.checks.date")}</th>
            <th>{t("dashboard.checks.outcome")}</th>
            <th className="num">{t("dashboard.checks.openRect")}</th>
          </tr>
        }
      >
        <tbody>
          {data.checks.map((c) => {
            const o = outcomeKey(c);
            return (
              <tr key={c.id}>
                <td>
                  {c.projectName}
                  <br />
                  <small>
                    {t(`dashboard.checks.kinds.${c.kind === "midterm" ? "midterm" : "milestone"}`)}
                    {c.milestoneName && ` · ${c.milestoneName}`}
                  </small>
                </td>
                <td className="nowrap">{fmt.date(c.scheduledOn)}</td>
                <td className="nowrap">
                  <span className="dash-chip">
                    <i style={{ background: OUTCOME_COLORS[o] }} aria-hidden />
                    {t(`dashboard.checks.outcomes.${o}`)}
                  </span>
                </td>
                <td className="num">{c.openRectifications}</td>
              </tr>
            );
          })}
        </tbody>
      </CompactTable>
    </ChartPanel>
  );
}

function Rectifications({ data }: { data: ChiefDashboard }) {
  const t = useT();
  const fmt = useFormat();
  const known = (group: "severities" | "statuses", v: string) =>
    (group === "severities" ? ["normal", "serious"] : ["open", "submitted", "closed", "escalated"]).includes(v)
      ? t(`dashboard.rectifications.${group}.${v}` as never)
      : v;
  return (
    <ChartPanel title={t("dashboard.rectifications.title")} testId="dash-rect">
      <CompactTable
        count={data.rectifications.length}
        empty={t("dashboard.rectifications.empty")}
        scroll
        head={
          <tr>
            <th>{t("dashboard.rectifications.description")}</th>
            <th>{t("dashboard.rectifications.unit")}</th>
            <th>{t("dashboard.rectifications.due")}</th>
            <th>{t("dashboard.rectifications.status")}</th>
          </tr>
        }
      >
        <tbody>
          {data.rectifications.map((r) => (
            <tr key={r.id}>
              <td>
                {r.severity === "serious" && <span className="badge bad">{known("severities", r.severity)}</span>} {r.description}
                <br />
                <small>{r.projectCode}</small>
              </td>
              <td className="nowrap">{r.unitName}</td>
              <td className="nowrap">
                {fmt.date(r.dueOn)} {r.overdue && <span className="badge bad">{t("dashboard.rectifications.overdue")}</span>}
              </td>
              <td className="nowrap">{known("statuses", r.status)}</td>
            </tr>
          ))}
        </tbody>
      </CompactTable>
    </ChartPanel>
  );
}

const LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function TrlLadder({ technologies }: { technologies: TechnologyLine[] }) {
  const t = useT();
  return (
    <ChartPanel title={t("dashboard.trl.title")} hint={t("dashboard.trl.hint")} testId="dash-trl">
      {technologies.length === 0 ? (
        <Empty>{t("dashboard.trl.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data dash-table-compact dash-ladder">
            <thead>
              <tr>
                <th>{t("dashboard.trl.technology")}</th>
                <th>{t("dashboard.trl.unit")}</th>
                <th aria-hidden>
                  <span className="dash-rungs dash-rung-head">
                    {LEVELS.map((n) => (
                      <span key={n}>{n}</span>
                    ))}
                  </span>
                </th>
                <th className="num">{t("dashboard.trl.start")}</th>
                <th className="num">{t("dashboard.trl.confirmed")}</th>
                <th className="num">{t("dashboard.trl.pending")}</th>
                <th className="num">{t("dashboard.trl.target")}</th>
              </tr>
            </thead>
            <tbody>
              {technologies.map((k) => (
                <tr key={k.id} data-testid="trl-row">
                  <td>
                    {k.name}
                    <br />
                    <small>{k.projectCode}</small>
                  </td>
                  <td>{k.unitName}</td>
                  <td aria-hidden>
                    <span className="dash-rungs">
                      {LEVELS.map((n) => (
                        <span
                          key={n}
                          className={[n <= k.confirmedTrl ? "on" : k.pendingTrl && n <= k.pendingTrl ? "claim" : "", n === k.targetTrl ? "target" : ""].join(
                            " "
                          )}
                        />
                      ))}
                    </span>
                  </td>
                  <td className="num">{k.startTrl}</td>
                  <td className="num">
                    <strong>{k.confirmedTrl}</strong>
                  </td>
                  <td className="num">{k.pendingTrl ?? "—"}</td>
                  <td className="num">{k.targetTrl}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ChartPanel>
  );
}
