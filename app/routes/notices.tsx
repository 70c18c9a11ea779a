// 提示与督办: the notification list. Members of a unit see their unit's notices (its leads acknowledge and
// answer); the secretariat issues notices for late or behind tasks and follows every notice to its close.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { stripRouting } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { Csrf, Field } from "../components/form/Field";
import { useCan, useFormat, useMessage, useT, useViewer } from "../lib/viewer";
import { isOverdueNotice, noticeAcknowledgeSchema, noticeAnswerSchema, noticeCloseSchema, noticeIssueSchema, NOTICE_KINDS, type NoticeRow } from "../models/notices";
import {
  acknowledgeNotice,
  answerNotice,
  closeNotice,
  issueNotice,
  listNotices,
  noticeCandidates,
  seesAllNotices,
} from "../models/notices.server";
import { canSome } from "../models/permissions";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notices.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  return {
    today,
    seesAll: seesAllNotices(actor),
    notices: listNotices(context.db, actor),
    candidates: canSome(actor, "issue", "notice") ? noticeCandidates(context.db, today) : [],
  };
}

const INTENTS = ["issue", "acknowledge", "answer", "close"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, INTENTS);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  const today = context.db.$clock.today();
  switch (intent) {
    case "issue":
      return run(noticeIssueSchema(today), (v) => issueNotice(context, actor, v, today));
    case "acknowledge":
      return run(noticeAcknowledgeSchema, (v) => acknowledgeNotice(context, actor, v));
    case "answer":
      return run(noticeAnswerSchema, (v) => answerNotice(context, actor, v));
    case "close":
      return run(noticeCloseSchema, (v) => closeNotice(context, actor, v));
  }
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

function IntentFields({ intent, notice }: { intent: Intent; notice?: NoticeRow }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      {notice && <input type="hidden" name="id" value={notice.id} />}
      {notice && <input type="hidden" name="version" value={notice.version} />}
    </>
  );
}

function IssueForm({ last, candidates, today }: { last: ActionData; candidates: ReturnType<typeof useLoaderData<typeof loader>>["candidates"]; today: string }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [params] = useSearchParams();
  const mine = last?.intent === "issue" ? last : undefined;
  const [form, fields] = useForm({
    id: "issue-notice",
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: noticeIssueSchema(today) }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" id="issue">
      <h2>{t("notices.issueTitle")}</h2>
      <p className="muted">{t("notices.issueHint")}</p>
      {mine?.done && <div className="alert ok" role="status">{t("notices.done.issue")}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {candidates.length === 0 ? (
        <p className="muted">{t("notices.noCandidates")}</p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
          <Csrf token={viewer.csrfToken} />
          <IntentFields intent="issue" />
          <Field label={t("notices.task")} error={m(fields.taskId.errors?.[0])}>
            {(p) => (
              <select {...p} name={fields.taskId.name} key={params.get("task")} defaultValue={params.get("task") ?? ""}>
                <option value="">—</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} {c.title}（{c.unitName}，{t(`battleMap.ragNames.${c.rag}`)}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("notices.kind")} error={m(fields.kind.errors?.[0])}>
            {(p) => (
              <select {...p} name={fields.kind.name} defaultValue="supervision">
                {NOTICE_KINDS.map((k) => (
                  <option key={k} value={k}>{t(`notices.kinds.${k}`)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("notices.body")} error={m(fields.body.errors?.[0])}>
            {(p) => <textarea {...p} name={fields.body.name} rows={3} maxLength={1000} />}
          </Field>
          <Field label={t("notices.respondBy")} error={m(fields.respondBy.errors?.[0])}>
            {(p) => <input {...p} type="date" name={fields.respondBy.name} min={today} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn">{t("notices.issue")}</button>
          </div>
        </Form>
      )}
      {candidates.length > 0 && (
        <ul className="notice-candidates">
          {candidates.map((c) => (
            <li key={c.id}>
              <span className={`badge rag-${c.rag}`}>{t(`battleMap.ragNames.${c.rag}`)}</span> {c.code} {c.title} · {c.unitName}{" "}
              <Link to={`?task=${c.id}#issue`} preventScrollReset>{t("notices.issueTitle")}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One small form per button (acknowledge / close), each with the notice's version for the stale check. */
function ActionButton({ notice, intent, label, className = "btn small" }: { notice: NoticeRow; intent: Intent; label: string; className?: string }) {
  const viewer = useViewer();
  return (
    <Form method="post" className="inline-form">
      <Csrf token={viewer.csrfToken} />
      <IntentFields intent={intent} notice={notice} />
      <button type="submit" className={className}>{label}</button>
    </Form>
  );
}

function AnswerForm({ notice, last }: { notice: NoticeRow; last: ActionData }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const mine = last?.intent === "answer" && last.target === notice.id ? last : undefined;
  const [form, fields] = useForm({
    id: `answer-${notice.id}`,
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: noticeAnswerSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form notice-answer">
      <Csrf token={viewer.csrfToken} />
      <IntentFields intent="answer" notice={notice} />
      <Field label={t("notices.response")} error={m(fields.response.errors?.[0])}>
        {(p) => <textarea {...p} name={fields.response.name} rows={3} maxLength={2000} placeholder={t("notices.responsePlaceholder")} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn small">{t("notices.answer")}</button>
      </div>
    </Form>
  );
}

function NoticeCard({ notice, today, last }: { notice: NoticeRow; today: string; last: ActionData }) {
  const t = useT();
  const fmt = useFormat();
  const { can } = useCan();
  const canRespond = can("respond", "notice", { unitId: notice.unitId });
  const canClose = can("issue", "notice", { unitId: notice.unitId });
  const awaiting = notice.status === "open" || notice.status === "acknowledged";
  const mine = last && last.target === notice.id ? last : undefined;
  return (
    <article className={`panel notice notice-${notice.kind} notice-${notice.status}`} id={`notice-${notice.id}`} data-notice={notice.id}>
      <header className="notice-head">
        <span className={`badge notice-kind ${notice.kind}`}>{t(`notices.kinds.${notice.kind}`)}</span>
        <Link to={`/tasks/${notice.taskId}/history`} className="notice-task">
          {notice.taskCode} {notice.taskTitle}
        </Link>
        <span className={`badge notice-status ${notice.status}`}>{t(`notices.statuses.${notice.status}`)}</span>
      </header>
      <p className="notice-body">{notice.body}</p>
      <dl className="notice-facts">
        <dt>{t("notices.unit")}</dt>
        <dd>{notice.unitName}</dd>
        <dt>{t("notices.issuer")}</dt>
        <dd>{notice.issuerName} · {fmt.date(notice.issuedAt)}</dd>
        <dt>{t("notices.respondBy")}</dt>
        <dd>
          {fmt.date(notice.respondBy)}
          {isOverdueNotice(notice, today) && <strong className="notice-overdue"> {t("notices.overdue")}</strong>}
        </dd>
        {notice.response && (
          <>
            <dt>{t("notices.response")}</dt>
            <dd className="notice-response">{notice.response}</dd>
          </>
        )}
      </dl>
      {mine?.done && <div className="alert ok" role="status">{t(`notices.done.${mine.intent as Intent}`)}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {canRespond && awaiting && (
        <div className="notice-actions">
          {notice.status === "open" && <ActionButton notice={notice} intent="acknowledge" label={t("notices.acknowledge")} />}
          <AnswerForm notice={notice} last={last} />
        </div>
      )}
      {canClose && notice.status !== "closed" && (
        <div className="notice-actions">
          <ActionButton notice={notice} intent="close" label={t("notices.close")} className="btn ghost small" />
        </div>
      )}
    </article>
  );
}

export default function Notices() {
  const t = useT();
  const { today, seesAll, notices, candidates } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const { some } = useCan();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("notices.title")}</h1>
          <p className="muted">{t("notices.subtitle")}</p>
        </div>
      </div>
      <div className={some("issue", "notice") ? "grid notices-grid" : ""}>
        <section aria-labelledby="notices-list">
          <h2 id="notices-list">{seesAll ? t("notices.all") : t("notices.mine")}</h2>
          {notices.length === 0 ? <p className="muted">{t("notices.empty")}</p> : notices.map((n) => <NoticeCard key={n.id} notice={n} today={today} last={last} />)}
        </section>
        {some("issue", "notice") && <IssueForm last={last} candidates={candidates} today={today} />}
      </div>
    </>
  );
}
