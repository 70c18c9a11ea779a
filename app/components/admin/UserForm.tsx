// Create or edit a user: affiliation (member unit or outside body), roles as labelled checkboxes,
// active flag (edit) or initial password (create). Only an admin may hand out or take back the
// consortium-wide roles (CONSORTIUM_ROLES); for others those boxes are shown but locked.
import { Form, Link } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { userCreateSchema, userUpdateSchema } from "../../models/users";
import { CONSORTIUM_ROLES, ROLES } from "../../models/permissions";
import type { UserRow } from "../../models/users.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";
import { Check } from "./Check";

export type Option = { id: number; name: string };
/** `body`: a new person of this outside body (from /admin/bodies), an expert of the pool when it is one. */
type Props = { user?: UserRow; units: Option[]; bodies: Option[]; reply?: IntentReply; body?: { id: number; expert: boolean } };

export function UserForm({ user, units, bodies, reply, body }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const schema = user ? userUpdateSchema : userCreateSchema;
  const [form, fields] = useForm({
    id: user ? `user-${user.id}` : "user-new",
    lastResult: reply?.result,
    defaultValue: user
      ? { ...user, unitId: user.unitId ?? undefined, outsideBodyId: user.outsideBodyId ?? undefined }
      : body
        ? { outsideBodyId: String(body.id), roles: [body.expert ? "expert" : "observer"] }
        : { roles: ["researcher"] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  type Name = keyof typeof fields;
  const err = (name: Name) => m(fields[name].errors?.[0]);
  const value = (name: Name) => (fields[name].initialValue as string | undefined) ?? "";
  const input = (name: Name, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={value(name)} {...extra} />}
    </Field>
  );
  const select = (name: Name, label: string, options: Option[], empty: string, hint?: string) => (
    <Field label={label} error={err(name)} hint={hint}>
      {(p) => (
        <select {...p} name={fields[name].name} defaultValue={value(name)}>
          <option value="">{empty}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const checkedRoles = new Set([fields.roles.initialValue ?? []].flat() as string[]);
  const isAdmin = viewer.roles.includes("admin");
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      {user && (
        <>
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" defaultValue={value("version" as Name)} />
        </>
      )}
      <div className="form cols">
        {user ? (
          <div className="field">
            <span className="label">{t("users.username")}</span>
            <span className="static">{user.username}</span>
          </div>
        ) : (
          input("username" as Name, t("users.username"), { autoComplete: "off" })
        )}
        {input("displayName", t("users.displayName"))}
        {select("unitId", t("users.unit"), units, t("users.noUnit"), t("users.affiliationHint"))}
        {select("outsideBodyId", t("users.outsideBody"), bodies, t("users.noOutsideBody"))}
        {input("title", t("users.title_"))}
        {input("email", t("users.email"), { type: "email" })}
        {input("phone", t("users.phone"))}
        {!user && input("password" as Name, t("users.initialPassword"), { type: "password", autoComplete: "new-password" }, t("users.passwordHint"))}
      </div>
      <fieldset className="plain flags">
        <legend className="label">{t("users.roles")}</legend>
        {ROLES.map((r) => (
          <Check
            key={r}
            name={fields.roles.name}
            value={r}
            label={t(`roles.${r}`)}
            defaultChecked={checkedRoles.has(r)}
            disabled={!isAdmin && CONSORTIUM_ROLES.includes(r)}
            title={!isAdmin && CONSORTIUM_ROLES.includes(r) ? t("users.adminOnly") : undefined}
          />
        ))}
        {/* A disabled box is not submitted: keep such roles when a non-admin saves the user's other fields. */}
        {!isAdmin && CONSORTIUM_ROLES.filter((r) => checkedRoles.has(r)).map((r) => <input key={r} type="hidden" name={fields.roles.name} value={r} />)}
        {!isAdmin && <span className="hint">{t("users.adminOnly")}</span>}
        {/* An unknown role is reported on its item (roles[0]), so gather them all. */}
        {Object.keys(fields.roles.allErrors).length > 0 && (
          <span className="error" role="alert">
            {m(Object.values(fields.roles.allErrors).flat()[0])}
          </span>
        )}
      </fieldset>
      {user && (
        <fieldset className="plain flags">
          <legend className="label">{t("users.status")}</legend>
          <Check name={"active"} label={t("users.active")} defaultChecked={value("active" as Name) === "on"} />
          <span className="hint">{t("users.activeHint")}</span>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="btn">
          {t("common.save")}
        </button>
        <Link to="/admin/users" className="btn secondary">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
