// 责任清单: a unit's or a person's responsibility list for a year, overdue first then by due month, with
// the signature badge, the unit lead's sign button, what changed since signing and XLSX export. Live:
// any task, indicator, signature or change-request event on the consortium board reloads the list.
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { requireActor, requirePermission, orErrorPage } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { Csrf } from "../components/form/Field";
import { useRefusalText } from "../components/form/IntentForm";
import { useCan, useFormat, useT, useViewer } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { liveBoard } from "../models/boards.server";
import { listChoices, listFor, signList } from "../models/responsibility.server";
import { approvedChangesFor } from "../models/change-views.server";
import { listQuerySchema, listYear, signListSchema } from "../models/responsibility";
import { ListGroups } from "../components/responsibility/ListGroups";
import { SinceSigning } from "../components/responsibility/SinceSigning";
import { EmptyState } from "../components/ui/EmptyState";
import { memberUnitCount } from "../models/units.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "responsibility.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "consortium");
  const today = context.db.$clock.today();
  const query = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const q = query.success ? query.data : {};
  const { db } = context;
  // A new install without member units has no list to show yet.
  if (q.user == null && q.unit == null && actor.unitId == null && memberUnitCount(db) === 0) return { empty: true as const };
  return db.transaction(() => {
    const list = orErrorPage(actor, () => listFor(db, actor, q, today));
    const approved = list.signoff && list.subject.unitId != null ? approvedChangesFor(db, actor, list.subject.unitId, list.signoff.signedAt) : [];
    return { empty: false as const, ...liveBoard(db, actor), list, approved, today, choices: listChoices(db), thisYear: listYear(today) };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["sign"], { defaultIntent: "sign" });
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(signListSchema, (v) => signList(context, actor, v), { target: "unitId" });
}

const NO_ROWS: never[] = [];
const LIVE_ENTITIES = new Set(["task", "indicator", "signoff", "change"]);

export default function Responsibility() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  if (data.empty) {
    return (
      <>
        <div className="page-head">
          <h1>{t("responsibility.title")}</h1>
        </div>
        <EmptyState title={t("projectSetup.emptyUnitsTitle")} body={t("projectSetup.emptyHomeSteps")} />
      </>
    );
  }
  return <ResponsibilityList data={data} />;
}

function ResponsibilityList({ data }: { data: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { empty: false }> }) {
  const { list, approved, today, choices, boardId, seq, thisYear } = data;
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const refused = useRefusalText(reply);
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const { can } = useCan();
  const revalidator = useRevalidator();
  useBoard({
    boardId,
    seq,
    rows: NO_ROWS,
    entity: "signoff",
    onRemoteChange: (ev) => {
      if (LIVE_ENTITIES.has(ev.payload.entity) && revalidator.state === "idle") revalidator.revalidate();
    },
  });
  const byPerson = list.subject.userId != null;
  const [mode, setMode] = useState<"unit" | "person">(byPerson ? "person" : "unit");
  const unitId = list.subject.unitId;
  const canSign = unitId != null && !list.signoff && can("sign", "list", { unitId });
  const query = byPerson ? `user=${list.subject.userId}` : `unit=${unitId}`;
  const unitName = (id: number | null) => choices.units.find((u) => u.id === id)?.shortName ?? "";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("responsibility.title")}</h1>
          <p className="muted">{t("responsibility.subtitle")}</p>
        </div>
        <div className="form-actions">
          <a className="btn secondary" href={`/responsibility.xlsx?${query}&year=${list.year}&paper=A4`} download>
            {t("responsibility.exportA4")}
          </a>
          <a className="btn secondary" href={`/responsibility.xlsx?${query}&year=${list.year}&paper=A3`} download>
            {t("responsibility.exportA3")}
          </a>
        </div>
      </div>

      <Form method="get" className="panel rl-filters" aria-label={t("responsibility.view")}>
        <div className="toggle-group" role="group" aria-label={t("responsibility.view")}>
          <button type="button" aria-pressed={mode === "unit"} onClick={() => setMode("unit")}>
            {t("responsibility.byUnit")}
          </button>
          <button type="button" aria-pressed={mode === "person"} onClick={() => setMode("person")}>
            {t("responsibility.byPerson")}
          </button>
        </div>
        {mode === "unit" ? (
          <label className="rl-pick">
            {t("responsibility.unit")}
            <select name="unit" defaultValue={unitId ?? ""} key="unit">
              {choices.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.shortName}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="rl-pick">
            {t("responsibility.person")}
            <select name="user" defaultValue={list.subject.userId ?? ""} key="person">
              {choices.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}（{unitName(p.unitId)}）
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="rl-pick">
          {t("responsibility.year")}
          <select name="year" defaultValue={list.year}>
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn secondary">
          {t("responsibility.show")}
        </button>
      </Form>

      <section className="panel rl-head" aria-live="polite" data-testid="rl-head">
        <div className="rl-title">
          <strong>
            {list.subjectName} · {list.year}
          </strong>
          {!byPerson &&
            (list.signoff ? (
              <span className="badge ok" data-testid="signed-badge">
                {t("responsibility.signed")} · {t("responsibility.signedBy", { name: list.signoff.signerName, date: fmt.date(list.signoff.signedAt) })}
              </span>
            ) : (
              <span className="badge warn">{t("responsibility.notSigned")}</span>
            ))}
          <span className="muted" data-testid="rl-summary">
            {t("responsibility.summary", { ...list.summary })}
          </span>
        </div>
        {reply?.done && (
          <div className="alert ok" role="status">
            {t("responsibility.signedDone", { year: list.year })}
          </div>
        )}
        {refused && (
          <div className="alert bad" role="alert">
            {refused}
          </div>
        )}
        {byPerson && <p className="muted">{t("responsibility.personNote")}</p>}
        {list.signoff && (
          <p className="muted">
            {t("responsibility.frozenNote")} <Link to="/changes#propose" className="text-link">{t("responsibility.frozenLink")}</Link>
          </p>
        )}
        {canSign && list.summary.total > 0 && (
          <Form method="post" className="rl-sign">
            <Csrf token={viewer.csrfToken} />
            <input type="hidden" name="unitId" value={unitId} />
            <input type="hidden" name="year" value={list.year} />
            <p className="muted">{t("responsibility.signHint")}</p>
            <button type="submit" className="btn">
              {t("responsibility.sign", { year: list.year })}
            </button>
          </Form>
        )}
      </section>

      {list.signoff && <SinceSigning changes={list.sinceSigning} approved={approved} />}

      {list.groups.length === 0 ? <p className="panel muted">{t("responsibility.empty")}</p> : <ListGroups groups={list.groups} today={today} />}
    </>
  );
}
