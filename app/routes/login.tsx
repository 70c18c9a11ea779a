import { redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { clientIp, getActor, sessionIdFrom } from "../lib/http.server";
import { deviceCookie, knownDeviceFromCookies, sessionCookie } from "../models/session-cookie.server";
import { login } from "../models/auth.server";
import { loginSchema, safeNext } from "../models/auth";
import { intentRunner } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { Field } from "../components/form/Field";
import { useMessage, useRootData, useT } from "../lib/viewer";
import { LOCALES, LOCALE_NAMES, resolveLocale } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return { demo: !!context.config.demo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Before sign-in: no session to check a CSRF token against (SameSite=Lax cookies cover it), and the
  // language is Chinese unless asked for ?lang=en (the form posts to the same URL).
  const locale = resolveLocale(new URL(request.url).searchParams.get("lang"));
  const run = intentRunner(await request.formData(), "login", locale);
  await context.writes?.idle(); // signing in writes a session: after an import's transaction, never blocking
  return run(
    loginSchema,
    async (v) => {
      const cookieHeader = request.headers.get("Cookie");
      const { sessionId, deviceId, locale: userLocale } = await login(context.db, {
        username: v.username,
        password: v.password,
        ip: clientIp(context),
        previousSessionId: await sessionIdFrom(request, context),
        knownDevice: await knownDeviceFromCookies(context.config, cookieHeader),
      });
      const headers = new Headers();
      headers.append("Set-Cookie", await sessionCookie(context.config).serialize(sessionId));
      headers.append("Set-Cookie", await deviceCookie(context.config).serialize({ account: v.username.toLowerCase(), id: deviceId }));
      // A user whose language is not the sign-in page's gets a whole new page: the browser holds only the
      // page's catalogue, and the document (title, lang) is rendered in his.
      return (userLocale === locale ? redirect : redirectDocument)(safeNext(v.next), { headers });
    },
    { hideFields: ["password"] },
  );
}

export default function Login() {
  const t = useT();
  const m = useMessage();
  const { locale } = useRootData();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const { demo } = useLoaderData<typeof loader>();
  const langHref = (l: string) => {
    const next = new URLSearchParams(params);
    next.set("lang", l);
    return `?${next.toString()}`;
  };
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult: last?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="login-page">
      <div className="login-card">
        <h1>{t("login.title")}</h1>
        <p className="sub">{t("login.subtitle")}</p>
        {last?.formError && (
          <div className="alert bad" role="alert">
            {last.formError}
          </div>
        )}
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          <Field label={t("login.username")} error={m(fields.username.errors?.[0])}>
            {(p) => <input {...p} name={fields.username.name} defaultValue={fields.username.initialValue} autoComplete="username" autoFocus />}
          </Field>
          <Field label={t("login.password")} error={m(fields.password.errors?.[0])}>
            {(p) => <input {...p} type="password" name={fields.password.name} autoComplete="current-password" />}
          </Field>
          <button type="submit" className="btn" disabled={busy}>
            {t("login.submit")}
          </button>
          {demo && (
            <p className="muted" style={{ fontSize: 12, margin: 0 }}>
              {t("login.demoHint")}
            </p>
          )}
          <p className="login-lang">
            {LOCALES.filter((l) => l !== locale).map((l) => (
              <a key={l} href={langHref(l)} lang={l} hrefLang={l}>
                {LOCALE_NAMES[l]}
              </a>
            ))}
          </p>
        </Form>
      </div>
    </div>
  );
}
