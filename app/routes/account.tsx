import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { clientIp, readForm, requireActor, sessionCookie } from "../lib/http.server";
import { changePassword } from "../models/auth.server";
import { passwordChangeSchema } from "../models/auth";
import { errorReply } from "../lib/error-reply";
import { Csrf, Field } from "../components/form/Field";
import { useMessage, useT, useViewer } from "../lib/viewer";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context);
  const submission = parseWithZod(await readForm(request, actor), { schema: passwordChangeSchema });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["currentPassword", "newPassword", "confirmPassword"] }), done: false, formError: null }, { status: 400 });
  try {
    const { sessionId } = await changePassword(context, actor, { ...submission.value, ip: clientIp(context) });
    // Post/redirect/get: the new session cookie survives with or without JavaScript.
    throw redirect("/account?changed=1", { headers: { "Set-Cookie": await sessionCookie(context.config).serialize(sessionId) } });
  } catch (err) {
    const reply = errorReply(err, actor.locale);
    if (!reply) throw err;
    return data({ result: submission.reply({ hideFields: ["currentPassword"] }), done: false, formError: reply.message }, { status: reply.status });
  }
}

export default function Account() {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const last = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: last?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordChangeSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <div className="page-head">
        <h1>{t("account.title")}</h1>
      </div>
      <div className="grid cols-2">
        <section className="panel">
          <dl className="facts">
            <dt>{t("login.username")}</dt>
            <dd>{viewer.username}</dd>
            <dt>{t("account.unit")}</dt>
            <dd>{viewer.unitName ?? t("common.none")}</dd>
            <dt>{t("account.roles")}</dt>
            <dd>{viewer.roles.map((r) => t(`roles.${r}` as never)).join("、")}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t("account.changePassword")}</h2>
          {params.get("changed") && !last && <div className="alert ok" role="status">{t("account.passwordChanged")}</div>}
          {last?.formError && <div className="alert bad" role="alert">{last.formError}</div>}
          <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
            <Csrf token={viewer.csrfToken} />
            <Field label={t("account.currentPassword")} error={m(fields.currentPassword.errors?.[0])}>
              {(p) => <input {...p} type="password" name={fields.currentPassword.name} autoComplete="current-password" />}
            </Field>
            <Field label={t("account.newPassword")} error={m(fields.newPassword.errors?.[0])}>
              {(p) => <input {...p} type="password" name={fields.newPassword.name} autoComplete="new-password" />}
            </Field>
            <Field label={t("account.confirmPassword")} error={m(fields.confirmPassword.errors?.[0])}>
              {(p) => <input {...p} type="password" name={fields.confirmPassword.name} autoComplete="new-password" />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn">{t("common.save")}</button>
            </div>
          </Form>
        </section>
      </div>
    </>
  );
}
