// Create or edit a project (任务书): code, name, group, lead unit and lead, term, budget, participating
// units (ticked) and responsible experts (ticked). The lead picker lists the lead unit's people only.
import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { projectSchema, projectUpdateSchema } from "../../models/project-setup";
import type { ProjectRow } from "../../models/project-setup.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";
import { Check } from "./Check";

export type ProjectChoices = {
  groups: { id: number; name: string; code: string }[];
  units: { id: number; name: string }[];
  people: { id: number; name: string; unitId: number }[];
  experts: { id: number; name: string; affiliation: string | null }[];
};

type Props = { project?: ProjectRow; choices: ProjectChoices; reply?: IntentReply; today: string };

export function ProjectForm({ project, choices, reply, today }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const schema = project ? projectUpdateSchema : projectSchema;
  const year = Number(today.slice(0, 4));
  const [form, fields] = useForm({
    id: project ? `project-${project.id}` : "project-new",
    lastResult: reply?.result,
    defaultValue: project
      ? { ...project, leadUserId: project.leadUserId ?? undefined }
      : { groupId: choices.groups[0]?.id, leadUnitId: choices.units[0]?.id, startOn: today, endOn: `${year + 2}-12-31`, budget: 0, unitIds: [], expertIds: [] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [leadUnit, setLeadUnit] = useState(Number(fields.leadUnitId.initialValue ?? choices.units[0]?.id));
  type Name = keyof typeof fields;
  const err = (name: Name) => m(fields[name].errors?.[0] ?? Object.values(fields[name].allErrors).flat()[0]);
  const value = (name: Name) => (fields[name].initialValue as string | undefined) ?? "";
  const ticked = (name: "unitIds" | "expertIds") => new Set([fields[name].initialValue ?? []].flat().map(String));
  const input = (name: Name, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={value(name)} {...extra} />}
    </Field>
  );
  const units = ticked("unitIds");
  const experts = ticked("expertIds");
  const leads = choices.people.filter((p) => p.unitId === leadUnit);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="project" />
      {project && (
        <>
          <input type="hidden" name="id" value={project.id} />
          <input type="hidden" name="version" defaultValue={value("version" as Name)} />
        </>
      )}
      <div className="form cols">
        {input("code", t("projectSetup.code"), { placeholder: "2026ZDZX-XX-01", autoCapitalize: "characters" })}
        {input("name", t("projectSetup.name"))}
        <Field label={t("projectSetup.group")} error={err("groupId")}>
          {(p) => (
            <select {...p} name={fields.groupId.name} defaultValue={value("groupId")}>
              {choices.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.code} {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("projectSetup.leadUnit")} error={err("leadUnitId")}>
          {(p) => (
            <select {...p} name={fields.leadUnitId.name} defaultValue={value("leadUnitId")} onChange={(e) => setLeadUnit(Number(e.target.value))}>
              {choices.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("projectSetup.leadUser")} error={err("leadUserId")} hint={t("projectSetup.leadUserHint")}>
          {(p) => (
            <select {...p} key={leadUnit} name={fields.leadUserId.name} defaultValue={leads.some((l) => String(l.id) === value("leadUserId")) ? value("leadUserId") : ""}>
              <option value="">{t("projectSetup.leadUserNone")}</option>
              {leads.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input("startOn", t("projectSetup.startOn"), { type: "date" })}
        {input("endOn", t("projectSetup.endOn"), { type: "date" })}
        {input("budget", t("projectSetup.budget"), { type: "number", min: 0, step: "0.01", inputMode: "decimal" })}
      </div>
      <div className="form" style={{ maxWidth: "none", marginTop: 12 }}>
        <Field label={t("projectSetup.description")} error={err("description")}>
          {(p) => <textarea {...p} name={fields.description.name} defaultValue={value("description")} rows={3} />}
        </Field>
      </div>
      <fieldset className="plain flags" data-testid="project-units">
        <legend className="label">{t("projectSetup.units")}</legend>
        {choices.units
          .filter((u) => u.id !== leadUnit)
          .map((u) => (
            <Check key={u.id} name={fields.unitIds.name} value={String(u.id)} label={u.name} defaultChecked={units.has(String(u.id))} />
          ))}
        <span className="hint">{t("projectSetup.unitsHint")}</span>
        {err("unitIds") && <span className="error" role="alert">{err("unitIds")}</span>}
      </fieldset>
      <fieldset className="plain flags" data-testid="project-experts">
        <legend className="label">{t("projectSetup.experts")}</legend>
        {choices.experts.length === 0 && <span className="hint">{t("projectSetup.noExperts")}</span>}
        {choices.experts.map((u) => (
          <Check key={u.id} name={fields.expertIds.name} value={String(u.id)} label={u.affiliation ? t("common.withUnit", { label: u.name, unit: u.affiliation }) : u.name} defaultChecked={experts.has(String(u.id))} />
        ))}
        {choices.experts.length > 0 && <span className="hint">{t("projectSetup.expertsHint")}</span>}
        {err("expertIds") && <span className="error" role="alert">{err("expertIds")}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn">
          {project ? t("common.save") : t("projectSetup.newProject")}
        </button>
        <Link to="/admin/projects" className="btn secondary">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
