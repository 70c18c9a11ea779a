// 定期销号: the current round (its figures and proposals grouped by status, with approve/return forms for
// approvers outside the executing unit), the owner's proposal form, and every round's summary. Live: the
// page follows the consortium board's "closeout.upserted" events; round and acceptance events reload it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useOutlet, useRevalidator } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { Csrf, Field } from "../components/form/Field";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { ProposalCard } from "../components/closeout/ProposalCard";
import { commentsFor } from "../components/comments/CommentThread";
import { ProposeForm } from "../components/closeout/ProposeForm";
import { SummaryFigures } from "../components/closeout/parts";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { useCan, useT, useViewer } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import type { BoardEvent } from "../realtime/protocol";
import {
  approveSchema,
  mayApprove,
  mayPropose,
  proposeSchema,
  PROPOSAL_STATUSES,
  returnSchema,
  roundCloseSchema,
  roundLabel,
  roundOpenSchema,
  roundSummary,
  withdrawSchema,
  type ProposalRow,
  type RoundRow,
} from "../models/closeout";
import { approveProposal, closeCloseoutRound, openCloseoutRound, proposeCloseout, returnProposal, withdrawProposal } from "../models/closeout.server";
import { closeoutPage } from "../models/closeout-pages.server";
import { canSome } from "../models/permissions";
import { TableHead, num } from "../components/ui/TableHead";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "closeout.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const taskParam = Number(new URL(request.url).searchParams.get("task"));
  return closeoutPage(context.db, actor, Number.isSafeInteger(taskParam) && taskParam > 0 ? taskParam : null);
}

const INTENTS = ["open", "close", "propose", "approve", "return", "withdraw"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, INTENTS, { uploads: "propose" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  const today = context.db.$clock.today();
  switch (intent) {
    case "open":
      return run(roundOpenSchema, (v) => openCloseoutRound(context, actor, v, today));
    case "close":
      return run(roundCloseSchema, (v) => closeCloseoutRound(context, actor, v));
    case "propose":
      return run(proposeSchema, (v) => proposeCloseout(context, actor, v, files));
    case "approve":
      return run(approveSchema, (v) => approveProposal(context, actor, v));
    case "return":
      return run(returnSchema, (v) => returnProposal(context, actor, v));
    case "withdraw":
      return run(withdrawSchema, (v) => withdrawProposal(context, actor, v));
  }
}

/** /closeout/:roundId renders instead of the page (flat routes make it a child of this one). */
export default function CloseoutRoute() {
  const outlet = useOutlet();
  return outlet ?? <CloseoutPage />;
}

function CloseoutPage() {
  const t = useT();
  const viewer = useViewer();
  const { can } = useCan();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const revalidator = useRevalidator();
  // Rounds, acceptances and measured values change what the page shows around the proposals (figures,
  // eligibility, an item's latest value): reload for those.
  const onRemoteChange = useCallback(
    (ev: BoardEvent) => {
      if (/^(closeoutRound|deliverable|indicator)\./.test(ev.type)) revalidator.revalidate();
    },
    [revalidator],
  );
  const extra = useMemo(() => ({ comment: d.comments }), [d.comments]);
  const board = useBoard<ProposalRow>({ boardId: d.boardId, seq: d.seq, rows: d.proposals, entity: "closeout", onRemoteChange, extra });
  const roundId = d.round?.id ?? null;
  const current = useMemo(() => board.rows.filter((p) => p.roundId === roundId).sort((a, b) => a.id - b.id), [board.rows, roundId]);
  const earlier = useMemo(() => board.rows.filter((p) => p.roundId !== roundId && p.status === "proposed").sort((a, b) => a.id - b.id), [board.rows, roundId]);
  const decide = (p: ProposalRow) => mayApprove(viewer, p, d.experts[p.projectId] ?? []);
  const card = (p: ProposalRow, showRound = false) => {
    const check = decide(p);
    return (
      <ProposalCard
        key={p.id}
        proposal={p}
        decidable={check.ok}
        ownUnit={!check.ok && check.code === "closeoutOwnUnit"}
        withdrawable={mayPropose(viewer, p, p)}
        last={last}
        showRound={showRound}
        thread={{ comments: commentsFor(board.entities.comment, "closeout", p.id), canPost: d.live }}
      />
    );
  };
  const canOpen = can("open", "round");
  return (
    <div className="co-page">
      <div className="page-head">
        <div>
          <h1>{t("closeout.title")}</h1>
          <p className="muted">{t("closeout.subtitle")}</p>
        </div>
        {d.live && <ConnectionBadge state={board.conn} />}
      </div>
      <div className="co-grid">
        <div className="co-main">
          <RoundPanel round={d.round} summary={roundSummary(current)} canOpen={canOpen} roundDay={d.roundDay} today={d.today} last={last} />
          {earlier.length > 0 && (
            <section className="co-group" aria-labelledby="co-earlier">
              <h2 id="co-earlier">{t("closeout.earlierPending")}</h2>
              {earlier.map((p) => card(p, true))}
            </section>
          )}
          {d.round && current.length === 0 && <p className="muted">{t("closeout.empty")}</p>}
          {PROPOSAL_STATUSES.map((s) => {
            const list = current.filter((p) => p.status === s);
            if (list.length === 0) return null;
            return (
              <section key={s} className="co-group" data-group={s} aria-labelledby={`co-g-${s}`}>
                <h2 id={`co-g-${s}`}>
                  {t(`closeout.groups.${s}`)} <span className="badge">{list.length}</span>
                </h2>
                {list.map((p) => card(p))}
              </section>
            );
          })}
        </div>
        <aside className="co-side">
          {(canSome(viewer, "propose", "closeout") || d.candidates.length > 0) && <ProposeForm candidates={d.candidates} draft={d.draft} round={d.round} last={last} />}
          <RoundsList rounds={d.rounds} />
        </aside>
      </div>
    </div>
  );
}

function RoundPanel({ round, summary, canOpen, roundDay, today, last }: { round: RoundRow | null; summary: ReturnType<typeof roundSummary>; canOpen: boolean; roundDay: number; today: string; last: IntentReply | undefined }) {
  const t = useT();
  const viewer = useViewer();
  const mine = last && (last.intent === "open" || last.intent === "close") ? last : undefined;
  return (
    <section className="panel co-round-panel" aria-labelledby="co-round-h" data-testid="current-round">
      <div className="co-round-head">
        <h2 id="co-round-h">{round ? roundLabel(t, round.period) : t("closeout.currentRound")}</h2>
        {round && <span className="badge info">{t(`closeout.roundStatuses.${round.status}`)}</span>}
        {round && (
          <span className="muted">
            {t("closeout.closesOn")}{t("closeout.sep")}{round.closesOn} · {t("closeout.openedBy")}{t("closeout.sep")}{round.openerName}
          </span>
        )}
        {round && <Link to={`/closeout/${round.id}`}>{t("closeout.viewRound")}</Link>}
      </div>
      {mine?.done && <div className="alert ok" role="status">{t(`closeout.done.${mine.intent as "open"}`)}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {round ? <SummaryFigures summary={summary} /> : <p className="muted">{t("closeout.noOpenRound")}</p>}
      {canOpen && round && (
        <Form method="post" className="co-close-round">
          <Csrf token={viewer.csrfToken} />
          <input type="hidden" name="id" value={round.id} />
          <input type="hidden" name="version" value={round.version} />
          <span className="muted">{t("closeout.closeRoundConfirm")}</span>
          <button type="submit" name="intent" value="close" className="btn secondary small">
            {t("closeout.closeRound")}
          </button>
        </Form>
      )}
      {canOpen && !round && (
        <Form method="post" className="form cols co-open-round">
          <Csrf token={viewer.csrfToken} />
          <Field label={t("closeout.openRoundPeriod")} hint={t("closeout.openRoundHint", { day: roundDay })}>
            {(a) => <input {...a} type="month" name="period" defaultValue={today.slice(0, 7)} />}
          </Field>
          <Field label={t("closeout.openRoundCloses")}>{(a) => <input {...a} type="date" name="closesOn" />}</Field>
          <div className="form-actions" style={{ alignSelf: "end" }}>
            <button type="submit" name="intent" value="open" className="btn">
              {t("closeout.openRound")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

function RoundsList({ rounds }: { rounds: RoundRow[] }) {
  const t = useT();
  return (
    <section className="panel co-rounds" aria-labelledby="co-rounds-h">
      <h2 id="co-rounds-h">{t("closeout.rounds")}</h2>
      {rounds.length === 0 ? (
        <p className="muted">{t("closeout.roundsEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <TableHead columns={[t("closeout.round"), num(t("closeout.summary.proposed")), num(t("closeout.summary.approved")), num(t("closeout.summary.returned")), num(t("closeout.summary.stillOpen"))]} />
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id} data-round={r.id}>
                  <td>
                    <Link to={`/closeout/${r.id}`}>{roundLabel(t, r.period)}</Link> <span className="badge">{t(`closeout.roundStatuses.${r.status}`)}</span>
                  </td>
                  <td className="num">{r.summary.proposed}</td>
                  <td className="num">{r.summary.approved}</td>
                  <td className="num">{r.summary.returned}</td>
                  <td className="num">{r.summary.stillOpen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
