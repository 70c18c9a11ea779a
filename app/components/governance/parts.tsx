// Small pieces shared by the governance pages (organs and goals, meetings, funding): a form bound to one
// intent with its fields' messages, and the reply line with each intent's done message.
import { FormReply, useIntentForm, type IntentFormOptions, type IntentSchema } from "../form/IntentForm";
import type { IntentReply } from "../../lib/intent-form";
import type { MessageKey } from "../../i18n/catalog";
import { useMessage, useT } from "../../lib/viewer";
import { ORGANS } from "../../models/domain";
import { Field } from "../form/Field";

const DONE: Record<string, MessageKey> = {
  member: "governance.memberSaved",
  memberUpdate: "governance.memberSaved",
  memberEnd: "governance.memberEnded",
  goal: "governance.goalSaved",
  goalUpdate: "governance.goalSaved",
  goalRemove: "governance.goalRemoved",
  meeting: "governance.meetingSaved",
  funding: "governance.fundingSaved",
  propose: "governance.fundingProposed",
  accept: "governance.fundingAccepted",
};

export const GovReply = ({ reply }: { reply: IntentReply | undefined }) => <FormReply reply={reply} doneKey={(i) => DONE[i] ?? "common.save"} />;

/** useIntentForm plus `err(name)`: the field's message in the reader's language. */
export function useGovForm<I extends string, S extends IntentSchema>(opts: IntentFormOptions<I, S>) {
  const r = useIntentForm(opts);
  const m = useMessage();
  const err = (name: string) => m((r.fields as unknown as Record<string, { errors?: string[] } | undefined>)[name]?.errors?.[0]) || null;
  return { ...r, err };
}

/** The organ a member sits in or a meeting belongs to. */
export function OrganField({ value, error }: { value: string; error: string | null }) {
  const t = useT();
  return (
    <Field label={t("governance.organ")} error={error}>
      {(p) => (
        <select {...p} name="organ" defaultValue={value}>
          {ORGANS.map((o) => (
            <option key={o} value={o}>
              {t(`organs.${o}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
