// The organs page's forms: add or edit a member (a user, or a name with a unit; position; term), end a
// member's term, and add, edit or delete a yearly / phase goal.
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { IntentHidden } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { goalRemoveSchema, goalSchema, goalUpdateSchema, organMemberEndSchema, organMemberSchema, organMemberUpdateSchema } from "../../models/governance";
import type { Goal, OrganMember } from "../../models/organs.server";
import { GovReply, OrganField, useGovForm } from "./parts";

export type OrganChoices = { users: { id: number; name: string; unitName: string | null }[]; units: { id: number; name: string }[] };

export function MemberForm({ member, organ, choices, last }: { member?: OrganMember; organ?: string; choices: OrganChoices; last: IntentReply | undefined }) {
  const t = useT();
  const editing = member != null;
  const intent = editing ? "memberUpdate" : "member";
  const { form, err, mine } = useGovForm({
    id: editing ? `member-${member.id}` : "member-new",
    intent,
    target: member?.id ?? null,
    schema: editing ? organMemberUpdateSchema : organMemberSchema,
    last,
  });
  const v = member ?? { organ: organ ?? "council", userId: null, name: "", unitId: null, position: "", sinceOn: null, untilOn: null };
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form" key={member ? `${member.id}-${member.version}` : "new"}>
      <GovReply reply={mine} />
      <IntentHidden intent={intent} values={{ id: member?.id, version: member?.version }} />
      <div className="form cols">
        <OrganField value={v.organ} error={err("organ")} />
        <Field label={t("governance.person")} error={err("userId")}>
          {(p) => (
            <select {...p} name="userId" defaultValue={v.userId ?? ""}>
              <option value="">{t("governance.personNone")}</option>
              {choices.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.unitName ? ` · ${u.unitName}` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("governance.name")} error={err("name")}>
          {(p) => <input {...p} name="name" defaultValue={v.name} autoComplete="off" />}
        </Field>
        <Field label={t("governance.unit")} error={err("unitId")}>
          {(p) => (
            <select {...p} name="unitId" defaultValue={v.unitId ?? ""}>
              <option value="">{t("governance.unitNone")}</option>
              {choices.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("governance.position")} hint={t("governance.positionHint")} error={err("position")}>
          {(p) => <input {...p} name="position" defaultValue={v.position} list="organ-positions" />}
        </Field>
        <Field label={t("governance.sinceOn")} error={err("sinceOn")}>
          {(p) => <input {...p} type="date" name="sinceOn" defaultValue={v.sinceOn ?? ""} />}
        </Field>
        <Field label={t("governance.untilOn")} error={err("untilOn")}>
          {(p) => <input {...p} type="date" name="untilOn" defaultValue={v.untilOn ?? ""} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {editing ? t("common.save") : t("governance.addMember")}
        </button>
      </div>
    </Form>
  );
}

/** The usual positions, offered by the position field (any other may be typed). */
export function PositionList() {
  return (
    <datalist id="organ-positions">
      {["理事长", "副理事长", "理事", "监事", "主任委员", "副主任委员", "委员", "首席科学家", "秘书长", "副秘书长", "秘书处工作人员"].map((p) => (
        <option key={p} value={p} />
      ))}
    </datalist>
  );
}

export function EndTermForm({ member, today, last }: { member: OrganMember; today: string; last: IntentReply | undefined }) {
  const t = useT();
  const { form, err, mine } = useGovForm({ id: `end-${member.id}`, intent: "memberEnd", target: member.id, schema: organMemberEndSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form row-form">
      <GovReply reply={mine} />
      <IntentHidden intent="memberEnd" values={{ id: member.id, version: member.version }} />
      <Field label={t("governance.endOn")} error={err("untilOn")}>
        {(p) => <input {...p} type="date" name="untilOn" defaultValue={today} />}
      </Field>
      <button type="submit" className="btn secondary">
        {t("governance.endTerm")}
      </button>
    </Form>
  );
}

export function GoalForm({ goal, defaultYear, last }: { goal?: Goal; defaultYear: number; last: IntentReply | undefined }) {
  const t = useT();
  const editing = goal != null;
  const intent = editing ? "goalUpdate" : "goal";
  const { form, err, mine } = useGovForm({ id: editing ? `goal-${goal.id}` : "goal-new", intent, target: goal?.id ?? null, schema: editing ? goalUpdateSchema : goalSchema, last });
  const v = goal ?? { year: defaultYear, phase: "", goal: "" };
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form" key={goal ? `${goal.id}-${goal.version}` : "new"}>
      <GovReply reply={mine} />
      <IntentHidden intent={intent} values={{ id: goal?.id, version: goal?.version }} />
      <div className="form cols">
        <Field label={t("governance.year")} error={err("year")}>
          {(p) => <input {...p} name="year" type="number" inputMode="numeric" min={2000} max={2100} defaultValue={v.year} />}
        </Field>
        <Field label={t("governance.phase")} hint={t("governance.phaseHint")} error={err("phase")}>
          {(p) => <input {...p} name="phase" defaultValue={v.phase} />}
        </Field>
        <Field label={t("governance.goal")} error={err("goal")}>
          {(p) => <textarea {...p} name="goal" rows={2} defaultValue={v.goal} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn">
          {editing ? t("common.save") : t("governance.addGoal")}
        </button>
      </div>
    </Form>
  );
}

export function GoalRemoveForm({ goal, last }: { goal: Goal; last: IntentReply | undefined }) {
  const t = useT();
  const { form, mine } = useGovForm({ id: `goal-remove-${goal.id}`, intent: "goalRemove", target: goal.id, schema: goalRemoveSchema, last });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="inline-form">
      <GovReply reply={mine?.done ? undefined : mine} />
      <IntentHidden intent="goalRemove" values={{ id: goal.id, version: goal.version }} />
      <button type="submit" className="btn secondary danger">
        {t("governance.removeGoal")}
      </button>
    </Form>
  );
}
