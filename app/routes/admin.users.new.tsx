// /admin/users/new: create an account with its affiliation, roles and an initial password.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { readAdminForm, requireAdminReader, submitAdminForm, userFormOptions } from "../components/admin/admin.server";
import { createUser, userCreateSchema } from "../models/users.server";
import { requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UserForm } from "../components/admin/UserForm";
import type { AdminFormReply } from "../components/admin/FormAlert";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "create", "user");
  return userFormOptions(context.db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await readAdminForm(request, context);
  return submitAdminForm(actor, form, userCreateSchema, (v) => createUser(context, actor, v), (u) => `/admin/users?created=${u.id}`, {
    hideFields: ["password"],
  });
}

export default function NewUser() {
  const { units, bodies } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as AdminFormReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="user-h">
      <h2 id="user-h">{t("users.newTitle")}</h2>
      <UserForm units={units} bodies={bodies} reply={reply} />
    </section>
  );
}
