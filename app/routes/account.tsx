import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { clientIp, readForm, requireActor } from "../lib/http.server";
import { sessionCookie } from "../models/session-cookie.server";
import { changePassword, setLocale } from "../models/auth.server";
import { localeSchema, passwordChangeSchema } from "../models/auth";
import { LOCALES, LOCALE_NAMES, translate, type Locale } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");
import { errorReply } from "../lib/error-reply";
import { Csrf, Field } from "../components/form/Field";
import { useMessage, useT, useViewer } from "../lib/viewer";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context);
  const form = await readForm(request, actor);
  if (form.get("intent") === "locale") {
    const localeSubmission = parseWithZod(form, { schema: localeSchema });
    if (localeSubmission.status !== "success") {
      return data({ result: localeSubmission.reply(), done: false, formError: null }, { status: 400 });
    }
    setLocale(context, actor, localeSubmission.value.locale);
    // Post/redirect/get: the root loader re-reads the user's locale, so the whole page switches.
    throw redirect("/account?language=1");
  }
  const submission = parseWithZod(form, { schema: passwordChangeSchema });
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

/** "界面语言 / Language": the label in the current language first, then in the others, so anyone finds it. */
const languageLabel = (current: Locale) =>
  [current, ...LOCALES.filter((l) => l !== current)].map((l) => translate(l, "account.language")).join(" / ");

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
            <dd>{viewer.roles.map((r) => t(`roles.${r}` as never)).join(t("common.listSep"))}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t("account.language")}</h2>
          {params.get("language") && <div className="alert ok" role="status">{t("account.languageSaved")}</div>}
          <Form method="post" className="form" key={viewer.locale}>
            <Csrf token={viewer.csrfToken} />
            <input type="hidden" name="intent" value="locale" />
            <Field label={languageLabel(viewer.locale)} hint={t("account.languageHint")}>
              {(p) => (
                <select {...p} name="locale" defaultValue={viewer.locale}>
                  {LOCALES.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn">{t("account.languageSave")}</button>
            </div>
          </Form>
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
