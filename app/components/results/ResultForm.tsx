// Register or edit a result: kind, title, number, project, owner and sharing units, the date the IP right
// was obtained (the 先用后转 clock starts there), common technology, in use and where.
import { Form, Link } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useState } from "react";
import { Csrf, Field } from "../form/Field";
import { stripRouting, type IntentReply } from "../../lib/intent-form";
import { useCan, useMessage, useT, useViewer } from "../../lib/viewer";
import { RESULT_KINDS, resultSchema, type ResultOptions, type ResultRow } from "../../models/results";


type Props = {
  options: ResultOptions;
  today: string;
  /** The live row being edited; the form keeps the copy it opened with (its version goes with the save). */
  editing?: ResultRow;
  reply?: IntentReply;
  /** Who changed the row live since the form opened (the save will then be refused as a conflict). */
  changedBy?: string;
  onReload?: () => void;
};

export function ResultForm({ options, today, editing: live, reply, changedBy, onReload }: Props) {
  const [editing] = useState(live);
  const stale = Boolean(live && editing && live.version !== editing.version);
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const { can } = useCan();
  const mine = reply && (reply.intent === "create" || reply.intent === "update") ? reply : undefined;
  const [form, fields] = useForm({
    id: editing ? `result-${editing.id}-${editing.version}` : "result-new",
    lastResult: mine?.done ? undefined : mine?.result,
    defaultValue: editing
      ? { ...editing, projectId: editing.projectId ?? "", obtainedOn: editing.obtainedOn ?? "", isCommonTech: editing.isCommonTech ? "on" : "", inUse: editing.inUse ? "on" : "", sharingUnitIds: editing.sharingUnitIds.map(String) }
      : { kind: "patent", ownerUnitId: viewer.unitId ?? "" },
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: resultSchema(today) }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  // Open with the where-field shown when the row (or the refused submission) says "in use".
  const [inUse, setInUse] = useState(fields.inUse.initialValue === "on");
  // Units the viewer may register for: his own unit, his projects' units, or all (secretariat).
  const allowed = options.units.filter(
    (u) => can("create", "result", { unitId: u.id }) || options.projects.some((p) => p.unitIds.includes(u.id) && can("create", "result", { projectId: p.id })),
  );
  const err = (name: keyof typeof fields) => m(fields[name].errors?.[0]);
  const initial = (name: keyof typeof fields) => (fields[name].initialValue as string | undefined) ?? "";
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form rs-form" data-testid="result-form">
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing && <input type="hidden" name="id" value={editing.id} />}
      {editing && <input type="hidden" name="version" value={editing.version} />}
      {mine?.done && <div className="alert ok" role="status">{t(mine.intent === "create" ? "results.created" : "results.updated")}</div>}
      {mine?.formError && <div className="alert bad" role="alert">{mine.formError}</div>}
      {stale && (
        <div className="alert warn" role="status" data-testid="result-stale">
          {t("results.remoteChanged", { name: changedBy ?? "" })}{" "}
          <button type="button" className="btn secondary small" onClick={onReload}>{t("results.reload")}</button>
        </div>
      )}
      <div className="form cols">
        <Field label={t("results.kind")} error={err("kind")}>
          {(p) => (
            <select {...p} name={fields.kind.name} defaultValue={initial("kind")}>
              {RESULT_KINDS.map((k) => (
                <option key={k} value={k}>{t(`results.kinds.${k}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("results.registrationNo")} error={err("registrationNo")}>
          {(p) => <input {...p} name={fields.registrationNo.name} defaultValue={initial("registrationNo")} maxLength={80} />}
        </Field>
      </div>
      <Field label={t("results.titleField")} error={err("title")}>
        {(p) => <input {...p} name={fields.title.name} defaultValue={initial("title")} maxLength={200} />}
      </Field>
      <div className="form cols">
        <Field label={t("results.ownerUnit")} error={err("ownerUnitId")}>
          {(p) => (
            <select {...p} name={fields.ownerUnitId.name} defaultValue={String(initial("ownerUnitId"))}>
              <option value="">—</option>
              {allowed.map((u) => (
                <option key={u.id} value={u.id}>{u.shortName}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("results.project")} error={err("projectId")}>
          {(p) => (
            <select {...p} name={fields.projectId.name} defaultValue={String(initial("projectId"))}>
              <option value="">{t("results.noProject")}</option>
              {options.projects.map((pr) => (
                <option key={pr.id} value={pr.id}>{pr.code} {pr.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("results.obtainedOn")} error={err("obtainedOn")} hint={t("results.obtainedHint")}>
          {(p) => <input {...p} type="date" name={fields.obtainedOn.name} defaultValue={initial("obtainedOn")} max={today} />}
        </Field>
      </div>
      <Field label={t("results.sharingUnits")} error={err("sharingUnitIds")} hint={t("results.sharingHint")}>
        {(p) => (
          <select {...p} multiple size={5} name={fields.sharingUnitIds.name} defaultValue={(fields.sharingUnitIds.initialValue as string[] | undefined) ?? []}>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>{u.shortName}</option>
            ))}
          </select>
        )}
      </Field>
      <label className="check">
        <input type="checkbox" name={fields.isCommonTech.name} defaultChecked={initial("isCommonTech") === "on"} />
        {t("results.isCommonTech")}
      </label>
      <label className="check">
        <input type="checkbox" name={fields.inUse.name} defaultChecked={inUse} onChange={(e) => setInUse(e.target.checked)} />
        {t("results.inUse")}
      </label>
      {inUse && (
        <Field label={t("results.useWhere")} error={err("useWhere")}>
          {(p) => <input {...p} name={fields.useWhere.name} defaultValue={initial("useWhere")} maxLength={500} />}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="btn">{editing ? t("results.save") : t("results.create")}</button>
        {editing && <Link to="?" className="btn secondary" preventScrollReset>{t("results.cancel")}</Link>}
      </div>
    </Form>
  );
}
