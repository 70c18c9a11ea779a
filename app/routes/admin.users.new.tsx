// /admin/users/new: create an account with its affiliation, roles and an initial password.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader, userFormOptions } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import { createUser, userCreateSchema } from "../models/users.server";
import { requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UserForm } from "../components/admin/UserForm";
import type { IntentReply } from "../lib/intent-form";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "create", "user");
  const options = userFormOptions(context.db);
  // From /admin/bodies: the new person belongs to that body (an expert, when it is the expert pool).
  const bodyId = Number(new URL(request.url).searchParams.get("body"));
  const body = options.bodies.find((b) => b.id === bodyId);
  return { ...options, body: body ? { id: body.id, expert: body.kind === "expert_pool" } : undefined };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["create"], { defaultIntent: "create" });
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(userCreateSchema, async (v) => redirect(`/admin/users?created=${(await createUser(context, actor, v)).id}`), { hideFields: ["password"] });
}

export default function NewUser() {
  const { units, bodies, body } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="user-h">
      <h2 id="user-h">{t("users.newTitle")}</h2>
      <UserForm units={units} bodies={bodies} reply={reply} body={body} />
    </section>
  );
}
