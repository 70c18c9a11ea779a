// /admin/units/new: add a member unit.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { readAdminForm, requireAdminReader, submitAdminForm } from "../components/admin/admin.server";
import { createUnit, unitSchema } from "../models/units.server";
import { requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UnitForm } from "../components/admin/UnitForm";
import type { AdminFormReply } from "../components/admin/FormAlert";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "create", "unit");
  return { today: context.db.$clock.today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, form } = await readAdminForm(request, context);
  return submitAdminForm(actor, form, unitSchema, (v) => createUnit(context, actor, v), (u) => `/admin/units?created=${u.id}`);
}

export default function NewUnit() {
  const { today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as AdminFormReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="unit-h">
      <h2 id="unit-h">{t("units.newTitle")}</h2>
      <UnitForm reply={reply} today={today} />
    </section>
  );
}
