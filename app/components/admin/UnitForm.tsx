// Create or edit a member unit. The sub-kind select appears only for kinds that have sub-kinds.
import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { SUBKINDS_OF, unitSchema, unitUpdateSchema } from "../../models/units";
import { UNIT_KINDS } from "../../models/domain";
import type { UnitRow } from "../../models/units.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";
import { Check } from "./Check";

type Props = { unit?: UnitRow; reply?: IntentReply; today: string };

export function UnitForm({ unit, reply, today }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const schema = unit ? unitUpdateSchema : unitSchema;
  const [form, fields] = useForm({
    id: unit ? `unit-${unit.id}` : "unit-new",
    lastResult: reply?.result,
    defaultValue: unit ? { ...unit, subKind: unit.subKind ?? undefined, leftOn: unit.leftOn ?? undefined } : { kind: "enterprise", joinedOn: today, externalProjects: 0 },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [kind, setKind] = useState(String(fields.kind.initialValue ?? "enterprise"));
  const subKinds = SUBKINDS_OF[kind as keyof typeof SUBKINDS_OF];
  type Name = keyof typeof fields;
  const err = (name: Name) => m(fields[name].errors?.[0]);
  const input = (name: Name, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={fields[name].initialValue as string} {...extra} />}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      {unit && (
        <>
          <input type="hidden" name="id" value={unit.id} />
          <input type="hidden" name="version" defaultValue={String((form.initialValue as Record<string, unknown> | undefined)?.version ?? unit.version)} />
        </>
      )}
      <div className="form cols">
        {input("name", t("units.name"))}
        {input("shortName", t("units.shortName"))}
        <Field label={t("units.kind")} error={err("kind")}>
          {(p) => (
            <select {...p} name={fields.kind.name} defaultValue={kind} onChange={(e) => setKind(e.target.value)}>
              {UNIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`unitKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {subKinds ? (
          <Field label={t("units.subKind")} error={err("subKind")} hint={t("units.subKindHint")}>
            {(p) => (
              <select {...p} key={kind} name={fields.subKind.name} defaultValue={subKinds.includes(String(fields.subKind.initialValue)) ? (fields.subKind.initialValue as string) : ""}>
                <option value="">{t("units.subKindNone")}</option>
                {subKinds.map((s) => (
                  <option key={s} value={s}>
                    {t(`subKinds.${s}` as never)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {input("district", t("units.district"))}
        {input("creditCode", t("units.creditCode"), {}, t("units.creditCodeHint"))}
        {input("contact", t("units.contact"))}
        {input("externalProjects", t("units.externalProjects"), { type: "number", min: 0, step: 1 }, t("units.externalProjectsHint"))}
        {input("joinedOn", t("units.joinedOn"), { type: "date" })}
        {input("leftOn", t("units.leftOn"), { type: "date" }, t("units.leftOnHint"))}
      </div>
      <fieldset className="plain flags">
        <legend className="label">{t("units.flags")}</legend>
        <Check name={fields.isSme.name} label={t("units.isSme")} defaultChecked={fields.isSme.initialValue === "on"} />
        <Check name={fields.isSpecialized.name} label={t("units.isSpecialized")} defaultChecked={fields.isSpecialized.initialValue === "on"} />
        <Check name={fields.isLittleGiant.name} label={t("units.isLittleGiant")} defaultChecked={fields.isLittleGiant.initialValue === "on"} />
        {(["isSme", "isSpecialized", "isLittleGiant"] as const).map((f) =>
          fields[f].errors ? (
            <span key={f} className="error" role="alert">
              {err(f)}
            </span>
          ) : null,
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn">
          {t("common.save")}
        </button>
        <Link to="/admin/units" className="btn secondary">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
