// Admin: is the audit trail intact (hash chain walked on every visit), and the latest entries as
// sentences in the reader's language (who did what to which item) with a before → after summary. Renders inside the admin layout's <Outlet />.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "../lib/http.server";
import { recentAudit, verifyAuditChain } from "../models/audit.server";
import { sentenceOf } from "../models/activity.server";
import type { MessageKey } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";
import { formatDate } from "../i18n/format";
import { useT } from "../lib/viewer";

const LATEST = 100;
// Bookkeeping fields that change on every write and say nothing to a reader.
const NOISE = new Set(["version", "fieldVersions", "updatedAt", "updatedBy", "position"]);
const MAX_FIELDS = 4;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

/** In the consortium's zone, formatted on the server so the page hydrates identically. */
const wallTime = (iso: string, timeZone: string) => formatDate("zh-CN", iso, "yyyy-MM-dd HH:mm:ss", timeZone);

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === "") return "—";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

type ChangeSummary = { fields: { field: string; from: string; to: string }[]; more: number; label: string | null };

/** Which fields differ between before and after; a creation names what was created. */
function summarize(before: Record<string, unknown> | null, after: Record<string, unknown> | null): ChangeSummary {
  if (!before) {
    const label = after ? (after.title ?? after.name ?? after.username ?? after.displayName ?? null) : null;
    return { fields: [], more: 0, label: label == null ? null : show(label) };
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after ?? {})])].filter((k) => !NOISE.has(k));
  const changed = keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after?.[k]))
    .map((k) => ({ field: k, from: show(before[k]), to: show(after?.[k]) }));
  return { fields: changed.slice(0, MAX_FIELDS), more: Math.max(0, changed.length - MAX_FIELDS), label: null };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "admin");
  const chain = verifyAuditChain(context.db);
  const entries = recentAudit(context.db, LATEST).map((e) => ({
    id: e.id,
    at: wallTime(e.at, context.db.$clock.timeZone),
    sentence: sentenceOf(context.db, actor.locale, e),
    action: e.action,
    change: summarize(e.before, e.after),
  }));
  return { chain, checkedAt: wallTime(context.db.$clock.nowIso(), context.db.$clock.timeZone), entries };
}

export default function AdminAudit() {
  const { chain, checkedAt, entries } = useLoaderData<typeof loader>();
  const t = useT();
  // Labels for known actions/entities/fields; anything newer shows its code rather than nothing.
  const known = (key: string, fallback: string) => {
    const text = t(key as MessageKey);
    return text === key ? fallback : text;
  };
  const value = (field: string, v: string) =>
    field === "status" ? known(`statuses.${v}`, v) : v === "true" ? t("common.yes") : v === "false" ? t("common.no") : v;
  return (
    <>
      <section className={`panel audit-chain ${chain.ok ? "ok" : "bad"}`} aria-labelledby="audit-chain-h" data-testid="audit-chain">
        <h2 id="audit-chain-h">{t("audit.chain")}</h2>
        <p className={`alert ${chain.ok ? "ok" : "bad"}`} role="status">
          {chain.ok ? t("audit.intact") : t("audit.broken", { id: chain.firstBadId ?? "?" })}
        </p>
        <p className="muted">
          {chain.ok ? t("audit.rows", { n: chain.rows }) : t("audit.stoppedAt", { n: chain.rows })} · {t("audit.checkedAt", { at: checkedAt })} ·{" "}
          {t("audit.verifyHint")}
        </p>
      </section>
      <section className="panel" aria-labelledby="audit-latest-h">
        <h2 id="audit-latest-h">{t("audit.latest", { n: entries.length })}</h2>
        {entries.length === 0 ? (
          <p className="muted">{t("audit.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="data audit-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>{t("audit.at")}</th>
                  <th>{t("activity.title")}</th>
                  <th>{t("audit.change")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="num">{e.id}</td>
                    <td className="nowrap">{e.at}</td>
                    <td className="audit-sentence" title={e.action}>
                      {e.sentence}
                    </td>
                    <td>
                      {e.change.label && <span>{e.change.label}</span>}
                      {e.change.fields.map((f) => (
                        <div key={f.field} className="audit-change">
                          <span className="muted">{known(`fields.${f.field}`, f.field)}：</span>
                          <del>{value(f.field, f.from)}</del> → <ins>{value(f.field, f.to)}</ins>
                        </div>
                      ))}
                      {e.change.more > 0 && <span className="muted">{t("audit.more", { n: e.change.more })}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
