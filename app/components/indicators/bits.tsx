// Small shared pieces of the indicator pages: the progress meter with its source cue, the status tag,
// the sparkline of measured values, an inline form's buttons, and the reply type of the indicator action.
import type { IntentReply } from "../../lib/intent-form";
import { useT } from "../../lib/viewer";
import { formatMeasure, type IndicatorRow, type IndicatorState, type IndicatorValueRow } from "../../models/indicators";
import type { ProgressSource } from "../../models/progress";

/** What the indicator action answers (app/actions/indicators.server.ts), if it was posted to. */
export type IndicatorReply = IntentReply | undefined;

export function ProgressMeter({ value, source, label, large }: { value: number; source?: ProgressSource; label?: string; large?: boolean }) {
  const t = useT();
  return (
    <span className={`ind-progress${large ? " large" : ""}`} data-testid="progress" data-value={value}>
      <span className="ind-meter" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label ?? t("indicators.progress")}>
        <span style={{ width: `${value}%` }} className={value >= 100 ? "full" : ""} />
      </span>
      <b>{value}%</b>
      {source && (
        <span className={`ind-cue ${source}`} title={source === "indicators" ? t("indicators.computedHint") : undefined}>
          {source === "indicators" ? t("indicators.computedCue") : t("indicators.recordedCue")}
        </span>
      )}
    </span>
  );
}

export function StateTag({ state }: { state: IndicatorState }) {
  const t = useT();
  return <span className={`ind-state ${state}`}>{t(`indicators.states.${state}`)}</span>;
}

/** The submit and cancel buttons closing an inline form of an indicator card. */
export function FormButtons({ submit, busy, danger, onCancel }: { submit: string; busy?: boolean; danger?: boolean; onCancel: () => void }) {
  const t = useT();
  return (
    <div className="form-actions span-all">
      <button type="submit" className={danger ? "btn danger" : "btn"} disabled={busy}>
        {submit}
      </button>
      <button type="button" className="btn secondary" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

/** The value as people read it: 是/否 for yes/no, else the number with its unit. */
export function useValueText() {
  const t = useT();
  return (i: Pick<IndicatorRow, "direction" | "unitOfMeasure">, v: number | null) =>
    v == null ? "—" : i.direction === "yesno" ? (v >= 1 ? t("indicators.yes") : t("indicators.no")) : `${formatMeasure(v)}${i.unitOfMeasure ? ` ${i.unitOfMeasure}` : ""}`;
}

/** Measured values over time as a small line, with the target as a dashed line. */
export function Sparkline({ indicator, values }: { indicator: IndicatorRow; values: IndicatorValueRow[] }) {
  const t = useT();
  const points = [...values].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn) || a.id - b.id);
  if (points.length < 2 || indicator.direction === "yesno") return null;
  const W = 180;
  const H = 44;
  const ys = [...points.map((p) => p.value), ...(indicator.target != null ? [indicator.target] : []), ...(indicator.baseline != null ? [indicator.baseline] : [])];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const y = (v: number) => (hi === lo ? H / 2 : 4 + (H - 8) * (1 - (v - lo) / (hi - lo)));
  const x = (k: number) => 4 + ((W - 8) * k) / (points.length - 1);
  const line = points.map((p, k) => `${x(k).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const last = points[points.length - 1]!;
  return (
    <svg className="ind-spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("indicators.trend", { name: indicator.name })}>
      {indicator.target != null && <line x1={0} x2={W} y1={y(indicator.target)} y2={y(indicator.target)} className="target" />}
      <polyline points={line} />
      <circle cx={x(points.length - 1)} cy={y(last.value)} r={3} />
      <title>{points.map((p) => `${p.measuredOn}: ${formatMeasure(p.value)}`).join("\n")}</title>
    </svg>
  );
}
