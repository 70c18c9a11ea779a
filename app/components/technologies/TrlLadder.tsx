// TRL ladder of one technology: an SVG step chart of the claimed (dashed) and confirmed (solid) levels over
// time from the project's start, the target TRL as a line, each claim as a marker whose shape says its
// status (● confirmed, ○ pending, ✗ rejected), the iterations as bands along the time axis and today.
import { differenceInCalendarDays, parseISO } from "date-fns";
import { ladderSeries, TRL_LEVELS, type StepPoint } from "../../models/trl";
import type { TechnologyRow } from "../../models/vmodel";
import { useFormat, useT } from "../../lib/viewer";

const W = 460;
const H = 250;
const PAD = { left: 52, right: 14, top: 14, bottom: 46 };
const COLORS = { confirmed: "#009e73", claimed: "#0072b2", target: "#b3261e", rejected: "#d55e00" };

/** "M x y H … V …" through the steps, held to the end date. */
function stepPath(points: StepPoint[], end: string, x: (d: string) => number, y: (trl: number) => number): string {
  let d = "";
  points.forEach((p, i) => {
    d += i === 0 ? `M${x(p.date)},${y(p.trl)}` : `H${x(p.date)}V${y(p.trl)}`;
  });
  return `${d}H${x(end)}`;
}

export function TrlLadder({ tech, today, confirmedTrl }: { tech: TechnologyRow; today: string; confirmedTrl: number }) {
  const t = useT();
  const f = useFormat();
  const lastIteration = tech.iterations[tech.iterations.length - 1];
  const end = [today, lastIteration?.endOn ?? today].reduce((a, b) => (a > b ? a : b));
  const ladder = ladderSeries({ startTrl: tech.startTrl, startOn: tech.projectStartOn, end, claims: tech.claims });
  const span = Math.max(1, differenceInCalendarDays(parseISO(ladder.end), parseISO(ladder.start)));
  const x = (d: string) => PAD.left + (differenceInCalendarDays(parseISO(d), parseISO(ladder.start)) / span) * (W - PAD.left - PAD.right);
  const y = (trl: number) => PAD.top + ((9 - trl) / 8) * (H - PAD.top - PAD.bottom);
  const clampDate = (d: string) => (d < ladder.start ? ladder.start : d > ladder.end ? ladder.end : d);
  return (
    <figure className="trl-ladder">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("technologies.ladderAria", { name: tech.name, confirmed: confirmedTrl, target: tech.targetTrl })} data-testid="trl-ladder">
        {tech.iterations.map((it, i) => (
          <g key={it.id} className="ladder-iter">
            <rect x={x(clampDate(it.startOn))} y={H - PAD.bottom + 4} width={Math.max(2, x(clampDate(it.endOn)) - x(clampDate(it.startOn)))} height={14} rx={3} fill={i % 2 ? "#dfe7f3" : "#eef2f8"} />
            <text x={(x(clampDate(it.startOn)) + x(clampDate(it.endOn))) / 2} y={H - PAD.bottom + 15} textAnchor="middle" className="ladder-iter-label">
              {t(`technologies.samples.${it.sampleLevel}`)}
            </text>
          </g>
        ))}
        {TRL_LEVELS.map((l) => (
          <g key={l}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(l)} y2={y(l)} className="ladder-grid" />
            <text x={PAD.left - 6} y={y(l) + 4} textAnchor="end" className="ladder-axis">TRL {l}</text>
          </g>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(tech.targetTrl)} y2={y(tech.targetTrl)} stroke={COLORS.target} strokeWidth={1.5} strokeDasharray="6 4" />
        <text x={W - PAD.right - 2} y={y(tech.targetTrl) - 4} textAnchor="end" className="ladder-target" fill={COLORS.target}>
          {t("technologies.ladderTarget")} TRL {tech.targetTrl}
        </text>
        <line x1={x(today)} x2={x(today)} y1={PAD.top} y2={H - PAD.bottom} className="ladder-today" />
        <text x={x(today)} y={H - 8} textAnchor="middle" className="ladder-axis">{t("technologies.ladderToday")}</text>
        <text x={PAD.left} y={H - 8} className="ladder-axis">{f.month(ladder.start, true)}</text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="ladder-axis">{f.month(ladder.end, true)}</text>
        <path d={stepPath(ladder.claimed, today, x, y)} fill="none" stroke={COLORS.claimed} strokeWidth={2} strokeDasharray="5 3" data-series="claimed" />
        <path d={stepPath(ladder.confirmed, today, x, y)} fill="none" stroke={COLORS.confirmed} strokeWidth={3} data-series="confirmed" />
        {ladder.markers.map((m, i) => {
          const cx = x(m.date);
          const cy = y(m.trl);
          const label = `TRL ${m.trl} · ${t(`technologies.claimStatuses.${m.status}`)} · ${m.date}`;
          if (m.status === "rejected")
            return (
              <g key={i} data-marker={m.status} stroke={COLORS.rejected} strokeWidth={2.5}>
                <title>{label}</title>
                <line x1={cx - 5} y1={cy - 5} x2={cx + 5} y2={cy + 5} />
                <line x1={cx - 5} y1={cy + 5} x2={cx + 5} y2={cy - 5} />
              </g>
            );
          return (
            <circle key={i} cx={cx} cy={cy} r={5.5} data-marker={m.status} fill={m.status === "confirmed" ? COLORS.confirmed : "#fff"} stroke={m.status === "confirmed" ? COLORS.confirmed : COLORS.claimed} strokeWidth={2}>
              <title>{label}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption className="ladder-legend">
        <span><svg width="26" height="10" aria-hidden><line x1="1" y1="5" x2="25" y2="5" stroke={COLORS.confirmed} strokeWidth="3" /></svg>{t("technologies.ladderConfirmed")} ●</span>
        <span><svg width="26" height="10" aria-hidden><line x1="1" y1="5" x2="25" y2="5" stroke={COLORS.claimed} strokeWidth="2" strokeDasharray="5 3" /></svg>{t("technologies.ladderClaimed")} ○</span>
        <span><svg width="26" height="10" aria-hidden><line x1="1" y1="5" x2="25" y2="5" stroke={COLORS.target} strokeWidth="1.5" strokeDasharray="6 4" /></svg>{t("technologies.ladderTarget")}</span>
        <span className="rejected">✗ {t("technologies.claimStatuses.rejected")}</span>
      </figcaption>
    </figure>
  );
}
