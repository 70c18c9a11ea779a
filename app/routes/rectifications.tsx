// 整改事项跟踪: every rectification not yet closed, overdue first, filterable by responsible unit (?unit=,
// ?closed=1 to include the closed ones). Owner unit leads answer here; experts and the secretariat close.
// Live on the consortium board: each card's discussion (folded under 讨论 n) arrives as the board's comment rows.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useMemo } from "react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { checkAction } from "../actions/checks.server";
import type { IntentReply } from "../lib/intent-form";
import { liveBoard } from "../models/boards.server";
import { listEvidence } from "../models/evidence.server";
import { checkRules, listEscalations, listRectifications } from "../models/check-reads.server";
import { issueRectificationReminders } from "../models/check-reminders.server";
import { unitChoices } from "../models/check-pages.server";
import { isOverdueRectification, type RectificationRow } from "../models/checks";
import { useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { RectificationCard } from "../components/checks/RectificationCard";
import { commentsFor } from "../components/comments/CommentThread";
import { commentsOn } from "../models/comments.server";
import type { CommentRow } from "../models/comments";
import type { Row } from "../realtime/protocol";
import type { ConnState } from "../realtime/use-board";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checks.rect.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  issueRectificationReminders(context, today);
  const url = new URL(request.url);
  const unitId = Number(url.searchParams.get("unit")) || null;
  const includeClosed = url.searchParams.get("closed") === "1";
  const rectifications = listRectifications(context.db, actor, today, { unitId, includeClosed });
  const escalated = listEscalations(context.db, actor)
    .filter((e) => e.status === "open" && e.rectificationId != null)
    .map((e) => e.rectificationId as number);
  return {
    ...liveBoard(context.db, actor),
    today,
    unitId,
    includeClosed,
    rectifications,
    escalated,
    evidence: listEvidence(context.db, "rectification", rectifications.map((r) => r.id)),
    comments: commentsOn(context.db, actor, "rectification", rectifications.map((r) => r.id)),
    units: unitChoices(context.db),
    rules: checkRules(context.db),
  };
}

export const action = ({ request, context }: ActionFunctionArgs) => checkAction(request, context, ["respond", "close", "reopen", "escalate"]);

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Live = { conn: ConnState; comments: Record<number, Row> | undefined } | null;

/**
 * Any rectification or escalation event on the consortium board reloads the list; comments on the
 * rectifications stay in the board's rows (live for every viewer, who may post while live).
 */
function LiveRectifications({ data }: { data: Data }) {
  const revalidator = useRevalidator();
  const extra = useMemo(() => ({ comment: data.comments }), [data.comments]);
  const board = useBoard({
    boardId: data.boardId,
    seq: data.seq,
    rows: data.rectifications,
    entity: "rectification",
    extra,
    onRemoteChange: (ev) => {
      if ((ev.payload.entity === "rectification" || ev.payload.entity === "escalation") && revalidator.state === "idle") revalidator.revalidate();
    },
  });
  return <RectificationsView data={data} live={{ conn: board.conn, comments: board.entities.comment }} />;
}

export default function Rectifications() {
  const data = useLoaderData<typeof loader>();
  return data.live ? <LiveRectifications data={data} /> : <RectificationsView data={data} live={null} />;
}

/** Not live (a reader who cannot follow the consortium board): the loader's threads, read only. */
const loaded = (comments: CommentRow[]) => Object.fromEntries(comments.map((c) => [c.id, c]));

function RectificationsView({ data, live }: { data: Data; live: Live }) {
  const t = useT();
  const { today, unitId, includeClosed, rectifications, escalated, evidence, units, rules } = data;
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const overdue = rectifications.filter((r: RectificationRow) => isOverdueRectification(r, today)).length;
  const escalatedSet = new Set(escalated);
  const comments = live ? live.comments : loaded(data.comments);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("checks.rect.title")}</h1>
          <p className="muted ck-sub">{t("checks.rect.subtitle")}</p>
        </div>
        <div className="ck-links">
          {live && <ConnectionBadge state={live.conn} />}
          <Link to="/checks" className="btn secondary small">{t("checks.nav")}</Link>
        </div>
      </div>
      <Form method="get" className="panel ck-filter">
        <label htmlFor="rect-unit">{t("checks.rect.filterUnit")}</label>
        <select id="rect-unit" name="unit" defaultValue={unitId ?? ""}>
          <option value="">{t("checks.rect.allUnits")}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>{u.shortName}</option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" name="closed" value="1" defaultChecked={includeClosed} /> {t("checks.rect.showClosed")}
        </label>
        <button type="submit" className="btn secondary small">{t("checks.rect.filter")}</button>
        <span className="ck-count" data-testid="rect-count">
          {t("checks.rect.count", { n: rectifications.length })}
          {overdue > 0 && <strong className="ck-overdue"> · {t("checks.rect.overdueCount", { n: overdue })}</strong>}
        </span>
      </Form>
      {rectifications.length === 0 && <p className="panel muted">{t("checks.rect.empty")}</p>}
      <div className="ck-cards">
        {rectifications.map((r) => (
          <RectificationCard
            key={r.id}
            rect={r}
            today={today}
            soonDays={rules.reminderDays}
            evidence={evidence[r.id]}
            last={last}
            showSource
            escalated={escalatedSet.has(r.id)}
            thread={{ comments: commentsFor(comments, "rectification", r.id), canPost: live != null }}
          />
        ))}
      </div>
    </>
  );
}
