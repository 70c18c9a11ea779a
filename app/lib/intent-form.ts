// Shared by pages with several small intent forms and their actions (intent-form.server.ts): the fields
// that route a form but belong to no schema, and the shape of the action's reply.
import type { SubmissionResult } from "@conform-to/react";

/** Fields that route a form, not part of any schema (the schemas are strict). */
export const ROUTING_FIELDS = ["_csrf", "intent", "evidence"] as const;

export function stripRouting(form: FormData): FormData {
  for (const f of ROUTING_FIELDS) form.delete(f);
  return form;
}

export type IntentReply = {
  intent: string;
  /** The record the form was about (item id, claim id …), so only that form shows the reply. */
  target: number | null;
  /** The submission's reply for conform (absent when the request was refused before parsing). */
  result?: SubmissionResult<string[]>;
  formError: string | null;
  done: boolean;
};
