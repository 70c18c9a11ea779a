// The header's link to the 通知中心 with the person's unread count. Starts from the root loader's count;
// every "notify" of kind "inbox" carries the new count, so it rises live without a reload. Self-contained:
// the header layout places it like the other bells.
import { NavLink } from "@remix-run/react";
import { usePushedCount } from "../../realtime/use-pushed-count";
import { useT } from "../../lib/viewer";

export function InboxLink({ count }: { count: number }) {
  const t = useT();
  const { n, live } = usePushedCount(count, "inbox", (p) => p.unread);
  const label = t("inbox.link", { n });
  return (
    <NavLink to="/inbox" className="notice-bell inbox-link" aria-label={label} title={label} data-testid="inbox-link" data-live={live ? "1" : "0"}>
      <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M22 12h-6l-2 3h-4l-2-3H2" />
        <path d="M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z" />
      </svg>
      {n > 0 && (
        <span className="notice-count" data-testid="inbox-count">
          {n > 99 ? "99+" : n}
        </span>
      )}
    </NavLink>
  );
}
