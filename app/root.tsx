import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";
import { getActor } from "./lib/http.server";
import { useNonce } from "./lib/nonce";
import { useRootData, type RootData } from "./lib/viewer";
import { consortiumName } from "./models/consortium.server";
import { pendingNoticeCount } from "./models/notices.server";
import { pendingCheckCountOf } from "./models/check-notify.server";
import { Shell } from "./components/nav/Shell";
import { RouteFailure } from "./components/nav/RouteFailure";
import { InboxLink } from "./components/inbox/InboxLink";
import { unreadCount } from "./models/inbox.server";
import { SearchBox } from "./components/search/SearchBox";
import { resolveLocale, translate } from "./i18n/catalog";
import { catalogAsset } from "./i18n/catalog-asset.server";
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
  // Before sign-in the login page may be asked for in English with ?lang=en.
  const locale = actor?.locale ?? resolveLocale(new URL(request.url).searchParams.get("lang"));
  return {
    viewer,
    locale,
    catalogHref: catalogAsset(locale).href,
    consortiumName: viewer ? consortiumName(context.db) : "",
    timeZone: context.db.$clock.timeZone,
    pendingNotices: actor ? pendingNoticeCount(context.db, actor) : 0,
    pendingChecks: actor ? pendingCheckCountOf(context.db, actor) : 0,
    unreadInbox: actor ? unreadCount(context.db, actor.id) : 0,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const { locale, catalogHref } = useRootData();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* The reader's messages, fetched by entry.client before hydration (without the root's data, e.g.
            when its loader failed, the address without a hash serves the current catalogue). */}
        <link rel="preload" as="fetch" crossOrigin="anonymous" href={catalogHref ?? `/i18n/${locale}.json`} data-catalog={locale} />
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

/** The header's tools slot: search and the inbox (each a self-contained component). */
function HeaderTools() {
  const { unreadInbox } = useRootData();
  return (
    <>
      <SearchBox />
      <InboxLink count={unreadInbox ?? 0} />
    </>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Shell tools={<HeaderTools />}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Signed in: the failure shows inside the shell, header and navigation intact (Shell renders just
  // the page when no one is signed in, e.g. when the root loader itself failed).
  return (
    <Shell tools={<HeaderTools />}>
      <RouteFailure error={error} />
    </Shell>
  );
}
