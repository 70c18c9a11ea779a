// The delivery log: counts by state, a filter (failed and retrying / all), and per delivery its channel,
// recipient, subject, state, attempts, the last error as the platform or SMTP server gave it, and a retry.
import { Form, Link } from "@remix-run/react";
import type { DeliveryLogRow } from "../../models/outbox.server";
import { IntentHidden, replyFor } from "../form/IntentForm";
import { useFormat, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";

type Props = { log: { rows: DeliveryLogRow[]; counts: Record<string, number> }; filter: "problems" | "all"; reply: IntentReply | undefined; canRetry: boolean };

const TONE: Record<string, string> = { sent: "ok", failed: "bad", pending: "warn", sending: "info", digested: "ok", held: "" };

export function DeliveryLog({ log, filter, reply, canRetry }: Props) {
  const t = useT();
  const f = useFormat();
  const c = log.counts;
  const refused = replyFor(reply, "retry");
  return (
    <>
      <div className="log-bar">
        <span data-testid="delivery-counts">{t("channels.counts", { pending: (c.pending ?? 0) + (c.sending ?? 0), sent: c.sent ?? 0, failed: c.failed ?? 0 })}</span>
        <nav className="seg" aria-label={t("channels.logTitle")}>
          <Link to="?show=problems" aria-current={filter === "problems" ? "page" : undefined}>
            {t("channels.filterProblems")}
          </Link>
          <Link to="?show=all" aria-current={filter === "all" ? "page" : undefined}>
            {t("channels.filterAll")}
          </Link>
        </nav>
      </div>
      {refused?.formError && (
        <div className="alert bad" role="alert">
          {refused.formError}
        </div>
      )}
      {log.rows.length === 0 ? (
        <p className="muted">{t("channels.noDeliveries")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data delivery-log" data-testid="delivery-log">
            <thead>
              <tr>
                <th>{t("channels.createdAt")}</th>
                <th>{t("channels.channel")}</th>
                <th>{t("channels.recipient")}</th>
                <th>{t("channels.subject")}</th>
                <th>{t("channels.status")}</th>
                <th className="num">{t("channels.attempts")}</th>
                <th>{t("channels.lastError")}</th>
                {canRetry && <th />}
              </tr>
            </thead>
            <tbody>
              {log.rows.map((d) => (
                <tr key={d.id}>
                  <td>{f.dateTime(d.createdAt)}</td>
                  <td>{t(`channels.channelNames.${d.channel}`)}</td>
                  <td>{d.recipient}</td>
                  <td>
                    <span className="muted">{t(`channels.kinds.${d.kind}` as never)} · </span>
                    {d.subject}
                  </td>
                  <td>
                    <span className={`badge ${TONE[d.status] ?? ""}`}>{t(`channels.statuses.${d.status}` as never)}</span>
                    {d.status === "pending" && d.attempts > 0 && <small className="muted"> {t("channels.nextAttempt")} {f.dateTime(d.sendAfter)}</small>}
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="error-text">{d.lastError}</td>
                  {canRetry && (
                    <td>
                      {(d.status === "failed" || d.status === "pending") && (
                        <Form method="post">
                          <IntentHidden intent="retry" values={{ id: d.id }} />
                          <button type="submit" className="btn secondary small">
                            {t("channels.retry")}
                          </button>
                        </Form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
