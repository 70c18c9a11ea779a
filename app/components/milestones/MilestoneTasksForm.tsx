// The tasks feeding one milestone node, chosen from a checklist of the project's live tasks due by it:
// a filter by code or title (ticked tasks hidden by the filter are still posted), one ≥44 px row per task
// for touch, native checkboxes for the keyboard, the count announced as it changes.
import { Form, Link } from "@remix-run/react";
import { useId, useRef, useState } from "react";
import { IntentHidden } from "../form/IntentForm";
import { FormAlert } from "../admin/FormAlert";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import type { MilestoneAdminRow } from "../../models/project-setup.server";
import type { MilestoneTask } from "../../models/milestone-section.server";

type Props = { milestone: MilestoneAdminRow; candidates: MilestoneTask[]; reply?: IntentReply; projectId: number; closeHref: string };

export function MilestoneTasksForm({ milestone, candidates, reply, projectId, closeHref }: Props) {
  const t = useT();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [query, setQuery] = useState("");
  const [checked, setChecked] = useState(() => candidates.filter((c) => milestone.taskIds.includes(c.id)).length);
  const q = query.trim().toLowerCase();
  const matches = (c: MilestoneTask) => !q || c.code.toLowerCase().includes(q) || c.title.toLowerCase().includes(q);
  const shown = candidates.filter(matches).length;
  const fitting = new Set(candidates.map((c) => c.id));
  const dropped = milestone.taskIds.filter((x) => !fitting.has(x)).length;
  const recount = () => setChecked(formRef.current?.querySelectorAll('input[name="taskIds"]:checked').length ?? 0);
  return (
    <Form method="post" ref={formRef} className="ms-links" aria-labelledby={`${id}-h`} data-testid="milestone-tasks-form">
      <h3 id={`${id}-h`}>{t("milestonePage.chooseTitle", { name: milestone.name })}</h3>
      <p className="hint">{t("milestonePage.chooseHint", { due: milestone.dueOn })}</p>
      <FormAlert reply={reply} />
      {reply?.done && (
        <div className="alert ok" role="status">
          {t("milestonePage.saved")}
        </div>
      )}
      {dropped > 0 && <p className="alert warn">{t("milestonePage.dropped", { n: dropped })}</p>}
      <IntentHidden intent="milestoneTasks" values={{ id: milestone.id, version: milestone.version }} />
      {candidates.length === 0 ? (
        <p className="empty">
          {t("milestonePage.noneFit", { due: milestone.dueOn })} <Link to={`/projects/${projectId}/board`}>{t("milestonePage.newTaskOnBoard")}</Link>
        </p>
      ) : (
        <>
          <label htmlFor={`${id}-q`} className="sr-only">
            {t("milestonePage.search")}
          </label>
          <input id={`${id}-q`} type="search" className="ms-filter" placeholder={t("milestonePage.search")} value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === "Enter" && e.preventDefault()} aria-controls={`${id}-list`} />
          <p className="muted" aria-live="polite" data-testid="milestone-tasks-count">
            {t("milestonePage.shown", { shown, total: candidates.length, checked })}
          </p>
          <ul id={`${id}-list`} className="ms-checklist" onChange={recount}>
            {candidates.map((c) => (
              <li key={c.id} hidden={!matches(c)}>
                <label>
                  <input type="checkbox" name="taskIds" value={c.id} defaultChecked={milestone.taskIds.includes(c.id)} />
                  <span className="ms-task">
                    <span className="ms-title">{c.title}</span>
                    <span className="muted nowrap">
                      <span className="ms-code">{c.code}</span> {c.dueOn}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {shown === 0 && <p className="empty">{t("milestonePage.noMatch")}</p>}
        </>
      )}
      <div className="form-actions">
        {candidates.length > 0 && (
          <button type="submit" className="btn">
            {t("milestonePage.save")}
          </button>
        )}
        <Link to={closeHref} className="btn secondary" preventScrollReset>
          {t("milestonePage.close")}
        </Link>
      </div>
    </Form>
  );
}
