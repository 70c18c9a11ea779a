// /indicators: 考核指标 overview — every project the viewer may read with its progress computed from
// indicators and the count of met and overdue ones, and the viewer's unit's unmet indicators by due date;
// each list a window that "更多" widens (?projects=, ?mine=), its figures computed in SQL for its rows.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { useFormat, useT, useViewer } from "../lib/viewer";
import { indicatorOverview, type OverviewWindow } from "../models/indicator-pages.server";
import { INDICATOR_MINE_PAGE, INDICATOR_PROJECT_PAGE, indicatorState, targetText } from "../models/indicators";
import { windowSize } from "../models/page-window";
import { ListWindow } from "../components/ui/ListWindow";
import { ProgressMeter, StateTag, useValueText } from "../components/indicators/bits";
import { TableHead, num } from "../components/ui/TableHead";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "indicators.overviewTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const params = new URL(request.url).searchParams;
  const windows = { projects: windowSize(params.get("projects"), INDICATOR_PROJECT_PAGE), mine: windowSize(params.get("mine"), INDICATOR_MINE_PAGE) };
  return { today, windows, ...indicatorOverview(context.db, actor, today, windows) };
}

/** The query string of the overview with wider windows (each left out when it is the first page). */
function windowSearch(w: OverviewWindow): string {
  const p = new URLSearchParams();
  if (w.projects > INDICATOR_PROJECT_PAGE) p.set("projects", String(w.projects));
  if (w.mine > INDICATOR_MINE_PAGE) p.set("mine", String(w.mine));
  return `?${p}`;
}

export default function IndicatorsOverview() {
  const { today, windows, projects, projectCount, mine, mineCount } = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const valueText = useValueText();
  return (
    <div className="ind-page">
      <div className="page-head">
        <h1>{t("indicators.overviewTitle")}</h1>
      </div>
      <p className="muted">{t("indicators.overviewHint")}</p>
      <section className="panel">
        <table className="data ind-table">
          <TableHead columns={[t("indicators.project"), t("indicators.leadUnit"), num(t("indicators.indicators")), num(t("indicators.met")), num(t("indicators.overdue")), t("indicators.projectProgress")]} />
          <tbody>
            {projects.map((p) => (
              <tr key={p.id} data-project={p.id}>
                <td>
                  <Link to={`/projects/${p.id}/indicators`}>
                    <span className="mono">{p.code}</span> {p.name}
                  </Link>
                </td>
                <td>{p.leadUnitName}</td>
                <td className="num">{p.indicators}</td>
                <td className="num">{p.met}</td>
                <td className={`num${p.overdue ? " bad" : ""}`}>{p.overdue}</td>
                <td>
                  <ProgressMeter value={p.progress} label={`${p.code} ${t("indicators.projectProgress")}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ListWindow
          shown={projects.length}
          total={projectCount}
          shownText={t("pageWindow.projects", { shown: projects.length, total: projectCount })}
          moreText={t("pageWindow.projectsMore", { n: projectCount - projects.length })}
          to={windowSearch({ ...windows, projects: windows.projects + INDICATOR_PROJECT_PAGE })}
          testId="ind-projects"
        />
      </section>
      {viewer.unitId != null && (
        <section className="panel" aria-labelledby="mine">
          <h2 id="mine">
            {t("indicators.myUnit")} <small>{viewer.unitName}</small>
          </h2>
          {mine.length === 0 ? (
            <p className="muted">{t("indicators.myUnitEmpty")}</p>
          ) : (
            <table className="data ind-table">
              <TableHead columns={[t("indicators.name"), t("indicators.task"), t("indicators.target"), t("indicators.latest"), t("indicators.progress"), t("indicators.state"), t("indicators.dueOn")]} />
              <tbody>
                {mine.map((i) => (
                  <tr key={i.id}>
                    <td className="ind-name">{i.name}</td>
                    <td>
                      {i.taskId != null ? (
                        <Link to={`/tasks/${i.taskId}`}>
                          <span className="mono">{i.taskCode}</span> {i.taskTitle}
                        </Link>
                      ) : (
                        <Link to={`/projects/${i.projectId}/indicators`}>{t("indicators.projectLevel")}</Link>
                      )}
                    </td>
                    <td className="nowrap">{targetText(i, t("indicators.yes"))}</td>
                    <td className="nowrap">{valueText(i, i.latest)}</td>
                    <td>
                      <ProgressMeter value={i.progress} label={`${i.name} ${t("indicators.progress")}`} />
                    </td>
                    <td>
                      <StateTag state={indicatorState(i, today)} />
                    </td>
                    <td className="nowrap">{fmt.date(i.dueOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ListWindow
            shown={mine.length}
            total={mineCount}
            shownText={t("pageWindow.indicators", { shown: mine.length, total: mineCount })}
            moreText={t("pageWindow.indicatorsMore", { n: mineCount - mine.length })}
            to={`${windowSearch({ ...windows, mine: windows.mine + INDICATOR_MINE_PAGE })}#mine`}
            testId="ind-mine"
          />
        </section>
      )}
    </div>
  );
}
