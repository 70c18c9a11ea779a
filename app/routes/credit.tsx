// /credit: 信用记录 (002 七(三)): dishonesty findings and de-listings, filtered by unit (?unit=<id>, the unit's
// own view linked from its admin page and from admission requests). The secretariat and the council record
// and amend (append-only); a unit lead reads his own unit's records.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import type { IntentReply } from "../lib/intent-form";
import { correctCredit, creditPage, delistUnit, recordFinding, withdrawCredit } from "../models/credit.server";
import { creditCorrectSchema, creditFilterSchema, creditFindingSchema, creditWithdrawSchema, delistSchema } from "../models/credit";
import { CreditRecordCard } from "../components/credit/CreditRecordCard";
import { DelistForm, FindingForm } from "../components/credit/CreditForms";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "credit.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const f = creditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const unitId = f.success ? f.data.unit : undefined;
  return orErrorPage(actor, () => creditPage(context.db, actor, unitId ?? (actor.permissions.includes("read:credit:any") ? undefined : (actor.unitId ?? undefined))));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["finding", "delist", "correct", "withdraw"], { uploads: "finding" });
  if (post.refused) return post.refused;
  const { actor, intent, run, files } = post;
  switch (intent) {
    case "finding":
      return run(creditFindingSchema, (v) => recordFinding(context, actor, v, files), { target: "unitId" });
    case "delist":
      return run(delistSchema, (v) => delistUnit(context, actor, v, files), { target: "unitId" });
    case "correct":
      return run(creditCorrectSchema, (v) => correctCredit(context, actor, v, files), { target: "recordId" });
    case "withdraw":
      return run(creditWithdrawSchema, (v) => withdrawCredit(context, actor, v), { target: "recordId" });
  }
}

export default function Credit() {
  const { records, unit, choices, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{unit ? t("credit.titleUnit", { unit: unit.name }) : t("credit.title")}</h1>
          <p className="muted">{t("credit.subtitle")}</p>
        </div>
      </div>
      <div className={choices ? "credit-grid" : ""}>
        <section aria-labelledby="credit-list-h">
          <h2 id="credit-list-h" className="visually-hidden">
            {t("credit.title")}
          </h2>
          {choices && (
            <Form method="get" className="panel cr-filters" aria-label={t("credit.filter")}>
              <label>
                {t("credit.unitFilter")}
                <select name="unit" defaultValue={unit?.id ?? ""}>
                  <option value="">{t("credit.allUnits")}</option>
                  {choices.units.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                      {u.leftOn ? ` · ${t("credit.left", { date: u.leftOn })}` : ""}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="btn secondary">
                {t("credit.filter")}
              </button>
              <span className="muted">{t("credit.count", { n: records.length })}</span>
            </Form>
          )}
          {records.length === 0 ? (
            <p className="panel muted">{unit ? t("credit.emptyUnit") : t("credit.empty")}</p>
          ) : (
            records.map((r) => <CreditRecordCard key={r.id} record={r} canAmend={choices != null} today={today} reply={reply} />)
          )}
        </section>
        {choices && (
          <aside className="credit-forms">
            <FindingForm choices={choices} unitId={unit?.id ?? null} today={today} reply={reply} />
            <DelistForm choices={choices} unitId={unit?.id ?? null} today={today} reply={reply} />
          </aside>
        )}
      </div>
    </>
  );
}
