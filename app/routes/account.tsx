import { redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { clientIp, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { sessionCookie } from "../models/session-cookie.server";
import { changePassword, setLocale } from "../models/auth.server";
import { localeSchema, passwordChangeSchema } from "../models/auth";
import { LOCALES, LOCALE_NAMES, translate, type Locale } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";
import { Csrf, Field } from "../components/form/Field";
import { useMessage, useT, useViewer } from "../lib/viewer";
import { prefsOf, savePrefs } from "../models/outbox.server";
import { prefsSchema } from "../models/outbox";
import { getUser } from "../models/users.server";
import { PrefsForm } from "../components/channels/PrefsForm";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return {
    mustChange: actor.mustChangePassword,
    prefs: prefsOf(context.db, actor.id),
    email: getUser(context.db, actor.id).email,
    mailEnabled: Boolean(context.config.mailEnabled),
    languageLabel: languageLabelOf(actor.locale),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["locale", "password", "prefs"], { defaultIntent: "password" });
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "locale":
      return run(localeSchema, (v) => {
        setLocale(context, actor, v.locale);
        // Post/redirect/get as a whole new document, rendered in the new language (the browser holds only
        // the catalogue of the language its page was rendered in).
        return redirectDocument("/account?language=1");
      });
    case "prefs":
      return run(prefsSchema, (v) => {
        savePrefs(context, actor, v);
        return redirect("/account?prefs=1");
      });
    case "password":
      return run(
        passwordChangeSchema,
        async (v) => {
          const { sessionId } = await changePassword(context, actor, { ...v, ip: clientIp(context) });
          // Post/redirect/get: the new session cookie survives with or without JavaScript.
          return redirect("/account?changed=1", { headers: { "Set-Cookie": await sessionCookie(context.config).serialize(sessionId) } });
        },
        { hideFields: ["currentPassword", "newPassword", "confirmPassword"] },
      );
  }
}

/** "界面语言 / Language": the label in the current language first, then in the others, so anyone finds it
 * (made on the server: the browser holds only its reader's catalogue). */
const languageLabelOf = (current: Locale) =>
  [current, ...LOCALES.filter((l) => l !== current)].map((l) => translate(l, "account.language")).join(" / ");

export default function Account() {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const { prefs, email, mailEnabled, languageLabel } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const last = reply?.intent === "password" ? reply : undefined;
  const [params] = useSearchParams();
  const { mustChange } = useLoaderData<typeof loader>();
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
            <Field label={languageLabel} hint={t("account.languageHint")}>
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
          {mustChange && !last && (
            <div className="alert warn" role="alert">
              {t("setup.mustChange")}
            </div>
          )}
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
        <section className="panel" aria-labelledby="prefs-h">
          <h2 id="prefs-h">{t("channels.prefsTitle")}</h2>
          <PrefsForm prefs={prefs} email={email} saved={Boolean(params.get("prefs"))} mailEnabled={mailEnabled} />
        </section>
      </div>
    </>
  );
}
