import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getActor, readForm } from "../lib/http.server";
import { sessionCookie } from "../models/session-cookie.server";
import { logout } from "../models/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await getActor(request, context);
  if (actor) {
    await readForm(request, actor);
    await context.writes?.idle(); // the write gate (an import's transaction may be running)
    logout(context.db, actor.sessionId);
    context.realtime.evictUser(actor.id);
  }
  return redirect("/login", { headers: { "Set-Cookie": await sessionCookie(context.config).serialize("", { maxAge: 0 }) } });
}

export const loader = () => redirect("/");
