// Yearly goals and the organs of the consortium, read-only.
import type { GoalRow, OrganMemberRow } from "../../models/consortium.server";
import { useT } from "../../lib/viewer";

export function ConsortiumFacts({ goals, organs }: { goals: GoalRow[]; organs: OrganMemberRow[] }) {
  const t = useT();
  return (
    <div className="grid cols-2 admin-facts">
      <section className="panel" aria-labelledby="goals-h">
        <h2 id="goals-h">{t("admin.goals")}</h2>
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
        <h2 id="organs-h">{t("admin.organs")}</h2>
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
