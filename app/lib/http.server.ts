// Thin glue between Remix requests and the model layer: who is signed in, CSRF, form parsing and
// turning DomainErrors into responses. Rules themselves live in app/models.
import { createCookie, redirect, data, type AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { actorForSession, formTokenValid, SESSION_DAYS, type KnownDevice } from "../models/auth.server";
import type { Actor, AppConfig } from "../models/context.server";
import { can, type Target } from "../models/permissions";
import { DomainError } from "../models/errors";
import { translate } from "../i18n/catalog";
import "./load-context";

const cookies = new Map<string, ReturnType<typeof createCookie>>();

/** The signed session cookie; sockets parse the same cookie from their handshake. */
export function sessionCookie(config: Pick<AppConfig, "sessionSecret" | "secureCookies">) {
  const { sessionSecret, secureCookies } = config;
  const key = `${sessionSecret}:${secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie("cw_session", {
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

const DEVICE_DAYS = 180;

/**
 * "This browser signed in as <account> before": a signed cookie set at each sign-in. Sign-in attempts
 * that carry it for the same account are throttled apart from everyone else's (the owner's way in while
 * others guess at the account; auth.server.ts).
 */
export function deviceCookie(config: Pick<AppConfig, "sessionSecret" | "secureCookies">) {
  const { sessionSecret, secureCookies } = config;
  const key = `device:${sessionSecret}:${secureCookies}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = createCookie("cw_device", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: DEVICE_DAYS * 24 * 3600, secrets: [sessionSecret] });
    cookies.set(key, cookie);
  }
  return cookie;
}

/** The known device of the request, if its signed cookie is intact. */
export async function knownDeviceFrom(request: Request, context: AppLoadContext): Promise<KnownDevice | null> {
  const value = (await deviceCookie(context.config).parse(request.headers.get("Cookie"))) as unknown;
  const v = value as Partial<KnownDevice> | null;
  return v && typeof v.account === "string" && typeof v.id === "string" ? { account: v.account, id: v.id } : null;
}

export async function sessionIdFrom(request: Request, context: AppLoadContext): Promise<string | null> {
  const value = await sessionCookie(context.config).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getActor(request: Request, context: AppLoadContext): Promise<Actor | null> {
  return actorForSession(context.db, await sessionIdFrom(request, context));
}

/** The signed-in actor, or a redirect to the login page. */
export async function requireActor(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await getActor(request, context);
  if (!actor) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
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

export type FormFailure = { ok: false; fieldErrors: Record<string, string[]>; formError?: string; values?: Record<string, unknown> };

/** Parses a form with the schema; on failure the reply re-renders the form with messages. */
export function parseForm<S extends z.ZodType>(form: FormData, schema: S) {
  return parseWithZod(form, { schema });
}

/** Runs a model call and maps a DomainError to a 4xx reply the form can show. */
export async function runAction<R>(actor: Actor, fn: () => R | Promise<R>) {
  try {
    return { ok: true as const, result: await fn() };
  } catch (err) {
    if (err instanceof DomainError) {
      return {
        ok: false as const,
        status: err.status,
        formError: translate(actor.locale, `errors.${err.code}`, err.details as Record<string, string | number>),
      };
    }
    throw err;
  }
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
