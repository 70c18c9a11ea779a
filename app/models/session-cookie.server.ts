// The signed session cookie: one definition for every door into the app. HTTP requests (app/lib/
// http.server.ts) and socket handshakes (server/realtime/socket-server.ts) both read the session id
// from it; sign-in, password change and sign-out write it.
import type { Cookie } from "@remix-run/node";
import { lazyRequire } from "../lib/lazy-require.server";
import { SESSION_DAYS, type KnownDevice } from "./auth.server";
import type { AppConfig } from "./context.server";

type CookieConfig = Pick<AppConfig, "sessionSecret" | "secureCookies">;
const remix = lazyRequire<typeof import("@remix-run/node")>("@remix-run/node");
const cookies = new Map<string, Cookie>();

export function sessionCookie({ sessionSecret, secureCookies }: CookieConfig): Cookie {
  const key = `${sessionSecret}:${secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = remix().createCookie("cw_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies,
      path: "/",
      maxAge: SESSION_DAYS * 24 * 3600,
      secrets: [sessionSecret],
    });
    cookies.set(key, cookie);
  }
  return cookie;
}

/** The session id in a Cookie header, or null when absent or not signed with our secret. */
export async function sessionIdFromCookies(config: CookieConfig, cookieHeader: string | null | undefined): Promise<string | null> {
  const value = await sessionCookie(config).parse(cookieHeader ?? null);
  return typeof value === "string" ? value : null;
}

const DEVICE_DAYS = 180;

/**
 * "This browser signed in as <account> before": a signed cookie set at each sign-in. Sign-in attempts
 * that carry it for the same account are throttled apart from everyone else's (the owner's way in while
 * others guess at the account; auth.server.ts).
 */
export function deviceCookie({ sessionSecret, secureCookies }: CookieConfig): Cookie {
  const key = `device:${sessionSecret}:${secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = remix().createCookie("cw_device", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: DEVICE_DAYS * 24 * 3600, secrets: [sessionSecret] });
    cookies.set(key, cookie);
  }
  return cookie;
}

/** The known device in a Cookie header, if its signed cookie is intact. */
export async function knownDeviceFromCookies(config: CookieConfig, cookieHeader: string | null | undefined): Promise<KnownDevice | null> {
  const v = (await deviceCookie(config).parse(cookieHeader ?? null)) as Partial<KnownDevice> | null;
  return v && typeof v.account === "string" && typeof v.id === "string" ? { account: v.account, id: v.id } : null;
}
