// Yearly goals and the organs of the consortium, read-only.
import { Link } from "@remix-run/react";
import type { GoalRow } from "../../models/consortium.server";
import type { OrganMember } from "../../models/organs.server";
import { useT } from "../../lib/viewer";

/** Goals and the organs' sitting members; `editable`: a link to where the secretariat keeps them. */
export function ConsortiumFacts({ goals, organs, editable }: { goals: GoalRow[]; organs: OrganMember[]; editable: boolean }) {
  const t = useT();
  const edit = editable && (
    <Link to="/admin/organs" className="btn secondary">
      {t("governance.edit")}
    </Link>
  );
  return (
    <div className="grid cols-2 admin-facts">
      <section className="panel" aria-labelledby="goals-h">
        <div className="page-head">
          <h2 id="goals-h">{t("admin.goals")}</h2>
          {edit}
        </div>
        {goals.length === 0 ? (
          <p className="empty">{t("admin.noGoals")}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="nowrap">{t("admin.goalYear")}</th>
                  <th className="nowrap">{t("admin.goalPhase")}</th>
                  <th>{t("admin.goalText")}</th>
                </tr>
              </thead>
              <tbody>
                {goals.map((g) => (
                  <tr key={g.id}>
                    <td className="nowrap">{g.year}</td>
                    <td className="nowrap">{g.phase}</td>
                    <td>{g.goal}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="organs-h">
        <div className="page-head">
          <h2 id="organs-h">{t("admin.organs")}</h2>
          {edit}
        </div>
        {organs.length === 0 ? (
          <p className="empty">{t("admin.noOrgans")}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="nowrap">{t("admin.organs")}</th>
                  <th>{t("admin.organMember")}</th>
                  <th>{t("admin.position")}</th>
                  <th>{t("units.shortName")}</th>
                </tr>
              </thead>
              <tbody>
                {organs.map((o) => (
                  <tr key={o.id}>
                    <td className="nowrap">{t(`organs.${o.organ}` as never)}</td>
                    <td className="nowrap">{o.name}</td>
                    <td>{o.position}</td>
                    <td className="nowrap">{o.unitName ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
