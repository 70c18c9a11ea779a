// 成果与知识产权: the registry with filters (kind, unit, project, clock state), the 先用后转 clock of each
// result (warnings at 18 and 21 months, the pool at 24), the pool list, and the register / edit form.
// The page follows the consortium board: results registered or changed elsewhere appear live.
import { commentsOn } from "../models/comments.server";
import { CommentDisclosure, commentsFor } from "../components/comments/CommentThread";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useCan, useFormat, useT, useViewer } from "../lib/viewer";
import { DomainError } from "../models/errors";
import { canReadResults, createResult, listResults, markResultInUse, resultOptions, updateResult } from "../models/results.server";
import {
  CLOCK_STATES,
  filterResults,
  pooledResults,
  RESULT_KINDS,
  resultClock,
  resultFigures,
  resultFilterSchema,
  resultSchema,
  resultUseSchema,
  type ResultRow,
} from "../models/results";
import { liveBoard } from "../models/boards.server";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { ClockBadge } from "../components/results/ClockBadge";
import { ResultForm } from "../components/results/ResultForm";
import { Csrf } from "../components/form/Field";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  if (!canReadResults(actor)) throw data({ message: translate(actor.locale, "errors.forbidden") }, { status: 403 });
  const { db } = context;
  return db.transaction(() => {
    const results = listResults(db, actor);
    return { ...liveBoard(db, actor), today: db.$clock.today(), results, comments: commentsOn(db, actor, "result", results.map((r) => r.id)), options: resultOptions(db) };
  });
}

const INTENTS = ["create", "update", "use"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, INTENTS);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  const today = context.db.$clock.today();
  switch (intent) {
    case "use":
      return run(resultUseSchema, (v) => markResultInUse(context, actor, v));
    case "create":
      return run(resultSchema(today), (v) => createResult(context, actor, v));
    case "update":
      return run(resultSchema(today), (v) => {
        if (!v.id) throw new DomainError("invalid", 400, { id: null });
        return updateResult(context, actor, { ...v, id: v.id });
      });
  }
}

export default function ResultsPage() {
  const { today, seq, boardId, results, options, comments, live: following } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { can, some } = useCan();
  const [params] = useSearchParams();
  // Who changed which result live (not the viewer himself), for the edit form's warning.
  const [changedBy, setChangedBy] = useState<Record<number, string>>({});
  const extra = useMemo(() => ({ comment: comments }), [comments]);
  const live = useBoard<ResultRow>({
    boardId,
    seq,
    rows: results,
    entity: "result",
    extra,
    onRemoteChange: (ev) => {
      const by = ev.payload.by;
      if (ev.payload.entity === "result" && by && by.id !== viewer.id) setChangedBy((m) => ({ ...m, [ev.payload.id]: by.name }));
    },
  });
  // A successful save opens the form afresh (new defaults, new version).
  const [formGen, setFormGen] = useState(0);
  useEffect(() => {
    if (reply?.done && reply.intent !== "use") setFormGen((g) => g + 1);
  }, [reply]);
  const all = [...live.rows].sort((a, b) => (b.obtainedOn ?? "").localeCompare(a.obtainedOn ?? "") || b.id - a.id);
  const filter = resultFilterSchema.parse(Object.fromEntries(params));
  const shown = filterResults(all, filter, today);
  const figures = resultFigures(all, today);
  const pool = pooledResults(all, today);
  const warned = all.filter((r) => ["warn18", "warn21"].includes(resultClock(r, today).state));
  const editId = Number(params.get("edit")) || null;
  const editing = editId ? all.find((r) => r.id === editId) : undefined;
  const editable = (r: ResultRow) => can("update", "result", { unitId: r.ownerUnitId, projectId: r.projectId });
  const useReply = reply?.intent === "use" ? reply : undefined;
  const filterLink = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return `?${next.toString()}`;
  };
  return (
    <div className="rs-page">
      <div className="page-head">
        <div>
          <h1>{t("results.title")}</h1>
          <p className="muted rs-sub">{t("results.subtitle")}</p>
        </div>
        <ConnectionBadge state={live.conn} />
      </div>
      <div className="figures">
        <Link className="figure link" to="?">
          <div className="value">{figures.total}</div>
          <div className="label">{t("results.figures.total")}</div>
        </Link>
        <Link className="figure link" to={filterLink({ kind: "patent" })}>
          <div className="value">{figures.byKind.patent}</div>
          <div className="label">{t("results.figures.patents")}</div>
        </Link>
        <div className="figure">
          <div className="value">{figures.inUse}</div>
          <div className="label">{t("results.figures.inUse")}</div>
        </div>
        <Link className="figure link" to={filterLink({ clock: "warn21" })}>
          <div className="value" data-testid="fig-warned">{figures.byClock.warn18 + figures.byClock.warn21}</div>
          <div className="label">{t("results.figures.warned")}</div>
        </Link>
        <Link className={`figure link${figures.byClock.pooled ? " bad" : ""}`} to={filterLink({ clock: "pooled" })}>
          <div className="value" data-testid="fig-pooled">{figures.byClock.pooled}</div>
          <div className="label">{t("results.figures.pooled")}</div>
        </Link>
      </div>

      <div className="rs-grid">
        <section aria-labelledby="rs-registry">
          <h2 id="rs-registry">{t("results.registry")}</h2>
          <Form method="get" className="rs-filters" aria-label={t("results.filters")}>
            <select name="kind" defaultValue={filter.kind ?? ""} aria-label={t("results.kind")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              <option value="">{t("results.allKinds")}</option>
              {RESULT_KINDS.map((k) => <option key={k} value={k}>{t(`results.kinds.${k}`)}</option>)}
            </select>
            <select name="unit" defaultValue={filter.unit ?? ""} aria-label={t("results.ownerUnit")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              <option value="">{t("results.allUnits")}</option>
              {options.units.map((u) => <option key={u.id} value={u.id}>{u.shortName}</option>)}
            </select>
            <select name="project" defaultValue={filter.project ?? ""} aria-label={t("results.project")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              <option value="">{t("results.allProjects")}</option>
              {options.projects.map((p) => <option key={p.id} value={p.id}>{p.code}</option>)}
            </select>
            <select name="clock" defaultValue={filter.clock ?? ""} aria-label={t("results.clockTitle")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              <option value="">{t("results.allClocks")}</option>
              {CLOCK_STATES.map((s) => <option key={s} value={s}>{t(`results.clock.${s}`)}</option>)}
            </select>
            <noscript><button type="submit" className="btn secondary small">{t("results.filters")}</button></noscript>
            <Link to="?" className="btn ghost small">{t("results.reset")}</Link>
            <span className="muted rs-count" data-testid="rs-count">{t("results.count", { n: shown.length })}</span>
          </Form>
          {useReply?.formError && <div className="alert bad" role="alert">{useReply.formError}</div>}
          {useReply?.done && <div className="alert ok" role="status">{t("results.usedDone")}</div>}
          <div className="table-wrap">
            <table className="data rs-table" data-testid="results-table">
              <thead>
                <tr>
                  <th scope="col">{t("results.kind")}</th>
                  <th scope="col">{t("results.titleField")}</th>
                  <th scope="col">{t("results.ownerUnit")}</th>
                  <th scope="col">{t("results.obtainedOn")}</th>
                  <th scope="col">{t("results.inUse")}</th>
                  <th scope="col">{t("results.clockTitle")}</th>
                  <th scope="col"><span className="visually-hidden">{t("common.actions")}</span></th>
                </tr>
              </thead>
              <tbody>
                {shown.length === 0 && (
                  <tr><td colSpan={7} className="empty">{t("results.empty")}</td></tr>
                )}
                {shown.map((r) => (
                  <tr key={r.id} data-result={r.id} className={r.id === editId ? "rs-editing" : undefined}>
                    <td className="nowrap">
                      <span className={`tag rs-kind ${r.kind}`}>{t(`results.kinds.${r.kind}`)}</span>
                      {r.isCommonTech && <span className="tag key rs-common">{t("results.commonTech")}</span>}
                    </td>
                    <td>
                      <div className="rs-title">{r.title}</div>
                      <small>{[r.registrationNo, r.projectCode].filter(Boolean).join(" · ")}</small>
                      <CommentDisclosure entity="result" entityId={r.id} comments={commentsFor(live.entities.comment, "result", r.id)} canPost={following} />
                    </td>
                    <td>
                      {r.ownerUnitName}
                      {r.sharingUnitNames.length > 0 && <small className="rs-sharing">{t("common.labelValue", { label: t("results.sharingUnits"), value: r.sharingUnitNames.join(t("common.listSep")) })}</small>}
                    </td>
                    <td className="nowrap">{fmt.date(r.obtainedOn)}</td>
                    <td>{r.inUse ? <span className="rs-use"><span className="badge ok">{t("results.inUseYes")}</span> <small>{r.useWhere}</small></span> : <span className="muted">{t("results.inUseNo")}</span>}</td>
                    <td><ClockBadge result={r} today={today} /></td>
                    <td className="nowrap rs-actions">
                      {editable(r) && <Link to={filterLink({ edit: String(r.id) })} className="btn ghost small" preventScrollReset>{t("results.edit")}</Link>}
                      {editable(r) && !r.inUse && (
                        <details className="rs-use-form">
                          <summary className="btn secondary small">{t("results.markInUse")}</summary>
                          <Form method="post" className="inline-form">
                            <Csrf token={viewer.csrfToken} />
                            <input type="hidden" name="intent" value="use" />
                            <input type="hidden" name="id" value={r.id} />
                            <input type="hidden" name="version" value={r.version} />
                            <label className="visually-hidden" htmlFor={`use-${r.id}`}>{t("results.useWhere")}</label>
                            <input id={`use-${r.id}`} name="useWhere" required maxLength={500} placeholder={t("results.useWhere")} />
                            <button type="submit" className="btn small">{t("results.markInUseSubmit")}</button>
                          </Form>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <aside className="rs-side">
          <section className="panel rs-pool" aria-labelledby="rs-pool" data-testid="pool-list">
            <h2 id="rs-pool">{t("results.poolTitle")}</h2>
            <p className="muted small-print">{t("results.poolHint")}</p>
            {pool.length === 0 ? <p className="muted">{t("results.poolEmpty")}</p> : (
              <ul className="rs-list">
                {pool.map((r) => (
                  <li key={r.id}>
                    <strong>{r.title}</strong>
                    <small>{r.ownerUnitName} · {t("results.poolSince")} {fmt.date(r.poolOn)}</small>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel rs-warn" aria-labelledby="rs-warn" data-testid="warn-list">
            <h2 id="rs-warn">{t("results.warnTitle")}</h2>
            <p className="muted small-print">{t("results.warnHint")}</p>
            {warned.length === 0 ? <p className="muted">{t("results.warnEmpty")}</p> : (
              <ul className="rs-list">
                {warned.map((r) => (
                  <li key={r.id}>
                    <strong>{r.title}</strong>
                    <ClockBadge result={r} today={today} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {(editing ? editable(editing) : some("create", "result")) && (
            <section className="panel" aria-labelledby="rs-form" id="result-form">
              <h2 id="rs-form">{editing ? t("results.editTitle", { title: editing.title }) : t("results.create")}</h2>
              <ResultForm
                key={`${editing?.id ?? "new"}-${formGen}`}
                options={options}
                today={today}
                editing={editing}
                reply={reply?.intent === "use" ? undefined : reply}
                changedBy={editing ? changedBy[editing.id] : undefined}
                onReload={() => setFormGen((g) => g + 1)}
              />
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
