// Client half of the technology pages' intent forms: a conform form bound to one intent (and one record),
// its hidden routing fields and the reply line (done / refused) under it.
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { Csrf } from "../form/Field";
import { useT, useViewer } from "../../lib/viewer";
import { stripRouting, type IntentReply } from "../../lib/intent-form";
import type { technologiesZh } from "../../i18n/sections/technologies";

export type DoneKey = keyof typeof technologiesZh.done;

/** The reply of the last submission, when it belongs to this form. */
export const replyFor = (last: IntentReply | undefined, intent: string, target: number | null = null) =>
  last && last.intent === intent && (target == null || last.target === target) ? last : undefined;

export function useIntentForm<S extends z.ZodType<Record<string, unknown>>>(opts: {
  id: string;
  intent: DoneKey;
  target?: number | null;
  schema: S;
  last: IntentReply | undefined;
}) {
  const mine = replyFor(opts.last, opts.intent, opts.target ?? null);
  const [form, fields] = useForm({
    id: opts.id,
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: opts.schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return { form, fields, mine };
}

/** CSRF token, intent and (for a record) its id and version. */
export function IntentFields({ intent, id, version, idName = "id" }: { intent: DoneKey; id?: number; version?: number; idName?: string }) {
  const viewer = useViewer();
  return (
    <>
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={intent} />
      {id != null && <input type="hidden" name={idName} value={id} />}
      {version != null && <input type="hidden" name="version" value={version} />}
    </>
  );
}

export function FormReply({ reply }: { reply: IntentReply | undefined }) {
  const t = useT();
  if (!reply) return null;
  if (reply.done) return <div className="alert ok" role="status">{t(`technologies.done.${reply.intent as DoneKey}`)}</div>;
  if (reply.formError) return <div className="alert bad" role="alert">{reply.formError}</div>;
  return null;
}
