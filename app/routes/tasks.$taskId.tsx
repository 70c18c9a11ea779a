// /tasks/:taskId: a task with its 考核指标. Progress is computed from the indicators (progress.ts) when
// there are any, shown with the cue "按指标计算". Researchers record measured values with evidence files
// here; everyone reading the project sees new values and the recomputed progress live.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { indicatorAction } from "../actions/indicators.server";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useCan, useFormat, useT, useViewer } from "../lib/viewer";
import { taskIndicatorPage } from "../models/indicator-pages.server";
import { canRecord, indicatorScope, type IndicatorRow } from "../models/indicators";
import { taskProgress } from "../models/progress";
import { useBoard } from "../realtime/use-board";
import type { BoardEvent } from "../realtime/protocol";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { Toasts, useToasts } from "../components/ui/Toasts";
import { IndicatorCard } from "../components/indicators/IndicatorCard";
import { IndicatorForm } from "../components/indicators/IndicatorForm";
import { ProgressMeter, type IndicatorReply } from "../components/indicators/bits";
import { TaskChangeRequests } from "../components/changes/TaskChangeRequests";
import { CommentThread, commentsFor } from "../components/comments/CommentThread";
import { TaskAttachments } from "../components/comments/TaskAttachments";
import { TaskLinks } from "../components/tasks/TaskLinks";
import { TaskDecisionList } from "../components/governance/TaskDecisionList";
import { taskDecisions } from "../models/meetings.server";
import { TASK_ATTACHMENT_SUBJECT } from "../models/comments";
import type { EvidenceRow } from "../models/evidence";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "indicators.title", data ? `${data.task.code} ${data.task.title}` : undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.taskId);
  if (!Number.isInteger(id) || id <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  const page = orErrorPage(actor, () => taskIndicatorPage(context.db, actor, id));
  return { ...page, decisions: taskDecisions(context.db, actor, id), today: context.db.$clock.today(), now: context.db.$clock.nowIso() };
}

export const action = (args: ActionFunctionArgs) => indicatorAction(args);

export default function TaskIndicators() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IndicatorReply;
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { can } = useCan();
  const revalidator = useRevalidator();
  const { toasts, push, dismiss } = useToasts();
  const { task } = d;
  const belongs = useCallback((r: IndicatorRow) => r.taskId === task.id && !r.archivedAt, [task.id]);
  // Values and evidence are not in the event rows: someone else's write reloads them.
  const onRemoteChange = useCallback(
    (ev: BoardEvent) => {
      const row = ev.payload.row as Partial<IndicatorRow> | undefined;
      if (ev.payload.entity !== "indicator" || row?.taskId !== task.id) return;
      revalidator.revalidate();
      if (ev.payload.by && ev.payload.by.id !== viewer.id) push(t("indicators.liveUpdated", { name: ev.payload.by.name, indicator: row.name ?? "" }));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [task.id, viewer.id],
  );
  // Comments of this task travel on the same board (other tasks' comments are dropped below).
  const extra = useMemo(() => ({ comment: d.comments, attachment: d.attachments }), [d.comments, d.attachments]);
  const board = useBoard<IndicatorRow>({ boardId: d.boardId, seq: d.seq, rows: d.indicators, entity: "indicator", belongs, onRemoteChange, extra });
  const comments = useMemo(() => commentsFor(board.entities.comment, "task", task.id), [board.entities.comment, task.id]);
  const attachments = useMemo(
    () => Object.values(board.entities.attachment ?? {}).filter((f): f is EvidenceRow => (f as EvidenceRow).subjectType === TASK_ATTACHMENT_SUBJECT && (f as EvidenceRow).subjectId === task.id).sort((a, b) => a.id - b.id),
    [board.entities.attachment, task.id],
  );
  const indicators = useMemo(() => [...board.rows].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id), [board.rows]);
  const progress = taskProgress(task, indicators);
  const mayCreate = can("create", "indicator", indicatorScope({ responsibleUnitId: task.ownerUnitId, projectId: task.projectId }, task.ownerUnitId));
  const mayRecordAny = indicators.some((i) => canRecord(viewer, i, task.ownerUnitId));
  return (
    <div className="ind-page">
      <nav className="ind-crumbs" aria-label={t("indicators.project")}>
        <Link to={`/projects/${d.project.id}/indicators`}>
          {d.project.code} {d.project.name}
        </Link>
        <span aria-hidden="true"> · </span>
        <Link to={`/projects/${d.project.id}/board`}>{t("indicators.backToBoard")}</Link>
      </nav>
      <div className="page-head ind-title">
        <h1>
          <span className="mono muted">{task.code}</span> {task.title}
        </h1>
        <ConnectionBadge state={board.conn} />
      </div>
      <section className="panel ind-summary" aria-label={t("indicators.taskProgress")}>
        <dl className="ind-facts">
          <div>
            <dt>{t("indicators.owner")}</dt>
            <dd>
              {task.ownerUnitName} · {task.ownerUserName ?? t("indicators.noUser")}
            </dd>
          </div>
          <div>
            <dt>{t("indicators.status")}</dt>
            <dd>{t(`statuses.${task.status}`)}</dd>
          </div>
          <div>
            <dt>{t("indicators.dueOn")}</dt>
            <dd>{fmt.date(task.dueOn)}</dd>
          </div>
          <div>
            <dt>{t("indicators.indicators")}</dt>
            <dd>
              {t("indicators.count", { n: indicators.length })} · {t("indicators.metCount", { n: indicators.filter((i) => i.met).length })}
            </dd>
          </div>
        </dl>
        <div className="ind-summary-progress" data-testid="task-progress">
          <span className="label">{t("indicators.taskProgress")}</span>
          <ProgressMeter value={progress.progress} source={progress.source} label={t("indicators.taskProgress")} large />
        </div>
        <p className="muted small">{progress.source === "indicators" ? t("indicators.progressRule") : t("indicators.noIndicatorsTask")}</p>
        {!mayRecordAny && indicators.length > 0 && task.status !== "closed" && <p className="muted small">{t("indicators.readOnlyHint")}</p>}
      </section>
      {indicators.length === 0 && <p className="empty">{t("indicators.noIndicators")}</p>}
      <div className="ind-list">
        {indicators.map((i) => (
          <IndicatorCard
            key={i.id}
            indicator={i}
            values={d.values[i.id] ?? []}
            taskOwnerUnitId={task.ownerUnitId}
            today={d.today}
            units={d.units}
            people={d.people}
            last={last}
            locked={task.status === "closed"}
          />
        ))}
      </div>
      {mayCreate && task.status !== "closed" && (
        <section className="panel" aria-labelledby="add-ind">
          <h2 id="add-ind">{t("indicators.addTitle")}</h2>
          <IndicatorForm
            projectId={task.projectId}
            taskId={task.id}
            units={d.units}
            people={d.people}
            defaults={{ dueOn: task.dueOn, responsibleUnitId: task.ownerUnitId, responsibleUserId: task.ownerUserId }}
            last={last}
          />
          {last?.intent === "create" && last.done && (
            <div className="alert ok" role="status">
              {t("indicators.created")}
            </div>
          )}
        </section>
      )}
      <div className="panel">
        <TaskLinks taskId={task.id} reloadKey={board.entities.taskLinks?.[task.id] ?? null} />
        <TaskDecisionList decisions={d.decisions} headingId="task-decisions-h" />
      </div>
      <TaskAttachments taskId={task.id} files={attachments} canUpload={d.live && can("update", "task", { unitId: task.ownerUnitId, projectId: task.projectId })} />
      <CommentThread entity="task" entityId={task.id} comments={comments} candidates={d.mentionCandidates} now={d.now} canPost={d.live} />
      {/* 动态调整: this task's change requests and the "申请调整" entry (changes feature). */}
      <div className="panel">
        <TaskChangeRequests task={task} />
      </div>
      <Toasts toasts={toasts} dismiss={dismiss} closeLabel={t("common.close")} />
    </div>
  );
}
