// Users with their affiliation and roles (in Chinese), inactive accounts greyed out at the end.
import { Link } from "@remix-run/react";
import type { UserRow } from "../../models/users.server";
import { useT } from "../../lib/viewer";
import { TableHead } from "../ui/TableHead";

export function UserTable({ users, canUpdate }: { users: UserRow[]; canUpdate: boolean }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="data users-table">
        <TableHead columns={[t("users.displayName"), t("users.username"), t("users.affiliation"), t("users.title_"), t("users.roles"), t("users.status")]} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.active ? undefined : "left"} data-testid="user-row">
              <td className="nowrap">{canUpdate ? <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link> : u.displayName}</td>
              <td className="nowrap mono">{u.username}</td>
              <td className="nowrap">
                {u.unitName ?? u.outsideBodyName ?? <span className="muted">—</span>}
                {!u.unitName && u.outsideBodyName && (
                  <>
                    {" "}
                    <span className="tag">{t("users.outsideBody")}</span>
                  </>
                )}
              </td>
              <td>{u.title || <span className="muted">—</span>}</td>
              <td>
                <span className="badges">
                  {u.roles.map((r) => (
                    <span key={r} className={`badge${r === "admin" ? " bad" : r === "secretariat" ? " warn" : ""}`}>
                      {t(`roles.${r}`)}
                    </span>
                  ))}
                </span>
              </td>
              <td className="nowrap">
                {u.active ? <span className="badge ok">{t("users.active")}</span> : <span className="badge">{t("users.inactive")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
