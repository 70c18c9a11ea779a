// The new users' one-time passwords after an import: shown once, in this answer only (stored as hashes),
// for the admin to pass on; each must choose his own at the first sign-in.
import { useT } from "../../lib/viewer";
import type { InitialPassword } from "../../models/import.server";

export function ImportPasswords({ passwords }: { passwords: InitialPassword[] }) {
  const t = useT();
  return (
    <section className="panel imp-passwords" aria-labelledby="imp-passwords-title" data-testid="import-passwords">
      <h2 id="imp-passwords-title">{t("import.passwordsTitle")}</h2>
      <p className="alert warn">{t("import.passwordsHint")}</p>
      <div className="table-wrap">
        <table className="data imp-table">
          <thead>
            <tr>
              <th scope="col">{t("import.passwordCol.name")}</th>
              <th scope="col">{t("import.passwordCol.username")}</th>
              <th scope="col">{t("import.passwordCol.password")}</th>
            </tr>
          </thead>
          <tbody>
            {passwords.map((p) => (
              <tr key={p.username}>
                <td>{p.displayName}</td>
                <td className="imp-code">{p.username}</td>
                <td className="imp-code" data-testid="initial-password">
                  {p.password}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
