// /admin/units/new: add a member unit.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import { createUnit, unitSchema } from "../models/units.server";
import { requirePermission } from "../lib/http.server";
import { useT } from "../lib/viewer";
import { UnitForm } from "../components/admin/UnitForm";
import type { IntentReply } from "../lib/intent-form";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  requirePermission(actor, "create", "unit");
  return { today: context.db.$clock.today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["create"], { defaultIntent: "create" });
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(unitSchema, (v) => redirect(`/admin/units?created=${createUnit(context, actor, v).id}`));
}

export default function NewUnit() {
  const { today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="unit-h">
      <h2 id="unit-h">{t("units.newTitle")}</h2>
      <UnitForm reply={reply} today={today} />
    </section>
  );
}
