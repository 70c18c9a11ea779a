// /admin/bodies: outside bodies (总体部, 专家库, 评价机构), added and renamed in place (versioned), each
// with its people; the expert pool's experts are those projects and checks can name without a unit.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { can } from "../models/permissions";
import { createOutsideBody, listOutsideBodies, updateOutsideBody } from "../models/outside-bodies.server";
import { outsideBodySchema, outsideBodyUpdateSchema } from "../models/outside-bodies";
import { useT } from "../lib/viewer";
import { replyFor } from "../components/form/IntentForm";
import { OutsideBodyForm } from "../components/admin/OutsideBodyForm";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  return {
    bodies: listOutsideBodies(context.db),
    mayCreate: can(actor, "create", "unit"),
    mayUpdate: can(actor, "update", "unit"),
    mayAddPeople: can(actor, "create", "user"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["body", "bodyUpdate"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "body":
      return run(outsideBodySchema, (v) => createOutsideBody(context, actor, v));
    case "bodyUpdate":
      return run(outsideBodyUpdateSchema, (v) => updateOutsideBody(context, actor, v), { keepValues: true });
  }
}

export default function OutsideBodies() {
  const { bodies, mayCreate, mayUpdate, mayAddPeople } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <section className="panel" aria-labelledby="bodies-h">
      <h2 id="bodies-h">{t("outsideBodies.title")}</h2>
      <p className="muted">{t("outsideBodies.hint")}</p>
      {last?.done && (
        <div className="alert ok" role="status">
          {t("outsideBodies.saved")}
        </div>
      )}
      {bodies.length === 0 ? (
        <div className="empty-state" data-testid="bodies-empty">
          <p>{t("outsideBodies.empty")}</p>
        </div>
      ) : (
        <ul className="milestone-list">
          {bodies.map((b) => (
            <li key={b.id} data-testid="body-row">
              <details open={!!replyFor(last, "bodyUpdate", b.id)?.formError || undefined}>
                <summary>
                  <strong>{b.name}</strong>
                  <span className="tag">{t(`outsideKinds.${b.kind}` as never)}</span>
                  <span className="muted">{t("outsideBodies.members", { n: b.members.length })}</span>
                </summary>
                {mayUpdate && <OutsideBodyForm key={b.version} body={b} last={last} />}
              </details>
              {b.members.length === 0 ? (
                <p className="muted ms-tasks">{t("outsideBodies.noMembers")}</p>
              ) : (
                <ul className="ms-tasks">
                  {b.members.map((m) => (
                    <li key={m.id}>
                      <Link to={`/admin/users/${m.id}`}>{m.name}</Link> {m.title && <span className="muted">{m.title}</span>}{" "}
                      {m.expert && <span className="tag">{t("outsideBodies.expert")}</span>} {!m.active && <span className="tag">{t("outsideBodies.inactive")}</span>}
                    </li>
                  ))}
                </ul>
              )}
              {mayAddPeople && (
                <Link to={`/admin/users/new?body=${b.id}`} className="ms-choose">
                  {t("outsideBodies.addMember")}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayCreate && <OutsideBodyForm key={bodies.length} last={last} />}
    </section>
  );
}
