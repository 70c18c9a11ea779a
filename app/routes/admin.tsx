// /admin/*: consortium administration for the secretariat and the admin. The soft-rule warnings sit
// above every admin page, so a change to the member units shows at once in their count.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { currentWarnings } from "../models/consortium.server";
import { SoftRuleList } from "../components/home/SoftRuleList";
import { useT } from "../lib/viewer";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdminReader(request, context);
  return { warnings: currentWarnings(context.db) };
}

export default function AdminLayout() {
  const { warnings } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.title")}</h1>
      </div>
      <nav className="subnav" aria-label={t("admin.title")}>
        <NavLink to="/admin" end>
          {t("nav.profile")}
        </NavLink>
        <NavLink to="/admin/units">{t("nav.units")}</NavLink>
        <NavLink to="/admin/users">{t("nav.users")}</NavLink>
        <NavLink to="/admin/bodies">{t("outsideBodies.nav")}</NavLink>
        <NavLink to="/admin/projects">{t("projectSetup.nav")}</NavLink>
        <NavLink to="/admin/organs">{t("governance.organsNav")}</NavLink>
        <Link to="/meetings">{t("governance.meetingsNav")}</Link>
        <Link to="/funding">{t("governance.fundingNav")}</Link>
        <NavLink to="/admin/channels">{t("channels.nav")}</NavLink>
        <NavLink to="/admin/audit">{t("admin.audit")}</NavLink>
      </nav>
      <SoftRuleList warnings={warnings} />
      <Outlet />
    </>
  );
}
