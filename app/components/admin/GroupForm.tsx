// Add or edit a project group (inline on /admin/projects; versioned when editing).
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { groupSchema, groupUpdateSchema } from "../../models/project-setup";
import type { GroupRow } from "../../models/project-setup.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "./FormAlert";
import type { IntentReply } from "../../lib/intent-form";

export function GroupForm({ group, reply }: { group?: GroupRow; reply?: IntentReply }) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm({
    id: group ? `group-${group.id}` : "group-new",
    lastResult: reply?.result,
    defaultValue: group,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: group ? groupUpdateSchema : groupSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  type Name = keyof typeof fields;
  const input = (name: Name, label: string) => (
    <Field label={label} error={m(fields[name].errors?.[0])}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={(fields[name].initialValue as string | undefined) ?? ""} />}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form">
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={group ? "groupUpdate" : "group"} />
      {group && (
        <>
          <input type="hidden" name="id" value={group.id} />
          <input type="hidden" name="version" value={group.version} />
        </>
      )}
      <div className="form cols">
        {input("code", t("projectSetup.groupCode"))}
        {input("name", t("projectSetup.groupName"))}
        {input("description", t("projectSetup.groupDescription"))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {group ? t("common.save") : t("projectSetup.addGroup")}
        </button>
      </div>
    </Form>
  );
}
