// Small pieces shared by the close-out and acceptance pages and the board drawer's panel.
import { useT } from "../../lib/viewer";
import type { ProposalStatus, RoundSummary } from "../../models/closeout";
import type { AcceptanceState } from "../../models/acceptance";

/** "≥ 120 N·m/kg", "≤ 30 角秒", "是". */
export function targetText(i: { direction: string; target: number | null; unitOfMeasure: string }, yes: string): string {
  if (i.direction === "yesno") return yes;
  if (i.target == null) return "—";
  return `${i.direction === "lower" ? "≤" : "≥"} ${i.target}${i.unitOfMeasure ? ` ${i.unitOfMeasure}` : ""}`;
}

export function valueText(i: { direction: string; latestValue: number | null; unitOfMeasure: string }, yes: string, no: string): string {
  if (i.latestValue == null) return "—";
  if (i.direction === "yesno") return i.latestValue >= 1 ? yes : no;
  return `${i.latestValue}${i.unitOfMeasure ? ` ${i.unitOfMeasure}` : ""}`;
}

const STATUS_TONE: Record<ProposalStatus, string> = { proposed: "warn", approved: "ok", returned: "bad", withdrawn: "" };

export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  const t = useT();
  return <span className={`badge ${STATUS_TONE[status]} co-status`} data-status={status}>{t(`closeout.statuses.${status}`)}</span>;
}

const ACCEPT_TONE: Record<AcceptanceState, string> = { notRequired: "", awaiting: "warn", accepted: "ok", rejected: "bad" };

export function AcceptanceBadge({ state }: { state: AcceptanceState }) {
  const t = useT();
  return <span className={`badge ${ACCEPT_TONE[state]}`} data-acceptance={state}>{t(`closeout.acceptance.states.${state}`)}</span>;
}

/** The round's figures: proposed / approved / returned / still open (and withdrawn, returns). */
export function SummaryFigures({ summary }: { summary: RoundSummary }) {
  const t = useT();
  const keys = ["proposed", "approved", "returned", "stillOpen", "withdrawn", "returnDecisions"] as const;
  return (
    <dl className="co-summary" data-testid="round-summary">
      {keys.map((k) => (
        <div key={k} className={`co-fig co-fig-${k}`}>
          <dt>{t(`closeout.summary.${k}`)}</dt>
          <dd data-figure={k}>{summary[k]}</dd>
        </div>
      ))}
    </dl>
  );
}
