// An admin sets a temporary password for a user who forgot his; the user must change it at next sign-in.
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { passwordResetSchema } from "../../models/users";
import type { UserRow } from "../../models/users.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";

export function PasswordResetForm({ user, reply }: { user: UserRow; reply?: IntentReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm({
    id: `reset-${user.id}`,
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordResetSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="reset-h">
      <h2 id="reset-h">{t("setup.resetTitle")}</h2>
      <p className="muted">{t("setup.resetHint")}</p>
      {reply?.done && (
        <div className="alert ok" role="status">
          {t("setup.resetDone")}
        </div>
      )}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
        <FormAlert reply={reply} />
        <Csrf token={viewer.csrfToken} />
        <input type="hidden" name="intent" value="resetPassword" />
        <input type="hidden" name="version" value={user.version} />
        <Field label={t("setup.resetPassword")} error={m(fields.password.errors?.[0])} hint={t("users.passwordHint")}>
          {(p) => <input {...p} type="text" name={fields.password.name} autoComplete="off" spellCheck={false} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">
            {t("setup.resetSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
