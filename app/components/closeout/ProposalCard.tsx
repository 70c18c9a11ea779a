// One close-out proposal: the task, its indicator lines (met / waived with reason, evidence links), the
// deliverable's acceptance, the decision, and for the people allowed the approve/return and withdraw forms.
import { Form, Link } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { approveSchema, returnSchema, type ProposalRow, roundLabel } from "../../models/closeout";
import { Csrf, Field } from "../form/Field";
import { EvidenceList } from "../evidence/EvidenceList";
import { useFormat, useMessage, useT, useViewer } from "../../lib/viewer";
import { AcceptanceBadge, ProposalStatusBadge, targetText, valueText } from "./parts";
import { CommentDisclosure, type ItemThread } from "../comments/CommentThread";
import { stripRouting, type IntentReply } from "../../lib/intent-form";
import { TableHead } from "../ui/TableHead";


type Props = {
  proposal: ProposalRow;
  /** The viewer may approve or return it (outside the executing unit, with the right). */
  decidable: boolean;
  /** The viewer may withdraw it (its unit's proposer side). */
  withdrawable: boolean;
  /** Why the viewer, an approver, may not decide this one (own unit). */
  ownUnit?: boolean;
  last?: IntentReply;
  showRound?: boolean;
  /** The proposal's discussion (folded), when the page follows its comments. */
  thread?: ItemThread;
};

export function ProposalCard({ proposal: p, decidable, withdrawable, ownUnit, last, showRound, thread }: Props) {
  const t = useT();
  const f = useFormat();
  const mine = last && last.target === p.id ? last : undefined;
  const pending = p.status === "proposed";
  return (
    <article className={`panel co-card co-${p.status}`} data-proposal={p.id} data-task-code={p.taskCode} aria-label={`${p.taskCode} ${p.taskTitle}`}>
      <header className="co-head">
        <ProposalStatusBadge status={p.status} />
        <span className="co-code">{p.taskCode}</span>
        <Link to={`/projects/${p.projectId}/board`} className={`co-title${p.taskStatus === "closed" ? " co-struck" : ""}`}>
          {p.taskTitle}
        </Link>
        <span className="co-unit">{p.unitName}</span>
        {showRound && <span className="muted co-round">{roundLabel(t, p.roundPeriod)}</span>}
      </header>
      <p className="co-meta muted">
        {t("closeout.proposer")}{t("closeout.sep")}{p.proposerName}
        {p.onBehalf && <span className="badge co-behalf">{t("closeout.onBehalf")}</span>} · {f.dateTime(p.proposedAt)}
        {p.deciderName && (
          <>
            {" "}· {t("closeout.decider")}{t("closeout.sep")}{p.deciderName} · {f.dateTime(p.decidedAt)}
          </>
        )}
      </p>
      {p.note && <p className="co-note">{p.note}</p>}
      <ItemsTable proposal={p} />
      {p.acceptance && (
        <p className="co-accept">
          <strong>{t("closeout.acceptance.deliverable")}{t("closeout.sep")}</strong>
          {p.acceptance.deliverable} — {p.acceptance.acceptingUnitName} · {t(`closeout.acceptance.kinds.${p.acceptance.kind as "system"}`)}{" "}
          <AcceptanceBadge state={p.acceptance.state} />
          {p.acceptance.signerName && p.acceptance.signedAt && (
            <span className="muted"> {t("closeout.acceptance.signedBy", { name: p.acceptance.signerName, date: f.date(p.acceptance.signedAt) })}</span>
          )}
        </p>
      )}
      {p.decisionComment && (
        <p className="co-decision">
          <strong>{t("closeout.decisionComment")}{t("closeout.sep")}</strong>
          {p.decisionComment}
        </p>
      )}
      {mine?.done && <div className="alert ok" role="status">{t(`closeout.done.${mine.intent as "approve"}`)}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {pending && decidable && <DecisionForm proposal={p} last={mine} />}
      {pending && ownUnit && <p className="muted co-own">{t("closeout.notYours")}</p>}
      {pending && withdrawable && <WithdrawForm proposal={p} />}
      {thread && <CommentDisclosure entity="closeout" entityId={p.id} {...thread} />}
    </article>
  );
}

function ItemsTable({ proposal: p }: { proposal: ProposalRow }) {
  const t = useT();
  const yes = t("common.yes");
  const no = t("common.no");
  if (p.items.length === 0) return <p className="muted co-noind">{t("closeout.noIndicators", { progress: 100 })}</p>;
  return (
    <div className="table-wrap co-items">
      <table className="data">
        <TableHead columns={[t("closeout.indicator"), t("closeout.target"), t("closeout.latest"), t("closeout.state"), t("closeout.evidence")]} />
        <tbody>
          {p.items.map((i) => (
            <tr key={i.id} data-indicator={i.indicatorId}>
              <td>{i.indicatorName}</td>
              <td>{targetText(i, yes)}</td>
              <td className="num">{valueText(i, yes, no)}</td>
              <td>
                {i.met ? (
                  <span className="badge ok">{t("closeout.met")}</span>
                ) : i.waiverReason ? (
                  <>
                    <span className="badge warn">{t("closeout.waived")}</span>
                    <div className="co-waiver">{i.waiverReason}</div>
                  </>
                ) : (
                  <span className="badge bad">{t("closeout.unmet")}</span>
                )}
              </td>
              <td>
                <EvidenceList files={i.evidence} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One comment box, two buttons: approve (comment optional) or return (comment required). */
function DecisionForm({ proposal, last }: { proposal: ProposalRow; last?: IntentReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm({
    id: `decide-${proposal.id}`,
    lastResult: last?.intent === "approve" || last?.intent === "return" ? last.result : undefined,
    onValidate: ({ formData }) => {
      const schema = formData.get("intent") === "return" ? returnSchema : approveSchema;
      return parseWithZod(stripRouting(formData), { schema });
    },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form co-decide">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="id" value={proposal.id} />
      <input type="hidden" name="version" value={proposal.version} />
      <Field label={t("closeout.decisionComment")} error={m(fields.comment.errors?.[0])} hint={t("closeout.returnCommentHint")}>
        {(a) => <textarea {...a} name={fields.comment.name} rows={2} maxLength={1000} />}
      </Field>
      <div className="form-actions">
        <button type="submit" name="intent" value="approve" className="btn">
          {t("closeout.approve")}
        </button>
        <button type="submit" name="intent" value="return" className="btn danger">
          {t("closeout.return")}
        </button>
      </div>
    </Form>
  );
}

function WithdrawForm({ proposal }: { proposal: ProposalRow }) {
  const t = useT();
  const viewer = useViewer();
  return (
    <Form method="post" className="co-withdraw">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="id" value={proposal.id} />
      <input type="hidden" name="version" value={proposal.version} />
      <button type="submit" name="intent" value="withdraw" className="btn ghost small">
        {t("closeout.withdraw")}
      </button>
    </Form>
  );
}
