// The propose form: pick a kind, then its fields (prefilled from the chosen task for adjustments, so the
// proposer edits what should change; the server keeps only what differs). One zod schema (a union on
// `kind`) validates here, in the action and in the model.
import { useState } from "react";
import { Form } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { changeProposeSchema, type ChangeKind } from "../../models/change-requests";
import type { ProposeOptions, ProposeTask } from "../../models/change-views.server";
import { SUBKINDS_OF } from "../../models/units";
import { UNIT_KINDS } from "../../models/domain";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import type { ChangeReply } from "./ChangeCard";
import { stripRouting } from "../../lib/intent-form";
import { DraftIndicatorRows } from "../task-book/DraftIndicatorRows";

type Props = { options: ProposeOptions; reply: ChangeReply; initialKind: ChangeKind | null; initialTaskId: number | null; today: string };

/** Field wiring shared by every input: label, error from conform's list, and the name. */
function useInputs(errors: Record<string, string[] | undefined>) {
  const m = useMessage();
  return (name: string, label: string, render: (p: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => React.ReactNode, hint?: string) => (
    <Field key={name} label={label} error={m(errors[name]?.[0])} hint={hint}>
      {(p) => render({ ...p, name })}
    </Field>
  );
}

function TaskSelect({ tasks, name, label, value, onChange, input }: { tasks: ProposeTask[]; name: string; label: string; value: number | null; onChange?: (id: number | null) => void; input: ReturnType<typeof useInputs> }) {
  const t = useT();
  return input(name, label, (p) => (
    <select {...p} defaultValue={value ?? ""} onChange={(e) => onChange?.(e.target.value ? Number(e.target.value) : null)}>
      <option value="">{t("changes.chooseTask")}</option>
      {tasks.map((x) => (
        <option key={x.id} value={x.id}>
          {x.code} {x.title}
        </option>
      ))}
    </select>
  ));
}

function OwnerFields({ options, unitIds, unitId, userId, input, prefix = "", participants }: { options: ProposeOptions; unitIds: number[]; unitId: number | null; userId: number | null; input: ReturnType<typeof useInputs>; prefix?: string; participants?: number[] }) {
  const t = useT();
  const [unit, setUnit] = useState(unitId);
  return (
    <>
      {input(`${prefix}ownerUnitId`, t("changes.fields.ownerUnitId"), (p) => (
        <select {...p} defaultValue={unitId ?? ""} onChange={(e) => setUnit(Number(e.target.value) || null)}>
          {unitId == null && <option value="">—</option>}
          {options.units
            .filter((u) => unitIds.includes(u.id))
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.shortName}
                {participants && !participants.includes(u.id) ? t("changes.joinsProject") : ""}
              </option>
            ))}
        </select>
      ))}
      {input(`${prefix}ownerUserId`, t("changes.fields.ownerUserId"), (p) => (
        <select {...p} defaultValue={unit === unitId ? (userId ?? "") : ""} key={unit ?? 0}>
          <option value="">{t("changes.noOwner")}</option>
          {options.people
            .filter((x) => x.unitId === unit)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {x.displayName}
              </option>
            ))}
        </select>
      ))}
    </>
  );
}

function AdjustFields({ task, options, input }: { task: ProposeTask; options: ProposeOptions; input: ReturnType<typeof useInputs> }) {
  const t = useT();
  const project = options.projects.find((p) => p.id === task.projectId);
  return (
    <div className="form cols" key={task.id}>
      {input("title", t("changes.fields.title"), (p) => <input {...p} defaultValue={task.title} maxLength={120} />)}
      {input("startOn", t("changes.fields.startOn"), (p) => <input {...p} type="date" defaultValue={task.startOn} />)}
      {input("dueOn", t("changes.fields.dueOn"), (p) => <input {...p} type="date" defaultValue={task.dueOn} />)}
      <OwnerFields options={options} unitIds={project?.unitIds ?? [task.ownerUnitId]} unitId={task.ownerUnitId} userId={task.ownerUserId} input={input} />
      {task.indicators.length > 0 && (
        <fieldset className="cr-indicators">
          <legend>{t("changes.indicatorsTitle")}</legend>
          {task.indicators.map((i, n) => (
            <div key={i.id} className="cr-indicator">
              <input type="hidden" name={`indicators[${n}].id`} value={i.id} />
              {i.direction !== "yesno" &&
                input(`indicators[${n}].target`, t("changes.indicatorTarget", { name: i.name, uom: i.unitOfMeasure || "—" }), (p) => (
                  <input {...p} type="number" step="any" defaultValue={i.target ?? ""} />
                ))}
              {input(`indicators[${n}].dueOn`, t("changes.indicatorDue", { name: i.name }), (p) => <input {...p} type="date" defaultValue={i.dueOn} />)}
            </div>
          ))}
        </fieldset>
      )}
    </div>
  );
}

function UnitFields({ today, input }: { today: string; input: ReturnType<typeof useInputs> }) {
  const t = useT();
  const [kind, setKind] = useState<string>("enterprise");
  const subKinds = SUBKINDS_OF[kind as keyof typeof SUBKINDS_OF];
  const text = (f: string, extra: Record<string, unknown> = {}) => input(`unit.${f}`, t(`units.${f}` as never), (p) => <input {...p} {...extra} />);
  return (
    <div className="form cols">
      {text("name", { maxLength: 100 })}
      {text("shortName", { maxLength: 20 })}
      {input("unit.kind", t("units.kind"), (p) => (
        <select {...p} defaultValue={kind} onChange={(e) => setKind(e.target.value)}>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unitKinds.${k}`)}
            </option>
          ))}
        </select>
      ))}
      {subKinds &&
        input("unit.subKind", t("units.subKind"), (p) => (
          <select {...p} key={kind}>
            {subKinds.map((k) => (
              <option key={k} value={k}>
                {t(`subKinds.${k}` as never)}
              </option>
            ))}
          </select>
        ))}
      {text("district", { maxLength: 60 })}
      {text("contact", { maxLength: 60 })}
      {text("creditCode", { maxLength: 18 })}
      {text("joinedOn", { type: "date", defaultValue: today })}
      <label className="check">
        <input type="checkbox" name="unit.isSme" /> {t("units.isSme")}
      </label>
      <label className="check">
        <input type="checkbox" name="unit.isSpecialized" /> {t("units.isSpecialized")}
      </label>
    </div>
  );
}

export function ProposeForm({ options, reply, initialKind, initialTaskId, today }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const [kind, setKind] = useState<ChangeKind>(initialKind && options.kinds.includes(initialKind) ? initialKind : options.kinds[0]!);
  const [taskId, setTaskId] = useState<number | null>(initialTaskId && options.tasks.some((x) => x.id === initialTaskId) ? initialTaskId : null);
  const [projectId, setProjectId] = useState<number | null>(null);
  const mine = reply?.intent === "propose" ? reply : undefined;
  const [form] = useForm({
    id: "propose-change",
    lastResult: mine?.result,
    onValidate: ({ formData }) => parseWithZod(stripRouting(formData), { schema: changeProposeSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const input = useInputs(form.allErrors);
  const task = options.tasks.find((x) => x.id === taskId) ?? null;
  const project = options.projects.find((p) => p.id === projectId) ?? null;
  const addProjects = options.projects.filter((p) => p.addUnitIds.length > 0);
  return (
    <section className="panel cr-propose" id="propose" aria-labelledby="cr-propose-h">
      <h2 id="cr-propose-h">{task && kind === "adjust_task" ? t("changes.proposeFor", { code: task.code }) : t("changes.propose")}</h2>
      <p className="muted">{t("changes.proposeHint")}</p>
      {mine?.done && (
        <div className="alert ok" role="status">
          {t("changes.done.propose")}
        </div>
      )}
      {mine?.formError && (
        <div className="alert bad" role="alert">
          {mine.formError}
        </div>
      )}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form" key={mine?.done ? `done-${mine.target}` : "form"}>
        <Csrf token={viewer.csrfToken} />
        <input type="hidden" name="intent" value="propose" />
        <Field label={t("changes.kind")}>
          {(p) => (
            <select {...p} name="kind" value={kind} onChange={(e) => setKind(e.target.value as ChangeKind)}>
              {options.kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`changes.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="muted small">{t(`changes.approver.${kind === "admit_unit" || kind === "remove_unit" ? "member" : "change"}`)}</p>
        {(kind === "adjust_task" || kind === "suspend_task" || kind === "resume_task") && (
          <TaskSelect
            key={kind}
            tasks={options.tasks.filter((x) => (kind === "adjust_task" ? true : kind === "resume_task" ? x.status === "suspended" : x.status !== "suspended"))}
            name="taskId"
            label={t("changes.task")}
            value={taskId}
            onChange={setTaskId}
            input={input}
          />
        )}
        {kind === "adjust_task" && task && (
          <>
            <p className="muted">{t("changes.adjustHint")}</p>
            <AdjustFields task={task} options={options} input={input} />
          </>
        )}
        {kind === "merge_tasks" && (
          <>
            <TaskSelect tasks={options.tasks} name="taskId" label={t("changes.mergeKeep")} value={taskId} input={input} />
            <TaskSelect tasks={options.tasks} name="mergeId" label={t("changes.mergeFrom")} value={null} input={input} />
            <p className="muted">{t("changes.mergeHint")}</p>
          </>
        )}
        {kind === "add_task" && (
          <div className="form cols">
            {input("projectId", t("changes.fields.projectId"), (p) => (
              <select {...p} defaultValue="" onChange={(e) => setProjectId(Number(e.target.value) || null)}>
                <option value="">—</option>
                {addProjects.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.code} {x.name}
                  </option>
                ))}
              </select>
            ))}
            {input("title", t("changes.fields.title"), (p) => <input {...p} maxLength={120} />)}
            {input("startOn", t("changes.fields.startOn"), (p) => <input {...p} type="date" />)}
            {input("dueOn", t("changes.fields.dueOn"), (p) => <input {...p} type="date" />)}
            <OwnerFields key={projectId ?? 0} options={options} unitIds={project?.addUnitIds ?? []} unitId={null} userId={null} input={input} participants={project?.unitIds} />
            {input("description", t("changes.fields.description"), (p) => <textarea {...p} rows={2} maxLength={4000} />)}
            {input("predecessors", t("changes.predecessorCodes"), (p) => <input {...p} maxLength={400} autoComplete="off" />, t("changes.codesHint"))}
            {input("successors", t("changes.successorCodes"), (p) => <input {...p} maxLength={400} autoComplete="off" />, t("changes.codesHint"))}
            <label className="check">
              <input type="checkbox" name="isKey" /> {t("changes.fields.isKey")}
            </label>
          </div>
        )}
        {kind === "add_task" && (
          <DraftIndicatorRows legend={t("changes.newIndicators")} hint={t("changes.newIndicatorsHint")} initial={[]} dueOn={today} error={(name) => m(form.allErrors[name]?.[0])} />
        )}
        {kind === "admit_unit" && <UnitFields today={today} input={input} />}
        {kind === "remove_unit" && (
          <div className="form cols">
            {input("unitId", t("changes.unitToRemove"), (p) => (
              <select {...p} defaultValue="">
                <option value="">—</option>
                {options.units
                  .filter((u) => u.active)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.shortName}
                    </option>
                  ))}
              </select>
            ))}
            {input("leftOn", t("changes.fields.leftOn"), (p) => <input {...p} type="date" defaultValue={today} />)}
          </div>
        )}
        {input("reason", t("changes.reason"), (p) => <textarea {...p} rows={3} maxLength={1000} />)}
        <div className="form-actions">
          <button type="submit" className="btn">
            {t("changes.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
