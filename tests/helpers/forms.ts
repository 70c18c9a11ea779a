// Signing in and posting forms as a browser does, for integration tests against the real server: the
// session cookie from the real login form, the session's CSRF token from a page it opens, and form posts
// (urlencoded, or multipart with files) carrying both. Redirects are not followed.
import { loginCookie } from "./server";
import { multipart } from "./evidence-fixtures";

export type Session = { cookie: string; csrf: string };
export type Fields = Record<string, string | number | (string | number)[]>;
export type Posted = { status: number; html: string; location: string | null };

/** The CSRF token in a page's forms (every signed-in page has one: the sign-out form). */
export function csrfIn(html: string): string {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error("no CSRF token in the page");
  return csrf;
}

/** The session's CSRF token, read from `page`. */
export async function csrfOf(url: string, cookie: string, page = "/"): Promise<string> {
  return csrfIn(await (await fetch(`${url}${page}`, { headers: { cookie } })).text());
}

/** Signs in through the login form; the CSRF token comes from `page` (the home page by default). */
export async function signIn(url: string, username: string, opts: { page?: string; password?: string } = {}): Promise<Session> {
  const cookie = await loginCookie(url, username, opts.password);
  return { cookie, csrf: await csrfOf(url, cookie, opts.page) };
}

/** A session per user name, signed in once per test server. */
export function sessionCache(url: () => string, page?: string) {
  const sessions = new Map<string, Promise<Session>>();
  return (username: string): Promise<Session> => {
    let s = sessions.get(username);
    if (!s) sessions.set(username, (s = signIn(url(), username, { page })));
    return s;
  };
}

/** Form fields as a browser encodes them (arrays as repeated keys), with the token unless `csrf` is null. */
export function formBody(fields: Fields, csrf: string | null): URLSearchParams {
  const body = new URLSearchParams(csrf == null ? {} : { _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, String(one));
  return body;
}

/** Posts a form with the session's cookie: fields (and files, as multipart), the token unless `csrf: false`. */
export async function postForm(
  url: string,
  s: Session,
  path: string,
  fields: Fields | URLSearchParams | FormData,
  opts: { files?: { name: string; bytes: Uint8Array }[]; csrf?: boolean } = {},
): Promise<Posted> {
  const csrf = opts.csrf === false ? null : s.csrf;
  const body =
    fields instanceof URLSearchParams || fields instanceof FormData
      ? fields
      : opts.files?.length
        ? multipart({ ...(csrf == null ? {} : { _csrf: csrf }), ...(fields as Record<string, string | number>) }, opts.files)
        : formBody(fields, csrf);
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { cookie: s.cookie }, body, redirect: "manual" });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}
