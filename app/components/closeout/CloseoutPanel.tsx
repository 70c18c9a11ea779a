// The board drawer's 销号与验收 section: the task's latest close-out proposal, its deliverable acceptance,
// a "申请销号" link to the proposal form and a link to set the acceptance requirement. Reloads whenever the
// task changes (a live status change included).
import { roundLabel } from "../../models/closeout";
import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { useBackgroundLoad } from "../../lib/use-background-load";
import type { TaskRow } from "../../models/tasks";
import type { loader } from "../../routes/tasks.$taskId.closeout";
import { useCan, useT } from "../../lib/viewer";
import { AcceptanceBadge, ProposalStatusBadge } from "./parts";

export function CloseoutPanel({ task }: { task: TaskRow }) {
  const t = useT();
  const { can } = useCan();
  const load = useBackgroundLoad<SerializeFrom<typeof loader>>(`/tasks/${task.id}/closeout`, task.version);
  const info = load.data;
  const canEdit = can("update", "task", { unitId: task.ownerUnitId, projectId: task.projectId }) && task.status !== "closed";
  return (
    <section aria-labelledby="co-drawer-h" className="co-drawer" data-testid="closeout-panel">
      <h3 id="co-drawer-h">{t("closeout.drawer.title")}</h3>
      {!info ? (
        <p className="muted">{load.failed ? t("shell.loadFailed") : t("common.loading")}</p>
      ) : (
        <dl className="facts">
          <dt>{t("closeout.drawer.status")}</dt>
          <dd>
            {info.latest ? (
              <>
                <ProposalStatusBadge status={info.latest.status} /> <span className="muted">{roundLabel(t, info.latest.roundPeriod)}</span>
                {info.latest.decisionComment && <div className="muted">{info.latest.decisionComment}</div>}
              </>
            ) : (
              <span className="muted">{t("closeout.drawer.none")}</span>
            )}
            {info.mayPropose && info.latest?.status !== "proposed" && (
              <div>
                <Link className="btn small" to={`/closeout?task=${task.id}#propose`} data-testid="propose-link">
                  {t("closeout.drawer.propose")}
                </Link>
              </div>
            )}
          </dd>
          <dt>{t("closeout.drawer.acceptance")}</dt>
          <dd>
            {info.deliverable ? (
              <>
                {info.deliverable.deliverable} — {info.deliverable.acceptingUnitName} <AcceptanceBadge state={info.deliverable.state} />
              </>
            ) : (
              <span className="muted">{t("closeout.drawer.noDeliverable")}</span>
            )}
            {canEdit && (
              <div>
                <Link to={`/acceptance?task=${task.id}`}>{t("closeout.drawer.setDeliverable")}</Link>
              </div>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
