// /admin/units: the member units in one dense table, with kinds, flags, people and workload.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { listUnits } from "../models/units.server";
import { can, canSome } from "../models/permissions";
import { useT } from "../lib/viewer";
import { SavedAlert } from "../components/admin/FormAlert";
import { UnitTable } from "../components/admin/UnitTable";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  return { units: listUnits(context.db), canCreate: can(actor, "create", "unit"), canImport: canSome(actor, "import", "unit"), canUpdate: can(actor, "update", "unit") };
}

export default function AdminUnits() {
  const { units, canCreate, canImport, canUpdate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const active = units.filter((u) => u.member);
  const named = (key: string) => units.find((u) => String(u.id) === params.get(key))?.name;
  const created = named("created");
  const updated = named("updated");
  return (
    <>
      <SavedAlert text={created ? t("units.created", { name: created }) : updated ? t("units.updated", { name: updated }) : null} />
      <div className="page-head">
        <h2>
          {t("units.title")}{" "}
          <small data-testid="unit-summary">{t("units.summary", { active: active.length, smes: active.filter((u) => u.isSme).length })}</small>
        </h2>
        {canCreate && (
          <Link to="/admin/units/new" className="btn">
            {t("units.add")}
          </Link>
        )}
        {canImport && (
          <Link to="/import" className="btn secondary">
            {t("import.fromExcel")}
          </Link>
        )}
      </div>
      {units.length === 0 ? <p className="empty">{t("units.none")}</p> : <UnitTable units={units} canUpdate={canUpdate} />}
    </>
  );
}
