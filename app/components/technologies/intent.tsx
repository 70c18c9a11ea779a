// The technology pages' intent forms: the shared intent-form helpers (components/form/IntentForm.tsx)
// bound to this feature's intents and done messages.
import {
  FormReply as IntentFormReply,
  IntentHidden,
  replyFor as replyForIntent,
  useIntentForm as useBoundIntentForm,
  type IntentFormOptions,
  type IntentSchema,
} from "../form/IntentForm";
import type { IntentReply } from "../../lib/intent-form";
import type { technologiesZh } from "../../i18n/sections/technologies";

export type DoneKey = keyof typeof technologiesZh.done;

/** The reply of the last submission, when it belongs to this form. */
export const replyFor = (last: IntentReply | undefined, intent: string, target: number | null = null) => replyForIntent(last, intent, target);

export const useIntentForm = <S extends IntentSchema>(opts: IntentFormOptions<DoneKey, S>) => useBoundIntentForm(opts);

/** CSRF token, intent and (for a record) its id and version. */
export function IntentFields({ intent, id, version, idName = "id" }: { intent: DoneKey; id?: number; version?: number; idName?: string }) {
  return <IntentHidden intent={intent} values={{ [idName]: id, version }} />;
}

const doneKey = (intent: string) => `technologies.done.${intent as DoneKey}` as const;

export function FormReply({ reply }: { reply: IntentReply | undefined }) {
  return <IntentFormReply reply={reply} doneKey={doneKey} />;
}
