// The 先用后转 clock of one result: a coloured badge with the months elapsed and the pool date.
import { resultClock, type ResultRow } from "../../models/results";
import { useFormat, useT } from "../../lib/viewer";

const TONE = { none: "", ok: "info", warn18: "warn", warn21: "bad", pooled: "bad pooled" } as const;

export function ClockBadge({ result, today }: { result: ResultRow; today: string }) {
  const t = useT();
  const fmt = useFormat();
  const c = resultClock(result, today);
  if (c.state === "none") {
    return <span className="muted rs-clock-none">{result.isCommonTech && result.inUse ? t("results.clockStopped") : "—"}</span>;
  }
  const detail =
    c.state === "pooled" ? t("results.clockPooledDetail", { date: fmt.date(c.poolOn) }) : t("results.clockDetail", { months: c.months ?? 0, date: fmt.date(c.poolOn) });
  return (
    <span className="rs-clock" data-clock={c.state}>
      <span className={`badge ${TONE[c.state]}`} title={detail}>
        <span className="dot" aria-hidden />
        {t(`results.clock.${c.state}`)}
      </span>
      <small>{detail}</small>
    </span>
  );
}
