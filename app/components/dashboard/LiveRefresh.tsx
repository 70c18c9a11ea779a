// Keeps a page of figures current: follows a board and revalidates the loader on its events, throttled
// (trailing edge kept), and again whenever the person comes back to the tab. Pages that may not follow
// the board (`live` false) still refresh on return. Shared by the dashboard and 我的工作.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "../../lib/viewer";
import { useBoard } from "../../realtime/use-board";
import { ConnectionBadge } from "../board/ConnectionBadge";

const NO_ROWS: never[] = [];
/** At most one reload of the figures per this many ms, however busy the board is. */
const REFRESH_MS = 2000;

function useThrottledRevalidate() {
  const revalidator = useRevalidator();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return () => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      revalidator.revalidate();
    }, wait);
  };
}

/** Revalidates when the tab becomes visible again (a phone unlocked, a tab switched back). */
export function useRefreshOnReturn(refresh: () => void) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const onVisible = () => document.visibilityState === "visible" && latest.current();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);
}

export function LiveRefresh({ boardId, seq, title }: { boardId: string; seq: number; title?: string }) {
  const t = useT();
  const refresh = useThrottledRevalidate();
  useRefreshOnReturn(refresh);
  const { conn } = useBoard({ boardId, seq, rows: NO_ROWS, entity: "dashboard", onRemoteChange: refresh });
  return (
    <span className="dash-live" title={title ?? t("dashboard.live")}>
      <ConnectionBadge state={conn} />
    </span>
  );
}

/** For pages that cannot follow a board: refresh on return only. */
export function RefreshOnReturn() {
  const refresh = useThrottledRevalidate();
  useRefreshOnReturn(refresh);
  return null;
}
