// /admin/users: every account with its affiliation, roles and whether it may sign in; for the admin also
// the sign-in limits in force, each of which he can lift.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { listUsers } from "../models/users.server";
import { clearThrottle, listThrottles } from "../models/throttle.server";
import { throttleClearSchema } from "../models/throttle";
import { can, canSome } from "../models/permissions";
import { useT } from "../lib/viewer";
import { FormAlert, SavedAlert } from "../components/admin/FormAlert";
import { UserTable } from "../components/admin/UserTable";
import { ThrottleTable } from "../components/admin/ThrottleTable";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const throttles = can(actor, "clear", "throttle") ? listThrottles(context.db, actor) : null;
  return { users: listUsers(context.db), canCreate: can(actor, "create", "user"), canImport: canSome(actor, "import", "user"), canUpdate: can(actor, "update", "user"), throttles };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["clearThrottle"]);
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(throttleClearSchema, (v) => {
    clearThrottle(context, actor, v.key);
    return redirect("/admin/users?cleared=1");
  });
}

export default function AdminUsers() {
  const { users, canCreate, canImport, canUpdate, throttles } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const named = (key: string) => users.find((u) => String(u.id) === params.get(key))?.displayName;
  const created = named("created");
  const updated = named("updated");
  return (
    <>
      <SavedAlert text={created ? t("users.created", { name: created }) : updated ? t("users.updated", { name: updated }) : params.get("cleared") ? t("security.cleared") : null} />
      <FormAlert reply={reply} />
      <div className="page-head">
        <h2>
          {t("users.title")} <small>{t("users.summary", { n: users.length, active: users.filter((u) => u.active).length })}</small>
        </h2>
        {canCreate && (
          <Link to="/admin/users/new" className="btn">
            {t("users.add")}
          </Link>
        )}
        {canImport && (
          <Link to="/import" className="btn secondary">
            {t("import.fromExcel")}
          </Link>
        )}
      </div>
      <UserTable users={users} canUpdate={canUpdate} />
      {throttles && <ThrottleTable throttles={throttles} />}
    </>
  );
}
