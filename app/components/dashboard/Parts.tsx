// Small building blocks of the dashboards: KPI tiles, colour chips with text, a proportional bar.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { RAGS, type Rag } from "../../models/rag";
import { DASH_UNIT_PAGE, RAG_COLORS, type DashboardView } from "../../models/dashboard";
import { ListWindow } from "../ui/ListWindow";
import { useT } from "../../lib/viewer";

export function Kpi(props: { label: string; value: number | string; sub?: string; tone?: "bad" | "warn" | "ok"; to?: string; testId?: string }) {
  const body = (
    <>
      <div className="value">{props.value}</div>
      <div className="label">{props.label}</div>
      {props.sub && <div className="dash-sub">{props.sub}</div>}
    </>
  );
  const cls = `figure dash-kpi${props.tone ? ` ${props.tone}` : ""}`;
  return props.to ? (
    <Link to={props.to} className={`${cls} link`} data-testid={props.testId}>
      {body}
    </Link>
  ) : (
    <div className={cls} data-testid={props.testId}>
      {body}
    </div>
  );
}

/** Non-zero status-colour counts as chips: a colour dot plus the colour's name and the count. */
export function RagChips({ counts, empty }: { counts: Record<Rag, number>; empty?: string }) {
  const t = useT();
  const shown = RAGS.filter((r) => counts[r] > 0);
  if (shown.length === 0) return <span className="muted">{empty ?? "—"}</span>;
  return (
    <span className="dash-chips">
      {shown.map((r) => (
        <span key={r} className={`dash-chip rag-${r}`}>
          <i style={{ background: RAG_COLORS[r] }} aria-hidden />
          {t(`battleMap.ragNames.${r}`)} {counts[r]}
        </span>
      ))}
    </span>
  );
}

/** A single proportional bar with a text legend of every part (used for check outcomes, round figures). */
export function ShareBar({ parts, label }: { parts: { key: string; label: string; value: number; color: string }[]; label: string }) {
  const t = useT();
  const total = parts.reduce((s, p) => s + p.value, 0);
  return (
    <div className="dash-share">
      <div
        className="dash-share-bar"
        role="img"
        aria-label={t("common.labelValue", { label, value: parts.map((p) => `${p.label} ${p.value}`).join(t("common.listSep")) })}
      >
        {total > 0 && parts.filter((p) => p.value > 0).map((p) => <span key={p.key} style={{ width: `${(p.value / total) * 100}%`, background: p.color }} />)}
      </div>
      <div className="legend dash-legend">
        {parts.map((p) => (
          <span key={p.key} data-testid={`share-${p.key}`}>
            <i style={{ background: p.color }} aria-hidden />
            {p.label} <strong>{p.value}</strong>
          </span>
        ))}
      </div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted dash-empty">{children}</p>;
}

/** A compact data table, or an empty-state line when there are no rows; `scroll` caps its height. */
export function CompactTable(props: { head: ReactNode; empty: string; count: number; scroll?: boolean; className?: string; children: ReactNode }) {
  if (props.count === 0) return <Empty>{props.empty}</Empty>;
  return (
    <div className={`table-wrap${props.scroll ? " dash-scroll" : ""}`}>
      <table className={`data dash-table-compact ${props.className ?? ""}`}>
        <thead>{props.head}</thead>
        {props.children}
      </table>
    </div>
  );
}

/** The foot of a per-unit chart showing the first units only: a link to the same view with more of them. */
export function UnitWindow(props: { view: DashboardView; shown: number; total: number; window: number }) {
  const t = useT();
  const { shown, total } = props;
  return (
    <ListWindow
      shown={shown}
      total={total}
      shownText={t("pageWindow.units", { shown, total })}
      moreText={t("pageWindow.unitsMore", { n: total - shown })}
      to={`?view=${props.view}&units=${props.window + DASH_UNIT_PAGE}`}
      testId="dash-units"
    />
  );
}
