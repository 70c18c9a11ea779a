// A milestone node's outcome (已达成 / 未达成, or back to 未到期): judged on or after its day.
import { Form } from "@remix-run/react";
import { MILESTONE_STATUSES } from "../../models/milestones";
import type { MilestoneAdminRow } from "../../models/project-setup.server";
import { Csrf } from "../form/Field";
import { useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "../admin/FormAlert";
import type { IntentReply } from "../../lib/intent-form";

export function MilestoneStatusForm({ milestone, reply }: { milestone: MilestoneAdminRow; reply?: IntentReply }) {
  const t = useT();
  const viewer = useViewer();
  const selectId = `milestone-status-${milestone.id}`;
  return (
    <Form method="post" className="inline-form">
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="milestoneStatus" />
      <input type="hidden" name="id" value={milestone.id} />
      <input type="hidden" name="version" value={milestone.version} />
      <div className="form-actions">
        <label htmlFor={selectId}>{t("projectSetup.milestoneOutcome")}</label>
        <select id={selectId} name="status" defaultValue={milestone.status}>
          {MILESTONE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`battleMap.milestoneStatus.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn secondary">
          {t("projectSetup.milestoneOutcomeSave")}
        </button>
      </div>
    </Form>
  );
}
