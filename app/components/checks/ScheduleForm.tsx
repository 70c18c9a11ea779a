// The secretariat schedules a check: project, kind, milestone node, date and responsible experts. The
// expert picker shows every expert for the chosen project; those who may not check it are disabled with
// the reason (conflict of interest first), and the server refuses them anyway.
import { useState } from "react";
import { Form } from "@remix-run/react";
import { Field } from "../form/Field";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { CHECK_KINDS, checkScheduleSchema, type CheckKind } from "../../models/checks";
import type { ScheduleOptions } from "../../models/check-pages.server";
import { Hidden, Reply, useCheckForm } from "./parts";

export function ScheduleForm({ options, today, last }: { options: ScheduleOptions; today: string; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const [projectId, setProjectId] = useState<number | null>(null);
  const [kind, setKind] = useState<CheckKind>("midterm");
  const { form, fields, mine } = useCheckForm({ id: "schedule-check", intent: "schedule", schema: checkScheduleSchema(today), last });
  const milestones = options.milestones.filter((ms) => ms.projectId === projectId);
  const experts = projectId ? (options.experts[projectId] ?? []) : [];
  return (
    <section className="panel ck-schedule" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t("checks.schedule.title")}</h2>
      <p className="muted ck-small">{t("checks.schedule.hint")}</p>
      <Reply reply={mine} />
      <Form method="post" action="?index" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
        <Hidden intent="schedule" />
        <Field label={t("checks.project")} error={m(fields.projectId.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.projectId.name} value={projectId ?? ""} onChange={(e) => setProjectId(Number(e.target.value) || null)}>
              <option value="">—</option>
              {options.projects.map((pr) => (
                <option key={pr.id} value={pr.id}>{pr.code} {pr.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("checks.kind")} error={m(fields.kind.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.kind.name} value={kind} onChange={(e) => setKind(e.target.value as CheckKind)}>
              {CHECK_KINDS.map((k) => (
                <option key={k} value={k}>{t(`checks.kinds.${k}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("checks.milestone")} error={m(fields.milestoneId.errors?.[0])} hint={projectId ? undefined : t("checks.schedule.pickProject")}>
          {(p) => (
            <select {...p} name={fields.milestoneId.name} key={projectId ?? 0} defaultValue="">
              <option value="">{kind === "midterm" ? "—" : ""}</option>
              {milestones.map((ms) => (
                <option key={ms.id} value={ms.id}>{ms.name}（{ms.dueOn}）</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("checks.scheduledOn")} error={m(fields.scheduledOn.errors?.[0])}>
          {(p) => <input {...p} type="date" name={fields.scheduledOn.name} min={today} />}
        </Field>
        <fieldset className="plain ck-picker" aria-describedby="experts-error">
          <legend>{t("checks.schedule.expertsLegend")}</legend>
          {projectId == null && <p className="muted ck-small">{t("checks.schedule.pickProject")}</p>}
          {projectId != null && experts.length === 0 && <p className="muted ck-small">{t("checks.schedule.noExperts")}</p>}
          {experts.map((e) => (
            <label key={e.id} className={`ck-pick ${e.refusal ? "ck-pick-refused" : ""}`} data-expert={e.id}>
              <input type="checkbox" name={fields.expertIds.name} value={e.id} disabled={e.refusal != null} />
              <span>
                {e.name}
                {e.unitName && <small>（{e.unitName}）</small>}
              </span>
              {e.refusal && <span className="ck-coi" data-refusal={e.refusal}>{t(`checks.coi.${e.refusal}`)}</span>}
            </label>
          ))}
          {fields.expertIds.errors?.[0] && <span className="error" id="experts-error" role="alert">{m(fields.expertIds.errors[0])}</span>}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn">{t("checks.schedule.submit")}</button>
        </div>
      </Form>
    </section>
  );
}
