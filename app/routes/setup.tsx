// /setup: the first run. Open only while the install has no consortium or no admin (server/app.ts sends
// every other page here until then), and only with the token of the link the server printed at start.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { clientIp } from "../lib/http.server";
import { intentRunner } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { sessionCookie } from "../models/session-cookie.server";
import { completeSetup, setupAdminSchema, setupNeeds, setupPending, setupSchema, setupTokenValid } from "../models/setup.server";
import { resolveLocale, translate } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import { SetupForm } from "../components/setup/SetupForm";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "setup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!setupPending(context.db)) throw redirect("/login");
  const token = new URL(request.url).searchParams.get("token");
  const valid = setupTokenValid(context, token);
  return { token: valid ? token : null, badToken: !!token && !valid, needs: setupNeeds(context.db), today: context.db.$clock.today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Nobody is signed in yet: the printed token is what authorises the post (SameSite=Lax covers CSRF).
  const locale = resolveLocale(new URL(request.url).searchParams.get("lang"));
  // Once set up, the page is gone: refused before anything is read (the link is dead).
  if (!setupPending(context.db)) throw data({ message: translate(locale, "errors.setupDone") }, { status: 403 });
  const run = intentRunner(await request.formData(), "setup", locale);
  const schema = setupNeeds(context.db).consortium ? setupSchema : setupAdminSchema;
  return run(
    schema,
    async (v) => {
      const { sessionId } = await completeSetup(context, v, clientIp(context));
      return redirect("/admin/units?welcome=1", { headers: { "Set-Cookie": await sessionCookie(context.config).serialize(sessionId) } });
    },
    { hideFields: ["password", "confirmPassword"] },
  );
}

export default function Setup() {
  const { token, badToken, needs, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <div className="login-page">
      <div className="login-card setup-card">
        <h1>{t("setup.title")}</h1>
        {token ? (
          <>
            <p className="sub">{t("setup.subtitle")}</p>
            <SetupForm token={token} withConsortium={needs.consortium} today={today} reply={reply} />
          </>
        ) : (
          <>
            {badToken && (
              <div className="alert bad" role="alert">
                {t("setup.badToken")}
              </div>
            )}
            <h2>{t("setup.needLink")}</h2>
            <p>{t("setup.needLinkBody")}</p>
            <pre className="setup-cli">npm run admin:create -- --help</pre>
          </>
        )}
      </div>
    </div>
  );
}
