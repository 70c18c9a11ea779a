// 交付验收 (下家考核上家、系统考核部件、应用考核技术): a unit lead sees the deliverables waiting for his
// unit's acceptance and signs (accept / reject with reasons, evidence files); everyone sees the list of
// requirements; whoever may edit a task names its accepting unit here (?task=<id>, from the board drawer).
// The lead may name one person of his unit to sign a deliverable for it (delegation, shown on the card).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { requireActor } from "../lib/http.server";
import { pageTitle } from "../lib/meta";
import { Csrf, Field } from "../components/form/Field";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { EvidenceInput } from "../components/evidence/EvidenceInput";
import { EvidenceList } from "../components/evidence/EvidenceList";
import { AcceptanceBadge } from "../components/closeout/parts";
import { readIntent } from "../lib/intent-form.server";
import { stripRouting, type IntentReply } from "../lib/intent-form";
import { useCan, useFormat, useMessage, useT, useViewer } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import type { BoardEvent } from "../realtime/protocol";
import {
  ACCEPTANCE_DECISIONS,
  ACCEPTANCE_KINDS,
  acceptanceDelegateSchema,
  acceptanceSignSchema,
  deliverableClearSchema,
  deliverableSetSchema,
  type DeliverableRow,
} from "../models/acceptance";
import { acceptancePage } from "../models/deliverables.server";
import { clearDeliverable, delegateAcceptance, setDeliverable, signAcceptance } from "../models/acceptance.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "closeout.acceptance.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const taskParam = Number(new URL(request.url).searchParams.get("task"));
  return acceptancePage(context.db, actor, Number.isSafeInteger(taskParam) && taskParam > 0 ? taskParam : null);
}

const INTENTS = ["set", "clear", "sign", "delegate"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, INTENTS, { uploads: "sign" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  // A requirement is keyed by its task.
  switch (intent) {
    case "set":
      return run(deliverableSetSchema, (v) => setDeliverable(context, actor, v), { target: "taskId" });
    case "clear":
      return run(deliverableClearSchema, (v) => clearDeliverable(context, actor, v), { target: "taskId" });
    case "sign":
      return run(acceptanceSignSchema, (v) => signAcceptance(context, actor, v, files), { target: "taskId" });
    case "delegate":
      return run(acceptanceDelegateSchema, (v) => delegateAcceptance(context, actor, v), { target: "taskId" });
  }
}

const DONE_KEY = { set: "closeout.done.deliverableSet", clear: "closeout.done.deliverableClear", sign: "closeout.done.sign", delegate: "checkSubstance.done.delegate" } as const;

export default function Acceptance() {
  const t = useT();
  const viewer = useViewer();
  const { can: allowed } = useCan();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const revalidator = useRevalidator();
  // A task closing out leaves the "awaiting" list: reload when one of the listed tasks changes.
  const listed = useMemo(() => new Set(d.deliverables.map((r) => r.taskId)), [d.deliverables]);
  const onRemoteChange = useCallback(
    (ev: BoardEvent) => ev.type === "task.upserted" && listed.has(ev.payload.id) && revalidator.revalidate(),
    [revalidator, listed],
  );
  const board = useBoard<DeliverableRow>({ boardId: d.boardId, seq: d.seq, rows: d.deliverables, entity: "deliverable", onRemoteChange });
  const rows = useMemo(() => [...board.rows].sort((a, b) => a.taskCode.localeCompare(b.taskCode)), [board.rows]);
  // The lead of the accepting unit, or the person he delegated for this deliverable (acceptance.server.ts).
  const answers = (r: DeliverableRow) => allowed("sign", "acceptance", { unitId: r.acceptingUnitId }) || (r.delegate?.userId === viewer.id && viewer.unitId === r.acceptingUnitId);
  const signable = (r: DeliverableRow) => answers(r) && viewer.unitId !== r.ownerUnitId && r.taskStatus !== "closed";
  const delegable = (r: DeliverableRow) => allowed("delegate", "acceptance", { unitId: r.acceptingUnitId }) && r.taskStatus !== "closed";
  const awaiting = rows.filter((r) => viewer.unitId === r.acceptingUnitId && r.state !== "accepted" && r.taskStatus !== "closed");
  const mine = last && last.intent !== "sign" && last.intent !== "delegate" ? last : undefined;
  return (
    <div className="co-page">
      <div className="page-head">
        <div>
          <h1>{t("closeout.acceptance.title")}</h1>
          <p className="muted">{t("closeout.acceptance.subtitle")}</p>
        </div>
        {d.live && <ConnectionBadge state={board.conn} />}
      </div>
      {mine?.done && <div className="alert ok" role="status">{t(DONE_KEY[mine.intent as Intent])}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {d.editing && <RequirementForm editing={d.editing} last={mine} />}
      {viewer.unitId != null && (
        <section aria-labelledby="acc-awaiting" className="co-group">
          <h2 id="acc-awaiting">
            {t("closeout.acceptance.awaiting")} <span className="badge">{awaiting.length}</span>
          </h2>
          {awaiting.length === 0 ? (
            <p className="muted">{t("closeout.acceptance.awaitingEmpty")}</p>
          ) : (
            <div className="acc-cards">
              {awaiting.map((r) => (
                <AwaitingCard
                  key={r.taskId}
                  row={r}
                  canSign={signable(r)}
                  delegates={delegable(r) ? d.delegates : []}
                  last={last?.intent === "sign" && last.target === r.taskId ? last : undefined}
                  lastDelegate={last?.intent === "delegate" && last.target === r.taskId ? last : undefined}
                />
              ))}
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="acc-all" className="panel">
        <h2 id="acc-all">{t("closeout.acceptance.all")}</h2>
        <RequirementTable rows={rows} />
      </section>
    </div>
  );
}

function RequirementTable({ rows }: { rows: DeliverableRow[] }) {
  const t = useT();
  const f = useFormat();
  const { can: allowed } = useCan();
  if (rows.length === 0) return <p className="muted">{t("closeout.acceptance.allEmpty")}</p>;
  return (
    <div className="table-wrap">
      <table className="data acc-table">
        <thead>
          <tr>
            <th>{t("closeout.proposeTask")}</th>
            <th>{t("closeout.acceptance.ownerUnit")}</th>
            <th>{t("closeout.acceptance.deliverable")}</th>
            <th>{t("closeout.acceptance.acceptingUnit")}</th>
            <th>{t("closeout.acceptance.kind")}</th>
            <th>{t("closeout.acceptance.decision")}</th>
            <th>{t("closeout.evidence")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.taskId} data-deliverable={r.taskId} data-task-code={r.taskCode}>
              <td>
                <span className={r.taskStatus === "closed" ? "co-struck" : ""}>
                  {r.taskCode} {r.taskTitle}
                </span>
                {r.taskStatus !== "closed" && allowed("update", "task", { unitId: r.ownerUnitId, projectId: r.projectId }) && (
                  <>
                    {" "}
                    <Link to={`?task=${r.taskId}`} className="acc-edit">
                      {t("common.edit")}
                    </Link>
                  </>
                )}
              </td>
              <td>{r.ownerUnitName}</td>
              <td>{r.deliverable}</td>
              <td>{r.acceptingUnitName}</td>
              <td>{t(`closeout.acceptance.kinds.${r.acceptanceKind}`)}</td>
              <td>
                <AcceptanceBadge state={r.state} />
                {r.latest && (
                  <div className="muted acc-signed">
                    {t("closeout.acceptance.signedBy", { name: r.latest.signerName, date: f.date(r.latest.signedAt) })}
                    {r.latest.delegatorName && <> {t("checkSubstance.delegate.asDelegate", { name: r.latest.delegatorName })}</>}
                    {r.latest.comment && <div>{r.latest.comment}</div>}
                  </div>
                )}
              </td>
              <td>
                <EvidenceList files={r.latest?.evidence} emptyText={null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The lead names (or withdraws) the one person signing this deliverable for his unit. */
function DelegateForm({ row, people, last }: { row: DeliverableRow; people: { id: number; name: string }[]; last?: IntentReply }) {
  const t = useT();
  const viewer = useViewer();
  const current = row.delegate;
  return (
    <Form method="post" className="acc-delegate" aria-label={t("checkSubstance.delegate.title")}>
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="taskId" value={row.taskId} />
      <input type="hidden" name="version" value={current?.version ?? 0} />
      {last?.done && <div className="alert ok" role="status">{t("checkSubstance.done.delegate")}</div>}
      {last?.formError && <div className="alert bad" role="alert">{last.formError}</div>}
      <label htmlFor={`delegate-${row.taskId}`}>{t("checkSubstance.delegate.label")}</label>
      <select id={`delegate-${row.taskId}`} name="userId" defaultValue={current?.userId ?? ""} key={current?.version ?? 0} title={t("checkSubstance.delegate.hint")}>
        <option value="">{t("checkSubstance.delegate.none")}</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>{p.name}</option>
        ))}
      </select>
      <button type="submit" name="intent" value="delegate" className="btn secondary small">{t("checkSubstance.delegate.submit")}</button>
    </Form>
  );
}

function AwaitingCard({ row, canSign, delegates, last, lastDelegate }: { row: DeliverableRow; canSign: boolean; delegates: { id: number; name: string }[]; last?: IntentReply; lastDelegate?: IntentReply }) {
  const f = useFormat();
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm({
    id: `sign-${row.taskId}`,
    lastResult: last?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: acceptanceSignSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <article className="panel acc-card" data-deliverable={row.taskId} aria-label={`${row.taskCode} ${row.taskTitle}`}>
      <header className="co-head">
        <AcceptanceBadge state={row.state} />
        <span className="co-code">{row.taskCode}</span>
        <strong className="co-title">{row.taskTitle}</strong>
        <span className="co-unit">{row.ownerUnitName}</span>
      </header>
      <p>
        <strong>{t("closeout.acceptance.deliverable")}{t("closeout.sep")}</strong>
        {row.deliverable} · {t(`closeout.acceptance.kinds.${row.acceptanceKind}`)}
      </p>
      {row.latest && row.latest.decision === "rejected" && (
        <p className="muted">
          {row.latest.signerName}{t("closeout.sep")}{row.latest.comment}
        </p>
      )}
      {row.delegate && (
        <p className="muted acc-delegated" data-testid="delegate">
          {t("checkSubstance.delegate.shown", { name: row.delegate.name, by: row.delegate.delegatorName, date: f.date(row.delegate.delegatedAt) })}
        </p>
      )}
      {delegates.length > 0 && <DelegateForm row={row} people={delegates} last={lastDelegate} />}
      {last?.done && <div className="alert ok" role="status">{t("closeout.done.sign")}</div>}
      {last?.formError && <div className="alert bad" role="alert">{last.formError}</div>}
      {canSign && (
        <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate className="form acc-sign">
          <Csrf token={viewer.csrfToken} />
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="taskId" value={row.taskId} />
          <fieldset className="plain">
            <legend className="field-legend">{t("closeout.acceptance.decision")}</legend>
            <div className="toggle-group">
              {ACCEPTANCE_DECISIONS.map((dec) => (
                <label key={dec} className="check">
                  <input type="radio" name={fields.decision.name} value={dec} defaultChecked={dec === "accepted"} />
                  {t(`closeout.acceptance.decisions.${dec}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label={t("closeout.acceptance.comment")} error={m(fields.comment.errors?.[0])} hint={t("closeout.acceptance.commentHint")}>
            {(a) => <textarea {...a} name={fields.comment.name} rows={2} maxLength={1000} />}
          </Field>
          <EvidenceInput />
          <div className="form-actions">
            <button type="submit" className="btn">
              {t("closeout.acceptance.sign")}
            </button>
          </div>
        </Form>
      )}
    </article>
  );
}

type Editing = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["editing"]>;

function RequirementForm({ editing, last }: { editing: Editing; last?: IntentReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const dlv = editing.deliverable;
  const [form, fields] = useForm({
    id: `requirement-${editing.task.id}-${dlv?.version ?? 0}`,
    lastResult: last?.intent === "set" ? last.result : undefined,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: deliverableSetSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel acc-requirement" aria-labelledby="acc-req-h">
      <h2 id="acc-req-h">{t("closeout.acceptance.requirementFor", { code: editing.task.code, title: editing.task.title })}</h2>
      <p className="muted">{t("closeout.acceptance.requirementHint")}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols">
        <Csrf token={viewer.csrfToken} />
        <input type="hidden" name="intent" value="set" />
        <input type="hidden" name="taskId" value={editing.task.id} />
        <input type="hidden" name="version" value={dlv?.version ?? 0} />
        <Field label={t("closeout.acceptance.deliverable")} error={m(fields.deliverable.errors?.[0])}>
          {(a) => <input {...a} name={fields.deliverable.name} defaultValue={dlv?.deliverable ?? ""} maxLength={500} />}
        </Field>
        <Field label={t("closeout.acceptance.acceptingUnit")} error={m(fields.acceptingUnitId.errors?.[0])}>
          {(a) => (
            <select {...a} name={fields.acceptingUnitId.name} defaultValue={dlv?.acceptingUnitId ?? ""}>
              <option value="">—</option>
              {editing.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.shortName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("closeout.acceptance.kind")} error={m(fields.acceptanceKind.errors?.[0])}>
          {(a) => (
            <select {...a} name={fields.acceptanceKind.name} defaultValue={dlv?.acceptanceKind ?? "downstream"}>
              {ACCEPTANCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`closeout.acceptance.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions" style={{ alignSelf: "end" }}>
          <button type="submit" className="btn">
            {t("closeout.acceptance.save")}
          </button>
        </div>
      </Form>
      {dlv && (
        <Form method="post" className="acc-clear">
          <Csrf token={viewer.csrfToken} />
          <input type="hidden" name="taskId" value={editing.task.id} />
          <input type="hidden" name="version" value={dlv.version} />
          <button type="submit" name="intent" value="clear" className="btn danger small">
            {t("closeout.acceptance.clear")}
          </button>
        </Form>
      )}
    </section>
  );
}
