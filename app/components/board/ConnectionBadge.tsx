import type { ConnState, Viewer } from "../../realtime/use-board";
import { useT } from "../../lib/viewer";

export function ConnectionBadge({ state }: { state: ConnState }) {
  const t = useT();
  return (
    <span className={`conn ${state}`} data-testid="conn" data-state={state} role="status" aria-live="polite">
      <span className="dot" aria-hidden />
      {t(`conn.${state}`)}
    </span>
  );
}

/** Who else has this board open. */
export function Presence({ viewers, selfId }: { viewers: Viewer[]; selfId: number }) {
  const t = useT();
  const others = viewers.filter((v) => v.userId !== selfId);
  if (others.length === 0) return null;
  const names = others.map((v) => v.name).join(t("common.listSep"));
  return (
    <span className="viewers" data-testid="presence" title={t("board.viewers", { names })}>
      <span style={{ display: "flex", paddingLeft: 6 }} aria-hidden>
        {others.slice(0, 6).map((v) => (
          <span key={v.userId} className="avatar">
            {v.name.slice(-2)}
          </span>
        ))}
      </span>
      <span>{t("board.viewers", { names })}</span>
    </span>
  );
}
