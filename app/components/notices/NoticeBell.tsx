// The bell in the top bar: how many notices wait for the viewer (his unit's unanswered ones, or for the
// secretariat the answers to review). Starts from the root loader's count; every "notify" on the shared
// socket carries the recipient's new count, so it changes live without a reload.
import { NavLink } from "@remix-run/react";
import { usePushedCount } from "../../realtime/use-pushed-count";
import { useT } from "../../lib/viewer";

export function NoticeBell({ count }: { count: number }) {
  const t = useT();
  const { n, live } = usePushedCount(count, "notice", (p) => p.pending);
  const label = t("notices.bell", { n });
  return (
    <NavLink to="/notices" className="notice-bell" aria-label={label} title={label} data-testid="notice-bell" data-live={live ? "1" : "0"}>
      <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {n > 0 && <span className="notice-count" data-testid="notice-count">{n}</span>}
    </NavLink>
  );
}
