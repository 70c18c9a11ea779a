// The sections of 我的工作, one per role (app/models/my-work.server.ts computes them). Every item is a
// link to the page where the job is done; a researcher records an indicator value right here.
import { roundLabel } from "../../models/closeout";
import { Link, useActionData } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { SerializeFrom } from "@remix-run/node";
import type { MyWork, WorkNotice, WorkTask } from "../../models/my-work.server";
import { formatMeasure, targetText } from "../../models/indicators";
import { useFormat, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { RecordValueForm } from "../indicators/RecordValueForm";
import { Kpi, RagChips } from "../dashboard/Parts";
import { SoftRuleList } from "./SoftRuleList";
import { EmptyState } from "../ui/EmptyState";
import { RagTag, WorkBlock, WorkEmpty, WorkItem, WorkList } from "./WorkList";

type Data = SerializeFrom<MyWork>;

function TaskItems({ tasks, showOwner }: { tasks: WorkTask[]; showOwner?: boolean }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <WorkList>
      {tasks.map((task) => (
        <WorkItem
          key={task.id}
          to={`/tasks/${task.id}`}
          tone={task.rag === "red" ? "bad" : task.rag === "yellow" ? "warn" : undefined}
          testId="mw-task"
          title={
            <>
              <span className="mw-code">{task.code}</span> {task.title}
            </>
          }
          detail={
            <>
              <RagTag rag={task.rag} /> · {task.daysLate > 0 ? <b className="mw-late">{t("myWork.overdueDays", { n: task.daysLate })}</b> : t("myWork.researcher.dueOn", { date: fmt.date(task.dueOn) })} ·{" "}
              {task.progress}% {showOwner && task.ownerName ? `· ${task.ownerName}` : ""} · <span title={t(task.reason.key, task.reason.params)}>{t(task.reason.key, task.reason.params)}</span>
            </>
          }
        />
      ))}
    </WorkList>
  );
}

type NoticeLine = Omit<WorkNotice, "taskId" | "issuerName"> & { issuerName?: string };

function NoticeItems({ notices }: { notices: NoticeLine[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <WorkList>
      {notices.map((n) => (
        <WorkItem
          key={n.id}
          to={`/notices#notice-${n.id}`}
          tone={n.overdue ? "bad" : n.kind === "supervision" ? "warn" : undefined}
          testId="mw-notice"
          title={
            <>
              <span className={`tag notice-kind ${n.kind}`}>{t(`notices.kinds.${n.kind}`)}</span> <span className="mw-code">{n.taskCode}</span> {n.taskTitle}
            </>
          }
          detail={
            <>
              {t(`notices.statuses.${n.status}`)} · {t("myWork.notice.respondBy", { date: fmt.date(n.respondBy) })}
              {n.overdue && <b className="mw-late"> · {t("myWork.notice.overdue")}</b>}
              {n.issuerName && ` · ${t("myWork.notice.from", { who: n.issuerName })}`} · {n.unitName}
            </>
          }
        />
      ))}
    </WorkList>
  );
}

export function ResearcherSection({ data }: { data: NonNullable<Data["researcher"]> & { today: string } }) {
  const t = useT();
  return (
    <>
      <WorkBlock id="mw-tasks" title={t("myWork.researcher.tasks")} count={data.tasks.length} hint={t("myWork.researcher.tasksHint")} more={{ to: "/board", label: t("myWork.openAll") }}>
        {data.tasks.length ? <TaskItems tasks={data.tasks} /> : <WorkEmpty>{t("myWork.researcher.tasksEmpty")}</WorkEmpty>}
      </WorkBlock>
      <IndicatorsToRecord data={data} />
      <WorkBlock id="mw-notices" title={t("myWork.researcher.notices")} count={data.notices.length} more={{ to: "/notices", label: t("myWork.openAll") }}>
        {data.notices.length ? <NoticeItems notices={data.notices} /> : <WorkEmpty>{t("myWork.researcher.noticesEmpty")}</WorkEmpty>}
      </WorkBlock>
    </>
  );
}

/** My indicators, each with one button that opens the record form in place (photo or file as evidence). */
function IndicatorsToRecord({ data }: { data: NonNullable<Data["researcher"]> & { today: string } }) {
  const t = useT();
  const fmt = useFormat();
  const last = useActionData() as IntentReply | undefined;
  const [open, setOpen] = useState<number | null>(last && !last.done && last.intent === "record" ? Number(last.target) : null);
  const [recorded, setRecorded] = useState<number | null>(null);
  useEffect(() => {
    if (last?.intent === "record" && last.done) {
      setRecorded(Number(last.target));
      setOpen(null);
    }
  }, [last]);
  return (
    <WorkBlock id="mw-indicators" title={t("myWork.researcher.indicators")} count={data.indicators.length} more={{ to: "/indicators", label: t("myWork.openAll") }}>
      {recorded != null && (
        <p className="alert ok" role="status" data-testid="mw-recorded">
          {t("myWork.researcher.recorded")}
        </p>
      )}
      {data.indicators.length ? (
        <WorkList>
          {data.indicators.map((i) => (
            <WorkItem
              key={i.id}
              to={i.taskId ? `/tasks/${i.taskId}#indicator-${i.id}` : `/projects/${i.projectId}/indicators#indicator-${i.id}`}
              tone={i.dueOn < data.today ? "bad" : undefined}
              testId="mw-indicator"
              title={
                <>
                  {i.name} <span className="mw-code">{i.taskCode ?? i.projectCode}</span>
                </>
              }
              detail={
                <>
                  {i.latest != null ? t("myWork.researcher.latest", { value: `${formatMeasure(i.latest)}${i.unitOfMeasure ? ` ${i.unitOfMeasure}` : ""}` }) : t("myWork.researcher.noValue")} ·{" "}
                  {t("myWork.researcher.target", { value: targetText(i, t("indicators.yes")) })} · {t("myWork.researcher.dueOn", { date: fmt.date(i.dueOn) })}
                </>
              }
              aside={
                <button
                  type="button"
                  className="btn mw-action"
                  aria-expanded={open === i.id}
                  aria-controls={`record-${i.id}`}
                  aria-label={t("myWork.researcher.recordFor", { name: i.name })}
                  onClick={() => setOpen(open === i.id ? null : i.id)}
                  data-testid="mw-record"
                >
                  {t("myWork.researcher.record")}
                </button>
              }
            >
              {open === i.id && <RecordValueForm indicator={i} today={data.today} last={last} onCancel={() => setOpen(null)} action={`?index&intent=record&id=${i.id}`} camera />}
            </WorkItem>
          ))}
        </WorkList>
      ) : (
        <WorkEmpty>{t("myWork.researcher.indicatorsEmpty")}</WorkEmpty>
      )}
    </WorkBlock>
  );
}

export function UnitLeadSection({ data }: { data: NonNullable<Data["unitLead"]> }) {
  const t = useT();
  const fmt = useFormat();
  const f = data.filing;
  return (
    <>
      <WorkBlock id="mw-unit-overdue" title={t("myWork.unitLead.overdue")} count={data.overdue.length} more={{ to: "/board?overdue=1", label: t("myWork.openAll") }}>
        {data.overdue.length ? <TaskItems tasks={data.overdue} showOwner /> : <WorkEmpty>{t("myWork.unitLead.overdueEmpty")}</WorkEmpty>}
      </WorkBlock>
      <WorkBlock id="mw-filing" title={t("myWork.unitLead.filing")}>
        {f ? (
          <WorkList>
            <WorkItem
              to="/key-tasks"
              tone={f.state === "late" ? "bad" : f.state === "open" ? "warn" : undefined}
              testId="mw-filing-item"
              title={<span className={`tag filing-${f.state}`}>{t(`myWork.unitLead.filingState.${f.state}`)}</span>}
              detail={t("myWork.unitLead.filingLine", { month: f.month, count: f.keyTasks, date: fmt.date(f.deadline) })}
              aside={f.state !== "filed" ? <Link to="/key-tasks" className="btn mw-action">{t("myWork.unitLead.fileNow")}</Link> : undefined}
            />
          </WorkList>
        ) : (
          <WorkEmpty>{t("myWork.unitLead.filingNone")}</WorkEmpty>
        )}
      </WorkBlock>
      <WorkBlock id="mw-acceptances" title={t("myWork.unitLead.acceptances")} count={data.acceptances.length} more={{ to: "/acceptance", label: t("myWork.openAll") }}>
        {data.acceptances.length ? (
          <WorkList>
            {data.acceptances.map((a) => (
              <WorkItem
                key={a.taskId}
                to="/acceptance#acc-awaiting"
                testId="mw-acceptance"
                title={
                  <>
                    <span className="mw-code">{a.taskCode}</span> {a.taskTitle}
                  </>
                }
                detail={`${a.deliverable} · ${a.ownerUnitName} · ${t(`closeout.acceptance.kinds.${a.acceptanceKind}` as never)} · ${t(`closeout.acceptance.states.${a.state}` as never)}`}
              />
            ))}
          </WorkList>
        ) : (
          <WorkEmpty>{t("myWork.unitLead.acceptancesEmpty")}</WorkEmpty>
        )}
      </WorkBlock>
      <WorkBlock id="mw-unit-notices" title={t("myWork.unitLead.notices")} count={data.notices.length} more={{ to: "/notices", label: t("myWork.openAll") }}>
        {data.notices.length ? <NoticeItems notices={data.notices} /> : <WorkEmpty>{t("myWork.unitLead.noticesEmpty")}</WorkEmpty>}
      </WorkBlock>
    </>
  );
}

export function ProjectLeadSection({ data }: { data: NonNullable<Data["projectLead"]> }) {
  const t = useT();
  const fmt = useFormat();
  if (data.projects.length === 0) return <WorkEmpty>{t("myWork.projectLead.empty")}</WorkEmpty>;
  return (
    <>
      {data.projects.map((p) => (
        <WorkBlock key={p.id} id={`mw-project-${p.id}`} title={`${p.code} ${p.name}`} more={{ to: `/projects/${p.id}/board`, label: t("myWork.openAll") }}>
          <p className="mw-hint">
            {t("myWork.projectLead.tasks")}: <RagChips counts={p.rag} />
          </p>
          {p.milestones.length ? (
            <WorkList label={t("myWork.projectLead.milestones")}>
              {p.milestones.map((m) => (
                <WorkItem
                  key={m.id}
                  to="/battle-map"
                  tone={m.daysLeft < 0 || m.worst === "red" ? "bad" : m.worst === "yellow" ? "warn" : undefined}
                  testId="mw-milestone"
                  title={
                    <>
                      ◆ {m.name}
                    </>
                  }
                  detail={
                    <>
                      {fmt.date(m.dueOn)} ·{" "}
                      {m.daysLeft > 0 ? t("myWork.projectLead.daysLeft", { n: m.daysLeft }) : m.daysLeft === 0 ? t("myWork.projectLead.today") : <b className="mw-late">{t("myWork.projectLead.daysLate", { n: -m.daysLeft })}</b>} ·{" "}
                      <RagChips counts={m.rag} empty={t("myWork.projectLead.noTasks")} />
                    </>
                  }
                />
              ))}
            </WorkList>
          ) : (
            <WorkEmpty>{t("myWork.projectLead.milestonesEmpty")}</WorkEmpty>
          )}
        </WorkBlock>
      ))}
    </>
  );
}

export function ExpertSection({ data }: { data: NonNullable<Data["expert"]> }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <>
      <WorkBlock id="mw-checks" title={t("myWork.expert.checks")} count={data.checks.length} more={{ to: "/checks", label: t("myWork.openAll") }}>
        {data.checks.length ? (
          <WorkList>
            {data.checks.map((c) => (
              <WorkItem
                key={c.id}
                to={`/checks/${c.id}`}
                testId="mw-check"
                title={
                  <>
                    {t(`checks.kinds.${c.kind}` as never)} · <span className="mw-code">{c.projectCode}</span> {c.milestoneName ?? c.projectName}
                  </>
                }
                detail={`${fmt.date(c.scheduledOn)} · ${t(`checks.statuses.${c.status}` as never)} · ${t("myWork.expert.reviewed", { done: c.reviewed, total: c.items })}`}
              />
            ))}
          </WorkList>
        ) : (
          <WorkEmpty>{t("myWork.expert.checksEmpty")}</WorkEmpty>
        )}
      </WorkBlock>
      <WorkBlock id="mw-claims" title={t("myWork.expert.claims")} count={data.claims.length} more={{ to: "/technologies", label: t("myWork.openAll") }}>
        {data.claims.length ? (
          <WorkList>
            {data.claims.map((c) => (
              <WorkItem
                key={c.id}
                to={`/technologies/${c.technologyId}`}
                testId="mw-claim"
                title={
                  <>
                    {c.technologyName} <span className="mw-code">{c.projectCode}</span>
                  </>
                }
                detail={`${t("myWork.expert.claimLine", { trl: c.trl, unit: c.unitName, who: c.claimerName })} · ${fmt.date(c.claimedAt.slice(0, 10))}`}
              />
            ))}
          </WorkList>
        ) : (
          <WorkEmpty>{t("myWork.expert.claimsEmpty")}</WorkEmpty>
        )}
      </WorkBlock>
    </>
  );
}

export function SecretariatSection({ data }: { data: NonNullable<Data["secretariat"]> }) {
  const t = useT();
  const fmt = useFormat();
  const r = data.round;
  const missing = data.filing.units.filter((u) => u.state !== "filed");
  const n = data.notices;
  return (
    <>
      <WorkBlock id="mw-round" title={t("myWork.secretariat.round")} more={{ to: "/closeout", label: t("myWork.openAll") }}>
        {r ? (
          <WorkList>
            <WorkItem
              to={`/closeout/${r.id}`}
              tone={r.status === "open" && r.daysLeft < 0 ? "bad" : undefined}
              testId="mw-round-item"
              title={
                <>
                  {roundLabel(t, r.period)} <span className="tag">{t(`closeout.roundStatuses.${r.status}` as never)}</span>
                </>
              }
              detail={`${t("myWork.secretariat.roundLine", { period: r.period, date: fmt.date(r.closesOn) })} · ${t("myWork.secretariat.roundCounts", { proposed: r.summary.stillOpen, approved: r.summary.approved, returned: r.summary.returned })} · ${t("myWork.secretariat.pendingTasks", { n: data.pendingCloseoutTasks })}`}
            />
          </WorkList>
        ) : (
          <EmptyState title={t("myWork.secretariat.roundNone")} action={{ to: "/closeout", label: t("myWork.secretariat.openRound") }} />
        )}
      </WorkBlock>
      <WorkBlock id="mw-missing-filings" title={t("myWork.secretariat.filing")} count={missing.length} more={{ to: "/key-tasks", label: t("myWork.openAll") }}>
        {missing.length ? (
          <WorkList>
            {missing.map((u) => (
              <WorkItem
                key={u.unitId}
                to="/key-tasks"
                tone={u.state === "late" ? "bad" : undefined}
                testId="mw-missing-filing"
                title={u.shortName}
                detail={`${t(`myWork.unitLead.filingState.${u.state}`)} · ${t("myWork.unitLead.filingLine", { month: data.filing.month, count: u.keyTasks, date: fmt.date(data.filing.deadline) })}`}
              />
            ))}
          </WorkList>
        ) : (
          <WorkEmpty>{data.filing.units.length ? t("myWork.secretariat.filingAll", { month: data.filing.month }) : t("myWork.secretariat.filingNone")}</WorkEmpty>
        )}
      </WorkBlock>
      <WorkBlock id="mw-open-notices" title={t("myWork.secretariat.notices")} count={n.list.length} more={{ to: "/notices", label: t("myWork.openAll") }}>
        <p className="mw-hint">{t("myWork.secretariat.noticeCounts", { ...n.counts, overdue: n.overdue })}</p>
        {n.list.length ? (
          <NoticeItems notices={n.list} />
        ) : (
          <WorkEmpty>{t("myWork.secretariat.noticesEmpty")}</WorkEmpty>
        )}
      </WorkBlock>
    </>
  );
}

export function ChiefSection({ kpis }: { kpis: NonNullable<Data["chief"]> }) {
  const t = useT();
  return (
    <>
      <p className="mw-hint">
        {t("myWork.chief.hint")}{" "}
        <Link to="/dashboard" className="btn" data-testid="home-dashboard">
          {t("dashboard.homeLink")}
        </Link>
      </p>
      <div className="figures dash-kpis">
        <Kpi label={t("dashboard.kpi.due30")} value={kpis.due30} sub={`${t("dashboard.kpi.due90")} ${kpis.due90}`} tone={kpis.due30 ? "warn" : undefined} to="/dashboard" />
        <Kpi label={t("dashboard.kpi.missed")} value={kpis.missed} tone={kpis.missed ? "bad" : undefined} to="/dashboard" />
        <Kpi label={t("dashboard.kpi.red")} value={kpis.red} sub={t("dashboard.kpi.active", { n: kpis.activeTasks })} tone={kpis.red ? "bad" : undefined} to="/battle-map?rag=red" />
        <Kpi label={t("dashboard.kpi.checks")} value={kpis.checksSigned} sub={t("dashboard.kpi.checksPending", { n: kpis.checksPending })} to="/checks" />
        <Kpi label={t("dashboard.kpi.rectifications")} value={kpis.openRectifications} sub={t("dashboard.kpi.rectOverdue", { n: kpis.overdueRectifications })} tone={kpis.overdueRectifications ? "bad" : undefined} to="/rectifications" />
      </div>
    </>
  );
}

export function AdminSection({ data }: { data: NonNullable<Data["admin"]> }) {
  const t = useT();
  const links = [
    { to: "/admin/units", text: t("myWork.admin.units", { n: data.units }) },
    { to: "/admin/users", text: t("myWork.admin.users", { n: data.users }) },
    { to: "/admin/projects", text: t("myWork.admin.projects", { n: data.projects }) },
    { to: "/admin/projects", text: t("myWork.admin.experts", { n: data.experts }) },
  ];
  return (
    <>
      {data.units === 0 || data.projects === 0 ? (
        <EmptyState
          title={t("projectSetup.emptyHomeTitle")}
          body={t("projectSetup.emptyHomeSteps")}
          action={data.units === 0 ? { to: "/admin/units/new", label: t("projectSetup.addUnit") } : { to: "/admin/projects", label: t("projectSetup.newProject") }}
        />
      ) : null}
      <WorkBlock id="mw-setup" title={t("myWork.admin.setup")} more={{ to: "/admin", label: t("myWork.admin.links") }}>
        <WorkList>
          {links.map((l, i) => (
            <WorkItem key={i} to={l.to} title={l.text} />
          ))}
        </WorkList>
        {data.warnings.length ? <SoftRuleList warnings={data.warnings} /> : <WorkEmpty>{t("myWork.admin.noWarnings")}</WorkEmpty>}
      </WorkBlock>
    </>
  );
}
