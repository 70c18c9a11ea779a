// Hand-drawn SVG charts of the dashboards. Each chart prints its numbers and names as text, carries a
// text description (role="img" + aria-label) and sits in a ChartPanel whose <details> holds the same
// figures as a table, so nothing depends on colour or on seeing the drawing.
import { useId, type ReactNode } from "react";
import { TASK_STATUSES, type TaskStatus } from "../../models/domain";
import { dateScale, inkOn, linearScale, linePath, niceTicks, stackSegments, stepPath, STATUS_COLORS, SERIES_COLORS } from "../../models/dashboard";
import type { ProjectBurnUp, TechnologyLine, UnitCounts } from "../../models/dashboard.server";
import { useFormat, useT } from "../../lib/viewer";
import { TableHead, num } from "../ui/TableHead";

/** A dashboard panel: title, hint, the chart, and the chart's figures as a table behind a disclosure. */
export function ChartPanel(props: { title: string; hint?: string; table?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  const t = useT();
  const id = useId();
  return (
    <section className={`panel dash-panel ${props.className ?? ""}`} aria-labelledby={id} data-testid={props.testId}>
      <header className="dash-panel-head">
        <h2 id={id}>{props.title}</h2>
        {props.hint && <p className="dash-hint">{props.hint}</p>}
      </header>
      {props.children}
      {props.table && (
        <details className="dash-table">
          <summary>{t("dashboard.table")}</summary>
          <div className="table-wrap">{props.table}</div>
        </details>
      )}
    </section>
  );
}

export function Legend({ items }: { items: { color: string; label: string; dashed?: boolean }[] }) {
  return (
    <div className="legend dash-legend" aria-hidden>
      {items.map((i) => (
        <span key={i.label}>
          <i className={i.dashed ? "dashed" : undefined} style={i.dashed ? { borderColor: i.color } : { background: i.color }} />
          {i.label}
        </span>
      ))}
    </div>
  );
}

// ------------------------------------------------------------------------------ tasks by status

const BAR = { label: 76, width: 300, row: 22, gap: 6, total: 34 };

/** Stacked horizontal bars: one row per unit, segments per task status, counts printed in the bars. */
export function StatusBars({ rows }: { rows: UnitCounts<TaskStatus>[] }) {
  const t = useT();
  const max = Math.max(1, ...rows.map((r) => r.total));
  const height = rows.length * (BAR.row + BAR.gap);
  const width = BAR.label + BAR.width + BAR.total;
  const parts = (r: UnitCounts<TaskStatus>) =>
    TASK_STATUSES.filter((s) => r.counts[s] > 0)
      .map((s) => `${t(`statuses.${s}`)} ${r.counts[s]}`)
      .join(t("common.listSep"));
  return (
    <>
      <Legend items={TASK_STATUSES.map((s) => ({ color: STATUS_COLORS[s], label: t(`statuses.${s}`) }))} />
      <svg
        className="dash-svg dash-bars"
        viewBox={`0 0 ${width} ${Math.max(height, 10)}`}
        role="img"
        aria-label={t("common.labelValue", {
          label: t("dashboard.status.chartLabel"),
          value: rows.map((r) => t("dashboard.status.bar", { unit: r.shortName, parts: parts(r) })).join(t("common.itemSep")),
        })}
        data-testid="status-bars"
      >
        {rows.map((r, i) => {
          const y = i * (BAR.row + BAR.gap);
          const segs = stackSegments(r.counts, TASK_STATUSES, BAR.width, max);
          const end = segs.reduce((x, s) => Math.max(x, s.x + s.width), 0);
          return (
            <g key={r.unitId} transform={`translate(0 ${y})`}>
              <title>{t("dashboard.status.bar", { unit: r.shortName, parts: parts(r) })}</title>
              <text x={BAR.label - 6} y={BAR.row / 2} dy="0.35em" textAnchor="end" className="dash-axis">
                {r.shortName}
              </text>
              {segs.map((s) => (
                <g key={s.key}>
                  <rect x={BAR.label + s.x} y={0} width={Math.max(s.width - 1, 1)} height={BAR.row} fill={STATUS_COLORS[s.key]} rx={2} />
                  {s.width >= 14 && (
                    <text
                      x={BAR.label + s.x + s.width / 2}
                      y={BAR.row / 2}
                      dy="0.35em"
                      textAnchor="middle"
                      fill={inkOn(STATUS_COLORS[s.key])}
                      className="dash-val"
                    >
                      {s.value}
                    </text>
                  )}
                </g>
              ))}
              <text x={BAR.label + end + 6} y={BAR.row / 2} dy="0.35em" className="dash-total">
                {r.total}
              </text>
            </g>
          );
        })}
      </svg>
    </>
  );
}

export function StatusTable({ rows }: { rows: UnitCounts<TaskStatus>[] }) {
  const t = useT();
  return (
    <table className="data">
      <thead>
        <tr>
          <th>{t("dashboard.rag.unit")}</th>
          {TASK_STATUSES.map((s) => (
            <th key={s} className="num">
              {t(`statuses.${s}`)}
            </th>
          ))}
          <th className="num">{t("dashboard.rag.total")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.unitId}>
            <td>{r.shortName}</td>
            {TASK_STATUSES.map((s) => (
              <td key={s} className="num">
                {r.counts[s]}
              </td>
            ))}
            <td className="num">{r.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first and last month under a small multiple's time axis. */
function MonthEnds({ box, from, to }: { box: { w: number; h: number; left: number; right: number }; from: string; to: string }) {
  const fmt = useFormat();
  return (
    <>
      <text x={box.left} y={box.h - 4} className="dash-axis">
        {fmt.month(from, true)}
      </text>
      <text x={box.w - box.right} y={box.h - 4} textAnchor="end" className="dash-axis">
        {fmt.month(to, true)}
      </text>
    </>
  );
}

/** Horizontal gridlines at the ticks, each labelled on the left axis. */
function YGrid({ box, ticks, y }: { box: { w: number; left: number; right: number }; ticks: number[]; y: (v: number) => number }) {
  return (
    <>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={box.left} x2={box.w - box.right} y1={y(v)} y2={y(v)} className="dash-gridline" />
          <text x={box.left - 4} y={y(v)} dy="0.35em" textAnchor="end" className="dash-axis">
            {v}
          </text>
        </g>
      ))}
    </>
  );
}

// ------------------------------------------------------------------------------ burn-up

const SM = { w: 260, h: 130, left: 26, right: 30, top: 12, bottom: 20 };

/** One project's indicator burn-up as a small multiple: met (solid), due (dashed), total (top line). */
export function BurnUpChart({ item }: { item: ProjectBurnUp }) {
  const t = useT();
  const fmt = useFormat();
  const first = item.points[0]!;
  const last = item.points[item.points.length - 1]!;
  const x = dateScale(first.date, last.date, [SM.left, SM.w - SM.right]);
  // The total is the top of the axis: the chart fills up towards it.
  const y = linearScale([0, Math.max(1, item.total)], [SM.h - SM.bottom, SM.top]);
  const ticks = niceTicks(item.total, 2).filter((v) => v < item.total);
  const met = item.points.map((p) => ({ x: x(p.date), y: y(p.met) }));
  const due = item.points.map((p) => ({ x: x(p.date), y: y(p.due) }));
  const label = t("dashboard.burnUp.chart", { code: item.code, date: fmt.date(last.date), met: last.met, due: last.due, total: item.total });
  return (
    <figure className="dash-multiple" data-testid="burnup">
      <figcaption>
        <strong>{item.name}</strong>
        <span className="dash-sub">
          {item.code} · {t("dashboard.burnUp.summary", { met: last.met, total: item.total })}
        </span>
      </figcaption>
      <svg className="dash-svg" viewBox={`0 0 ${SM.w} ${SM.h}`} role="img" aria-label={label}>
        <YGrid box={SM} ticks={ticks} y={y} />
        <line x1={SM.left} x2={SM.w - SM.right} y1={y(item.total)} y2={y(item.total)} className="dash-total-line" />
        <text x={SM.left - 4} y={y(item.total)} dy="0.35em" textAnchor="end" className="dash-axis">
          {item.total}
        </text>
        <path d={linePath(due)} className="dash-line dashed" stroke={SERIES_COLORS[4]} />
        <path d={linePath(met)} className="dash-line" stroke={SERIES_COLORS[0]} />
        {met.map((p, i) => (
          <circle key={i} cx={p.x} cy={p.y} r={2.2} fill={SERIES_COLORS[0]} />
        ))}
        <text x={met[met.length - 1]!.x + 4} y={met[met.length - 1]!.y} dy="0.35em" className="dash-val-dark">
          {last.met}
        </text>
        <MonthEnds box={SM} from={first.date} to={last.date} />
      </svg>
    </figure>
  );
}

export function BurnUpTable({ items }: { items: ProjectBurnUp[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="data">
      <TableHead columns={[t("dashboard.milestones.project"), t("dashboard.burnUp.month"), num(t("dashboard.burnUp.met")), num(t("dashboard.burnUp.due")), num(t("dashboard.burnUp.total"))]} />
      <tbody>
        {items.flatMap((b) =>
          b.points.map((p) => (
            <tr key={`${b.projectId}-${p.date}`}>
              <td>{b.code}</td>
              <td>{fmt.date(p.date)}</td>
              <td className="num">{p.met}</td>
              <td className="num">{p.due}</td>
              <td className="num">{b.total}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

// ------------------------------------------------------------------------------ TRL over time

const TS = { w: 260, h: 124, left: 22, right: 10, top: 14, bottom: 20 };

/** One technology's TRL as step lines: confirmed (solid), claimed (dashed), target (dotted). */
export function TrlSteps({ tech, today }: { tech: TechnologyLine; today: string }) {
  const t = useT();
  const x = dateScale(tech.start, today, [TS.left, TS.w - TS.right]);
  const y = linearScale([1, 9], [TS.h - TS.bottom, TS.top]);
  const pts = (s: { date: string; trl: number }[]) => s.map((p) => ({ x: x(p.date), y: y(p.trl) }));
  const end = x(today);
  return (
    <figure className="dash-multiple" data-testid="trl-steps">
      <figcaption>
        <strong>{tech.name}</strong>
        <span className="dash-sub">
          {tech.unitName} · {t("dashboard.trl.confirmed")} {tech.confirmedTrl} · {t("dashboard.trl.target")} {tech.targetTrl}
        </span>
      </figcaption>
      <svg
        className="dash-svg"
        viewBox={`0 0 ${TS.w} ${TS.h}`}
        role="img"
        aria-label={t("dashboard.trl.row", { name: tech.name, confirmed: tech.confirmedTrl, target: tech.targetTrl })}
      >
        <YGrid box={TS} ticks={[1, 3, 5, 7, 9]} y={y} />
        <line x1={TS.left} x2={TS.w - TS.right} y1={y(tech.targetTrl)} y2={y(tech.targetTrl)} className="dash-target" />
        <text x={TS.w - TS.right} y={y(tech.targetTrl) - 3} textAnchor="end" className="dash-axis">
          {t("dashboard.trl.target")} {tech.targetTrl}
        </text>
        <path d={stepPath(pts(tech.claimed), end)} className="dash-line dashed" stroke={SERIES_COLORS[1]} />
        <path d={stepPath(pts(tech.confirmed), end)} className="dash-line" stroke={SERIES_COLORS[0]} />
        <MonthEnds box={TS} from={tech.start} to={today} />
      </svg>
    </figure>
  );
}

export function TrlStepsTable({ technologies }: { technologies: TechnologyLine[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <table className="data">
      <TableHead columns={[t("dashboard.trl.technology"), t("dashboard.trl.date"), num(t("dashboard.trl.confirmedLine")), num(t("dashboard.trl.claimedLine"))]} />
      <tbody>
        {technologies.flatMap((k) => {
          const dates = [...new Set([...k.confirmed, ...k.claimed].map((p) => p.date))].sort();
          const at = (s: { date: string; trl: number }[], d: string) => s.filter((p) => p.date <= d).at(-1)?.trl ?? k.startTrl;
          return dates.map((d) => (
            <tr key={`${k.id}-${d}`}>
              <td>{k.name}</td>
              <td>{fmt.date(d)}</td>
              <td className="num">{at(k.confirmed, d)}</td>
              <td className="num">{at(k.claimed, d)}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}
