// The foot of a windowed list (models/page-window.ts): how many rows of how many are shown and a plain
// "更多" link to the same page with a wider window (keyboard, touch, no script needed). Nothing when the
// list is shown whole.
import { Link } from "@remix-run/react";

export function ListWindow(props: { shown: number; total: number; shownText: string; moreText: string; to: string; testId?: string }) {
  if (props.shown >= props.total) return null;
  return (
    <p className="list-window" aria-live="polite" data-testid={props.testId}>
      <span className="kt-sub">{props.shownText}</span>
      <Link className="btn secondary" to={props.to} preventScrollReset data-testid={props.testId && `${props.testId}-more`}>
        {props.moreText}
      </Link>
    </p>
  );
}
