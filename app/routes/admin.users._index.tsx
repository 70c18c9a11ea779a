// /admin/users: every account with its affiliation, roles and whether it may sign in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { listUsers } from "../models/users.server";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import { SavedAlert } from "../components/admin/FormAlert";
import { UserTable } from "../components/admin/UserTable";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  return { users: listUsers(context.db), canCreate: can(actor, "create", "user"), canUpdate: can(actor, "update", "user") };
}

export default function AdminUsers() {
  const { users, canCreate, canUpdate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const named = (key: string) => users.find((u) => String(u.id) === params.get(key))?.displayName;
  const created = named("created");
  const updated = named("updated");
  return (
    <>
      <SavedAlert text={created ? t("users.created", { name: created }) : updated ? t("users.updated", { name: updated }) : null} />
      <div className="page-head">
        <h2>
          {t("users.title")} <small>{t("users.summary", { n: users.length, active: users.filter((u) => u.active).length })}</small>
        </h2>
        {canCreate && (
          <Link to="/admin/users/new" className="btn">
            {t("users.add")}
          </Link>
        )}
      </div>
      <UserTable users={users} canUpdate={canUpdate} />
    </>
  );
}
