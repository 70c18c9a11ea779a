// The V of one iteration, drawn in SVG from the pure layout (vLayout): the left leg descends from
// requirements to component design, the right leg ascends from component test to validation in use, and
// a dashed line joins each verification item to the design item it verifies. Each item is coloured by
// state with a glyph and a dash pattern as well (colour-blind safe: Okabe–Ito hues, never colour alone),
// and is a link to its row in the item table, so the diagram is usable from the keyboard.
import { LEVELS, vLayout, type ItemRow, type ItemState } from "../../models/vmodel";
import { useT } from "../../lib/viewer";

/** Glyph, stroke and fill per state. */
const STATE_STYLE: Record<ItemState, { glyph: string; stroke: string; fill: string; dash?: string }> = {
  planned: { glyph: "○", stroke: "#7b8798", fill: "#f4f6f9", dash: "5 3" },
  in_progress: { glyph: "◐", stroke: "#0072b2", fill: "#e4f1fa" },
  done: { glyph: "✓", stroke: "#009e73", fill: "#e2f4ee" },
  failed: { glyph: "✗", stroke: "#d55e00", fill: "#fcebe0" },
};

/** A state's glyph and name, for tables and the legend. */
export function StateMark({ state }: { state: ItemState }) {
  const t = useT();
  const s = STATE_STYLE[state];
  return (
    <span className={`vstate vstate-${state}`} data-state={state}>
      <span aria-hidden className="vstate-glyph" style={{ color: s.stroke }}>{s.glyph}</span>
      {t(`technologies.states.${state}`)}
    </span>
  );
}

const clip = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s);

export function VDiagram({ items, label }: { items: ItemRow[]; label: string }) {
  const t = useT();
  const layout = vLayout(items);
  const byId = new Map(items.map((i) => [i.id, i]));
  const { width, height, boxes, links, bands, spine } = layout;
  const levelName = (leg: "left" | "right", level: (typeof LEVELS)[number]) =>
    leg === "left" ? t(`technologies.leftLevels.${level}`) : t(`technologies.rightLevels.${level}`);
  const points = spine.map(([x, y]) => `${x},${y}`).join(" ");
  return (
    <figure className="vdiagram">
      <svg viewBox={`0 0 ${width} ${height}`} role="group" aria-label={label} data-testid="vmodel-svg">
        <defs>
          <marker id="v-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" fill="#5b6b8c" />
          </marker>
        </defs>
        <polyline points={points} fill="none" stroke="#e3e9f2" strokeWidth={54} strokeLinejoin="round" strokeLinecap="round" />
        <text x={spine[0]![0]} y={16} textAnchor="middle" className="v-leg-title">{t("technologies.legs.left")}</text>
        <text x={spine[spine.length - 1]![0]} y={16} textAnchor="middle" className="v-leg-title">{t("technologies.legs.right")}</text>
        <text x={width / 2} y={16} textAnchor="middle" className="v-flow">
          {t("technologies.decompose")} ↘ · ↗ {t("technologies.integrate")}
        </text>
        {bands.map((b) => (
          <text key={b.level} x={width / 2} y={b.y + b.h + 13} textAnchor="middle" className="v-band-label">
            {levelName("left", b.level)} ⇆ {levelName("right", b.level)}
          </text>
        ))}
        {links.map((k) => (
          <line key={`${k.rightId}-${k.leftId}`} x1={k.x1} y1={k.y1} x2={k.x2} y2={k.y2} className="v-link" markerEnd="url(#v-arrow)" data-link={`${k.rightId}-${k.leftId}`} />
        ))}
        {boxes.map((b) => {
          const item = byId.get(b.id)!;
          const s = STATE_STYLE[item.state];
          const name = `${levelName(b.leg, b.level)}${t("technologies.labelSep")}${item.title} · ${t(`technologies.states.${item.state}`)}`;
          return (
            <a key={b.id} href={`#item-${b.id}`} aria-label={name} className="v-item" data-item={b.id} data-state={item.state}>
              <title>{name}</title>
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} fill={s.fill} stroke={s.stroke} strokeWidth={item.state === "failed" ? 2.5 : 1.5} strokeDasharray={s.dash} />
              <text x={b.x + 8} y={b.y + 16} className="v-item-level">
                <tspan fill={s.stroke} fontWeight={700}>{s.glyph}</tspan> {levelName(b.leg, b.level)} · {t(`technologies.states.${item.state}`)}
              </text>
              <text x={b.x + 8} y={b.y + 35} className="v-item-title">{clip(item.title, 13)}</text>
            </a>
          );
        })}
        {items.length === 0 && (
          <text x={width / 2} y={height / 2} textAnchor="middle" className="v-empty">{t("technologies.noItems")}</text>
        )}
      </svg>
      <figcaption className="v-legend" aria-label={t("technologies.legend")}>
        {(Object.keys(STATE_STYLE) as ItemState[]).map((s) => (
          <span key={s} className="v-legend-item">
            <svg width="22" height="14" aria-hidden>
              <rect x="1" y="1" width="20" height="12" rx="3" fill={STATE_STYLE[s].fill} stroke={STATE_STYLE[s].stroke} strokeWidth="1.5" strokeDasharray={STATE_STYLE[s].dash} />
            </svg>
            <StateMark state={s} />
          </span>
        ))}
        <span className="v-legend-item">
          <svg width="30" height="14" aria-hidden>
            <line x1="2" y1="7" x2="28" y2="7" className="v-link" />
          </svg>
          {t("technologies.legendLink")}
        </span>
      </figcaption>
    </figure>
  );
}
