// Each person's choice per notification kind: e-mail at once, in the 08:30 daily digest, or not at all.
import { Form } from "@remix-run/react";
import { NOTIFICATION_KINDS, PREF_MODES, type PrefsInput } from "../../models/outbox";
import { IntentHidden } from "../form/IntentForm";
import { useT } from "../../lib/viewer";

export function PrefsForm({ prefs, email, saved, mailEnabled }: { prefs: PrefsInput; email: string; saved: boolean; mailEnabled: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="form prefs-form" key={JSON.stringify(prefs)}>
      <IntentHidden intent="prefs" />
      <p className="muted">{email ? t("channels.prefsHint", { email }) : t("channels.prefsNoEmail")}</p>
      {!mailEnabled && <p className="muted">{t("channels.mailOff")}</p>}
      {saved && <div className="alert ok" role="status">{t("channels.prefsSaved")}</div>}
      <table className="data prefs">
        <tbody>
          {NOTIFICATION_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{t(`channels.kinds.${kind}`)}</th>
              <td>
                <fieldset className="plain seg-radio">
                  <legend className="sr-only">{t(`channels.kinds.${kind}`)}</legend>
                  {PREF_MODES.map((mode) => (
                    <label key={mode}>
                      <input type="radio" name={kind} value={mode} defaultChecked={prefs[kind] === mode} /> {t(`channels.modes.${mode}`)}
                    </label>
                  ))}
                </fieldset>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="submit" className="btn">{t("channels.prefsSave")}</button>
      </div>
    </Form>
  );
}
