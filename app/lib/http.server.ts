// Thin glue between Remix requests and the model layer: who is signed in (from the session cookie), page
// guards, the CSRF check of posted forms, and a loader's DomainError as an error page. Form actions go
// through intent-form.server.ts; rules themselves live in app/models.
import { redirect, data, type AppLoadContext } from "@remix-run/node";
import { actorForSession, formTokenValid } from "../models/auth.server";
import { sessionIdFromCookies } from "../models/session-cookie.server";
import type { Actor } from "../models/context.server";
import { can, type Target } from "../models/permissions";
import { DomainError } from "../models/errors";
import { translate } from "../i18n/catalog";
import "./load-context";

export function sessionIdFrom(request: Request, context: AppLoadContext): Promise<string | null> {
  return sessionIdFromCookies(context.config, request.headers.get("Cookie"));
}

export async function getActor(request: Request, context: AppLoadContext): Promise<Actor | null> {
  return actorForSession(context.db, await sessionIdFrom(request, context));
}

/** Where a user whose password an admin reset is sent until he picks his own. */
export const MUST_CHANGE_PATH = "/account?mustChange=1";

/** The signed-in actor, or a redirect to the login page (or to /account while he must change his password). */
export async function requireActor(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await getActor(request, context);
  const url = new URL(request.url);
  if (!actor) throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (actor.mustChangePassword && url.pathname !== "/account" && url.pathname !== "/account.data") throw redirect(MUST_CHANGE_PATH);
  return actor;
}

/** Page-level guard: 403 with a clear message when the actor lacks the permission. */
export function requirePermission(actor: Actor, action: string, entity: string, target?: Target) {
  if (!can(actor, action, entity, target)) {
    throw data({ message: translate(actor.locale, "errors.forbidden") }, { status: 403 });
  }
}

/** Reads a submitted form and checks its CSRF token against the session's. */
export async function readForm(request: Request, actor: Actor): Promise<FormData> {
  const form = await request.formData();
  if (!formTokenValid(actor, form.get("_csrf"))) {
    throw data({ message: translate(actor.locale, "errors.csrf") }, { status: 403 });
  }
  return form;
}

export function clientIp(context: AppLoadContext): string {
  return context.ip || "unknown";
}

/** Runs a loader's model read; a DomainError (forbidden, not found) becomes the matching error page. */
export function orErrorPage<R>(actor: Actor, fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) {
      throw data({ message: translate(actor.locale, `errors.${err.code}`) }, { status: err.status });
    }
    throw err;
  }
}
