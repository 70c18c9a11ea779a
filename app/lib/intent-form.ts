// Shared by every form and its action (intent-form.server.ts, components/form/IntentForm.tsx): the
// fields that route a form but belong to no schema, and the one shape of an action's reply.
import type { SubmissionResult } from "@conform-to/react";

/** Fields that route a form, not part of any schema (the schemas are strict). */
const ROUTING_FIELDS = ["_csrf", "intent", "evidence"] as const;

export function stripRouting(form: FormData): FormData {
  for (const f of ROUTING_FIELDS) form.delete(f);
  return form;
}

/** The record a form is about: an id, or a key (a report section). */
export type ReplyTarget = number | string | null;

export type IntentReply<R = unknown> = {
  intent: string;
  /** The record the form was about (item id, claim id …), so only that form shows the reply. */
  target: ReplyTarget;
  /** The submission's reply for conform (absent when the request was refused before parsing). */
  result?: SubmissionResult<string[]>;
  done: boolean;
  /** Why it was refused, in the user's language (null for bad input: the fields say what is wrong). */
  formError: string | null;
  /** Why it was refused, as a code: `invalid` (bad input), `forbidden`, `conflict`, an `errors.*` key. */
  code?: string;
  /** On a conflict: the record as stored now, for the form to show theirs beside yours. */
  current?: unknown;
  /** What the write returned, when the action asks for it (`returnRow`). */
  row?: R;
};
