// /funding?year=2026: funding per project and year (万元) as the secretariat keeps it, read by whoever reads
// the report; a project lead reports what his project spent. Feeds 年度经费拨付建议表 and the report.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { acceptSpent, fundingAcceptSchema, fundingOfYear, fundingProposeSchema, fundingRights, fundingSchema, proposeSpent, saveFunding } from "../models/funding.server";
import { liveBoard } from "../models/boards.server";
import { useFormat, useT } from "../lib/viewer";
import { pageTitle } from "../lib/meta";
import { LiveRefresh } from "../components/dashboard/LiveRefresh";
import { AcceptForm, FundingForm, ProposeForm } from "../components/governance/FundingForms";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "governance.fundingTitle");

const yearOf = (request: Request, today: string) => {
  const y = Number(new URL(request.url).searchParams.get("year"));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(today.slice(0, 4));
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const { db } = context;
  const year = yearOf(request, db.$clock.today());
  return orErrorPage(actor, () =>
    db.transaction(() => {
      const rows = fundingOfYear(db, actor, year);
      return { year, rows, rights: fundingRights(actor, rows), ...liveBoard(db, actor) };
    }),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["funding", "propose", "accept"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "funding":
      return run(fundingSchema, (v) => saveFunding(context, actor, v), { target: "projectId" });
    case "propose":
      return run(fundingProposeSchema, (v) => proposeSpent(context, actor, v), { target: "projectId" });
    case "accept":
      return run(fundingAcceptSchema, (v) => acceptSpent(context, actor, v), { target: "projectId" });
  }
}

export default function Funding() {
  const { year, rows, rights, live, boardId, seq } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  const fmt = useFormat();
  const total = (k: "budget" | "provincialFunds" | "selfFunds" | "spent" | "suggestedFunds") => Math.round(rows.reduce((s, r) => s + r[k], 0) * 100) / 100;
  const num = (n: number) => fmt.number(n);
  return (
    <>
      <div className="page-head">
        <h1>{t("governance.fundingTitle")}</h1>
        {live && <LiveRefresh boardId={boardId} seq={seq} />}
      </div>
      <p className="muted">{t("governance.fundingHint")}</p>
      <Form method="get" className="toolbar year-pick">
        <label>
          {t("governance.fundingYear")}{" "}
          <select name="year" defaultValue={year} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
            {Array.from({ length: 9 }, (_, i) => year - 4 + i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <noscript>
          <button className="btn secondary">{t("common.search")}</button>
        </noscript>
        {rows.length > 0 && (
          <a className="btn secondary" href={`/reports/funding/${year}.xlsx`} download>
            {t("governance.exportTable")}
          </a>
        )}
      </Form>
      {rows.length === 0 ? (
        <p className="empty">
          {t("governance.noProjects")} <Link to="/admin/projects">{t("projectSetup.newProject")}</Link>
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data funding-table" data-testid="funding-table">
              <thead>
                <tr>
                  <th>{t("governance.project")}</th>
                  <th className="num nowrap">{t("governance.budget")}</th>
                  <th className="num nowrap">{t("governance.provincialFunds")}</th>
                  <th className="num nowrap">{t("governance.selfFunds")}</th>
                  <th className="num nowrap">{t("governance.spent")}</th>
                  <th className="num nowrap">{t("governance.suggestedFunds")}</th>
                  <th>{t("governance.suggestion")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.projectId}>
                    <td>
                      <span className="nowrap">{r.code}</span> {r.name} <small className="muted">{r.leadUnit}</small>
                    </td>
                    <td className="num">{num(r.budget)}</td>
                    <td className="num">{num(r.provincialFunds)}</td>
                    <td className="num">{num(r.selfFunds)}</td>
                    <td className="num">
                      {num(r.spent)}
                      {r.proposedSpent != null && (
                        <div>
                          <small className="badge warn">{t("governance.proposed", { amount: num(r.proposedSpent), who: r.proposedBy ?? "" })}</small>
                        </div>
                      )}
                    </td>
                    <td className="num">{num(r.suggestedFunds)}</td>
                    <td>{r.suggestion}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th>{t("governance.total")}</th>
                  <td className="num">{num(total("budget"))}</td>
                  <td className="num">{num(total("provincialFunds"))}</td>
                  <td className="num">{num(total("selfFunds"))}</td>
                  <td className="num">{num(total("spent"))}</td>
                  <td className="num">{num(total("suggestedFunds"))}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
          {(rights.edit || rights.propose.length > 0) && (
            <ul className="milestone-list">
              {rows
                .filter((r) => rights.edit || rights.propose.includes(r.projectId))
                .map((r) => (
                  <li key={r.projectId} data-testid="funding-row">
                    <details open={last?.target === r.projectId || undefined}>
                      <summary>
                        <strong className="nowrap">{r.code}</strong> <span>{r.name}</span>
                        <span className="muted nowrap">{t("common.edit")}</span>
                      </summary>
                      {rights.edit && <FundingForm row={r} year={year} last={last} />}
                      {rights.edit && r.proposedSpent != null && <AcceptForm row={r} year={year} last={last} />}
                      {rights.propose.includes(r.projectId) && <ProposeForm row={r} year={year} last={last} />}
                    </details>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
