// /closeout/:roundId: one round's summary (proposed / approved / returned / still open) and its whole
// history: every proposal in time order, returned and withdrawn ones included, with who decided what.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { pageTitleFrom } from "../lib/meta";
import { useFormat, useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import type { BoardEvent } from "../realtime/protocol";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { ProposalCard } from "../components/closeout/ProposalCard";
import { commentsFor } from "../components/comments/CommentThread";
import { SummaryFigures } from "../components/closeout/parts";
import { roundPage } from "../models/closeout-pages.server";
import { roundLabel, roundSummary, type ProposalRow } from "../models/closeout";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitleFrom(matches, (t) => [data ? roundLabel(t, data.round.period) : "", t("closeout.title")].filter(Boolean).join(" · "));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.roundId);
  return orErrorPage(actor, () => roundPage(context.db, actor, Number.isSafeInteger(id) && id > 0 ? id : 0));
}

export default function CloseoutRound() {
  const t = useT();
  const f = useFormat();
  const d = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const onRemoteChange = useCallback((ev: BoardEvent) => ev.type.startsWith("closeoutRound.") && revalidator.revalidate(), [revalidator]);
  const belongs = useCallback((p: ProposalRow) => p.roundId === d.round.id, [d.round.id]);
  const extra = useMemo(() => ({ comment: d.comments }), [d.comments]);
  const board = useBoard<ProposalRow>({ boardId: d.boardId, seq: d.seq, rows: d.proposals, entity: "closeout", belongs, onRemoteChange, extra });
  const list = useMemo(() => [...board.rows].sort((a, b) => a.id - b.id), [board.rows]);
  const r = d.round;
  return (
    <div className="co-page">
      <p>
        <Link to="/closeout">← {t("closeout.roundBack")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{t("closeout.roundTitle", { name: roundLabel(t, r.period) })}</h1>
          <p className="muted">
            {t("closeout.period")}{t("closeout.sep")}{r.period} · {t("closeout.closesOn")}{t("closeout.sep")}{r.closesOn} · {t("closeout.openedBy")}{t("closeout.sep")}{r.openerName} ·{" "}
            <span className="badge">{t(`closeout.roundStatuses.${r.status}`)}</span>
            {r.closedAt && (
              <>
                {" "}· {t("closeout.closedAt")}{t("closeout.sep")}{f.date(r.closedAt)}({r.closerName})
              </>
            )}
          </p>
        </div>
        {d.live && <ConnectionBadge state={board.conn} />}
      </div>
      <section className="panel">
        <SummaryFigures summary={roundSummary(list)} />
      </section>
      <section className="co-history" aria-labelledby="co-hist-h">
        <h2 id="co-hist-h">{t("closeout.roundProposals")}</h2>
        {list.length === 0 ? (
          <p className="muted">{t("closeout.empty")}</p>
        ) : (
          <ol className="co-timeline">
            {list.map((p) => (
              <li key={p.id}>
                <div className="co-when muted">
                  <div>
                    {t("closeout.historyProposed", { name: p.proposerName })}{p.onBehalf && `（${t("closeout.onBehalf")}）`}
                    <time dateTime={p.proposedAt}>{f.dateTime(p.proposedAt)}</time>
                  </div>
                  {p.deciderName && p.decidedAt && (
                    <div>
                      {t("closeout.historyDecided", { name: p.deciderName, decision: t(`closeout.statuses.${p.status}`) })}
                      <time dateTime={p.decidedAt}>{f.dateTime(p.decidedAt)}</time>
                    </div>
                  )}
                </div>
                <ProposalCard proposal={p} decidable={false} withdrawable={false} thread={{ comments: commentsFor(board.entities.comment, "closeout", p.id), canPost: d.live }} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
