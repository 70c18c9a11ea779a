// /admin/users/:userId: change a user's roles, affiliation and whether the account is active (versioned).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader, userFormOptions } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import { getUser, passwordResetSchema, resetPassword, updateUser, userUpdateSchema } from "../models/users.server";
import { orErrorPage, requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UserForm } from "../components/admin/UserForm";
import { PasswordResetForm } from "../components/admin/PasswordResetForm";
import type { IntentReply } from "../lib/intent-form";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "update", "user");
  const user = orErrorPage(actor, () => getUser(context.db, Number(params.userId)));
  return { user, self: user.id === actor.id, ...userFormOptions(context.db, user.unitId) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["update", "resetPassword"], { defaultIntent: "update" });
  if (post.refused) return post.refused;
  const { actor, form, intent, run } = post;
  form.set("id", params.userId ?? ""); // the record is the one in the URL
  switch (intent) {
    case "update":
      return run(userUpdateSchema, (v) => redirect(`/admin/users?updated=${updateUser(context, actor, v).id}`));
    case "resetPassword":
      return run(passwordResetSchema, (v) => resetPassword(context, actor, v), { hideFields: ["password"] });
  }
}

export default function EditUser() {
  const { user, units, bodies, self } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <>
      <section className="panel" aria-labelledby="user-h">
        <h2 id="user-h">
          {t("users.editTitle")} <small>{user.displayName}</small>
        </h2>
        <UserForm key={`${user.id}:${user.version}`} user={user} units={units} bodies={bodies} reply={reply?.intent === "update" ? reply : undefined} />
      </section>
      {!self && <PasswordResetForm user={user} reply={reply?.intent === "resetPassword" ? reply : undefined} />}
    </>
  );
}
