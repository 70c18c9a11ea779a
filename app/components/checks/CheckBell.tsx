// The check-work bell in the top bar: how many checks, rectifications or escalations wait for the viewer
// (an expert's unsigned checks, a unit lead's open rectifications, the 总体部's open escalations …).
// Starts from the root loader's count; each personal "notify" of kind "check" carries the new count and a
// sentence, shown for a few seconds under the bell (reminders of due rectifications arrive the same way).
import { useEffect, useState } from "react";
import { Link, NavLink } from "@remix-run/react";
import { getSocket } from "../../realtime/socket.client";
import { Push, type Notification } from "../../realtime/protocol";
import { useT } from "../../lib/viewer";

export function CheckBell({ count, to }: { count: number; to: string }) {
  const t = useT();
  const [n, setN] = useState(count);
  const [latest, setLatest] = useState<{ text: string; href: string } | null>(null);
  useEffect(() => setN(count), [count]);
  useEffect(() => {
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const on = (p: Notification) => {
      if (p.kind !== "check") return;
      setN(p.pending);
      if (p.text) {
        setLatest({ text: p.text, href: p.href || to });
        clearTimeout(timer);
        timer = setTimeout(() => setLatest(null), 12000);
      }
    };
    socket.on(Push.notify, on);
    return () => {
      clearTimeout(timer);
      socket.off(Push.notify, on);
    };
  }, [to]);
  const label = t("checks.bell", { n });
  return (
    <span className="ck-bell-wrap">
      <NavLink to={to} className="notice-bell ck-bell" aria-label={label} title={label} data-testid="check-bell">
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M9 11l3 3L22 4" />
          <path d="M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11" />
        </svg>
        {n > 0 && <span className="notice-count" data-testid="check-count">{n}</span>}
      </NavLink>
      <span className="ck-toast-region" role="status" aria-live="polite">
        {latest && (
          <Link to={latest.href} className="ck-toast" data-testid="check-toast" onClick={() => setLatest(null)}>
            {latest.text}
          </Link>
        )}
      </span>
    </span>
  );
}
