// Server glue shared by the /admin routes: the page guard and the one way every admin form is handled
// (requireActor -> readForm (CSRF) -> parseWithZod with the model's schema -> model call).
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { readForm, requireActor, requirePermission } from "../../lib/http.server";
import { errorReply } from "../../lib/error-reply";
import { translate } from "../../i18n/catalog";
import type { Actor } from "../../models/context.server";
import type { AdminFormReply } from "./FormAlert";
import type { DB } from "../../../db/client";
import { unitOptions } from "../../models/units.server";
import { outsideBodyOptions } from "../../models/users.server";

/** Every admin loader checks this itself: with single fetch a child's data is served even when the layout refuses. */
export async function requireAdminReader(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "admin");
  return actor;
}

export async function readAdminForm(request: Request, context: AppLoadContext) {
  const actor = await requireActor(request, context);
  return { actor, form: await readForm(request, actor) };
}

type Options = { intent?: string; hideFields?: string[] };

/**
 * Validates with the model's schema and runs the model call. Success redirects to `done(result)`;
 * bad input (400), a refusal (403), a conflict (409) re-render the form with a Chinese message.
 */
export async function submitAdminForm<S extends z.ZodType, R>(
  actor: Actor,
  form: FormData,
  schema: S,
  run: (value: z.output<S>) => R | Promise<R>,
  done: (result: R) => string,
  { intent, hideFields }: Options = {},
) {
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") {
    const reply: AdminFormReply = {
      intent,
      result: submission.reply({ hideFields }),
      formError: translate(actor.locale, "errors.invalid"),
      conflict: false,
    };
    return data(reply, { status: 400 });
  }
  try {
    const result = await run(submission.value as z.output<S>);
    return redirect(done(result));
  } catch (err) {
    const failure = errorReply(err, actor.locale);
    if (!failure) throw err;
    const reply: AdminFormReply = {
      intent,
      result: submission.reply({ hideFields }),
      formError: failure.message,
      conflict: failure.code === "conflict",
    };
    return data(reply, { status: failure.status });
  }
}

/** Choices for a user's affiliation: units still in the consortium (and the user's own, even if it left). */
export function userFormOptions(db: DB, keepUnitId: number | null = null) {
  return {
    units: unitOptions(db)
      .filter((u) => u.active || u.id === keepUnitId)
      .map((u) => ({ id: u.id, name: u.name })),
    bodies: outsideBodyOptions(db).map((b) => ({ id: b.id, name: b.name })),
  };
}
