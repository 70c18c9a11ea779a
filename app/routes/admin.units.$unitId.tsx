// /admin/units/:unitId: edit a member unit (versioned), including when it joined or left.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import { getUnit, unitUpdateSchema, updateUnit } from "../models/units.server";
import { orErrorPage, requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UnitForm } from "../components/admin/UnitForm";
import type { IntentReply } from "../lib/intent-form";
import { Link } from "@remix-run/react";
import { canReadCredit, creditRecords } from "../models/credit.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "update", "unit");
  const unit = orErrorPage(actor, () => getUnit(context.db, Number(params.unitId)));
  // The unit's page shows its credit records (失信记录, 摘牌) to those who may read them.
  const credit = canReadCredit(actor, unit.id) ? creditRecords(context.db, actor, unit.id).length : null;
  return { unit, credit, today: context.db.$clock.today() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["update"], { defaultIntent: "update" });
  if (post.refused) return post.refused;
  const { actor, form, run } = post;
  form.set("id", params.unitId ?? ""); // the record is the one in the URL
  return run(unitUpdateSchema, (v) => redirect(`/admin/units?updated=${updateUnit(context, actor, v).id}`));
}

export default function EditUnit() {
  const { unit, credit, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="unit-h">
      <h2 id="unit-h">
        {t("units.editTitle")} <small>{unit.name}</small>
      </h2>
      {credit != null && (
        <p className="credit-unit-link">
          {t("common.labelValue", { label: t("credit.unitPanel"), value: "" })}
          <Link to={`/credit?unit=${unit.id}`}>{t("credit.unitPanelLink", { n: credit })}</Link>
        </p>
      )}
      <UnitForm key={`${unit.id}:${unit.version}`} unit={unit} reply={reply} today={today} />
    </section>
  );
}
