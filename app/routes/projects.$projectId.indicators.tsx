// /projects/:projectId/indicators: the project's 考核指标 — its own (project-level) indicators with their
// values and evidence, and every task's indicators with the task's computed progress. Project progress
// is the mean over its tasks and its project-level indicators (progress.ts). Live on the project board.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Fragment, useCallback, useMemo } from "react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { indicatorAction } from "../actions/indicators.server";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useCan, useFormat, useT } from "../lib/viewer";
import { projectIndicatorPage } from "../models/indicator-pages.server";
import { indicatorScope, indicatorState, targetText, type IndicatorRow } from "../models/indicators";
import { projectProgress, taskProgress } from "../models/progress";
import { useBoard } from "../realtime/use-board";
import type { BoardEvent } from "../realtime/protocol";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { IndicatorCard } from "../components/indicators/IndicatorCard";
import { IndicatorForm } from "../components/indicators/IndicatorForm";
import { ProgressMeter, StateTag, useValueText, type IndicatorReply } from "../components/indicators/bits";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "indicators.title", data ? `${data.project.code} ${data.project.name}` : undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.projectId);
  if (!Number.isInteger(id) || id <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  return { ...orErrorPage(actor, () => projectIndicatorPage(context.db, actor, id)), today: context.db.$clock.today() };
}

export const action = (args: ActionFunctionArgs) => indicatorAction(args);

export default function ProjectIndicators() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IndicatorReply;
  const t = useT();
  const fmt = useFormat();
  const { can } = useCan();
  const valueText = useValueText();
  const revalidator = useRevalidator();
  const { project } = d;
  const belongs = useCallback((r: IndicatorRow) => r.projectId === project.id && !r.archivedAt, [project.id]);
  // Project-level values and evidence are not in the event rows: reload them when one changes.
  const onRemoteChange = useCallback(
    (ev: BoardEvent) => {
      const row = ev.payload.row as Partial<IndicatorRow> | undefined;
      if (ev.payload.entity === "indicator" && row?.taskId == null) revalidator.revalidate();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const board = useBoard<IndicatorRow>({ boardId: d.boardId, seq: d.seq, rows: d.indicators, entity: "indicator", belongs, onRemoteChange });
  const byTask = useMemo(() => {
    const m = new Map<number | null, IndicatorRow[]>();
    for (const i of [...board.rows].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id)) m.set(i.taskId, [...(m.get(i.taskId) ?? []), i]);
    return m;
  }, [board.rows]);
  const projectLevel = byTask.get(null) ?? [];
  const lines = d.tasks.map((task) => ({ task, list: byTask.get(task.id) ?? [], ...taskProgress(task, byTask.get(task.id) ?? []) }));
  const overall = projectProgress(
    lines.map((l) => l.progress),
    projectLevel,
  );
  const all = board.rows;
  const mayCreate = d.units.some((u) => can("create", "indicator", indicatorScope({ responsibleUnitId: u.id, projectId: project.id }, null)));
  return (
    <div className="ind-page">
      <div className="page-head ind-title">
        <h1>{t("indicators.projectTitle", { code: `${project.code} ${project.name}` })}</h1>
        <span className="spacer" />
        <Link to={`/projects/${project.id}/board`}>{t("indicators.backToBoard")}</Link>
        <ConnectionBadge state={board.conn} />
      </div>
      <section className="panel ind-summary" aria-label={t("indicators.projectProgress")}>
        <dl className="ind-facts">
          <div>
            <dt>{t("indicators.leadUnit")}</dt>
            <dd>{project.leadUnitName}</dd>
          </div>
          <div>
            <dt>{t("indicators.indicators")}</dt>
            <dd>{t("indicators.count", { n: all.length })}</dd>
          </div>
          <div>
            <dt>{t("indicators.met")}</dt>
            <dd>{all.filter((i) => i.met).length}</dd>
          </div>
          <div>
            <dt>{t("indicators.overdue")}</dt>
            <dd className={all.some((i) => indicatorState(i, d.today) === "overdue") ? "bad" : ""}>{all.filter((i) => indicatorState(i, d.today) === "overdue").length}</dd>
          </div>
        </dl>
        <div className="ind-summary-progress" data-testid="project-progress">
          <span className="label">{t("indicators.projectProgress")}</span>
          <ProgressMeter value={overall} source="indicators" label={t("indicators.projectProgress")} large />
        </div>
        <p className="muted small">{t("indicators.progressRule")}</p>
      </section>

      <section aria-labelledby="project-level">
        <h2 id="project-level">{t("indicators.projectLevel")}</h2>
        {projectLevel.length === 0 && <p className="empty">{t("indicators.noIndicators")}</p>}
        <div className="ind-list">
          {projectLevel.map((i) => (
            <IndicatorCard key={i.id} indicator={i} values={d.values[i.id] ?? []} taskOwnerUnitId={null} today={d.today} units={d.units} people={d.people} last={last} />
          ))}
        </div>
        {mayCreate && (
          <details className="panel ind-add" open={last?.intent === "create" && !last.done}>
            <summary>{t("indicators.addProjectTitle")}</summary>
            <IndicatorForm
              projectId={project.id}
              taskId={null}
              units={d.units}
              people={d.people}
              defaults={{ dueOn: project.endOn, responsibleUnitId: project.leadUnitId, responsibleUserId: null }}
              last={last}
            />
          </details>
        )}
      </section>

      <section aria-labelledby="task-level" className="panel">
        <h2 id="task-level">{t("indicators.taskLevel")}</h2>
        <table className="data ind-table">
          <thead>
            <tr>
              <th>{t("indicators.name")}</th>
              <th>{t("indicators.target")}</th>
              <th>{t("indicators.latest")}</th>
              <th>{t("indicators.progress")}</th>
              <th>{t("indicators.state")}</th>
              <th>{t("indicators.dueOn")}</th>
              <th>{t("indicators.responsible")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map(({ task, list, progress, source }) => (
              <Fragment key={task.id}>
                <tr className="ind-task-row" data-task={task.id}>
                  <th colSpan={3} scope="rowgroup">
                    <Link to={`/tasks/${task.id}`}>
                      <span className="mono">{task.code}</span> {task.title}
                    </Link>
                    <small>
                      {" "}
                      · {task.ownerUnitName} · {t(`statuses.${task.status}`)}
                    </small>
                  </th>
                  <td colSpan={2}>
                    <ProgressMeter value={progress} source={source} label={`${task.code} ${t("indicators.taskProgress")}`} />
                  </td>
                  <td className="nowrap">{fmt.date(task.dueOn)}</td>
                  <td>{task.ownerUserName ?? ""}</td>
                </tr>
                {list.map((i) => (
                  <tr key={i.id} className="ind-row" data-indicator={i.id}>
                    <td className="ind-name">{i.name}</td>
                    <td className="nowrap">{targetText(i, t("indicators.yes"))}</td>
                    <td className="nowrap">
                      {valueText(i, i.latest)}
                      {i.latestOn && <small> {fmt.date(i.latestOn)}</small>}
                    </td>
                    <td>
                      <ProgressMeter value={i.progress} label={`${i.name} ${t("indicators.progress")}`} />
                    </td>
                    <td>
                      <StateTag state={indicatorState(i, d.today)} />
                    </td>
                    <td className="nowrap">{fmt.date(i.dueOn)}</td>
                    <td>
                      {i.responsibleUnitName} · {i.responsibleUserName ?? t("indicators.noUser")}
                    </td>
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
