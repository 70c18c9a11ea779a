// What a page shows when there is nothing yet: what is missing, and the one link that gets it done.
import { Link } from "@remix-run/react";

type Props = { title: string; body?: string; action?: { to: string; label: string }; children?: React.ReactNode };

export function EmptyState({ title, body, action, children }: Props) {
  return (
    <div className="empty-state" role="status" data-testid="empty-state">
      <strong>{title}</strong>
      {body && <p>{body}</p>}
      {children}
      {action && (
        <Link to={action.to} className="btn">
          {action.label}
        </Link>
      )}
    </div>
  );
}
