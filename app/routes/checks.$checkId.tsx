// One check: project, node and experts; the project's self-assessment (or the secretariat's waiver); the
// checklist the experts review item by item with the evidence behind each row (and which of it they
// opened); TRL claims decided inside the check; the signed outcome with what it rests on (an early
// signature's reason, the statement under a bulk marking); its rectifications and escalations. Live on the project's board: whatever another participant records appears at once.
import { useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { checkAction } from "../actions/checks.server";
import type { IntentReply } from "../lib/intent-form";
import { liveBoard, projectBoard } from "../models/boards.server";
import { checkPage } from "../models/check-pages.server";
import type { CheckRow } from "../models/checks";
import { translate } from "../i18n/catalog";
import { useCan, useFormat, useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { commentsFor } from "../components/comments/CommentThread";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { CheckStatusBadge, Hidden, OutcomeBadge, Reply, useCheckForm } from "../components/checks/parts";
import { Checklist } from "../components/checks/Checklist";
import { SignForm } from "../components/checks/SignForm";
import { ExpertsPanel, OpenedEvidence, SelfAssessment, TrlClaims } from "../components/checks/CheckPanels";
import { restOkSchema } from "../models/checks";
import { useMessage } from "../lib/viewer";
import { EscalateForm, RectificationCard } from "../components/checks/RectificationCard";
import { EscalationCard } from "../components/checks/EscalationCard";

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) =>
  pageTitle(matches, "checks.title", d ? `${d.page.check.projectCode} ${d.page.check.projectName}` : undefined);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.checkId);
  if (!Number.isInteger(id) || id <= 0) throw data({ message: translate(actor.locale, "errors.notFound") }, { status: 404 });
  const today = context.db.$clock.today();
  const page = orErrorPage(actor, () => checkPage(context.db, actor, id, today));
  return { today, page, ...liveBoard(context.db, actor, projectBoard(page.check.projectId)) };
}

export const action = ({ request, context }: ActionFunctionArgs) =>
  checkAction(request, context, ["self", "waive", "finding", "restOk", "sign", "assign", "unassign", "trl", "respond", "close", "reopen", "escalate", "resolve"]);

const FOLLOWED = new Set(["check", "rectification", "escalation", "trl_claim", "technology"]);

/** Marking the remaining items satisfactory in one go: the expert states what he found them on. */
function RestOkForm({ check, last }: { check: CheckRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useCheckForm({ id: "rest-ok", intent: "restOk", schema: restOkSchema, last });
  const [open, setOpen] = useState(false);
  const error = m(fields.statement.errors?.[0]);
  return (
    <details className="ck-rest" open={open || Boolean(error || (mine && !mine.done))} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="btn secondary small">{t("checks.detail.restOk")}</summary>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate preventScrollReset className="ck-rest-form">
        <Hidden intent="restOk" values={{ checkId: check.id }} />
        {mine?.formError && <Reply reply={mine} />}
        <label htmlFor="rest-statement" className="ck-small">{t("checkSubstance.rest.label")}</label>
        <input
          id="rest-statement"
          name={fields.statement.name}
          maxLength={1000}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? "rest-statement-err" : "rest-statement-hint"}
        />
        <button type="submit" className="btn small">{t("checkSubstance.rest.submit")}</button>
        {error ? (
          <span className="error" id="rest-statement-err" role="alert">{error}</span>
        ) : (
          <span className="hint ck-small" id="rest-statement-hint">{t("checkSubstance.rest.hint")}</span>
        )}
      </Form>
    </details>
  );
}

export default function CheckPage() {
  const t = useT();
  const f = useFormat();
  const { can } = useCan();
  const { today, page, boardId, seq, live } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const revalidator = useRevalidator();
  const { check, items, rectifications, escalations, evidence, itemEvidence, opened, trlClaims, units, expertOptions, reviewer, reviewBlocked, rules, comments } = page;
  const seqOf = (evidenceId: number) => items.filter((i) => itemEvidence[i.id]?.some((e) => e.id === evidenceId)).map((i) => i.seq);
  // Anything about this check on the project board reloads the page's data (rows of several kinds).
  const rows = useMemo(() => [check], [check]);
  // The items' and rectifications' comments arrive as rows of the same board.
  const extra = useMemo(() => ({ comment: comments }), [comments]);
  const board = useBoard<CheckRow>({
    boardId,
    seq,
    rows,
    entity: "check",
    extra,
    onRemoteChange: (ev) => {
      const row = ev.payload.row as { id?: number; checkId?: number } | undefined;
      const mine = ev.payload.entity === "check" ? ev.payload.id === check.id : row?.checkId === check.id || !row?.checkId;
      if (FOLLOWED.has(ev.payload.entity) && mine && revalidator.state === "idle") revalidator.revalidate();
    },
  });
  const signed = check.status === "signed";
  const openEscalated = new Set(escalations.filter((e) => e.status === "open" && e.rectificationId != null).map((e) => e.rectificationId));
  const restOk = reviewer && !signed && items.some((i) => !i.result);
  return (
    <div className="ck-page" data-check={check.id}>
      <p className="ck-back">
        <Link to="/checks">← {t("checks.detail.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {t(`checks.kinds.${check.kind}`)} · <span className="ck-code">{check.projectCode}</span> {check.projectName}
          </h1>
          <div className="ck-head-badges">
            <CheckStatusBadge status={check.status} />
            {check.outcome && <OutcomeBadge outcome={check.outcome} />}
            <span className="muted ck-small">{t("checks.progress", { done: check.reviewedCount, total: check.itemCount })}</span>
          </div>
        </div>
        <ConnectionBadge state={board.conn} />
      </div>
      <dl className="facts panel ck-facts">
        <dt>{t("checks.milestone")}</dt>
        <dd>{check.milestoneName ? `◆ ${check.milestoneName}（${f.date(check.milestoneDueOn)}）` : t("checks.noMilestone")}</dd>
        <dt>{t("checks.scheduledOn")}</dt>
        <dd>{f.date(check.scheduledOn)}</dd>
        <dt>{t("checks.detail.lead")}</dt>
        <dd>{check.leadUserName ?? "—"}</dd>
        <dt>{t("checks.experts")}</dt>
        <dd data-testid="check-experts">{check.experts.map((e) => e.name + (e.unitName ? `（${e.unitName}）` : "")).join("、")}</dd>
        <dt>{t("checks.detail.createdBy")}</dt>
        <dd>{check.creatorName} · {f.date(check.createdAt)}</dd>
        {signed && (
          <>
            <dt>{t("checks.outcome")}</dt>
            <dd data-testid="check-outcome">
              <OutcomeBadge outcome={check.outcome} /> {check.signerName && <span className="muted ck-small">{t("checks.detail.outcomeBy", { name: check.signerName, date: f.date(check.signedAt) })}</span>}
              <p className="ck-text">{check.outcomeSummary}</p>
              {check.earlyReason && <p className="ck-record-note ck-small" data-testid="early-reason">{t("checkSubstance.early.shown", { date: f.date(check.scheduledOn), reason: check.earlyReason })}</p>}
            </dd>
          </>
        )}
        {check.restStatement && (
          <>
            <dt>{t("checkSubstance.rest.title")}</dt>
            <dd data-testid="rest-statement">
              {check.restStatement}
              {check.restStatementName && <span className="muted ck-small"> · {t("checkSubstance.rest.by", { name: check.restStatementName, date: f.dateTime(check.restStatementAt) })}</span>}
            </dd>
          </>
        )}
      </dl>
      {signed && <Reply reply={last?.intent === "sign" ? last : undefined} />}
      {reviewBlocked && !signed && <div className="alert warn" role="note">{reviewBlocked}</div>}
      <div className="grid ck-detail-grid">
        <div className="ck-main">
          <section className="panel" aria-labelledby="checklist-title">
            <div className="ck-section-head">
              <h2 id="checklist-title">{t("checks.detail.checklist")}</h2>
              {restOk && <RestOkForm check={check} last={last} />}
            </div>
            <p className="muted ck-small">{t("checks.detail.checklistHint")}</p>
            <Reply reply={(last?.intent === "restOk" && last.done) || (last?.intent === "finding" && last.done) ? last : undefined} />
            <Checklist checkId={check.id} items={items} evidence={itemEvidence} editable={reviewer && !signed} last={last} thread={(id) => ({ comments: commentsFor(board.entities.comment, "check_item", id), canPost: live })} />
          </section>
          {(trlClaims.length > 0 || reviewer) && <TrlClaims check={check} claims={trlClaims} reviewer={reviewer} last={last} />}
          {reviewer && !signed && <SignForm check={check} items={items} units={units} today={today} rectifyDays={rules.rectifyDays} last={last} />}
        </div>
        <aside className="ck-side">
          <SelfAssessment check={check} last={last} />
          <ExpertsPanel check={check} options={expertOptions} last={last} />
          <OpenedEvidence opened={opened} seqOf={seqOf} />
        </aside>
      </div>
      <section aria-labelledby="rect-title" className="ck-rects">
        <h2 id="rect-title">{t("checks.detail.rectTitle")}</h2>
        {rectifications.length === 0 && <p className="muted">{t("checks.detail.rectEmpty")}</p>}
        <div className="ck-cards">
          {rectifications.map((r) => (
            <RectificationCard key={r.id} rect={r} today={today} soonDays={rules.reminderDays} evidence={evidence[r.id]} last={last} escalated={openEscalated.has(r.id)} thread={{ comments: commentsFor(board.entities.comment, "rectification", r.id), canPost: live }} />
          ))}
        </div>
      </section>
      <section aria-labelledby="esc-title" className="ck-escs">
        <div className="ck-section-head">
          <h2 id="esc-title">{t("checks.detail.escTitle")}</h2>
          {can("escalate", "check", { projectId: check.projectId }) && <EscalateForm checkId={check.id} last={last} />}
        </div>
        <Reply reply={last?.intent === "escalate" && !last.target ? last : undefined} />
        {escalations.length === 0 && <p className="muted">{t("checks.detail.escEmpty")}</p>}
        <div className="ck-cards">
          {escalations.map((e) => (
            <EscalationCard key={e.id} esc={e} last={last} />
          ))}
        </div>
      </section>
    </div>
  );
}
