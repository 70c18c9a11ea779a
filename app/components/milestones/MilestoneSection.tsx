// A project's milestone nodes as the admin's project page and the project's own milestone page show them:
// each node with its date, outcome and feeding tasks; for those who may edit (update:milestone) the edit
// and outcome forms, the checklist of feeding tasks (`?link=<id>`, one node at a time) and the add form.
// The forms post to the page they are on; both pages answer them with actions/milestones.server.ts.
import { Link, useLocation } from "@remix-run/react";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import type { MilestoneSection as Section, MilestoneTask } from "../../models/milestone-section.server";
import { replyFor } from "../form/IntentForm";
import { FormAlert } from "../admin/FormAlert";
import { MilestoneForm } from "./MilestoneForm";
import { MilestoneStatusForm } from "./MilestoneStatusForm";
import { MilestoneTasksForm } from "./MilestoneTasksForm";

/** Which intents the section's forms post (the done line above the list names the first three). */
const SAVED = ["milestone", "milestoneUpdate", "milestoneStatus"];

export function MilestoneSection({ section, last, emptyHint }: { section: Section; last: IntentReply | undefined; emptyHint?: string }) {
  const t = useT();
  const { pathname } = useLocation();
  const { milestones, tasks, linking, candidates, mayEdit, today, projectId } = section;
  const saved = last?.done && SAVED.includes(last.intent);
  return (
    <section className="panel" aria-labelledby="milestones-h">
      <h2 id="milestones-h">{t("projectSetup.milestones")}</h2>
      <p className="muted">{t("projectSetup.milestonesHint")}</p>
      {saved && (
        <div className="alert ok" role="status">
          {t("projectSetup.milestoneSaved")}
        </div>
      )}
      {milestones.length === 0 ? (
        <div className="empty-state" data-testid="milestones-empty">
          <strong>{t("milestonePage.emptyTitle")}</strong>
          <p>{mayEdit ? t("milestonePage.emptyBody") : (emptyHint ?? t("milestonePage.emptyAsk"))}</p>
        </div>
      ) : (
        <ul className="milestone-list">
          {milestones.map((m) => (
            <li key={m.id} id={`ms-${m.id}`} data-testid="milestone-row">
              <details open={!!(replyFor(last, "milestoneUpdate", m.id) ?? replyFor(last, "milestoneStatus", m.id))?.formError || undefined}>
                <summary>
                  <strong>{m.name}</strong>
                  <span className="nowrap">{m.dueOn}</span>
                  <span className={`ms-status ms-${m.status}`}>{t(`battleMap.milestoneStatus.${m.status}` as never)}</span>
                  {m.expectedResults && <span className="muted">{m.expectedResults}</span>}
                </summary>
                {mayEdit && <MilestoneForm key={m.version} projectId={projectId} milestone={m} reply={replyFor(last, "milestoneUpdate", m.id)} defaultDue={m.dueOn} />}
                {mayEdit && m.dueOn <= today && <MilestoneStatusForm key={`s${m.version}`} milestone={m} reply={replyFor(last, "milestoneStatus", m.id)} />}
              </details>
              <LinkedTasks ids={m.taskIds} tasks={tasks} />
              {linking !== m.id && <FormAlert reply={replyFor(last, "milestoneTasks", m.id)} />}
              {mayEdit && linking !== m.id && (
                <Link to={`?link=${m.id}#ms-${m.id}`} className="ms-choose" preventScrollReset>
                  {t("milestonePage.chooseTasks")}
                </Link>
              )}
              {linking === m.id && (
                <MilestoneTasksForm key={m.version} milestone={m} candidates={candidates} reply={replyFor(last, "milestoneTasks", m.id)} projectId={projectId} closeHref={`${pathname}#ms-${m.id}`} />
              )}
            </li>
          ))}
        </ul>
      )}
      {mayEdit && <MilestoneForm key={milestones.length} projectId={projectId} reply={replyFor(last, "milestone")} defaultDue={section.defaultDue} />}
    </section>
  );
}

function LinkedTasks({ ids, tasks }: { ids: number[]; tasks: Record<number, MilestoneTask> }) {
  const t = useT();
  if (ids.length === 0) return <p className="muted ms-tasks">{t("milestonePage.noLinkedTasks")}</p>;
  return (
    <div className="ms-tasks">
      <span className="muted">{t("milestonePage.linkedTasks", { n: ids.length })}</span>
      <ul data-testid="milestone-linked-tasks">
        {ids.map((id) => {
          const task = tasks[id];
          return task ? (
            <li key={id}>
              <Link to={`/tasks/${id}`}>
                <span className="ms-code">{task.code}</span> {task.title}
              </Link>{" "}
              <span className="muted nowrap">
                {task.dueOn} · {t(`statuses.${task.status}` as never)}
              </span>
            </li>
          ) : null;
        })}
      </ul>
    </div>
  );
}
