// Add or edit one milestone node of a project (versioned when editing).
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { milestoneSchema, milestoneUpdateSchema } from "../../models/project-setup";
import type { MilestoneAdminRow } from "../../models/project-setup.server";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { FormAlert } from "../admin/FormAlert";
import type { IntentReply } from "../../lib/intent-form";

type Props = { projectId: number; milestone?: MilestoneAdminRow; reply?: IntentReply; defaultDue: string };

export function MilestoneForm({ projectId, milestone, reply, defaultDue }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [form, fields] = useForm<{ name: string; dueOn: string; expectedResults: string }>({
    id: milestone ? `milestone-${milestone.id}` : "milestone-new",
    lastResult: reply?.result,
    defaultValue: milestone ?? { dueOn: defaultDue },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: milestone ? milestoneUpdateSchema : milestoneSchema }) as never,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  type Name = "name" | "dueOn" | "expectedResults";
  const input = (name: Name, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} error={m(fields[name].errors?.[0])}>
      {(p) => <input {...p} name={fields[name].name} defaultValue={(fields[name].initialValue as string | undefined) ?? ""} {...extra} />}
    </Field>
  );
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form">
      <FormAlert reply={reply} />
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value={milestone ? "milestoneUpdate" : "milestone"} />
      {milestone ? (
        <>
          <input type="hidden" name="id" value={milestone.id} />
          <input type="hidden" name="version" value={milestone.version} />
        </>
      ) : (
        <input type="hidden" name="projectId" value={projectId} />
      )}
      <div className="form cols">
        {input("name", t("projectSetup.milestoneName"))}
        {input("dueOn", t("projectSetup.milestoneDue"), { type: "date" })}
        {input("expectedResults", t("projectSetup.milestoneResults"))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {milestone ? t("common.save") : t("projectSetup.addMilestone")}
        </button>
      </div>
    </Form>
  );
}
