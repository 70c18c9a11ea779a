// Member units, one row each: who they are, what they are, and how much of the work they carry.
import { Link } from "@remix-run/react";
import type { UnitListRow } from "../../models/units.server";
import { useT } from "../../lib/viewer";
import { TableHead, num } from "../ui/TableHead";

export function UnitTable({ units, canUpdate }: { units: UnitListRow[]; canUpdate: boolean }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="data units-table">
        <TableHead columns={[t("units.name"), t("units.shortName"), t("units.kind"), t("units.subKind"), t("units.flags"), t("units.district"), num(t("units.people")), num(t("units.tasks")), num(t("units.leadProjects")), t("units.joinedLeft")]} />
        <tbody>
          {units.map((u) => (
            <tr key={u.id} className={u.member ? undefined : "left"} data-testid="unit-row">
              <td>
                {canUpdate ? <Link to={`/admin/units/${u.id}`}>{u.name}</Link> : u.name}
              </td>
              <td className="nowrap">{u.shortName}</td>
              <td className="nowrap">{t(`unitKindsShort.${u.kind}` as never)}</td>
              <td className="nowrap">{u.subKind ? t(`subKinds.${u.subKind}` as never) : <span className="muted">—</span>}</td>
              <td>
                <span className="badges">
                  {u.isSme && <span className="badge info">{t("units.isSme")}</span>}
                  {u.isSpecialized && <span className="badge ok">{t("units.isSpecialized")}</span>}
                  {u.isLittleGiant && <span className="badge warn">{t("units.isLittleGiant")}</span>}
                </span>
              </td>
              <td className="nowrap">{u.district || <span className="muted">—</span>}</td>
              <td className="num">{u.people}</td>
              <td className="num">{u.tasks}</td>
              <td className="num">{u.leadProjects}</td>
              <td className="nowrap">
                {u.joinedOn}
                {u.leftOn && (
                  <>
                    {" → "}
                    {u.leftOn}
                  </>
                )}
                {!u.member && <> <span className="badge">{t(u.leftOn ? "units.left" : "governance.notYetJoined")}</span></>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
