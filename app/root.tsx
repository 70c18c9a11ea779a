import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";
import { getActor } from "./lib/http.server";
import { useNonce } from "./lib/nonce";
import { useCan, useRootData, useT, type RootData } from "./lib/viewer";
import { consortiumName } from "./models/consortium.server";
import { pendingNoticeCount } from "./models/notices.server";
import { NoticeBell } from "./components/notices/NoticeBell";
import { NavGroup } from "./components/nav/NavGroup";
import { pendingCheckCountOf } from "./models/check-notify.server";
import { CheckBell } from "./components/checks/CheckBell";
import { InboxLink } from "./components/inbox/InboxLink";
import { unreadCount } from "./models/inbox.server";
import { SearchBox } from "./components/search/SearchBox";
import { resolveLocale, translate } from "./i18n/catalog";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ data }) => [{ title: translate(resolveLocale((data as RootData | undefined)?.locale), "app.name") }];

export async function loader({ request, context }: LoaderFunctionArgs): Promise<RootData> {
  const actor = await getActor(request, context);
  const viewer = actor
    ? {
        id: actor.id,
        username: actor.username,
        displayName: actor.displayName,
        unitId: actor.unitId,
        unitName: actor.unitName,
        roles: actor.roles,
        permissions: actor.permissions,
        projectIds: actor.projectIds,
        csrfToken: actor.csrfToken,
        locale: actor.locale,
      }
    : null;
  return {
    viewer,
    // Before sign-in the login page may be asked for in English with ?lang=en.
    locale: actor?.locale ?? resolveLocale(new URL(request.url).searchParams.get("lang")),
    consortiumName: viewer ? consortiumName(context.db) : "",
    timeZone: context.db.$clock.timeZone,
    pendingNotices: actor ? pendingNoticeCount(context.db, actor) : 0,
    pendingChecks: actor ? pendingCheckCountOf(context.db, actor) : 0,
    unreadInbox: actor ? unreadCount(context.db, actor.id) : 0,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const { locale } = useRootData();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { viewer, consortiumName, pendingNotices, pendingChecks, unreadInbox } = useRootData();
  const t = useT();
  const { some } = useCan();
  if (!viewer) return <>{children}</>;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            联
          </span>
          <span>
            <strong>{consortiumName}</strong>
            <small>{t("app.name")}</small>
          </span>
        </div>
        <nav aria-label={t("nav.mainMenu")} className="mainnav">
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/dashboard">{t("dashboard.nav")}</NavLink>
          <NavGroup label={t("nav.groupTasks")} testId="nav-tasks">
            <NavLink to="/board">{t("nav.board")}</NavLink>
            <NavLink to="/battle-map">{t("battleMap.title")}</NavLink>
            <NavLink to="/key-tasks">{t("keyTasks.title")}</NavLink>
            <NavLink to="/responsibility">{t("responsibility.nav")}</NavLink>
            <NavLink to="/indicators">{t("indicators.nav")}</NavLink>
            <NavLink to="/changes">{t("changes.nav")}</NavLink>
          </NavGroup>
          <NavGroup label={t("nav.groupAssess")} testId="nav-assess">
            <NavLink to="/closeout">{t("closeout.nav")}</NavLink>
            <NavLink to="/acceptance">{t("closeout.acceptance.nav")}</NavLink>
            <NavLink to="/checks">{t("checks.nav")}</NavLink>
            <NavLink to="/rectifications">{t("checks.rect.nav")}</NavLink>
            <NavLink to="/technologies">{t("technologies.nav")}</NavLink>
            {viewer.roles.includes("observer") && <NavLink to="/escalations">{t("checks.esc.nav")}</NavLink>}
          </NavGroup>
          <NavGroup label={t("nav.groupResults")} testId="nav-results">
            {some("read", "report") && <NavLink to="/results">{t("results.nav")}</NavLink>}
            {some("read", "report") && <NavLink to="/reports">{t("reports.nav")}</NavLink>}
          </NavGroup>
          <NavLink to="/notices">{t("notices.nav")}</NavLink>
          {some("read", "admin") && <NavLink to="/admin">{t("nav.admin")}</NavLink>}
        </nav>
        <div className="usermenu">
          <SearchBox />
          <InboxLink count={unreadInbox ?? 0} />
          <NoticeBell count={pendingNotices ?? 0} />
          <CheckBell count={pendingChecks ?? 0} to={viewer.roles.includes("observer") ? "/escalations" : viewer.roles.includes("unit_lead") ? "/rectifications" : "/checks"} />
          <NavLink to="/account" className="who">
            <span className="avatar" aria-hidden>
              {viewer.displayName.slice(-2)}
            </span>
            <span>
              {viewer.displayName}
              <small>{viewer.unitName ?? viewer.roles.map((r) => t(`roles.${r}` as never)).join(t("common.listSep"))}</small>
            </span>
          </NavLink>
          <Form method="post" action="/logout">
            <input type="hidden" name="_csrf" value={viewer.csrfToken} />
            <button type="submit" className="btn ghost small">
              {t("nav.logout")}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && error.data && typeof error.data === "object" && "message" in error.data
      ? String((error.data as { message: string }).message)
      : status === 404
        ? t("errors.notFound")
        : status === 403
          ? t("errors.forbidden")
          : t("errors.pageFailed");
  return (
    <div className="error-page" role="alert">
      <h1>{status}</h1>
      <p>{message}</p>
      <a href="/">{t("nav.home")}</a>
    </div>
  );
}
