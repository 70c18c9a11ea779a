// Create or edit an organ meeting: organ and kind, date, title, place, agenda, attendance (users ticked
// present with a filter, units represented, head count), 纪要 and decisions each with an optional task.
// Decision rows post as decisions[n].text / decisions[n].taskId (conform's nested names).
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Field } from "../form/Field";
import { IntentHidden } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { MEETING_KINDS, meetingSchema, meetingUpdateSchema } from "../../models/governance";
import type { Meeting } from "../../models/meetings.server";
import { GovReply, OrganField, useGovForm } from "./parts";

export type MeetingChoices = {
  users: { id: number; name: string; unitName: string | null }[];
  units: { id: number; name: string }[];
  tasks: { id: number; code: string; title: string; projectCode: string }[];
};

type Props = { meeting?: Meeting; choices: MeetingChoices; today: string; last: IntentReply | undefined };

export function MeetingForm({ meeting, choices, today, last }: Props) {
  const t = useT();
  const editing = meeting != null;
  const { form, err, mine } = useGovForm({ id: editing ? `meeting-${meeting.id}` : "meeting-new", intent: "meeting", target: meeting?.id ?? null, schema: editing ? meetingUpdateSchema : meetingSchema, last });
  const v = meeting ?? { organ: "council", kind: "session", heldOn: today, title: "", place: "", agenda: "", summary: "", presentCount: 0, attendeeIds: [], unitIds: [], decisions: [] };
  const [rows, setRows] = useState(Math.max(v.decisions.length + 1, 2));
  const [filter, setFilter] = useState("");
  const attendees = new Set(v.attendeeIds);
  const units = new Set(v.unitIds);
  const shown = (name: string, unit: string | null) => !filter || name.includes(filter) || (unit ?? "").includes(filter);
  const byProject = new Map<string, MeetingChoices["tasks"]>();
  for (const x of choices.tasks) byProject.set(x.projectCode, [...(byProject.get(x.projectCode) ?? []), x]);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="meeting-form" key={meeting ? `${meeting.id}-${meeting.version}` : "new"}>
      <GovReply reply={mine} />
      <IntentHidden intent="meeting" values={{ id: meeting?.id, version: meeting?.version }} />
      <div className="form cols">
        <Field label={t("governance.meetingTitle")} error={err("title")}>
          {(p) => <input {...p} name="title" defaultValue={v.title} required />}
        </Field>
        <Field label={t("governance.heldOn")} error={err("heldOn")}>
          {(p) => <input {...p} type="date" name="heldOn" defaultValue={v.heldOn} />}
        </Field>
        <OrganField value={v.organ} error={err("organ")} />
        <Field label={t("governance.kind")} error={err("kind")}>
          {(p) => (
            <select {...p} name="kind" defaultValue={v.kind}>
              {MEETING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`governance.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("governance.place")} error={err("place")}>
          {(p) => <input {...p} name="place" defaultValue={v.place} />}
        </Field>
        <Field label={t("governance.presentCount")} hint={t("governance.presentCountHint")} error={err("presentCount")}>
          {(p) => <input {...p} name="presentCount" type="number" inputMode="numeric" min={0} defaultValue={v.presentCount || ""} />}
        </Field>
      </div>
      <Field label={t("governance.agenda")} hint={t("governance.agendaHint")} error={err("agenda")}>
        {(p) => <textarea {...p} name="agenda" rows={3} defaultValue={v.agenda} />}
      </Field>
      <fieldset className="pick-list">
        <legend>{t("governance.attendees")}</legend>
        <p className="hint">{t("governance.attendeesHint")}</p>
        <input type="search" className="pick-filter" aria-label={t("governance.filterPeople")} placeholder={t("governance.filterPeople")} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="checks">
          {choices.users.map((u) => (
            <label key={u.id} className="check" hidden={!shown(u.name, u.unitName) && !attendees.has(u.id)}>
              <input type="checkbox" name="attendeeIds" value={u.id} defaultChecked={attendees.has(u.id)} /> {u.name}
              {u.unitName && <small className="muted"> {u.unitName}</small>}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="pick-list">
        <legend>{t("governance.units")}</legend>
        <div className="checks">
          {choices.units.map((u) => (
            <label key={u.id} className="check">
              <input type="checkbox" name="unitIds" value={u.id} defaultChecked={units.has(u.id)} /> {u.name}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t("governance.summary")} error={err("summary")}>
        {(p) => <textarea {...p} name="summary" rows={4} defaultValue={v.summary} />}
      </Field>
      <fieldset className="decisions">
        <legend>{t("governance.decisions")}</legend>
        <p className="hint">{t("governance.decisionsHint")}</p>
        {Array.from({ length: rows }, (_, i) => {
          const d = v.decisions[i];
          return (
            <div key={i} className="decision-row" data-testid="decision-row">
              {d && <input type="hidden" name={`decisions[${i}].id`} value={d.id} />}
              <Field label={t("governance.decisionText", { n: i + 1 })} error={err(`decisions[${i}].text`)}>
                {(p) => <textarea {...p} name={`decisions[${i}].text`} rows={2} defaultValue={d?.text ?? ""} />}
              </Field>
              <Field label={t("governance.decisionTask")} error={err(`decisions[${i}].taskId`)}>
                {(p) => (
                  <select {...p} name={`decisions[${i}].taskId`} defaultValue={d?.taskId ?? ""}>
                    <option value="">{t("governance.decisionTaskNone")}</option>
                    {[...byProject].map(([code, tasks]) => (
                      <optgroup key={code} label={code}>
                        {tasks.map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.code} {x.title}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          );
        })}
        <button type="button" className="btn secondary" onClick={() => setRows((n) => Math.min(n + 1, 50))}>
          {t("governance.addDecision")}
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn">
          {editing ? t("common.save") : t("governance.newMeeting")}
        </button>
      </div>
    </Form>
  );
}
