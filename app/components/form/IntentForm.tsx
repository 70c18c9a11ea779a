// Client half of pages with several small intent forms (the server half is lib/intent-form.server.ts):
// a conform form bound to one intent (and one record), its hidden routing fields, the action URL that
// names the form, and the reply line (done / refused) under it. Features wrap these with their own
// intent names and done messages (components/technologies/intent.tsx, components/checks/parts.tsx).
import { useLocation } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { Csrf } from "./Field";
import { useT, useViewer } from "../../lib/viewer";
import { stripRouting, type IntentReply } from "../../lib/intent-form";
import type { MessageKey } from "../../i18n/catalog";

/** The reply of the last submission, when it belongs to this form (same intent, same record). */
export const replyFor = <I extends string>(last: IntentReply | undefined, intent: I, target: number | null = null) =>
  last && last.intent === intent && (target == null || last.target === target) ? last : undefined;

export type IntentSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;
export type IntentFormOptions<I extends string, S extends IntentSchema> = {
  id: string;
  intent: I;
  target?: number | null;
  schema: S;
  last: IntentReply | undefined;
};

export function useIntentForm<I extends string, S extends IntentSchema>(opts: IntentFormOptions<I, S>) {
  const mine = replyFor(opts.last, opts.intent, opts.target ?? null);
  const [form, fields] = useForm<z.input<S>, z.output<S>>({
    id: opts.id,
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: opts.schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return { form, fields, mine };
}

export type HiddenValues = Record<string, number | string | undefined | null>;

/** CSRF token, intent and the record's fields (id, version …); empty values are left out. */
export function IntentHidden<I extends string>({ intent, values = {} }: { intent: I; values?: HiddenValues }) {
  const viewer = useViewer();
  return (
    <>
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values).map(([k, v]) => (v == null ? null : <input key={k} type="hidden" name={k} value={v} />))}
    </>
  );
}

/**
 * The form's action URL: this page (keeping its filters) with the intent and record named, so a refusal
 * that comes before the form is parsed (an upload too large) still lands beside the right form.
 */
export function useActionUrl<I extends string>(intent: I, id: number): string {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  params.set("intent", intent);
  params.set("id", String(id));
  return `?${params.toString()}`;
}

/**
 * Why the last submission was refused, in words, bad input included ("提交的内容不正确"): for forms whose
 * fields do not all show their own messages. Null when it was not refused.
 */
export function useRefusalText(reply: IntentReply | null | undefined): string | null {
  const t = useT();
  if (!reply || reply.done) return null;
  return reply.formError ?? (reply.code === "invalid" ? t("errors.invalid") : null);
}

/** The reply line: the feature's done message for the intent, or the refusal. */
export function FormReply({ reply, doneKey }: { reply: IntentReply | undefined; doneKey: (intent: string) => MessageKey }) {
  const t = useT();
  if (!reply) return null;
  if (reply.done) return <div className="alert ok" role="status">{t(doneKey(reply.intent))}</div>;
  if (reply.formError) return <div className="alert bad" role="alert">{reply.formError}</div>;
  return null;
}
