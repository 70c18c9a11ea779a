// 里程碑节点检查与中期检查: every check of the projects the viewer may read, upcoming and in progress first,
// then the signed ones with their outcome; the secretariat schedules new checks beside the list. Live on
// the consortium board (experts, who see only their projects, get the list as loaded).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { checkAction } from "../actions/checks.server";
import { liveBoard } from "../models/boards.server";
import { issueRectificationReminders } from "../models/check-reminders.server";
import { listChecks } from "../models/check-reads.server";
import { scheduleOptions } from "../models/check-pages.server";
import type { CheckRow } from "../models/checks";
import { canSome } from "../models/permissions";
import { useFormat, useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { CheckStatusBadge, OutcomeBadge } from "../components/checks/parts";
import { ScheduleForm } from "../components/checks/ScheduleForm";
import type { IntentReply } from "../lib/intent-form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checks.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  issueRectificationReminders(context, today);
  return {
    ...liveBoard(context.db, actor),
    today,
    checks: listChecks(context.db, actor),
    options: canSome(actor, "schedule", "check") ? scheduleOptions(context.db) : null,
  };
}

export const action = ({ request, context }: ActionFunctionArgs) => checkAction(request, context, ["schedule"]);

function CheckTable({ checks, caption }: { checks: CheckRow[]; caption: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="table-wrap ck-table">
      <table className="data">
        <caption className="ck-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("checks.project")}</th>
            <th scope="col">{t("checks.kind")}</th>
            <th scope="col">{t("checks.scheduledOn")}</th>
            <th scope="col">{t("checks.experts")}</th>
            <th scope="col">{t("checks.status")}</th>
            <th scope="col">{t("checks.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.id} data-check={c.id}>
              <td>
                <Link to={`/checks/${c.id}`} className="ck-link">
                  <span className="ck-code">{c.projectCode}</span> {c.projectName}
                </Link>
              </td>
              <td>
                {t(`checks.kinds.${c.kind}`)}
                {c.milestoneName && <small className="ck-ms"> · ◆ {c.milestoneName}</small>}
              </td>
              <td className="nowrap">{f.date(c.scheduledOn)}</td>
              <td>{c.experts.map((e) => e.name).join("、")}</td>
              <td>
                <CheckStatusBadge status={c.status} />
                <small className="ck-progress"> {t("checks.progress", { done: c.reviewedCount, total: c.itemCount })}</small>
              </td>
              <td>
                <OutcomeBadge outcome={c.outcome} />
                {c.problemCount > 0 && <small className="ck-progress"> {t("checks.problems", { n: c.problemCount })}</small>}
                {c.openRectifications > 0 && <small className="ck-open-rect"> {t("checks.openRect", { n: c.openRectifications })}</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Lists({ checks }: { checks: CheckRow[] }) {
  const t = useT();
  const active = checks.filter((c) => c.status !== "signed").sort((a, b) => a.scheduledOn.localeCompare(b.scheduledOn) || a.id - b.id);
  const signed = checks.filter((c) => c.status === "signed").sort((a, b) => b.scheduledOn.localeCompare(a.scheduledOn) || b.id - a.id);
  if (checks.length === 0) return <p className="panel muted">{t("checks.empty")}</p>;
  return (
    <>
      {active.length > 0 && <CheckTable checks={active} caption={t("checks.groups.active")} />}
      {signed.length > 0 && <CheckTable checks={signed} caption={t("checks.groups.signed")} />}
    </>
  );
}

/** The list follows the consortium board: checks scheduled, reviewed or signed elsewhere appear at once. */
function LiveLists({ boardId, seq, checks }: { boardId: string; seq: number; checks: CheckRow[] }) {
  const board = useBoard<CheckRow>({ boardId, seq, rows: checks, entity: "check" });
  return (
    <>
      <div className="ck-live"><ConnectionBadge state={board.conn} /></div>
      <Lists checks={board.rows} />
    </>
  );
}

export default function ChecksIndex() {
  const t = useT();
  const { today, checks, options, boardId, seq, live } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("checks.title")}</h1>
          <p className="muted ck-sub">{t("checks.subtitle")}</p>
        </div>
        <nav className="ck-links" aria-label={t("checks.nav")}>
          <Link to="/rectifications" className="btn secondary small">{t("checks.rect.nav")}</Link>
          <Link to="/escalations" className="btn secondary small">{t("checks.esc.nav")}</Link>
        </nav>
      </div>
      <div className={options ? "grid ck-grid" : ""}>
        <section aria-label={t("checks.list")}>
          {live ? <LiveLists boardId={boardId} seq={seq} checks={checks} /> : <Lists checks={checks} />}
        </section>
        {options && <ScheduleForm options={options} today={today} last={last} />}
      </div>
    </>
  );
}
