// One end of a bar, to resize it: drag with the pointer, or focus it and press ←/→ (one zoom step each),
// Enter/Space to commit, Esc (or leaving the handle) to cancel. Only the day offset lives here; the
// task line draws the preview and the chart's reschedule does the checks and the sending.
import { useRef } from "react";
import { epochDay } from "../../models/rag";

type Props = {
  edge: "start" | "end";
  left: number;
  label: string;
  /** The would-be date of this end, for assistive technology. */
  date: string;
  step: number;
  pxPerDay: number;
  days: number;
  setDays: (days: number | null) => void;
  commit: (days: number) => void;
};

export function BarHandle({ edge, left, label, date, step, pxPerDay, days, setDays, commit }: Props) {
  const drag = useRef<{ x: number; days: number } | null>(null);
  const finish = (d: number) => {
    setDays(null);
    if (d !== 0) commit(d);
  };
  return (
    <span
      className={`bm-handle ${edge}`}
      style={{ left }}
      role="slider"
      tabIndex={0}
      aria-label={label}
      aria-valuenow={epochDay(date)}
      aria-valuetext={date}
      data-testid={`bm-handle-${edge}`}
      onKeyDown={(e) => {
        const dir = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (dir) setDays(days + dir * step);
        else if (e.key === "Enter" || e.key === " ") finish(days);
        else if (e.key === "Escape") setDays(null);
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
      onBlur={() => days !== 0 && setDays(null)}
      onPointerDown={(e) => {
        // Not the bar's move: this end only.
        e.stopPropagation();
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, days: 0 };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        const d = Math.round((e.clientX - drag.current.x) / pxPerDay);
        if (d !== drag.current.days) setDays((drag.current.days = d));
      }}
      onPointerUp={() => {
        const d = drag.current?.days ?? 0;
        drag.current = null;
        finish(d);
      }}
      onPointerCancel={() => {
        drag.current = null;
        setDays(null);
      }}
    />
  );
}
