// Small pieces of the check pages: status / outcome / result badges, the due-date mark of a
// rectification, and the intent-form plumbing (a conform form bound to one intent and one record, its
// hidden routing fields and the reply line under it).
import { differenceInCalendarDays, parseISO } from "date-fns";
import {
  FormReply,
  IntentHidden,
  replyFor as replyForIntent,
  useActionUrl as useIntentActionUrl,
  useIntentForm,
  type HiddenValues,
  type IntentFormOptions,
  type IntentSchema,
} from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import type { checksZh } from "../../i18n/sections/checks";
import type { checkSubstanceZh } from "../../i18n/sections/check-substance";
import {
  AWAITING_OWNER,
  type CheckStatus,
  type EscalationStatus,
  type ItemResult,
  type Outcome,
  type RectStatus,
  type Severity,
} from "../../models/checks";

type SubstanceIntent = Exclude<keyof typeof checkSubstanceZh.done, "delegate">;
export type CheckIntentName = keyof typeof checksZh.done | SubstanceIntent;

const CHECK_TONE: Record<CheckStatus, string> = { scheduled: "info", self_assessed: "warn", signed: "ok" };
const OUTCOME_TONE: Record<Outcome, string> = { pass: "ok", rectify: "warn", fail: "bad" };
const RESULT_TONE: Record<ItemResult, string> = { ok: "ok", problem: "warn", serious: "bad" };
const RECT_TONE: Record<RectStatus, string> = { open: "warn", submitted: "info", closed: "ok", escalated: "bad" };

export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  const t = useT();
  return <span className={`badge ${CHECK_TONE[status]}`} data-check-status={status}>{t(`checks.statuses.${status}`)}</span>;
}

export function OutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  const t = useT();
  if (!outcome) return <span className="muted">—</span>;
  return <span className={`badge ${OUTCOME_TONE[outcome]} ck-outcome`} data-outcome={outcome}>{t(`checks.outcomes.${outcome}`)}</span>;
}

export function ResultBadge({ result }: { result: ItemResult | null }) {
  const t = useT();
  if (!result) return <span className="badge" data-result="none">{t("checks.detail.notReviewed")}</span>;
  return <span className={`badge ${RESULT_TONE[result]}`} data-result={result}>{t(`checks.results.${result}`)}</span>;
}

export function RectStatusBadge({ status }: { status: RectStatus }) {
  const t = useT();
  return <span className={`badge ${RECT_TONE[status]}`} data-rect-status={status}>{t(`checks.rect.statuses.${status}`)}</span>;
}

export function EscalationStatusBadge({ status }: { status: EscalationStatus }) {
  const t = useT();
  return <span className={`badge ${status === "open" ? "bad" : "ok"}`} data-esc-status={status}>{t(`checks.esc.statuses.${status}`)}</span>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const t = useT();
  return severity === "serious" ? <span className="badge bad">{t("checks.rect.severities.serious")}</span> : null;
}

/** "逾期 3 天" / "4 天后到期" / "今天到期" while the owner still has to act; nothing otherwise. */
export function DueMark({ status, dueOn, today, soonDays }: { status: RectStatus; dueOn: string; today: string; soonDays: number }) {
  const t = useT();
  if (!AWAITING_OWNER.includes(status)) return null;
  const days = differenceInCalendarDays(parseISO(dueOn), parseISO(today));
  if (days < 0) return <strong className="ck-overdue" data-due="overdue">{t("checks.rect.overdue", { n: -days })}</strong>;
  if (days === 0) return <strong className="ck-soon" data-due="today">{t("checks.rect.dueToday")}</strong>;
  if (days <= soonDays) return <span className="ck-soon" data-due="soon">{t("checks.rect.dueSoon", { n: days })}</span>;
  return null;
}

// ------------------------------------------------------------------------------------------ intent forms
// The shared intent-form helpers (components/form/IntentForm.tsx) bound to the check intents.

/** The reply of the last submission, when it belongs to this form (same intent, same record). */
export const replyFor = (last: IntentReply | undefined, intent: CheckIntentName, target: number | null = null) => replyForIntent(last, intent, target);

export const useCheckForm = <S extends IntentSchema>(opts: IntentFormOptions<CheckIntentName, S>) => useIntentForm(opts);

/** CSRF token, intent and the record's id / version fields. */
export function Hidden({ intent, values }: { intent: CheckIntentName; values?: HiddenValues }) {
  return <IntentHidden intent={intent} values={values} />;
}

/** The form's action URL naming the intent and record (see components/form/IntentForm.tsx). */
export const useActionUrl = (intent: CheckIntentName, id: number): string => useIntentActionUrl(intent, id);

const doneKey = (intent: string) =>
  intent === "waive" ? (`checkSubstance.done.${intent as SubstanceIntent}` as const) : (`checks.done.${intent as Exclude<CheckIntentName, SubstanceIntent>}` as const);

export function Reply({ reply }: { reply: IntentReply | undefined }) {
  return <FormReply reply={reply} doneKey={doneKey} />;
}
