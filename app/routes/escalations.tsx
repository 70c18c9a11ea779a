// 报总体部问题: problems escalated from checks (serious findings, failed checks, overdue rectifications).
// The observers of the 总体部 record a resolution here; everyone who reads the project follows them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { checkAction } from "../actions/checks.server";
import type { IntentReply } from "../lib/intent-form";
import { liveBoard } from "../models/boards.server";
import { listEscalations } from "../models/check-reads.server";
import { useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { EscalationCard } from "../components/checks/EscalationCard";
import type { EscalationRow } from "../models/checks";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checks.esc.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return { ...liveBoard(context.db, actor), escalations: listEscalations(context.db, actor) };
}

export const action = ({ request, context }: ActionFunctionArgs) => checkAction(request, context, ["resolve"]);

/** New and resolved escalations appear live (their rows come whole in the board events). */
function LiveList({ boardId, seq, rows, children }: { boardId: string; seq: number; rows: EscalationRow[]; children: (rows: EscalationRow[]) => React.ReactNode }) {
  const revalidator = useRevalidator();
  const board = useBoard<EscalationRow>({
    boardId,
    seq,
    rows,
    entity: "escalation",
    onRemoteChange: (ev) => ev.payload.entity === "escalation" && revalidator.state === "idle" && revalidator.revalidate(),
  });
  return (
    <>
      <div className="ck-live"><ConnectionBadge state={board.conn} /></div>
      {children(board.rows)}
    </>
  );
}

function Lists({ rows, last }: { rows: EscalationRow[]; last: IntentReply | undefined }) {
  const t = useT();
  const open = rows.filter((e) => e.status === "open").sort((a, b) => b.escalatedAt.localeCompare(a.escalatedAt) || b.id - a.id);
  const resolved = rows.filter((e) => e.status === "resolved").sort((a, b) => (b.resolvedAt ?? "").localeCompare(a.resolvedAt ?? "") || b.id - a.id);
  if (rows.length === 0) return <p className="panel muted">{t("checks.esc.empty")}</p>;
  return (
    <div className="grid ck-esc-grid">
      <section aria-labelledby="esc-open">
        <h2 id="esc-open">{t("checks.esc.openList")} <span className="badge bad" data-testid="esc-open-count">{open.length}</span></h2>
        {open.length === 0 && <p className="panel muted">{t("checks.esc.noneOpen")}</p>}
        <div className="ck-cards">{open.map((e) => <EscalationCard key={e.id} esc={e} last={last} showSource />)}</div>
      </section>
      <section aria-labelledby="esc-resolved">
        <h2 id="esc-resolved">{t("checks.esc.resolvedList")}</h2>
        <div className="ck-cards">{resolved.map((e) => <EscalationCard key={e.id} esc={e} last={last} showSource />)}</div>
      </section>
    </div>
  );
}

export default function Escalations() {
  const t = useT();
  const { escalations, boardId, seq, live } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("checks.esc.title")}</h1>
          <p className="muted ck-sub">{t("checks.esc.subtitle")}</p>
        </div>
        <Link to="/checks" className="btn secondary small">{t("checks.nav")}</Link>
      </div>
      {live ? (
        <LiveList boardId={boardId} seq={seq} rows={escalations}>
          {(rows) => <Lists rows={rows} last={last} />}
        </LiveList>
      ) : (
        <Lists rows={escalations} last={last} />
      )}
    </>
  );
}
