// What a page that failed to load shows inside the shell (the header and navigation stay): 404 and 403
// say so with a way back; anything else (the server down, the network gone, a server error) offers
// 重试 and reloads by itself once the server answers again. Never the raw body of an error response.
import { isRouteErrorResponse, Link, useNavigate, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useT } from "../../lib/viewer";

const RECHECK_MS = 3000;

/** The message an error response carries ({ message } as JSON or an object), if it has one. */
function messageOf(error: unknown): string | null {
  if (!isRouteErrorResponse(error)) return null;
  let data: unknown = error.data;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return null; // plain text bodies are for logs, not for users
    }
  }
  return data && typeof data === "object" && "message" in data && typeof data.message === "string" ? data.message : null;
}

export function RouteFailure({ error }: { error: unknown }) {
  const t = useT();
  const navigate = useNavigate();
  const { revalidate, state } = useRevalidator();
  const status = isRouteErrorResponse(error) ? error.status : 0;
  const transient = status === 0 || status >= 500;

  // A transient failure heals itself: once the server answers its health check, load the page again.
  useEffect(() => {
    if (!transient) return;
    let stopped = false;
    const check = async () => {
      try {
        if ((await fetch("/healthz", { cache: "no-store" })).ok && !stopped) revalidate();
      } catch {
        // still down
      }
    };
    const timer = setInterval(check, RECHECK_MS);
    window.addEventListener("online", check);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener("online", check);
    };
  }, [transient, revalidate]);

  const title = status === 404 ? t("shell.notFoundTitle") : status === 403 ? t("shell.forbiddenTitle") : t("shell.pageFailed");
  const detail = messageOf(error) ?? (status === 404 ? t("errors.notFound") : status === 403 ? t("errors.forbidden") : t("shell.pageFailedHint"));
  return (
    <div className="error-page" role="alert" data-testid="route-failure" data-status={status}>
      {status > 0 && <p className="error-code">{status}</p>}
      <h1>{title}</h1>
      <p>{detail}</p>
      <div className="error-actions">
        {transient && (
          <button type="button" className="btn" onClick={() => revalidate()} disabled={state === "loading"}>
            {t("shell.retry")}
          </button>
        )}
        <button type="button" className="btn secondary" onClick={() => navigate(-1)}>
          {t("shell.back")}
        </button>
        <Link className="btn secondary" to="/">
          {t("shell.goHome")}
        </Link>
      </div>
    </div>
  );
}
