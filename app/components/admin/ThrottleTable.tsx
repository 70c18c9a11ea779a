// Sign-in limits in force (accounts per address, addresses, slowed accounts, the owner's browsers, password
// changes), longest first, each with a button that lifts it: how an admin lets a locked-out owner back in.
import { Form } from "@remix-run/react";
import type { ThrottleView } from "../../models/throttle.server";
import { Csrf } from "../form/Field";
import { useFormat, useT, useViewer } from "../../lib/viewer";

export function ThrottleTable({ throttles }: { throttles: ThrottleView[] }) {
  const t = useT();
  const f = useFormat();
  const viewer = useViewer();
  return (
    <section className="panel" aria-labelledby="throttles-h" data-testid="throttles">
      <h2 id="throttles-h">{t("security.throttles")}</h2>
      <p className="muted">{t("security.throttlesHint")}</p>
      {throttles.length === 0 ? (
        <p className="muted">{t("security.throttlesEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{t("security.subject")}</th>
                <th className="num nowrap">{t("security.failures")}</th>
                <th>{t("security.lockedUntil")}</th>
                <th>
                  <span className="visually-hidden">{t("security.clear")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {throttles.map((x) => (
                <tr key={x.key} data-testid="throttle-row">
                  <td>
                    <span className="tag">{t(`security.kinds.${x.kind}`)}</span> <span className="mono">{[x.account, x.address].filter(Boolean).join(" @ ")}</span>
                  </td>
                  <td className="num">{x.failures}</td>
                  <td className="nowrap">
                    <span className="badge bad">{f.dateTime(x.lockedUntil)}</span>
                  </td>
                  <td>
                    <Form method="post" action="/admin/users?index">
                      <Csrf token={viewer.csrfToken} />
                      <input type="hidden" name="intent" value="clearThrottle" />
                      <input type="hidden" name="key" value={x.key} />
                      <button type="submit" className="btn secondary">
                        {t("security.clear")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
