// One change request: what, why, who and when, the before/after table, what changed meanwhile (a
// stale request cannot be approved), and the approver's approve/reject form or the requester's withdraw.
import { CommentDisclosure, type ItemThread } from "../comments/CommentThread";
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { approveEntity, canDecide, changeApproveSchema, changeRejectSchema, type ChangeView } from "../../models/change-requests";
import { Csrf, Field } from "../form/Field";
import { useFormat, useMessage, useT, useViewer } from "../../lib/viewer";
import { DiffTable } from "./DiffTable";
import { CreditStandingNote } from "../credit/CreditStandingNote";
import type { CreditNote } from "../../models/credit";
import { stripRouting, type IntentReply } from "../../lib/intent-form";

export type ChangeReply = IntentReply | undefined;

const STATUS_TONE = { pending: "warn", approved: "ok", rejected: "bad", withdrawn: "" } as const;

function DecideForm({ change, reply }: { change: ChangeView; reply: ChangeReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const mine = reply && reply.target === change.id && (reply.intent === "approve" || reply.intent === "reject") ? reply : undefined;
  const [form, fields] = useForm({
    id: `decide-${change.id}`,
    lastResult: mine?.result,
    onValidate: ({ formData }) => {
      const reject = formData.get("intent") === "reject";
      return parseWithZod(stripRouting(formData), { schema: reject ? changeRejectSchema : changeApproveSchema });
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cr-decide">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="id" value={change.id} />
      <input type="hidden" name="version" value={change.version} />
      <Field label={t("changes.comment")} hint={t("changes.commentHint")} error={m(fields.comment.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.comment.name} rows={2} maxLength={1000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" name="intent" value="approve" className="btn" disabled={change.stale.length > 0}>
          {t("changes.approve")}
        </button>
        <button type="submit" name="intent" value="reject" className="btn danger">
          {t("changes.reject")}
        </button>
      </div>
    </Form>
  );
}

/** `thread`: the request's discussion (folded), when the page follows comments. */
export function ChangeCard({ change, reply, thread, credit }: { change: ChangeView; reply: ChangeReply; thread?: ItemThread; credit?: CreditNote }) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const mine = reply && reply.target === change.id ? reply : undefined;
  const pending = change.status === "pending";
  return (
    <article className={`panel cr-card cr-${change.status}`} id={`change-${change.id}`} data-change={change.id} aria-labelledby={`cr-title-${change.id}`}>
      <header className="cr-head">
        <span className="badge info">{t(`changes.kinds.${change.kind}`)}</span>
        <h3 id={`cr-title-${change.id}`}>
          #{change.id} {change.targetLabel}
        </h3>
        <span className={`badge ${STATUS_TONE[change.status]}`} data-testid="change-status">
          {t(`changes.statuses.${change.status}`)}
        </span>
      </header>
      <p className="cr-meta muted">
        {change.projectCode && <span>{change.projectCode} · </span>}
        {t("changes.requested", { name: change.requesterName, date: fmt.dateTime(change.requestedAt) })}
        {pending && <span> · {t(`changes.approver.${approveEntity(change.kind)}`)}</span>}
      </p>
      <p className="cr-reason">
        <strong>{t("changes.reason")}：</strong>
        {change.reason}
      </p>
      <DiffTable rows={change.diff} subjects={change.subjects} caption={`#${change.id}`} />
      {credit && <CreditStandingNote note={credit} />}
      {pending && change.stale.length > 0 && (
        <div className="alert warn cr-stale" role="alert">
          <p>{t("changes.staleTitle")}</p>
          <DiffTable rows={change.stale} subjects={change.subjects} heads={[t("changes.atRequest"), t("changes.current")]} />
          <p>{t("changes.staleHint")}</p>
        </div>
      )}
      {change.decidedAt && (
        <p className="cr-decision">
          <strong>{t("changes.decided", { name: change.deciderName ?? "—", date: fmt.dateTime(change.decidedAt), status: t(`changes.statuses.${change.status}`) })}</strong>
          {change.decisionComment && <>：{change.decisionComment}</>}
        </p>
      )}
      {mine?.done && (
        <div className="alert ok" role="status">
          {t(`changes.done.${mine.intent as "approve"}`)}
        </div>
      )}
      {mine?.formError && (
        <div className="alert bad" role="alert">
          {mine.formError}
        </div>
      )}
      {pending && canDecide(viewer, change) && <DecideForm change={change} reply={reply} />}
      {pending && change.requestedBy === viewer.id && (
        <Form method="post" className="inline-form">
          <Csrf token={viewer.csrfToken} />
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="id" value={change.id} />
          <input type="hidden" name="version" value={change.version} />
          <button type="submit" className="btn ghost small">
            {t("changes.withdraw")}
          </button>
        </Form>
      )}
      {thread && <CommentDisclosure entity="change" entityId={change.id} {...thread} />}
    </article>
  );
}
